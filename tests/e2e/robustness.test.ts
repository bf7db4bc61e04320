/**
 * Nothing lost: events before the panel opens, across a forced service-worker stop, across
 * navigations (Preserve log), in every kind of frame, and with the connection cap.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { type ExtensionBrowser, launchWithExtension } from '../support/browser';
import { readRows, waitForRow } from '../support/panel';
import { startServers, type TestServers } from '../support/servers';

let servers: TestServers;
let browser: ExtensionBrowser;

const helpers = (ws: string): string => `<script>
window.sock = (tag, code = 4000) => new Promise((resolve) => {
  const s = new WebSocket('${ws}/echo?tag=' + tag);
  s.onopen = () => s.close(code, tag);
  s.onclose = () => resolve();
});
</script>`;

async function stopServiceWorker(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const { targetInfos } = (await cdp.send('Target.getTargets')) as {
    targetInfos: { type: string; targetId: string; url: string }[];
  };
  const sw = targetInfos.find(
    (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${browser.extensionId}/`),
  );
  assert.ok(sw, 'the extension service worker is running');
  await cdp.send('Target.closeTarget', { targetId: sw.targetId });
  await cdp.detach();
}

describe('nothing lost', () => {
  before(async () => {
    servers = await startServers();
    servers.page('/p.html', `<!doctype html><title>p</title>${helpers(servers.wsOrigin)}`);
    servers.page('/p2.html', `<!doctype html><title>p2</title>${helpers(servers.wsOrigin)}`);
    servers.page(
      '/frame.html',
      `<!doctype html><script>const s = new WebSocket('${servers.wsOrigin}/echo?tag=' + location.hash.slice(1)); s.onopen = () => s.close(4100, 'frame');</script>`,
    );
    browser = await launchWithExtension();
  });

  after(async () => {
    await browser?.close();
    await servers?.close();
  });

  it('a forced service-worker stop loses nothing and duplicates nothing', async () => {
    const { page, tabId } = await browser.newPage(`${servers.origin}/p.html`);
    await page.evaluate("window.sock('before-panel')");
    const panel = await browser.openPanel(tabId);
    await waitForRow(
      panel,
      (r) => r.url.endsWith('tag=before-panel') && r.state === 'closed',
      'the socket from before the panel opened',
    );
    await page.evaluate("window.sock('before-stop')");
    await waitForRow(panel, (r) => r.url.endsWith('tag=before-stop') && r.state === 'closed', 'before-stop');

    await stopServiceWorker(page);
    await page.evaluate("window.sock('after-stop')");
    await waitForRow(
      panel,
      (r) => r.url.endsWith('tag=after-stop') && r.state === 'closed',
      'the socket after the stop',
    );

    // A second stop while the panel is closed, then a new panel.
    await panel.close();
    await stopServiceWorker(page);
    await page.evaluate("window.sock('panel-closed')");
    const again = await browser.openPanel(await browser.tabIdOf(page));
    await waitForRow(
      again,
      (r) => r.url.endsWith('tag=panel-closed') && r.state === 'closed',
      'panel-closed',
    );
    const rows = await readRows(again);
    const tags = rows.map((r) => new URL(r.url.split(' ')[0] ?? '').searchParams.get('tag')).sort();
    assert.deepEqual(tags, ['after-stop', 'before-panel', 'before-stop', 'panel-closed']);
    console.log(`service-worker stop: ${rows.length} rows after two forced stops, 0 duplicates`);
    await again.close();
    await page.close();
  });

  it('Preserve log keeps rows across reload and navigation, with a separator; off clears them', async () => {
    const { page, tabId } = await browser.newPage(`${servers.origin}/p.html`);
    const panel = await browser.openPanel(tabId);
    await panel.locator('input[aria-label="Preserve log"]').check();
    await page.evaluate("window.sock('first-load')");
    await waitForRow(panel, (r) => r.url.endsWith('tag=first-load') && r.state === 'closed', 'first-load');
    await page.reload();
    await page.evaluate("window.sock('after-reload')");
    await page.goto(`${servers.origin}/p2.html`);
    await page.evaluate("window.sock('after-navigation')");
    await waitForRow(
      panel,
      (r) => r.url.endsWith('tag=after-navigation') && r.state === 'closed',
      'after-navigation',
    );
    const tags = (await readRows(panel)).map((r) => r.url.split('tag=')[1]);
    assert.deepEqual(tags, ['first-load', 'after-reload', 'after-navigation']);
    assert.equal(await panel.locator('tr.row.nav-separator').count(), 2, 'a separator at each navigation');

    await panel.locator('input[aria-label="Preserve log"]').uncheck();
    await page.reload();
    await page.evaluate("window.sock('fresh')");
    await waitForRow(panel, (r) => r.url.endsWith('tag=fresh') && r.state === 'closed', 'fresh');
    await panel.waitForTimeout(300);
    assert.deepEqual(
      (await readRows(panel)).map((r) => r.url.split('tag=')[1]),
      ['fresh'],
    );
    await page.close();
    await panel.waitForSelector('[data-status="The inspected tab was closed."]');
    await panel.close();
  });

  it('every kind of frame: rows name their frame', async () => {
    servers.page(
      '/frames.html',
      `<!doctype html><body><script>
const ws = '${servers.wsOrigin}';
function add(attrs) { const f = document.createElement('iframe'); Object.assign(f, attrs); document.body.append(f); return f; }
add({ src: '/frame.html#same-origin' });
add({ src: '${servers.otherOrigin}/frame.html#cross-origin' });
add({ srcdoc: '<script>const s = new WebSocket("' + ws + '/echo?tag=srcdoc"); s.onopen = () => s.close(4100, "frame");<\\/script>' });
const sb = add({ src: '/frame.html#sandboxed' }); sb.setAttribute('sandbox', 'allow-scripts');
sb.src = '/frame.html#sandboxed';
const blank = add({});
blank.contentWindow.eval("const s = new WebSocket('" + ws + "/echo?tag=about-blank-eval'); s.onopen = () => s.close(4100, 'frame');");
const s = new WebSocket(ws + '/echo?tag=top'); s.onopen = () => s.close(4100, 'top');
</script></body>`,
    );
    servers.page(
      '/frame.html',
      `<!doctype html><script>const s = new WebSocket('${servers.wsOrigin}/echo?tag=' + location.hash.slice(1)); s.onopen = () => s.close(4100, 'frame');</script>`,
    );
    servers.page(
      '/frame.html',
      `<!doctype html><script>const s = new WebSocket('${servers.wsOrigin}/echo?tag=' + location.hash.slice(1)); s.onopen = () => s.close(4100, 'frame');</script>`,
      {},
    );
    const { page, tabId } = await browser.newPage(`${servers.origin}/frames.html`);
    const panel = await browser.openPanel(tabId);
    const expect: [string, RegExp | null][] = [
      ['top', null],
      ['same-origin', /\(frame http:\/\/127\.0\.0\.1:\d+\/frame\.html#same-origin\)/],
      ['cross-origin', /\(frame http:\/\/127\.0\.0\.1:\d+\/frame\.html#cross-origin\)/],
      ['srcdoc', /\(frame about:srcdoc\)/],
      ['sandboxed', /\(frame http:\/\/127\.0\.0\.1:\d+\/frame\.html#sandboxed\)/],
      ['about-blank-eval', /\(frame about:blank\)/],
    ];
    for (const [tag, frame] of expect) {
      const row = await waitForRow(
        panel,
        (r) => r.url.includes(`tag=${tag}`) && r.state === 'closed',
        `the ${tag} socket`,
      );
      if (frame) assert.match(row.url, frame);
      else assert.doesNotMatch(row.url, /\(frame /);
    }
    await page.close();
    await panel.close();
  });

  it('the connection cap holds, with a visible "older connections dropped" marker', async () => {
    const { page, tabId } = await browser.newPage(`${servers.origin}/p.html`);
    const panel = await browser.openPanel(tabId);
    await panel.fill('input[aria-label="Connections to keep"]', '50');
    await panel.press('input[aria-label="Connections to keep"]', 'Enter');
    await panel.waitForTimeout(300);
    await page.evaluate(`(async () => { for (let i = 0; i < 120; i++) await window.sock('n' + i); })()`);
    await waitForRow(panel, (r) => r.url.endsWith('tag=n119') && r.state === 'closed', 'the last socket');
    await panel.waitForSelector('.summary .dropped');
    const dropped = (await panel.textContent('.summary .dropped')) ?? '';
    assert.match(dropped, /^70 older connections dropped$/);
    assert.equal((await readRows(panel)).length, 50);
    await panel.fill('input[aria-label="Connections to keep"]', '5000');
    await panel.press('input[aria-label="Connections to keep"]', 'Enter');
    await page.close();
    await panel.close();
  });

  it('message counts: sent and received messages and bytes, for every data type', async () => {
    servers.page(
      '/traffic.html',
      `<!doctype html><script>
window.__done = (async () => {
  const s = new WebSocket('${servers.wsOrigin}/echo?tag=traffic');
  await new Promise((r) => (s.onopen = r));
  let got = 0;
  const all = new Promise((r) => (s.onmessage = () => { if (++got === 5) r(); }));
  s.send('héllo'); s.send(new Uint8Array(10)); s.send(new Blob(['abc'])); s.send(new ArrayBuffer(7)); s.send({ toString() { return 'obj'; } });
  await all;
  s.close(1000);
  await new Promise((r) => (s.onclose = r));
  return got;
})();
</script>`,
    );
    const { page, tabId } = await browser.newPage(`${servers.origin}/traffic.html`);
    assert.equal(await page.evaluate('window.__done'), 5);
    const panel = await browser.openPanel(tabId);
    await waitForRow(
      panel,
      (r) => r.url.endsWith('tag=traffic') && r.state === 'closed',
      'the traffic socket',
    );
    await panel.dblclick('tr.row');
    await panel.waitForSelector('.detail');
    const detail = (await panel.textContent('.detail')) ?? '';
    // 'héllo' is 6 UTF-8 bytes; 6 + 10 + 3 + 7 + 3 = 29, echoed back the same.
    assert.match(detail, /sent 5 \(29 bytes\), received 5 \(29 bytes\)/);
    await page.close();
    await panel.close();
  });
});
