/**
 * End to end in real headless Chromium with the built extension: every way a socket can end
 * shows up in the panel (tab mode), and the page still gets the browser's own exceptions.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { type ExtensionBrowser, launchWithExtension } from '../support/browser';
import { waitForRow } from '../support/panel';
import { startServers, type TestServers } from '../support/servers';
import { backbonePage as pageScript } from './scenarios/backbone';

let servers: TestServers;
let browser: ExtensionBrowser;
let page: Page;
let panel: Page;
let pageResults: Record<string, string>;
const consoleLines: string[] = [];

describe('backbone: every close shows up in the panel', () => {
  before(async () => {
    servers = await startServers();
    servers.page(
      '/backbone.html',
      `<!doctype html><html><body><h1>sockets</h1><script>${pageScript(servers.wsOrigin, servers.refusedPort)}</script></body></html>`,
    );
    browser = await launchWithExtension();
    const opened = await browser.newPage();
    page = opened.page;
    page.on('console', (m) => consoleLines.push(m.text()));
    await page.goto(`${servers.origin}/backbone.html`);
    await page.waitForFunction('window.allDone !== undefined');
    await page.evaluate('window.allDone');
    pageResults = (await page.evaluate('window.results')) as Record<string, string>;
    panel = await browser.openPanel(opened.tabId);
  });

  after(async () => {
    await browser?.close();
    await servers?.close();
  });

  it('page close with 1000', async () => {
    const row = await waitForRow(
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
    const row = await waitForRow(
      panel,
      (r) => r.url.includes('case=app4001') && r.state === 'closed',
      'the 4001 close',
    );
    assert.equal(row.initiator, 'page');
    assert.equal(row.code, '4001 Private use');
    assert.equal(row.reason, 'session expired');
    assert.equal(row.bytes, '15 / 123 bytes');
    await servers.waitForReceived(
      (r) => r.path.includes('case=app4001') && r.code === 4001 && r.reason === 'session expired',
    );
  });

  it('server close with 1001 and a reason', async () => {
    const row = await waitForRow(
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
    const row = await waitForRow(
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
    const row = await waitForRow(
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
    const row = await waitForRow(
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
    assert.equal(
      pageResults.close1001,
      "DOMException:InvalidAccessError:Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. 1001 is neither.",
    );
    assert.equal(
      pageResults.close124,
      "DOMException:SyntaxError:Failed to execute 'close' on 'WebSocket': The close reason must not be greater than 123 UTF-8 bytes.",
    );
    const row = await waitForRow(
      panel,
      (r) => r.url.includes('case=invalid1001') && r.state === 'closed',
      'the invalid calls',
    );
    assert.equal(row.invalid, true);
    assert.match(row.calls, /invalid\s*3/);
    assert.equal(row.code, '1000 Normal Closure');
    assert.ok(
      consoleLines.some(
        (l) => l.startsWith('[WS Close Inspector] close(1001)') && l.includes('InvalidAccessError'),
      ),
    );
  });

  it('a socket in a same-origin (srcdoc) iframe names its frame', async () => {
    const row = await waitForRow(
      panel,
      (r) => r.url.includes('case=iframe') && r.state === 'closed',
      'the iframe socket',
    );
    assert.equal(row.code, '4002 Private use');
    assert.equal(row.reason, 'from frame');
    assert.match(row.url, /\(frame about:srcdoc\)/);
  });

  it('renders a screenshot of the panel for the README', async () => {
    await panel.setViewportSize({ width: 1400, height: 360 });
    await panel.click('tr.row[data-key] >> nth=6');
    await panel.focus('table.grid');
    await panel.keyboard.press('Enter');
    await panel.waitForSelector('.detail');
    await panel.screenshot({ path: 'docs/panel.png' });
  });
});
