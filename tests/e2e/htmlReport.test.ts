/**
 * The self-contained HTML report, exported from the panel in Chromium and Firefox and opened in
 * a plain Chromium with networking off: every connection is there (table, details, a timeline
 * lane with an accessible name), hostile page strings stay text, and nothing is fetched.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { startServers, type TestServers } from '../../demo/servers';
import { launchPlain } from '../../recorder/chromium';
import { DRIVERS, type Driver, exportText, selectedBrowsers } from '../support/driver';
import { waitForRowIn } from '../support/panel';

const HOSTILE = `<img src=x onerror="window.__pwned=1">"'</style><script>window.__pwned=2</script>`;
/** As a JS string literal inside the page's own <script> (its "</script>" must not end it). */
const HOSTILE_JS = JSON.stringify(HOSTILE).replace(/</g, '\\u003c');

for (const name of selectedBrowsers()) {
  describe(`${name}: the HTML report`, () => {
    let servers: TestServers;
    let driver: Driver;

    before(async () => {
      servers = await startServers();
      driver = await DRIVERS[name]();
    });

    after(async () => {
      await driver?.close();
      await servers?.close();
    });

    it('opens offline with every connection, its timeline lane and details, and page strings as text', async () => {
      const ws = servers.wsOrigin;
      servers.page(
        '/report.html',
        `<!doctype html><title>report</title><script>
window.done = Promise.all([
  new Promise((r) => { const s = new WebSocket('${ws}/echo?tag=clean'); s.onopen = () => s.close(4000, ${HOSTILE_JS}); s.onclose = r; }),
  new Promise((r) => { const s = new WebSocket('${ws}/drop?tag=drop'); s.onopen = () => s.send('x'); s.onclose = r; }),
  new Promise((r) => { const s = new WebSocket('${ws}/echo?tag=invalid&h=' + encodeURIComponent(${HOSTILE_JS})); s.onopen = () => { try { s.close(1001); } catch {} s.close(); }; s.onclose = r; }),
]);
</script>`,
      );
      const page = await driver.newPage();
      await page.goto(`${servers.origin}/report.html`);
      const panel = await driver.openPanel(page);
      await page.evaluate('window.done');
      for (const tag of ['clean', 'drop', 'invalid'])
        await waitForRowIn(panel, (r) => r.url.includes(`tag=${tag}`) && r.state === 'closed', tag);
      const html = await exportText(panel, 'Export HTML');
      assert.doesNotMatch(html, /<script/i);
      const file = join(mkdtempSync(join(tmpdir(), 'wsci-report-')), 'report.html');
      writeFileSync(file, html);

      const browser = await launchPlain();
      try {
        const context = await browser.newContext({ offline: true });
        const requests: string[] = [];
        context.on('request', (r) => requests.push(r.url()));
        const viewer = await context.newPage();
        await viewer.goto(pathToFileURL(file).href);
        const seen = await viewer.evaluate(() => ({
          pwned: (window as { __pwned?: number }).__pwned ?? null,
          scripts: document.querySelectorAll('script').length,
          rows: document.querySelectorAll('tbody tr[data-outcome]').length,
          details: document.querySelectorAll('details[id^="c"]').length,
          lanes: [...document.querySelectorAll('[role="region"][aria-label="Timeline"] [role="img"]')].map(
            (g) => g.getAttribute('aria-label') ?? '',
          ),
          text: document.body.textContent ?? '',
        }));
        assert.equal(seen.pwned, null);
        assert.equal(seen.scripts, 0);
        assert.equal(seen.rows, 3);
        assert.equal(seen.details, 3);
        assert.equal(seen.lanes.length, 3);
        assert.ok(
          seen.lanes.some((l) => /tag=clean.*closed cleanly/.test(l)),
          seen.lanes.join('\n'),
        );
        assert.ok(
          seen.lanes.some((l) => /tag=drop.*1006.*closed uncleanly/.test(l)),
          seen.lanes.join('\n'),
        );
        assert.ok(
          seen.lanes.some((l) => /tag=invalid.*an invalid close\(\) call/.test(l)),
          seen.lanes.join('\n'),
        );
        // The hostile reason is shown, as text.
        assert.ok(seen.text.includes(HOSTILE), 'the reason is visible as text');
        assert.deepEqual(
          requests.filter((u) => !u.startsWith('file:')),
          [],
          'the report fetched nothing',
        );
      } finally {
        await browser.close();
      }
      await panel.close();
      await page.close();
    });
  });
}
