/**
 * The transparency probes in real Firefox (with vs without the extension, same browser). Known
 * differences, shared with Chromium or Firefox's own, are pinned: a change either way fails.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import { type Driver, type DriverPage, firefoxDriver, selectedBrowsers } from '../support/driver';
import { startServers, type TestServers } from '../support/servers';
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

  for (const fn of ['transparencyProbe', 'trafficProbe']) {
    it(`${fn}: every observation is the same, or a known and documented difference`, async () => {
      const [a, b] = await Promise.all([probe(ext, fn), probe(plain, fn)]);
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
      const problems: string[] = [];
      let known = 0;
      for (const key of keys) {
        if (isDeepStrictEqual(a[key], b[key])) continue;
        const shared = KNOWN[key];
        if (shared && !key.startsWith('error stack:')) {
          if (isDeepStrictEqual(a[key], shared.expected(b[key]))) known++;
          else problems.push(`${key}: the known difference changed: ${JSON.stringify(a[key])}`);
          continue;
        }
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
    });
  }
});
