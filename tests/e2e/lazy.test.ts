/**
 * Free to leave installed: a document that never opens a socket never loads the bridge (no
 * polyfill, validators, storage reads or messages), in any frame; the first socket loads it in
 * that frame only, and nothing the page did before it loaded is lost. Chromium shows which
 * scripts each world parsed (CDP Debugger.scriptParsed), so the test reads the truth there.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CDPSession, Page } from 'playwright-core';
import { startServers, type TestServers } from '../../demo/servers';
import { type ExtensionBrowser, launchWithExtension } from '../../recorder/chromium';
import { selectedBrowsers, waitFor } from '../support/driver';
import { waitForRowIn } from '../support/panel';

interface Parsed {
  readonly url: string;
  readonly context: number;
  /** Characters of source. */
  readonly length: number;
}

/** Scripts parsed in the page's renderer (every frame and world), as CDP reports them. */
async function watchScripts(page: Page): Promise<{ cdp: CDPSession; parsed: Parsed[] }> {
  const cdp = await page.context().newCDPSession(page);
  const parsed: Parsed[] = [];
  cdp.on('Debugger.scriptParsed', (e: { url: string; executionContextId: number; length?: number }) => {
    parsed.push({ url: e.url, context: e.executionContextId, length: e.length ?? 0 });
  });
  await cdp.send('Debugger.enable');
  return { cdp, parsed };
}

const isBridge = (p: Parsed): boolean => p.url.endsWith('/extension/isolated/bridge.js');
const isRelay = (p: Parsed): boolean => p.url.endsWith('/extension/isolated/index.js');

describe('chromium: nothing runs until a socket exists', {
  skip: !selectedBrowsers().includes('chromium'),
}, () => {
  let servers: TestServers;
  let ext: ExtensionBrowser;

  before(async () => {
    servers = await startServers();
    const frames = Array.from({ length: 5 }, (_, i) => `<iframe src="/quiet-frame.html?${i}"></iframe>`).join(
      '',
    );
    servers.page('/quiet-frame.html', '<!doctype html><title>frame</title><p>no sockets</p>');
    servers.page('/quiet.html', `<!doctype html><title>quiet</title>${frames}`);
    ext = await launchWithExtension();
  });

  after(async () => {
    await ext?.close();
    await servers?.close();
  });

  it('a page with frames and no sockets parses only the 0.7 KB relay; the first socket loads the bridge in its frame only', async () => {
    const { page, tabId } = await ext.newPage();
    const { parsed } = await watchScripts(page);
    await page.goto(`${servers.origin}/quiet.html`);
    await page.evaluate(`Promise.all([...document.querySelectorAll('iframe')].map((f) =>
      f.contentDocument && f.contentDocument.readyState === 'complete' ? 1 : new Promise((r) => f.addEventListener('load', r))))`);
    // The relay ran in all six documents (so the test sees the worlds it looks at)…
    await waitFor('the relay in every frame', async () => parsed.filter(isRelay).length >= 6);
    // …it is small, and nothing else of the isolated world ran.
    for (const relay of parsed.filter(isRelay))
      assert.ok(relay.length < 2048, `the relay is ${relay.length} characters`);
    assert.deepEqual(parsed.filter(isBridge), [], 'no frame loaded the bridge');

    // A socket in one frame loads the bridge there, and the panel gets the socket.
    const panel = await ext.openPanel(tabId);
    await page.evaluate(`(() => {
      const w = document.querySelectorAll('iframe')[2].contentWindow;
      const s = new w.WebSocket(${JSON.stringify(`${servers.wsOrigin}/echo?lazy=first`)});
      s.onopen = () => s.close(4000, 'lazy');
    })()`);
    await waitForRowIn(
      panel,
      (r) => r.url.includes('lazy=first') && r.state === 'closed',
      'the first socket',
    );
    await waitFor('the bridge parsed', async () => parsed.some(isBridge));
    assert.equal(parsed.filter(isBridge).length, 1, 'the bridge loaded in one frame only');
    await panel.close();
    await page.close();
  });

  it('facts, not payloads: 30 calls with a 20 MB reason leave the page heap as it was', async () => {
    servers.page(
      '/heap.html',
      `<!doctype html><script>
window.sockets = [];
// The socket stays open with a huge reason as its last close() call: a hook that kept the last
// call's arguments (to count repeats) would keep the string as long as the socket lives.
window.run = (tag) => new Promise((resolve) => {
  const s = new WebSocket('${servers.wsOrigin}/echo?lazy=heap-' + tag);
  window.sockets.push(s);
  s.onopen = () => {
    let big = 'x'.repeat(20_000_000);
    for (let i = 0; i < 30; i++) { try { s.close(1000, big + i); } catch (e) {} }
    big = null;
    resolve();
  };
});
</script>`,
    );
    const { page, tabId } = await ext.newPage();
    await page.goto(`${servers.origin}/heap.html`);
    const panel = await ext.openPanel(tabId);
    const cdp = await page.context().newCDPSession(page);
    const heap = async (): Promise<number> => {
      await cdp.send('HeapProfiler.collectGarbage');
      return ((await cdp.send('Runtime.getHeapUsage')) as { usedSize: number }).usedSize;
    };
    // A first run warms up the bridge and the hook's lazily made parts.
    await page.evaluate("window.run('warm')");
    await waitForRowIn(
      panel,
      (r) => r.url.endsWith('lazy=heap-warm') && r.calls.endsWith(' 30'),
      'the warm-up calls',
    );
    const before = await heap();
    await page.evaluate("window.run('measured')");
    await waitForRowIn(
      panel,
      (r) => r.url.endsWith('lazy=heap-measured') && r.calls.endsWith(' 30'),
      'the measured calls',
    );
    const grown = (await heap()) - before;
    console.log(`heap after 30 × close(1000, 20 MB string): ${(grown / 1e6).toFixed(2)} MB more than before`);
    assert.ok(
      grown < 8e6,
      `the page heap grew by ${(grown / 1e6).toFixed(1)} MB (one kept reason would be 20 MB)`,
    );
    await cdp.detach();
    await panel.close();
    await page.close();
  });

  it('events from before the bridge loaded are all there: 30 sockets made and closed in the first task', async () => {
    servers.page(
      '/burst.html',
      `<!doctype html><script>for (let i = 0; i < 30; i++) { const s = new WebSocket('${servers.wsOrigin}/echo?burst=' + i); try { s.close(1001); } catch (e) {} s.close(4000 + i, 'burst'); }</script>`,
    );
    const { page, tabId } = await ext.newPage();
    await page.goto(`${servers.origin}/burst.html`);
    const panel = await ext.openPanel(tabId);
    await waitFor('30 closed rows', async () => {
      const summary = await panel.evaluate<string>(
        `document.querySelector('[data-testid="summary"]')?.textContent ?? ''`,
      );
      return summary.startsWith('30 connections') && summary.includes('0 open') ? summary : null;
    });
    const invalid = await panel.evaluate<number>(
      `document.querySelectorAll('tr.row .invalid-marker').length`,
    );
    assert.equal(invalid, 30, 'every invalid close(1001) made before the bridge loaded is there');
    await panel.close();
    await page.close();
  });
});
