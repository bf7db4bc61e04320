/**
 * The transparency probes in real Firefox (with vs without the extension, same browser). Known
 * differences, shared with Chromium or Firefox's own, are pinned: a change either way fails.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { startServers, type TestServers } from '../../demo/servers';
import { type Driver, type DriverPage, firefoxDriver, selectedBrowsers } from '../support/driver';
import { waitForRowIn } from '../support/panel';
import { firefoxDifference, KNOWN } from './transparency/known';
import { TRAFFIC_PROBE, TRANSPARENCY_PROBE } from './transparency/probes';

type Observations = Record<string, unknown>;

describe('transparency in Firefox', { skip: !selectedBrowsers().includes('firefox') }, () => {
  let servers: TestServers;
  let driver: Driver;
  let ext: DriverPage;
  let plain: DriverPage;

  before(async () => {
    servers = await startServers();
    servers.page(
      '/transparency.html',
      `<!doctype html><html><head><title>transparency</title></head><body><script>${TRANSPARENCY_PROBE}</script><script>${TRAFFIC_PROBE}</script></body></html>`,
    );
    servers.page(
      '/transparency-frame.html',
      '<!doctype html><html><head><title>frame</title></head><body>frame</body></html>',
    );
    driver = await firefoxDriver();
    ext = await driver.newPage();
    plain = await driver.newPlainPage();
  });

  after(async () => {
    await driver?.close();
    await servers?.close();
  });

  async function probe(page: DriverPage, fn: string): Promise<Observations> {
    const cfg = {
      ws: servers.wsOrigin,
      http: servers.wsOrigin.replace(/^ws:/, 'http:'),
      refusedPort: servers.refusedPort,
      frameUrl: `${servers.origin}/transparency-frame.html`,
    };
    await page.goto(`${servers.origin}/transparency.html`);
    return page.evaluate<Observations>(`window.${fn}(${JSON.stringify(cfg)})`);
  }

  // Fewer observations than this means a probe stopped early (see transparency.test.ts).
  const MIN_OBSERVATIONS: Record<string, number> = { transparencyProbe: 150, trafficProbe: 10 };

  for (const fn of ['transparencyProbe', 'trafficProbe']) {
    it(`${fn}: every observation is the same, or a known and documented difference`, async () => {
      const [a, b] = await Promise.all([probe(ext, fn), probe(plain, fn)]);
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
      assert.ok(
        keys.length >= (MIN_OBSERVATIONS[fn] ?? 1),
        `only ${keys.length} observations: the probe did not run to the end`,
      );
      const problems: string[] = [];
      let known = 0;
      for (const key of keys) {
        const shared = KNOWN[key];
        // A pinned difference is checked even when both sides agree: its disappearing is a change too.
        if (shared && !key.startsWith('error stack:')) {
          if (isDeepStrictEqual(a[key], shared.expected(b[key]))) known++;
          else problems.push(`${key}: the known difference changed: ${JSON.stringify(a[key])}`);
          continue;
        }
        if (isDeepStrictEqual(a[key], b[key])) continue;
        const why = firefoxDifference(key, a[key], b[key]);
        if (why === null) known++;
        else
          problems.push(
            `${key}: ${why}\n  with:    ${JSON.stringify(a[key])}\n  without: ${JSON.stringify(b[key])}`,
          );
      }
      console.log(
        `firefox ${fn}: ${keys.length} checks compared, ${problems.length} differences, ${known} known and documented`,
      );
      assert.deepEqual(problems, []);
      // With the extension active, the pinned differences are there: none means it never ran.
      if (fn === 'transparencyProbe')
        assert.ok(known > 0, 'no known difference seen: was the extension active?');
    });
  }

  it('the extension was really active in the probed page: the panel lists the probe’s sockets', async () => {
    await probe(ext, 'trafficProbe');
    const panel = await driver.openPanel(ext);
    try {
      const row = await waitForRowIn(
        panel,
        (r) => r.url.includes('case=traffic-echo') && r.state === 'closed',
        'the traffic probe’s echo socket',
      );
      assert.match(row.code, /^300[01] /);
    } finally {
      await panel.close();
    }
  });
});
