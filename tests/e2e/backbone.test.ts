/**
 * End to end in real headless Chromium and Firefox with the built extension: every way a socket
 * can end shows up in the panel (tab mode), with the right initiator, code, reason, diagnosis and
 * server-side view, and the page still gets its own browser's exceptions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { startServers, type TestServers } from '../../demo/servers';
import { type ExtensionBrowser, launchWithExtension } from '../../recorder/chromium';
import {
  type BrowserName,
  DRIVERS,
  type Driver,
  type DriverPage,
  selectedBrowsers,
  waitFor,
} from '../support/driver';
import { waitForRowIn } from '../support/panel';
import { backbonePage as pageScript } from './scenarios/backbone';

/** What each browser's own close() throws for close(1001) and a 124-byte reason. */
const OWN_EXCEPTIONS: Record<BrowserName, { code: string; reason: string }> = {
  chromium: {
    code: "DOMException:InvalidAccessError:Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. 1001 is neither.",
    reason:
      "DOMException:SyntaxError:Failed to execute 'close' on 'WebSocket': The close reason must not be greater than 123 UTF-8 bytes.",
  },
  firefox: {
    code: 'DOMException:InvalidAccessError:A parameter or an operation is not supported by the underlying object',
    reason: 'DOMException:SyntaxError:An invalid or illegal string was specified',
  },
};

const backboneHtml = (servers: TestServers): string =>
  `<!doctype html><html><body><h1>sockets</h1><script>${pageScript(servers.wsOrigin, servers.refusedPort)}</script></body></html>`;

for (const name of selectedBrowsers()) {
  describe(`${name}: backbone: every close shows up in the panel`, () => {
    let servers: TestServers;
    let driver: Driver;
    let page: DriverPage;
    let panel: DriverPage;
    let pageResults: Record<string, string>;

    before(async () => {
      servers = await startServers();
      servers.page('/backbone.html', backboneHtml(servers));
      driver = await DRIVERS[name]();
      page = await driver.newPage();
      await page.goto(`${servers.origin}/backbone.html`);
      await waitFor('the page script', () => page.evaluate<boolean>('window.allDone !== undefined'));
      await page.evaluate('window.allDone');
      pageResults = await page.evaluate<Record<string, string>>('window.results');
      panel = await driver.openPanel(page);
    });

    after(async () => {
      await driver?.close();
      await servers?.close();
    });

    it('page close with 1000', async () => {
      const row = await waitForRowIn(
        panel,
        (r) => r.url.includes('case=normal1000') && r.state === 'closed',
        'the 1000 close',
      );
      assert.equal(row.initiator, 'page');
      assert.equal(row.code, '1000 Normal Closure');
      assert.equal(row.clean, 'true');
      assert.equal(row.invalid, false);
      assert.match(row.diagnosis, /Closed cleanly by the page with 1000 Normal Closure/);
      assert.equal(pageResults['normal1000:close'], '1000||true');
    });

    it('page close with 4001 and a reason, with its byte length', async () => {
      const row = await waitForRowIn(
        panel,
        (r) => r.url.includes('case=app4001') && r.state === 'closed',
        'the 4001 close',
      );
      assert.equal(row.initiator, 'page');
      assert.equal(row.code, '4001 Private use');
      assert.equal(row.reason, 'session expired');
      assert.equal(row.bytes, '15 / 123 bytes');
      assert.equal(
        await panel.evaluate<string>(`document.querySelector('[data-testid="engine"]')?.textContent ?? ''`),
        name === 'chromium' ? 'Chromium' : 'Firefox',
        'the panel says which browser produced the log',
      );
      await servers.waitForReceived(
        (r) => r.path.includes('case=app4001') && r.code === 4001 && r.reason === 'session expired',
      );
    });

    it('server close with 1001 and a reason', async () => {
      const row = await waitForRowIn(
        panel,
        (r) => r.url.includes('case=server1001') && r.state === 'closed',
        'the server 1001 close',
      );
      assert.equal(row.initiator, 'server');
      assert.equal(row.code, '1001 Going Away');
      assert.equal(row.reason, 'server going down');
      assert.equal(row.bytes, '17 / 123 bytes');
      assert.equal(row.clean, 'true');
      assert.match(row.diagnosis, /by the server with 1001 Going Away/);
    });

    it('server drops the TCP connection: 1006, not clean', async () => {
      const row = await waitForRowIn(
        panel,
        (r) => r.url.includes('case=drop') && r.state === 'closed',
        'the dropped connection',
      );
      assert.equal(row.initiator, 'failure');
      assert.equal(row.code, '1006 Abnormal Closure');
      assert.equal(row.clean, 'false');
      assert.match(row.diagnosis, /Dropped without a Close frame/);
    });

    it('connection refused', async () => {
      const row = await waitForRowIn(
        panel,
        (r) => r.url.includes('/refused') && r.state === 'closed',
        'the refused connection',
      );
      assert.equal(row.initiator, 'failure');
      assert.equal(row.code, '1006 Abnormal Closure');
      assert.match(row.diagnosis, /Never opened/);
      assert.equal(pageResults['refused:error'], 'error');
    });

    it('page closes while CONNECTING', async () => {
      const row = await waitForRowIn(
        panel,
        (r) => r.url.includes('case=connecting') && r.state === 'closed',
        'the close while connecting',
      );
      assert.equal(row.initiator, 'page');
      assert.equal(row.code, '1006 Abnormal Closure');
      assert.match(row.diagnosis, /while CONNECTING/);
      assert.equal(pageResults['connecting:error'], 'error');
    });

    it('invalid close(1001) and a 124-byte reason: the page gets the browser’s own exceptions, the panel marks the call', async () => {
      assert.equal(pageResults.close1001, OWN_EXCEPTIONS[name].code);
      assert.equal(pageResults.close124, OWN_EXCEPTIONS[name].reason);
      const row = await waitForRowIn(
        panel,
        (r) => r.url.includes('case=invalid1001') && r.state === 'closed',
        'the invalid calls',
      );
      assert.equal(row.invalid, true);
      assert.match(row.calls, /invalid\s*3/);
      assert.equal(row.code, '1000 Normal Closure');
      assert.ok(
        page.warnings.some(
          (l) => l.startsWith('[WS Close Inspector] close(1001)') && l.includes('InvalidAccessError'),
        ),
      );
    });

    it('a socket in a same-origin (srcdoc) iframe names its frame', async () => {
      const row = await waitForRowIn(
        panel,
        (r) => r.url.includes('case=iframe') && r.state === 'closed',
        'the iframe socket',
      );
      assert.equal(row.code, '4002 Private use');
      assert.equal(row.reason, 'from frame');
      assert.match(row.url, /\(frame about:srcdoc\)/);
    });
  });
}

/** The README's screenshot, made from the real panel in Chromium. */
describe('backbone: the README screenshot', { skip: !selectedBrowsers().includes('chromium') }, () => {
  let servers: TestServers;
  let browser: ExtensionBrowser;
  let panel: Page;

  before(async () => {
    servers = await startServers();
    servers.page('/backbone.html', backboneHtml(servers));
    browser = await launchWithExtension();
    const opened = await browser.newPage();
    await opened.page.goto(`${servers.origin}/backbone.html`);
    await opened.page.waitForFunction('window.allDone !== undefined');
    await opened.page.evaluate('window.allDone');
    panel = await browser.openPanel(opened.tabId);
    await panel.waitForSelector('tr.row[data-key] >> nth=7');
  });

  after(async () => {
    await browser?.close();
    await servers?.close();
  });

  it('renders screenshots of the panel and its timeline for the README', async () => {
    await panel.setViewportSize({ width: 1400, height: 360 });
    await panel.click('tr.row[data-key] >> nth=6');
    await panel.focus('table.grid');
    await panel.keyboard.press('Enter');
    await panel.waitForSelector('.detail');
    await panel.screenshot({ path: 'docs/panel.png' });
    // The same rows in time.
    await panel.click('button[aria-label="Close details"]');
    await panel.setViewportSize({ width: 1400, height: 420 });
    await panel.click('button[aria-label="Timeline"]');
    await panel.waitForSelector('[data-testid="timeline"] button.lane');
    await panel.screenshot({ path: 'docs/timeline.png' });
  });
});
