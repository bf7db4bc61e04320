/**
 * Page-console warnings and panel diagnoses for invalid, non-portable and suspicious close()
 * calls, read from the page's real console and from what the panel renders.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { type ExtensionBrowser, launchWithExtension } from '../support/browser';
import { waitForRow } from '../support/panel';
import { startServers, type TestServers } from '../support/servers';

let servers: TestServers;
let browser: ExtensionBrowser;
let page: Page;
let panel: Page;
const warnings: string[] = [];

interface Scenario {
  readonly name: string;
  /** Body run in the socket's open handler (`s` is the socket); exceptions are swallowed. */
  readonly call: string;
  /** Expected in the page's console warning for this socket. */
  readonly warning: RegExp[];
  /** Expected in the panel's findings for this connection. */
  readonly finding: RegExp;
}

const SCENARIOS: Scenario[] = [
  {
    name: 'invalid-code',
    call: 's.close(1001)',
    warning: [/close\(1001\)/, /threw InvalidAccessError in Chromium/, /websockets\.spec\.whatwg\.org/],
    finding: /close\(1001\) threw InvalidAccessError in Chromium/,
  },
  {
    name: 'long-reason',
    call: "s.close(1000, 'é'.repeat(62))",
    warning: [/threw SyntaxError in Chromium/, /123 UTF-8 bytes/],
    finding: /threw SyntaxError/,
  },
  {
    name: 'portability-2999-5',
    call: 's.close(2999.5)',
    warning: [/throws InvalidAccessError in Chromium; sends 3000 in Firefox and per spec/],
    finding: /not portable: throws InvalidAccessError in Chromium; sends 3000 in Firefox and per spec/,
  },
  {
    name: 'portability-4999-5',
    call: 's.close(4999.5)',
    warning: [
      /not portable: works in Chromium \(sends 4999\); throws InvalidAccessError in Firefox and per spec/,
    ],
    finding: /works in Chromium \(sends 4999\)/,
  },
  {
    name: 'reason-without-code',
    call: "s.close(undefined, 'bye')",
    warning: [/close\(undefined, "bye"\)/, /throws InvalidAccessError in Chromium; sends 1000 per spec/],
    finding: /not portable: throws InvalidAccessError in Chromium/,
  },
  {
    name: 'string-code',
    call: "s.close('4001')",
    warning: [/passed only thanks to a conversion: code "4001" was converted to 4001 Private use/],
    finding: /passed only thanks to a conversion/,
  },
  {
    name: 'fraction-3000-7',
    call: 's.close(3000.7)',
    warning: [/sends 3000\) in Chromium|works in Chromium \(sends 3000\)/, /sends 3001/],
    finding: /works in Chromium \(sends 3000\); sends 3001 in Firefox and per spec/,
  },
  {
    name: 'already-closed',
    call: "s.close(); s.addEventListener('close', () => s.close(4000, 'again'))",
    warning: [/close\(4000, "again"\)/, /on a CLOSED socket has no effect/],
    finding: /close\(4000, "again"\) close\(\) on a CLOSED socket has no effect/,
  },
];

describe('console warnings and diagnoses', () => {
  before(async () => {
    servers = await startServers();
    const sockets = SCENARIOS.map(
      (s) =>
        `{ const s = new WebSocket('${servers.wsOrigin}/echo?case=${s.name}'); s.addEventListener('open', () => { try { ${s.call}; } catch (e) {} if (s.readyState === 1) s.close(); }); }`,
    ).join('\n');
    servers.page(
      '/warnings.html',
      `<!doctype html><script>
${sockets}
{ const c = new WebSocket('${servers.wsOrigin}/echo?case=connecting'); c.close(4000, 'too early'); }
window.repeatInvalid = (n) => new Promise((resolve) => {
  const s = new WebSocket('${servers.wsOrigin}/echo?case=repeat-' + n);
  s.onopen = () => { for (let i = 0; i < n; i++) { try { s.close(1002); } catch (e) {} } s.close(); resolve(); };
});
window.invalidOnce = (tag) => new Promise((resolve) => {
  const s = new WebSocket('${servers.wsOrigin}/echo?case=' + tag);
  s.onopen = () => { try { s.close(1003); } catch (e) {} s.close(); resolve(); };
});
</script>`,
    );
    browser = await launchWithExtension();
    const opened = await browser.newPage();
    page = opened.page;
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    await page.goto(`${servers.origin}/warnings.html`);
    panel = await browser.openPanel(opened.tabId);
  });

  after(async () => {
    await browser?.close();
    await servers?.close();
  });

  async function warningFor(tag: string): Promise<string> {
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline) {
      const w = warnings.find(
        (line) => line.startsWith('[WS Close Inspector]') && line.includes(`case=${tag}`),
      );
      if (w) return w;
      await page.waitForTimeout(50);
    }
    throw new Error(`no console warning for ${tag}; warnings were:\n${warnings.join('\n---\n')}`);
  }

  async function findingsFor(tag: string): Promise<string[]> {
    await waitForRow(panel, (r) => r.url.includes(`case=${tag}`) && r.state === 'closed', tag);
    await panel.dblclick(`tr.row:has(td.c-url:text-matches("case=${tag}$"))`);
    await panel.waitForSelector('.detail .findings li');
    return panel.$$eval('.detail .findings li', (lis) => lis.map((li) => li.textContent ?? ''));
  }

  for (const s of SCENARIOS) {
    it(`${s.name}: ${s.call}`, async () => {
      const w = await warningFor(s.name);
      assert.ok(w.startsWith('[WS Close Inspector] '), w);
      for (const re of s.warning) assert.match(w, re);
      const findings = await findingsFor(s.name);
      assert.ok(
        findings.some((f) => s.finding.test(f)),
        `panel findings for ${s.name}:\n${findings.join('\n')}`,
      );
    });
  }

  it('close() while CONNECTING: warned, and diagnosed as a failed connection', async () => {
    const w = await warningFor('connecting');
    assert.match(w, /before the connection was established/);
    const row = await waitForRow(
      panel,
      (r) => r.url.includes('case=connecting') && r.state === 'closed',
      'connecting',
    );
    assert.match(row.diagnosis, /Closed by the page while CONNECTING/);
  });

  it('repeats from one call site are collapsed with a count', async () => {
    const before = warnings.length;
    await page.evaluate('window.repeatInvalid(40)');
    await waitForRow(
      panel,
      (r) => r.url.includes('case=repeat-40') && r.state === 'closed',
      'the repeat socket',
    );
    await page.waitForTimeout(1500);
    const mine = warnings.slice(before).filter((l) => l.includes('close(1002)'));
    assert.equal(mine.filter((l) => l.includes('threw InvalidAccessError')).length, 1, mine.join('\n---\n'));
    assert.ok(
      mine.some((l) => /repeated 39 more times/.test(l)),
      mine.join('\n---\n'),
    );
  });

  it('warnings can be switched off and on from the panel, and that reaches the open page', async () => {
    const toggle = panel.locator('input[aria-label="Console warnings"]');
    await toggle.uncheck();
    await page.waitForTimeout(300);
    const before = warnings.length;
    await page.evaluate("window.invalidOnce('while-off')");
    await waitForRow(panel, (r) => r.url.includes('case=while-off') && r.state === 'closed', 'while-off');
    await page.waitForTimeout(500);
    assert.equal(
      warnings.slice(before).filter((l) => l.includes('case=while-off')).length,
      0,
      'no warning while switched off',
    );
    await toggle.check();
    await page.waitForTimeout(300);
    await page.evaluate("window.invalidOnce('while-on')");
    await warningFor('while-on');
  });
});
