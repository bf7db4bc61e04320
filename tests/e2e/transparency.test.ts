/**
 * Transparency suite in real Chromium: one probe script runs in a page of the browser with the
 * extension and in a page of the same Chromium without it (the oracle), and every observation is
 * compared key by key. The page must not be able to tell that the extension is installed: not
 * from WebSocket's shape, toString, exceptions and their stacks, subclassing, event order, other
 * realms, nor from anything the extension's own traffic makes the page's code run or receive.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it, type TestContext } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { startServers, type TestServers } from '../../demo/servers';
import { type ExtensionBrowser, launchPlain, launchWithExtension } from '../../recorder/chromium';
import { selectedBrowsers } from '../support/driver';
import { waitForRowIn } from '../support/panel';
import { KNOWN } from './transparency/known';
import { TRAFFIC_PROBE, TRANSPARENCY_PROBE } from './transparency/probes';

type Observations = Record<string, unknown>;

interface ProbeConfig {
  readonly ws: string;
  readonly http: string;
  readonly refusedPort: number;
  readonly frameUrl: string;
}

let servers: TestServers;
let ext: ExtensionBrowser;
let plain: Browser;
let extPage: Page;
let plainPage: Page;
let extTabId: number;

function config(): ProbeConfig {
  return {
    ws: servers.wsOrigin,
    http: servers.wsOrigin.replace(/^ws:/, 'http:'),
    refusedPort: servers.refusedPort,
    frameUrl: `${servers.origin}/transparency-frame.html`,
  };
}

/** Loads the probe page afresh and runs `window[fn](cfg)` in it; a string, so no transpiler helpers reach the page. */
async function probe(page: Page, fn: 'transparencyProbe' | 'trafficProbe'): Promise<Observations> {
  await page.goto(`${servers.origin}/transparency.html`);
  const result: unknown = await page.evaluate(`window.${fn}(${JSON.stringify(config())})`);
  assert.ok(result !== null && typeof result === 'object', `${fn} returned an object`);
  return result as Observations;
}

async function probeBoth(fn: 'transparencyProbe' | 'trafficProbe'): Promise<[Observations, Observations]> {
  return Promise.all([probe(extPage, fn), probe(plainPage, fn)]);
}

const show = (v: unknown): string => (v === undefined ? '(missing)' : JSON.stringify(v));

/**
 * One subtest per observation key (so a failure names the key), plus a summary line. A key that
 * only one side produced counts as a difference.
 */
async function compareKeyByKey(
  t: TestContext,
  label: string,
  withExt: Observations,
  without: Observations,
): Promise<{ compared: number; differences: string[] }> {
  const keys = [...new Set([...Object.keys(without), ...Object.keys(withExt)])];
  const differences: string[] = [];
  let known = 0;
  for (const key of keys) {
    const a = withExt[key];
    const b = without[key];
    const k = KNOWN[key];
    if (k) {
      known++;
      await t.test(`${key} (known difference: ${k.why})`, () => {
        assert.deepEqual(a, k.expected(b), `${key}: the known difference changed`);
      });
      continue;
    }
    if (!isDeepStrictEqual(a, b))
      differences.push(
        `${key}\n    with the extension:    ${show(a)}\n    without the extension: ${show(b)}`,
      );
    await t.test(key, () => {
      assert.deepEqual(a, b, `${key}: the page observes a difference with the extension installed`);
    });
  }
  console.log(
    `${label}: ${keys.length} checks compared, ${differences.length} differences, ${known} known and documented differences`,
  );
  if (differences.length > 0) console.log(`${label} differences:\n  ${differences.join('\n  ')}`);
  return { compared: keys.length, differences };
}

describe('transparency: the page cannot tell that the extension is installed', {
  skip: !selectedBrowsers().includes('chromium'),
}, () => {
  before(async () => {
    servers = await startServers();
    const page = `<!doctype html><html><head><title>transparency</title></head><body><script>${TRANSPARENCY_PROBE}</script><script>${TRAFFIC_PROBE}</script></body></html>`;
    servers.page('/transparency.html', page);
    servers.page(
      '/transparency-frame.html',
      '<!doctype html><html><head><title>frame</title></head><body>frame</body></html>',
    );
    ext = await launchWithExtension();
    plain = await launchPlain();
    const opened = await ext.newPage();
    extPage = opened.page;
    extTabId = opened.tabId;
    plainPage = await plain.newPage();
  });

  after(async () => {
    await ext?.close();
    await plain?.close();
    await servers?.close();
  });

  it('the probe observes a genuine, native WebSocket in the browser without the extension', async () => {
    const o = await probe(plainPage, 'transparencyProbe');
    // Guards against a vacuous comparison: the oracle must see what Chromium really does.
    assert.equal(o['WebSocket.name'], 'WebSocket');
    assert.equal(o['WebSocket.length'], 1);
    assert.equal(o['Function.prototype.toString.call(WebSocket)'], 'function WebSocket() { [native code] }');
    assert.equal(
      o['Function.prototype.toString.call(WebSocket.prototype.close)'],
      'function close() { [native code] }',
    );
    assert.equal(o['echo: readyState right after construction'], 0);
    assert.equal(o['echo: readyState right after close()'], 2);
    assert.equal(o['echo: readyState in close listener'], 3);
    assert.deepEqual(o['subclass: close event'], { code: 3003, reason: 'sub', wasClean: true });
    assert.equal(o['subclass: calls'], 1);
    assert.deepEqual(o['echo: binaryType default, after nonsense, after arraybuffer'], [
      'blob',
      'blob',
      'arraybuffer',
    ]);
    const attrsInOpen = o['echo: attributes in open'] as { protocol?: unknown } | undefined;
    assert.equal(attrsInOpen?.protocol, 'chat');
    const duplicate = o["error: new WebSocket(url, ['a', 'a']) (duplicate protocols)"] as
      | { name?: unknown }
      | undefined;
    assert.equal(duplicate?.name, 'SyntaxError');
    const order = o['refused connection: events seen by page listeners, in order'];
    assert.ok(Array.isArray(order) && order.length > 0 && String(order[0]).includes('error'));
  });

  it('every observation is the same with and without the extension', async (t) => {
    const [withExt, without] = await probeBoth('transparencyProbe');
    const { compared } = await compareKeyByKey(t, 'transparency', withExt, without);
    assert.ok(compared >= 150, `only ${compared} observations: the probe did not run to the end`);
  });

  it('the page cannot see the extension’s own traffic: events, messages, console, dictionary reads', async (t) => {
    const [withExt, without] = await probeBoth('trafficProbe');
    const { compared } = await compareKeyByKey(t, 'transparency (traffic)', withExt, without);
    assert.ok(compared >= 10, 'the traffic probe ran to the end');
    const listened = without['standard event types listened for'];
    assert.ok(typeof listened === 'number' && listened > 100, `listened for ${String(listened)} event types`);
  });

  it('the extension was really active in the probed page: the panel lists the probe’s sockets', async () => {
    const panel = await ext.openPanel(extTabId);
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
