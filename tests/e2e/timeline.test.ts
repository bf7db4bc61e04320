/**
 * The panel's timeline in Chromium and Firefox: one lane per connection with the right outcome,
 * a storm bunched in one endpoint's group, the summary charts, click to select and double click
 * to open the details, zoom and pan keeping the selection. (backbone renders its README picture.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServers, type TestServers } from '../../demo/servers';
import { DRIVERS, type Driver, type DriverPage, selectedBrowsers, waitFor } from '../support/driver';
import { rows, waitForRowIn } from '../support/panel';

interface LaneSeen {
  readonly key: string;
  readonly label: string;
  readonly outcome: string;
  readonly selected: boolean;
}

const LANES = `[...document.querySelectorAll('[data-testid="timeline"] button.lane')].map((b) => ({
  key: b.dataset.key, label: b.getAttribute('aria-label'), outcome: b.dataset.outcome, selected: b.getAttribute('aria-pressed') === 'true',
}))`;

for (const name of selectedBrowsers()) {
  describe(`${name}: the timeline`, () => {
    let servers: TestServers;
    let driver: Driver;
    let page: DriverPage;
    let panel: DriverPage;

    before(async () => {
      servers = await startServers();
      const ws = servers.wsOrigin;
      servers.page(
        '/timeline.html',
        `<!doctype html><title>timeline</title><script>
const run = (url, onopen) => new Promise((r) => { const s = new WebSocket(url); s.onopen = () => onopen(s); s.onclose = r; });
window.done = (async () => {
  await run('${ws}/echo?tag=clean', (s) => s.close(4000, 'done'));
  await run('${ws}/drop?tag=drop', (s) => s.send('x'));
  await run('${ws}/echo?tag=invalid', (s) => { try { s.close(1001); } catch {} s.close(); });
  for (let i = 0; i < 6; i++) await run('${ws}/server-close?code=1013&tag=storm' + i, (s) => s.send('go'));
})();
</script>`,
      );
      driver = await DRIVERS[name]();
      page = await driver.newPage();
      await page.goto(`${servers.origin}/timeline.html`);
      panel = await driver.openPanel(page);
      await page.evaluate('window.done');
      await waitForRowIn(
        panel,
        (r) => r.url.includes('tag=storm5') && r.state === 'closed',
        'the last storm socket',
      );
      await panel.click('button[aria-label="Timeline"]');
    });

    after(async () => {
      await driver?.close();
      await servers?.close();
    });

    const lanes = () => panel.evaluate<LaneSeen[]>(LANES);

    it('one lane per connection, named by URL, code and outcome; a storm bunched together', async () => {
      const seen = await waitFor('nine lanes', async () => {
        const l = await lanes();
        return l.length === 9 ? l : null;
      });
      const by = (tag: string) => seen.find((l) => l.label.includes(`tag=${tag}`));
      assert.match(by('clean')?.label ?? '', /4000 Private use, closed cleanly$/);
      assert.equal(by('clean')?.outcome, 'clean');
      assert.match(by('drop')?.label ?? '', /1006 Abnormal Closure, closed uncleanly$/);
      assert.equal(by('invalid')?.outcome, 'invalid');
      // The drop's lane shows the frame the page sent before the server dropped it.
      const sent = await panel.evaluate<number>(
        `document.querySelectorAll('[data-testid="timeline"] button.lane[data-key="${by('drop')?.key}"] .mark.traffic.sent').length`,
      );
      assert.equal(sent, 1);
      // Grouped by endpoint: the six /server-close lanes are next to each other, in time order.
      const storm = seen.map((l, i) => (l.label.includes('/server-close') ? i : -1)).filter((i) => i >= 0);
      assert.equal(storm.length, 6);
      assert.equal((storm[5] ?? 0) - (storm[0] ?? 0), 5, 'the storm lanes are contiguous');
      assert.deepEqual(
        storm.map((i) => /tag=storm(\d)/.exec(seen[i]?.label ?? '')?.[1]),
        ['0', '1', '2', '3', '4', '5'],
      );
      const charts = await panel.evaluate<string>(
        `document.querySelector('[data-testid="timeline-charts"]')?.textContent ?? ''`,
      );
      assert.match(charts, /1013 Try Again Later6/);
      assert.match(charts, /Connections over time/);
    });

    it('click selects, double click opens the details; zoom and pan keep the selection; Fit all restores', async () => {
      const target = (await lanes()).find((l) => l.label.includes('tag=drop'));
      assert.ok(target);
      const lane = `[data-testid="timeline"] button.lane[data-key="${target.key}"]`;
      await panel.click(lane);
      await waitFor(
        'the lane selected',
        async () => (await lanes()).find((l) => l.key === target.key)?.selected,
      );
      const range = () =>
        panel.evaluate<string>(`document.querySelector('[data-testid="timeline-range"]').textContent`);
      const before = await range();
      await panel.click('button[aria-label="Zoom in"]');
      await waitFor('a narrower range', async () => (await range()) !== before);
      const zoomed = await range();
      await panel.click('button[aria-label="Later"]');
      await waitFor('the view panned', async () => (await range()) !== zoomed);
      const after = await lanes();
      assert.ok(after.length > 0, 'lanes drawn after zoom and pan');
      assert.equal(
        after.find((l) => l.key === target.key)?.selected,
        true,
        'still selected after zoom and pan',
      );
      await panel.click('button[aria-label="Fit all"]');
      await waitFor('the whole range again', async () => (await range()) === before);
      await panel.dblclick(lane);
      const title = await waitFor('the details', () =>
        panel.evaluate<string | null>(
          `document.querySelector('[data-testid="detail"] h3')?.textContent ?? null`,
        ),
      );
      assert.match(title, /tag=drop/);
      // The table and the timeline show the same rows.
      await panel.click('button[aria-label="Timeline"]');
      assert.equal((await rows(panel)).length, 9);
      await panel.click('button[aria-label="Close details"]');
      await panel.click('button[aria-label="Timeline"]');
    });
  });
}
