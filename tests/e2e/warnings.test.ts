/**
 * Page-console warnings and panel diagnoses for invalid, non-portable and suspicious close()
 * calls, read from the page's real console and from what the panel renders, in Chromium and in
 * Firefox: each browser's warnings speak from its own side (what it did, what the others do).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServers, type TestServers } from '../../demo/servers';
import {
  type BrowserName,
  DRIVERS,
  type Driver,
  type DriverPage,
  selectedBrowsers,
  waitFor,
} from '../support/driver';
import { waitForRowIn } from '../support/panel';

interface Scenario {
  readonly name: string;
  /** Body run in the socket's open handler (`s` is the socket); exceptions are swallowed. */
  readonly call: string;
  /** Expected in the page's console warning for this socket, per browser. */
  readonly warning: Record<BrowserName, RegExp[]>;
  /** Expected in the panel's findings for this connection, per browser. */
  readonly finding: Record<BrowserName, RegExp>;
}

const both = <T>(v: T): Record<BrowserName, T> => ({ chromium: v, firefox: v });

const SCENARIOS: Scenario[] = [
  {
    name: 'invalid-code',
    call: 's.close(1001)',
    warning: {
      chromium: [/close\(1001\)/, /threw InvalidAccessError in Chromium/, /websockets\.spec\.whatwg\.org/],
      firefox: [/close\(1001\)/, /threw InvalidAccessError in Firefox/, /websockets\.spec\.whatwg\.org/],
    },
    finding: {
      chromium: /close\(1001\) threw InvalidAccessError in Chromium/,
      firefox: /close\(1001\) threw InvalidAccessError in Firefox/,
    },
  },
  {
    name: 'long-reason',
    call: "s.close(1000, 'é'.repeat(62))",
    warning: {
      chromium: [/threw SyntaxError in Chromium/, /123 UTF-8 bytes/],
      // Firefox's own message does not say why; the inspector adds it.
      firefox: [/threw SyntaxError in Firefox/, /the reason is 124 UTF-8 bytes; at most 123 are allowed/],
    },
    finding: {
      chromium: /threw SyntaxError in Chromium/,
      firefox: /threw SyntaxError in Firefox: .*\(the reason is 124 UTF-8 bytes; at most 123 are allowed\)/,
    },
  },
  {
    name: 'portability-2999-5',
    call: 's.close(2999.5)',
    warning: {
      chromium: [/throws InvalidAccessError in Chromium; sends 3000 in Firefox and per spec/],
      firefox: [/not portable: works in Firefox \(sends 3000\); throws InvalidAccessError in Chromium/],
    },
    finding: {
      chromium: /not portable: throws InvalidAccessError in Chromium; sends 3000 in Firefox and per spec/,
      firefox: /not portable: works in Firefox \(sends 3000\); throws InvalidAccessError in Chromium/,
    },
  },
  {
    name: 'portability-4999-5',
    call: 's.close(4999.5)',
    warning: {
      chromium: [
        /not portable: works in Chromium \(sends 4999\); throws InvalidAccessError in Firefox and per spec/,
      ],
      firefox: [/not portable: throws InvalidAccessError in Firefox; sends 4999 in Chromium/],
    },
    finding: {
      chromium: /works in Chromium \(sends 4999\)/,
      firefox: /throws InvalidAccessError in Firefox; sends 4999 in Chromium/,
    },
  },
  {
    name: 'reason-without-code',
    call: "s.close(undefined, 'bye')",
    warning: {
      chromium: [/close\(undefined, "bye"\)/, /throws InvalidAccessError in Chromium; sends 1000 per spec/],
      firefox: [
        /close\(undefined, "bye"\)/,
        // Firefox sends an empty Close frame; the standard (whatwg/websockets#48) sends 1000.
        /not portable: works in Firefox \(sends no status code and drops the reason\); sends 1000 per spec; throws InvalidAccessError in Chromium/,
      ],
    },
    finding: {
      chromium: /not portable: throws InvalidAccessError in Chromium/,
      firefox:
        /not portable: works in Firefox \(sends no status code and drops the reason\); sends 1000 per spec; throws InvalidAccessError in Chromium/,
    },
  },
  {
    name: 'string-code',
    call: "s.close('4001')",
    warning: both([/passed only thanks to a conversion: code "4001" was converted to 4001 Private use/]),
    finding: both(/passed only thanks to a conversion/),
  },
  {
    name: 'fraction-3000-7',
    call: 's.close(3000.7)',
    warning: {
      chromium: [/works in Chromium \(sends 3000\); sends 3001 in Firefox and per spec/],
      firefox: [/works in Firefox \(sends 3001\)/, /sends 3000 in Chromium/],
    },
    finding: {
      chromium: /works in Chromium \(sends 3000\); sends 3001 in Firefox and per spec/,
      firefox: /works in Firefox \(sends 3001\); sends 3000 in Chromium/,
    },
  },
];

for (const name of selectedBrowsers()) {
  describe(`${name}: console warnings and diagnoses`, () => {
    let servers: TestServers;
    let driver: Driver;
    let page: DriverPage;
    let panel: DriverPage;

    before(async () => {
      servers = await startServers();
      const sockets = SCENARIOS.map(
        (s) =>
          `{ const s = new WebSocket('${servers.wsOrigin}/echo?case=${s.name}'); s.addEventListener('open', () => { try { ${s.call}; } catch (e) {} if (s.readyState === 1) s.close(); }); }`,
      ).join('\n');
      // A library the page loads from node_modules: its invalid calls are named after it.
      servers.page(
        '/node_modules/tiny-reconnector/dist/index.js',
        // Two lines of the library make the same invalid call.
        `window.tinyReconnectorStop = (s) => {
  try { s.close(1001); } catch (e) {}
  try { s.close(1001); } catch (e) {}
};`,
        { 'content-type': 'text/javascript' },
      );
      servers.page(
        '/warnings.html',
        `<!doctype html><script src="/node_modules/tiny-reconnector/dist/index.js"></script><script>
${sockets}
{ const c = new WebSocket('${servers.wsOrigin}/echo?case=connecting'); c.close(4000, 'too early'); }
window.repeatInvalid = (n) => new Promise((resolve) => {
  const s = new WebSocket('${servers.wsOrigin}/echo?case=repeat-' + n);
  s.onopen = () => { for (let i = 0; i < n; i++) { try { s.close(1002); } catch (e) {} } s.close(); resolve(); };
});
window.invalidOnce = (tag) => new Promise((resolve) => {
  const s = new WebSocket('${servers.wsOrigin}/echo?case=' + tag);
  // The tag is the reason, so every call is a new warning (never collapsed as a repeat).
  s.onopen = () => { try { s.close(1003, tag); } catch (e) {} s.close(); resolve(); };
});
</script>`,
      );
      driver = await DRIVERS[name]();
      page = await driver.newPage();
      await page.goto(`${servers.origin}/warnings.html`);
      panel = await driver.openPanel(page);
    });

    after(async () => {
      await driver?.close();
      await servers?.close();
    });

    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

    async function warningFor(tag: string): Promise<string> {
      try {
        return await waitFor(`the console warning for ${tag}`, async () =>
          page.warnings.find(
            (line) => line.startsWith('[WS Close Inspector]') && line.includes(`case=${tag}`),
          ),
        );
      } catch {
        throw new Error(`no console warning for ${tag}; warnings were:\n${page.warnings.join('\n---\n')}`);
      }
    }

    /** Opens the connection's details as a user does (double click) and reads its findings. */
    async function findingsFor(tag: string): Promise<string[]> {
      const row = await waitForRowIn(
        panel,
        (r) => r.url.endsWith(`case=${tag}`) && r.state === 'closed',
        tag,
      );
      return waitFor(`the findings of ${tag}`, async () => {
        const found = await panel.evaluate<string[] | null>(`(() => {
        const detail = document.querySelector('.detail h3');
        if (!detail || !detail.textContent.endsWith(${JSON.stringify(`case=${tag}`)})) {
          document.querySelector('tr.row[data-key=${JSON.stringify(row.key)}]')?.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
          return null;
        }
        const items = [...document.querySelectorAll('.detail .findings li')].map((li) => li.textContent ?? '');
        return items.length > 0 ? items : null;
      })()`);
        return found;
      });
    }

    for (const s of SCENARIOS) {
      it(`${s.name}: ${s.call}`, async () => {
        const w = await warningFor(s.name);
        assert.ok(w.startsWith('[WS Close Inspector] '), w);
        for (const re of s.warning[name]) assert.match(w, re);
        // The caller is the page's own code, never the inspector's wrapper.
        assert.match(w, /called at [^\n]*\/warnings\.html:\d+:\d+/);
        const findings = await findingsFor(s.name);
        assert.ok(
          findings.some((f) => s.finding[name].test(f)),
          `panel findings for ${s.name}:\n${findings.join('\n')}`,
        );
      });
    }

    it('close() on a CLOSED socket is harmless (libraries do it): in the panel, not in the console', async () => {
      // The invalid close(1001) after it is the sentinel: its warning comes after any the first would have made.
      await page.evaluate(`new Promise((resolve) => {
        const s = new WebSocket('${servers.wsOrigin}/echo?case=already-closed');
        s.onopen = () => s.close();
        s.onclose = () => { s.close(4000, 'again'); try { s.close(1001); } catch {} resolve(); };
      })`);
      await warningFor('already-closed');
      assert.ok(
        !page.warnings.some((w) => w.includes('close(4000, "again")')),
        page.warnings.join('\n---\n'),
      );
      const findings = await findingsFor('already-closed');
      assert.ok(
        findings.some((f) => /close\(4000, "again"\) close\(\) on a CLOSED socket has no effect/.test(f)),
        findings.join('\n'),
      );
    });

    it('close() while CONNECTING: warned, and diagnosed as a failed connection', async () => {
      const w = await warningFor('connecting');
      assert.match(w, /before the connection was established/);
      const row = await waitForRowIn(
        panel,
        (r) => r.url.includes('case=connecting') && r.state === 'closed',
        'connecting',
      );
      assert.match(row.diagnosis, /Closed by the page while CONNECTING/);
    });

    it('a library’s invalid calls name the library, and its calls from different lines collapse into one warning', async () => {
      const before = page.warnings.length;
      await page.evaluate(`new Promise((resolve) => {
        const s = new WebSocket('${servers.wsOrigin}/echo?case=from-library');
        s.onopen = () => { tinyReconnectorStop(s); s.close(); resolve(); };
      })`);
      const w = await warningFor('from-library');
      assert.match(w, /from tiny-reconnector: its warnings are grouped/);
      assert.match(w, /node_modules\/tiny-reconnector\/dist\/index\.js:\d+:\d+/);
      // close(1001) from two of its lines: one library, one warning.
      await waitForRowIn(
        panel,
        (r) => r.url.includes('case=from-library') && r.state === 'closed',
        'the library socket',
      );
      const mine = page.warnings.slice(before).filter((l) => l.includes('case=from-library'));
      assert.equal(mine.length, 1, mine.join('\n---\n'));
    });

    it('repeats from one call site are collapsed with a count', async () => {
      const before = page.warnings.length;
      await page.evaluate('window.repeatInvalid(40)');
      await waitForRowIn(
        panel,
        (r) => r.url.includes('case=repeat-40') && r.state === 'closed',
        'the repeat socket',
      );
      const mine = () => page.warnings.slice(before).filter((l) => l.includes('close(1002)'));
      // The count comes in a line of its own once the repeats stop.
      await waitFor('the “repeated 39 more times” line', async () =>
        mine().some((l) => /repeated 39 more times/.test(l)),
      );
      assert.equal(
        mine().filter((l) => l.includes('threw InvalidAccessError')).length,
        1,
        mine().join('\n---\n'),
      );
    });

    it('warnings can be switched off and on from the panel, and that reaches the open page', async () => {
      const setWarnings = async (on: boolean): Promise<void> => {
        await panel.evaluate(`(() => {
        const toggle = document.querySelector('input[aria-label="Console warnings"]');
        if (toggle.checked !== ${on}) toggle.click();
      })()`);
        assert.equal(
          await panel.evaluate<boolean>(
            `document.querySelector('input[aria-label="Console warnings"]').checked`,
          ),
          on,
        );
      };
      /**
       * Whether a fresh invalid call on a new socket printed a warning within `ms` of the panel
       * showing the socket closed. The bridge prints a warning before it forwards the call, so
       * a warning that comes has been printed by then; `ms` only covers the console's delivery.
       */
      const warns = async (tag: string, ms: number): Promise<boolean> => {
        await page.evaluate(`window.invalidOnce(${JSON.stringify(tag)})`);
        await waitForRowIn(panel, (r) => r.url.endsWith(`case=${tag}`) && r.state === 'closed', tag);
        const deadline = Date.now() + ms;
        while (Date.now() < deadline) {
          if (page.warnings.some((l) => l.includes(`case=${tag}`))) return true;
          await sleep(50);
        }
        return false;
      };
      // The switch travels panel → storage → every bridge: poll with fresh sockets until it has
      // arrived, rather than guessing how long that takes.
      await setWarnings(false);
      try {
        let silent = false;
        let i = 0;
        for (; i < 10 && !silent; i++) silent = !(await warns(`while-off-${i}`, 2000));
        assert.ok(silent, 'switched off, an invalid call prints no warning');
        // Once the switch has arrived it stays off.
        assert.equal(await warns(`while-off-${i}`, 2000), false, 'still silent');
      } finally {
        await setWarnings(true);
      }
      let loud = false;
      for (let i = 0; i < 10 && !loud; i++) loud = await warns(`while-on-${i}`, 3000);
      assert.ok(loud, 'switched on again, invalid calls are warned about');
    });
  });
}
