/**
 * "Why it closed" end to end, in Chromium and Firefox: real servers on 127.0.0.1 close, drop, go
 * silent and refuse; the page storms, double-connects and speaks graphql-ws; the panel's details
 * and its exported close log must name each cause with its certainty and evidence.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServers, type TestServers } from '../../demo/servers';
import type { CloseLog, ExportedConnection } from '../../src/closeLog';
import { DRIVERS, type Driver, type DriverPage, selectedBrowsers, waitFor } from '../support/driver';
import { exportJson } from '../support/exportLog';
import { waitForRowIn } from '../support/panel';

const ids = (c: ExportedConnection | undefined): string[] => (c?.why ?? []).map((f) => f.id);

for (const name of selectedBrowsers()) {
  describe(`${name}: why it closed`, () => {
    let servers: TestServers;
    let driver: Driver;
    let page: DriverPage;
    let panel: DriverPage;

    before(async () => {
      servers = await startServers();
      const ws = servers.wsOrigin;
      servers.page(
        '/why.html',
        `<!doctype html><title>why</title><script>
// Opens a socket, says hello once it is open, resolves with nothing when it is closed.
function run(url, protocols) {
  return new Promise((resolve) => {
    const s = protocols ? new WebSocket(url, protocols) : new WebSocket(url);
    s.onopen = () => s.send('hello');
    s.onclose = () => resolve();
  });
}
window.storm = async () => { for (let i = 0; i < 6; i++) await run('${ws}/server-close?code=1011&tag=storm'); };
// A real graphql-ws server: an expired token in connection_init is refused with 4403.
window.graphql = () => new Promise((resolve) => {
  const s = new WebSocket('${ws}/graphql?tag=graphql', 'graphql-transport-ws');
  s.onopen = () => s.send(JSON.stringify({ type: 'connection_init', payload: { token: 'expired' } }));
  s.onclose = () => resolve();
});
window.errorAsNormal = () => run('${ws}/server-close?code=1000&reason=' + encodeURIComponent('internal error: db down') + '&tag=lint');
window.silentDrop = () => run('${ws}/silent-drop?after=6000&tag=silent');
window.refused = () => run('ws://127.0.0.1:${servers.refusedPort}/refused');
// React StrictMode's double mount: the same effect runs twice, its cleanup closing the first socket.
function effect() { return new WebSocket('${ws}/echo?tag=double'); }
window.doubleConnect = () => new Promise((resolve) => {
  const first = effect();
  first.close();
  const second = effect();
  second.onopen = () => { second.close(1000); };
  second.onclose = () => resolve();
});
</script>`,
      );
      driver = await DRIVERS[name]();
      page = await driver.newPage();
      await page.goto(`${servers.origin}/why.html`);
      panel = await driver.openPanel(page);
      await page.evaluate(
        'Promise.all([storm(), graphql(), errorAsNormal(), silentDrop(), refused(), doubleConnect()])',
      );
      await waitForRowIn(
        panel,
        (r) => r.url.includes('tag=silent') && r.state === 'closed',
        'the silent drop',
      );
      await waitForRowIn(
        panel,
        (r) => r.url.includes('/refused') && r.state === 'closed',
        'the refused handshake',
      );
    });

    after(async () => {
      await driver?.close();
      await servers?.close();
    });

    async function exported(): Promise<CloseLog> {
      return exportJson<CloseLog>(panel);
    }
    const find = (log: CloseLog, part: string) => log.connections.filter((c) => c.url.includes(part));

    it('a reconnect storm is named on every connection of it, with the count and window', async () => {
      const storm = await waitFor('six storm connections', async () => {
        const all = find(await exported(), 'tag=storm');
        return all.length === 6 && all.every((c) => c.closeEvent) ? all : null;
      });
      for (const c of storm) assert.ok(ids(c).includes('reconnect-storm'), JSON.stringify(c.why));
      const f = storm[0]?.why.find((w) => w.id === 'reconnect-storm');
      assert.equal(f?.certainty, 'certain');
      // Every connection to the endpoint counts (the page's lint socket uses it too).
      const counted = Number(/(\d+) connections created within/.exec(f?.evidence.join('\n') ?? '')?.[1]);
      assert.ok(counted >= 6, JSON.stringify(f?.evidence));
    });

    it('a graphql-ws close code is named in the protocol’s terms with the expected reaction', async () => {
      const [c] = find(await exported(), 'tag=graphql');
      assert.equal(c?.protocol, 'graphql-transport-ws');
      const f = c?.why.find((w) => w.id === 'app-close-code');
      assert.ok(f, JSON.stringify(c?.why));
      assert.equal(f.certainty, 'certain');
      assert.match(f.text, /\(graphql-ws\) 4403 Forbidden/);
      assert.match(f.text, /do not reconnect|reconnect/);
      assert.match(f.source ?? '', /graphql-ws/);
    });

    it('a server 1000 whose reason reads like an error is linted', async () => {
      const [c] = find(await exported(), 'tag=lint');
      assert.ok(ids(c).includes('error-as-normal-closure'), JSON.stringify(c?.why));
    });

    it('a drop after a silence says how long nothing moved, and how sure it is', async () => {
      const [c] = find(await exported(), 'tag=silent');
      assert.equal(c?.closeEvent?.code, 1006);
      const f = c?.why.find((w) => w.id === 'long-silence' || w.id === 'idle-timeout');
      assert.ok(f, JSON.stringify(c?.why));
      assert.ok(f.certainty === 'possible' || f.certainty === 'likely');
      assert.match(f.text, /no frame in either direction for [\d.]+ s/i);
      assert.ok(c?.traffic?.lastReceivedAt, 'the last received frame is on record');
    });

    it('a heartbeat that stopped before a drop is named, with its period and when it stopped', async (t) => {
      // A steady ping every 2 s, four times, then nothing; the server drops the connection 13 s
      // after the first. The tracker needs intervals within 20 % of their mean: on a loaded
      // machine a timer can miss that, so a run whose own send times were not steady is made
      // again (the precondition failed, not the inspector), at most three times, then skipped
      // with the reason. Two seconds,
      // not less: Firefox runs a background tab's timers on whole seconds.
      let c: ExportedConnection | undefined;
      for (let attempt = 1; attempt <= 3 && !c; attempt++) {
        const tag = `heartbeat-${attempt}`;
        const steady = await page.evaluate<boolean>(`new Promise((resolve) => {
          const s = new WebSocket('${servers.wsOrigin}/silent-drop?after=13000&tag=${tag}');
          const sent = [];
          s.onopen = () => {
            const t0 = performance.now();
            const beat = (k) => {
              sent.push(performance.now());
              s.send('ping');
              if (k < 3) setTimeout(() => beat(k + 1), t0 + (k + 1) * 2000 - performance.now());
            };
            beat(0);
          };
          s.onclose = () => {
            const gaps = sent.slice(1).map((t, i) => t - sent[i]);
            resolve(gaps.length === 3 && gaps.every((g) => Math.abs(g - 2000) < 300));
          };
        })`);
        if (!steady) continue;
        c = await waitFor('the heartbeat connection, closed', async () => {
          const [x] = find(await exported(), `tag=${tag}`);
          return x?.closeEvent ? x : null;
        });
      }
      if (!c) {
        // The machine was too loaded for the page itself to keep time: the precondition failed
        // (the tracker's rules are unit-tested in tests/unit/why). Said, not passed.
        t.skip('the page could not keep a steady 2 s heartbeat in three tries on this machine');
        return;
      }
      const f = c.why.find((w) => w.id === 'heartbeat-stopped');
      assert.ok(f, JSON.stringify(c.why));
      assert.match(f.text, /The heartbeat \(every [12]\.\d s, sent\) stopped [\d.]+ s before the close/);
      assert.ok(c.traffic?.heartbeat, 'the heartbeat is on record');
    });

    it('a refused handshake says plainly what the browser tells of its cause, or that it hides it', async () => {
      const [c] = find(await exported(), '/refused');
      // Chromium's network layer says net::ERR_FAILED for every cause; Firefox's names it.
      const id = name === 'chromium' ? 'handshake-failed-unseen' : 'handshake-failed-network';
      const f = c?.why.find((w) => w.id === id);
      assert.equal(f?.certainty, 'certain', JSON.stringify(c?.why));
      if (name === 'firefox') assert.match(f?.text ?? '', /NS_ERROR_CONNECTION_REFUSED/);
    });

    it('a double connect from one call site reads as a StrictMode double mount', async () => {
      const double = find(await exported(), 'tag=double');
      assert.equal(double.length, 2);
      for (const c of double) {
        assert.match(c.site ?? '', /why\.html/, 'the constructor’s call site is the page’s own');
        assert.ok(ids(c).includes('strict-mode-double-mount'), JSON.stringify(c.why));
      }
      assert.equal(double[0]?.site, double[1]?.site);
    });

    it('the storm and the double connect are also one console warning each', async () => {
      const line = (re: RegExp) =>
        waitFor(`a console warning matching ${re}`, async () => page.warnings.find((w) => re.test(w)));
      assert.match(
        await line(/reconnect storm: \d+ connections to ws:\/\/127\.0\.0\.1:\d+\/server-close/),
        /Back off/,
      );
      assert.match(await line(/made again from the same call site/), /StrictMode/);
      assert.equal(page.warnings.filter((w) => /made again from the same call site/.test(w)).length, 1);
    });

    it('the details show each explanation with its certainty and evidence, as text', async () => {
      await panel.fill('input[aria-label="Filter by URL or reason"]', 'tag=graphql');
      await waitForRowIn(panel, (r) => r.url.includes('tag=graphql'), 'the graphql row');
      await panel.dblclick('tr.row');
      const text = await waitFor('the why section', () =>
        panel.evaluate<string | null>(`document.querySelector('[data-testid="why"]')?.textContent ?? null`),
      );
      assert.match(text, /Why it closed/);
      assert.match(text, /certain/);
      assert.match(text, /\(graphql-ws\) 4403 Forbidden/);
      const attrs = await panel.evaluate<string[]>(
        `[...document.querySelectorAll('[data-testid="why"] li[data-why]')].map((li) => li.dataset.why + ':' + li.dataset.certainty)`,
      );
      assert.ok(attrs.includes('app-close-code:certain'), JSON.stringify(attrs));
      await panel.fill('input[aria-label="Filter by URL or reason"]', '');
    });
  });
}
