/**
 * The page's lifecycle, recorded for "why it closed" (Chromium, driven through the browser's own
 * means: Playwright's setOffline is CDP's network emulation, which fires the page's own offline
 * and online events). The panel's export must carry what the page went through, and a socket
 * dropped while the browser was offline must be explained by it.
 *
 * Not here: hidden/visible and freeze/resume. Headless Chromium keeps every page visible (a
 * minimised window, another tab in front) and CDP's Page.setWebLifecycleState freezes only
 * hidden pages, so the browser itself offers no way to drive them; their explanations are
 * unit-tested (tests/unit/why).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServers, type TestServers } from '../../demo/servers';
import { type ExtensionBrowser, launchWithExtension } from '../../recorder/chromium';
import { selectedBrowsers, waitFor } from '../support/driver';
import { exportFromPanel } from '../support/exportLog';
import { waitForRowIn } from '../support/panel';

describe('chromium: the page lifecycle', { skip: !selectedBrowsers().includes('chromium') }, () => {
  let servers: TestServers;
  let ext: ExtensionBrowser;

  before(async () => {
    servers = await startServers();
    servers.page(
      '/lifecycle.html',
      `<!doctype html><title>lifecycle</title><script>
window.open_ = (tag) => new Promise((resolve) => {
  const s = new WebSocket('${servers.wsOrigin}/echo?tag=' + tag);
  s.onopen = () => resolve();
  window.sockets = [...(window.sockets || []), s];
});
</script>`,
    );
    ext = await launchWithExtension();
  });

  after(async () => {
    await ext?.close();
    await servers?.close();
  });

  it('offline and online reach the close log; a drop while offline is explained by it', async () => {
    const { page, tabId } = await ext.newPage(`${servers.origin}/lifecycle.html`);
    const panel = await ext.openPanel(tabId);
    // The first socket starts the bridge, which then watches the lifecycle.
    await page.evaluate("window.open_('first')");
    await waitForRowIn(panel, (r) => r.url.includes('tag=first') && r.state === 'open', 'the first socket');

    await page.evaluate("window.open_('second')");
    await waitForRowIn(panel, (r) => r.url.includes('tag=second') && r.state === 'open', 'the second socket');

    await page.context().setOffline(true);
    await waitFor('the page is offline', () => page.evaluate('navigator.onLine === false'));
    // The server drops the socket while the browser is offline.
    await page.evaluate("window.sockets[1].send('x')");
    await servers.close().catch(() => undefined);
    await waitForRowIn(panel, (r) => r.url.includes('tag=second') && r.state === 'closed', 'the drop');
    await page.context().setOffline(false);
    await waitFor('the page is online', () => page.evaluate('navigator.onLine === true'));

    const log = await waitFor('the lifecycle in the export', async () => {
      const l = await exportFromPanel(panel);
      const kinds = l.lifecycle.map((e) => e.kind);
      return kinds.includes('offline') && kinds.includes('online') ? l : null;
    });
    const kinds = log.lifecycle.map((e) => e.kind);
    assert.ok(kinds.indexOf('offline') < kinds.indexOf('online'), kinds.join());
    const dropped = log.connections.find((c) => c.url.includes('tag=second'));
    assert.equal(dropped?.closeEvent?.wasClean, false);
    const offline = dropped?.why.find((f) => f.id === 'went-offline');
    assert.ok(offline, JSON.stringify(dropped?.why));
    assert.ok(offline.evidence.length > 0);
  });
});
