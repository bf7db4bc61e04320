/**
 * The real Firefox DevTools path: the toolbox opens for the tab, the "WS Closes" panel that the
 * extension's devtools_page registers is selected, and what it renders is read from inside the
 * toolbox (tests/support/firefoxToolbox.ts says how). The Chromium counterpart is devtools.test.ts.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'puppeteer-core';
import { startServers, type TestServers } from '../../demo/servers';
import { type FirefoxWithExtension, launchFirefoxWithExtension, PANEL_ORIGIN } from '../../recorder/firefox';
import type { CloseLog } from '../../src/closeLog';
import { selectedBrowsers, waitFor } from '../support/driver';
import { FirefoxToolboxPanel } from '../support/firefoxToolbox';
import { waitForRowIn } from '../support/panel';
import { backbonePage } from './scenarios/backbone';

describe('firefox: the panel inside the real DevTools toolbox', {
  skip: !selectedBrowsers().includes('firefox'),
}, () => {
  let servers: TestServers;
  let ff: FirefoxWithExtension;
  let page: Page;
  let panel: FirefoxToolboxPanel;
  const downloads = mkdtempSync(join(tmpdir(), 'wsci-ff-downloads-'));

  before(async () => {
    servers = await startServers();
    servers.page(
      '/toolbox.html',
      `<!doctype html><html><body><script>${backbonePage(servers.wsOrigin, servers.refusedPort)}</script></body></html>`,
    );
    ff = await launchFirefoxWithExtension({
      // Exports are real downloads: let them land in a known folder without a dialog.
      prefs: {
        'browser.download.dir': downloads,
        'browser.download.folderList': 2,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
        'browser.download.start_downloads_in_tmp_dir': false,
      },
    });
    page = await ff.newPage(`${servers.origin}/toolbox.html`);
    await waitFor('the page script', () => page.evaluate('window.allDone !== undefined'));
    await page.evaluate('window.allDone');
    panel = await FirefoxToolboxPanel.open(ff.browser, page);
  });

  after(async () => {
    await ff?.close();
    await servers?.close();
    rmSync(downloads, { recursive: true, force: true });
  });

  it('the toolbox loads the panel from the extension root and lists every ending with Firefox’s verdicts', async () => {
    assert.equal(await panel.location(), `${PANEL_ORIGIN}/extension/panel/index.html`);
    assert.equal(await panel.currentTool(), panel.toolId, 'the toolbox shows the WS Closes panel');
    const expect: [string, string, string, string][] = [
      ['case=normal1000', 'page', '1000 Normal Closure', 'true'],
      ['case=app4001', 'page', '4001 Private use', 'true'],
      ['case=server1001', 'server', '1001 Going Away', 'true'],
      ['case=drop', 'failure', '1006 Abnormal Closure', 'false'],
      ['/refused', 'failure', '1006 Abnormal Closure', 'false'],
      ['case=connecting', 'page', '1006 Abnormal Closure', 'false'],
      ['case=iframe', 'page', '4002 Private use', 'true'],
    ];
    for (const [marker, initiator, code, clean] of expect) {
      const row = await waitForRowIn(panel, (r) => r.url.includes(marker) && r.state === 'closed', marker);
      assert.equal(row.initiator, initiator, marker);
      assert.equal(row.code, code, marker);
      assert.equal(row.clean, clean, marker);
    }
    const invalid = await waitForRowIn(panel, (r) => r.url.includes('case=invalid1001'), 'invalid1001');
    assert.equal(invalid.invalid, true);
    assert.equal(
      await panel.evaluate<string>(`document.querySelector('[data-testid="engine"]').textContent`),
      'Firefox',
    );
    assert.equal(
      await panel.evaluate<boolean>(`document.querySelector('button[aria-label="Open in a tab"]') !== null`),
      true,
      'the DevTools-only button is there',
    );
  });

  it('the detail view shows the call with Firefox’s own exception; stack locations are text, not dead links', async () => {
    const row = await waitForRowIn(panel, (r) => r.url.includes('case=invalid1001'), 'invalid1001');
    // A user opens the details with a double click (or Enter).
    await panel.evaluate(
      `document.querySelector('tr.row[data-key="${row.key}"]').dispatchEvent(new MouseEvent('dblclick', { bubbles: true }))`,
    );
    const detail = await waitFor('the detail view', () =>
      panel.evaluate<string>(`document.querySelector('[data-testid="detail"]')?.innerText ?? ''`),
    );
    assert.match(detail, /InvalidAccessError/);
    assert.match(detail, /A parameter or an operation is not supported by the underlying object/);
    // Firefox offers extensions no devtools.panels.openResource: a button would do nothing.
    const stack = await panel.evaluate<{ buttons: number; frames: string[]; title: string }>(`(() => {
      const s = document.querySelector('[data-testid="stack"]');
      return {
        buttons: s.querySelectorAll('button').length,
        frames: [...s.querySelectorAll('li')].map((li) => li.textContent),
        title: s.querySelector('.source-location')?.title ?? '',
      };
    })()`);
    assert.equal(stack.buttons, 0);
    // The first frame is the page's own caller; Firefox's "<anonymous code>" frames of the
    // inspector's wrapper are not shown anywhere.
    assert.match(stack.frames[0] ?? '', /toolbox\.html:\d+:\d+$/, stack.frames.join(', '));
    assert.ok(!stack.frames.some((f) => f.includes('<anonymous code>')), stack.frames.join(', '));
    assert.match(stack.title, /Debugger/);
  });

  it('follows the DevTools theme, and its changes', async () => {
    const themeClass = () => panel.evaluate<string>('document.documentElement.className');
    // Firefox names its light theme "light" (Chromium: "default").
    await panel.setDevToolsTheme('light');
    await waitFor('the light theme', async () => /theme-light/.test(await themeClass()));
    await panel.setDevToolsTheme('dark');
    try {
      await waitFor('the dark theme', async () => /theme-dark/.test(await themeClass()));
      assert.doesNotMatch(await themeClass(), /theme-light/);
    } finally {
      await panel.setDevToolsTheme('light');
    }
    await waitFor('the light theme again', async () => /theme-light/.test(await themeClass()));
  });

  it('live: a socket closed while the panel is open appears without a reload', async () => {
    await page.evaluate(`(() => {
      const s = new WebSocket('${servers.wsOrigin}/echo?case=live');
      s.onopen = () => s.close(4100, 'while watching');
    })()`);
    const row = await waitForRowIn(panel, (r) => r.url.includes('case=live') && r.state === 'closed', 'live');
    assert.equal(row.code, '4100 Private use');
    assert.equal(row.reason, 'while watching');
  });

  it('a reload clears the panel (Preserve log is off) and shows the new document’s sockets', async () => {
    await page.reload();
    await waitFor('the page script', () => page.evaluate('window.allDone !== undefined'));
    await page.evaluate('window.allDone');
    await waitFor('only the new document’s rows', async () => {
      const text = await panel.evaluate<string>(
        `document.querySelector('[data-testid="summary"]').textContent`,
      );
      const live = await panel.evaluate<number>(`document.querySelectorAll('tr.row').length`);
      return /^8 connections/.test(text) && live === 8;
    });
  });

  it('Export JSON from the toolbox downloads a close log that names Firefox', async () => {
    await panel.click('button[aria-label="Export JSON"]');
    const file = await waitFor('the downloaded close log', async () =>
      readdirSync(downloads).find((f) => /^ws-closes-.*\.json$/.test(f)),
    );
    const log = await waitFor('a complete file', async () => {
      try {
        return JSON.parse(readFileSync(join(downloads, file), 'utf8')) as CloseLog;
      } catch {
        return null; // still being written
      }
    });
    assert.equal(log.browser.engine, 'firefox');
    assert.equal(log.page.url, `${servers.origin}/toolbox.html`);
    assert.equal(log.connections.length, 8);
    const app = log.connections.find((c) => c.url.includes('case=app4001'));
    assert.equal(app?.closeEvent?.code, 4001);
  });

  it('“Open in tab” opens the same panel in a tab for the inspected tab', async () => {
    await panel.click('button[aria-label="Open in a tab"]');
    const url = await waitFor('the panel tab', async () =>
      (await panel.tabUrls()).find((u) => u.startsWith(`${PANEL_ORIGIN}/extension/panel/index.html?tabId=`)),
    );
    // The inspected tab's id, asked of the extension's tabs API independently of the panel.
    const inspected = await ff.tabIdOf(page);
    assert.equal(url, `${PANEL_ORIGIN}/extension/panel/index.html?tabId=${inspected}`);
  });
});
