/**
 * The panel itself, in real headless Chromium (tab mode): the detail view, filters and their
 * persistence, sorting, keyboard, theme, accessible names, stable layout under live updates,
 * Copy as JSON, close-log import (file picker, drag and drop, round trip, bad files), and
 * 10,000 imported connections in the virtualised table.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { type CloseLog, type ExportedConnection, toCloseLog } from '../../src/closeLog';
import { ConnectionStore } from '../../src/model';
import type { LogEvent } from '../../src/protocol';
import { type ExtensionBrowser, launchWithExtension } from '../support/browser';
import { exportFromPanel, waitForClosedCount } from '../support/exportLog';
import { type PanelRow, readRenderedRows, readRows } from '../support/panel';
import { startServers, type TestServers } from '../support/servers';
import {
  batch,
  closeCallEvent,
  closed,
  created,
  documentEvent,
  errored,
  opened,
  sequence,
  threw,
} from '../unit/fixtures';

let servers: TestServers;
let browser: ExtensionBrowser;
let page: Page;
let panel: Page;
let tabId: number;
let work: string;

const UNICODE_REASON = 'héllo wörld ✓';

/** The page's own script: each close() comes from a named function, so stacks name page code. */
const pageHtml = (
  ws: string,
  refusedPort: number,
): string => `<!doctype html><title>panel test</title><script>
window.results = {};
function closeClean(s) { s.close(1000); }
function closeWithReason(s) { s.close(4001, ${JSON.stringify(UNICODE_REASON)}); }
function closeBadly(s) {
  try { s.close(1001); } catch (e) { results.first = e.name; }
  try { s.close(2999.5, 'bye'); } catch (e) { results.second = e.name; }
  s.close(3000, 'bye');
}
function scenario(name, path, onopen) {
  return new Promise((resolve) => {
    const base = path.startsWith('ws:') ? path : '${ws}' + path;
    const s = new WebSocket(base + (path.includes('?') ? '&' : '?') + 'case=' + name);
    s.onopen = () => { if (onopen) onopen(s); };
    s.onclose = () => resolve();
  });
}
window.runAll = async () => {
  await scenario('clean', '/echo', closeClean);
  await scenario('reason', '/echo', closeWithReason);
  await scenario('server', '/server-close?code=1001&reason=going%20away');
  await scenario('drop', '/drop');
  await scenario('invalid', '/echo', closeBadly);
  await scenario('refused', 'ws://127.0.0.1:${refusedPort}/refused');
};
window.more = (n, tag) => Promise.all(Array.from({ length: n }, (_, i) => scenario(tag + i, '/echo', closeClean)));
</script>`;

const withoutKey = (rows: PanelRow[]): Omit<PanelRow, 'key'>[] => rows.map(({ key: _k, ...rest }) => rest);
const caseOf = (r: PanelRow): string => /case=([\w-]+)/.exec(r.url)?.[1] ?? r.url;

async function text(p: Page, selector: string): Promise<string> {
  return ((await p.textContent(selector)) ?? '').trim();
}

/** Polls from Node (extension pages forbid the eval a string predicate needs). */
async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function cases(p: Page): Promise<string[]> {
  return (await readRows(p)).map(caseOf);
}

async function openDetailFor(p: Page, name: string): Promise<void> {
  await p.dblclick(`tr.row:has(td.c-url:has-text("case=${name}"))`);
  await p.waitForSelector('[data-testid="detail"]');
  await waitUntil(`the details of ${name}`, async () =>
    (await text(p, '.detail h3')).endsWith(`case=${name}`),
  );
}

async function importFile(p: Page, path: string): Promise<void> {
  await p.setInputFiles('[data-testid="import-input"]', path);
}

/** A close log of `n` connections built with the real model: ConnectionStore fed Sequenced events. */
function buildLargeLog(n: number): CloseLog {
  const t0 = 1_795_593_600_000;
  const store = new ConnectionStore({ maxConnections: n + 1 });
  const events: LogEvent[] = [documentEvent(t0 - 1, 'https://load.example/app')];
  for (let i = 0; i < n; i++) {
    const sid = i + 1;
    const t = t0 + i * 10;
    events.push(created(sid, t, `wss://load.example/socket/${i}`), opened(sid, t + 2));
    switch (i % 5) {
      case 0:
        events.push(closeCallEvent({ sid, callId: 1, t: t + 5, args: [1000, 'done'] }));
        events.push(closed(sid, t + 7, 1000, true, 'done'));
        break;
      case 1:
        events.push(closed(sid, t + 8, 1001, true, 'maintenance'));
        break;
      case 2:
        events.push(errored(sid, t + 6), closed(sid, t + 6, 1006, false));
        break;
      case 3:
        events.push(
          closeCallEvent({
            sid,
            callId: 1,
            t: t + 4,
            args: [1001],
            observed: threw(
              'InvalidAccessError',
              'The close code must be either 1000, or between 3000 and 4999.',
            ),
          }),
          closeCallEvent({ sid, callId: 2, t: t + 5, args: [4000, 'retry'] }),
          closed(sid, t + 7, 4000, true, 'retry'),
        );
        break;
      default:
        break; // still open
    }
  }
  store.apply(batch(sequence(events)));
  return toCloseLog(store.list(), {
    toolName: 'WebSocket Close Inspector',
    toolVersion: '0.1.0',
    engine: store.engine,
    userAgent: store.userAgent,
    exportedAt: new Date(t0 + n * 10).toISOString(),
    pageUrl: store.pageUrl,
    droppedConnections: 0,
    filtered: false,
  });
}

describe('panel', { timeout: 240_000 }, () => {
  before(
    async () => {
      work = mkdtempSync(join(tmpdir(), 'wsci-panel-'));
      servers = await startServers();
      servers.page('/panel.html', pageHtml(servers.wsOrigin, servers.refusedPort));
      browser = await launchWithExtension();
      const opened = await browser.newPage(`${servers.origin}/panel.html`);
      page = opened.page;
      tabId = opened.tabId;
      await page.evaluate('window.runAll()');
      panel = await browser.openPanel(tabId);
      await waitForClosedCount(panel, 6, 20_000);
    },
    { timeout: 60_000 },
  );

  // Each test starts from a freshly loaded panel with no saved filter or sort.
  beforeEach(async () => {
    await panel.evaluate('localStorage.clear()');
    await panel.reload();
    await panel.waitForSelector('[data-testid="summary"]');
    await waitForClosedCount(panel, 6, 20_000);
  });

  after(async () => {
    await browser?.close();
    await servers?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('summary counts at the top, and every control has an accessible name', async () => {
    assert.equal(
      await text(panel, '[data-testid="summary"]'),
      '6 connections · 4 clean · 2 unclean · 0 open · 2 invalid calls',
    );
    const controlsOf = async (): Promise<string[]> => {
      const tree = await panel.locator('.panel').ariaSnapshot();
      const controls = tree
        .split('\n')
        .filter((l) =>
          /^\s*- '?(button|checkbox|spinbutton|searchbox|combobox|textbox|grid|meter)\b/.test(l),
        );
      const unnamed = controls.filter((l) => !/^\s*- '?\w+ "[^"]+"/.test(l));
      assert.deepEqual(unnamed, [], `controls without an accessible name:\n${tree}`);
      return controls;
    };
    // Toolbar, the grid and its sort buttons; then the detail view's controls too.
    assert.ok((await controlsOf()).length >= 19);
    for (const name of ['Clear', 'Export JSON', 'Export CSV', 'Import close log', 'URL', 'Code', 'Lifetime'])
      assert.equal(await panel.getByRole('button', { name, exact: true }).count(), 1, name);
    await openDetailFor(panel, 'invalid');
    const withDetail = await controlsOf();
    assert.ok(withDetail.some((l) => l.includes('button "Copy as JSON"')));
    assert.ok(withDetail.some((l) => l.includes('button "Close details"')));
    assert.ok(
      withDetail.some((l) => l.includes('meter "Reason size: 3 of 123 bytes"')),
      withDetail.join('\n'),
    );
    await panel.click('button[aria-label="Close details"]');
  });

  it('detail view: timeline, durations, every close() call with its stack, the close event, the diagnosis', async () => {
    // The page itself got the browser's own exceptions for the two invalid calls.
    assert.deepEqual(await page.evaluate('window.results'), {
      first: 'InvalidAccessError',
      second: 'InvalidAccessError',
    });
    await openDetailFor(panel, 'invalid');
    const detail = panel.locator('[data-testid="detail"]');
    assert.match(await text(panel, '.detail h3'), /case=invalid$/);

    const kinds = await detail
      .locator('[data-testid="timeline"] li')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-kind')));
    assert.deepEqual(kinds, ['created', 'open', 'close-call', 'close-call', 'close-call', 'close']);
    const timeline = await detail.locator('[data-testid="timeline"] li').allTextContents();
    assert.match(timeline[2] ?? '', /^\+\S+ ms close\(1001\) threw InvalidAccessError$/);
    assert.match(timeline[3] ?? '', /close\(2999\.5, "bye"\) threw InvalidAccessError$/);
    assert.match(timeline[4] ?? '', /close\(3000, "bye"\) accepted$/);
    assert.match(timeline[5] ?? '', /close event 3000 .*, wasClean true$/);

    assert.match(await text(panel, '[data-testid="connect-time"]'), /^\d+(\.\d+)? (ms|s)$/);
    assert.match(await text(panel, '[data-testid="lifetime"]'), /^\d+(\.\d+)? (ms|s)$/);
    assert.match(
      await text(panel, '[data-testid="handshake"]'),
      /^\d+(\.\d+)? (ms|s) \(close\(\) → close event\)$/,
    );

    const calls = detail.locator('[data-testid="close-call"]');
    const callText = async (i: number, field: string): Promise<string> =>
      ((await calls.nth(i).locator(`[data-testid="${field}"]`).textContent()) ?? '').trim();
    assert.equal(await calls.count(), 3);
    assert.equal(await callText(0, 'call-args'), 'code: 1001 (number); reason: (not passed)');
    assert.equal(await callText(0, 'call-converted'), 'code 1001, no reason');
    assert.match(
      await callText(0, 'call-observed'),
      /^threw InvalidAccessError: Failed to execute 'close' on 'WebSocket': .*1001 is neither\.$/,
    );
    // 2999.5: Chromium truncates to 2999 and throws; the standard ([Clamp]) rounds to 3000.
    assert.equal(
      await callText(1, 'call-args'),
      'code: 2999.5 (number); reason: "bye" (string), 3 UTF-16 units',
    );
    assert.equal(await callText(1, 'call-converted'), 'code 2999, reason "bye" (3 UTF-8 bytes)');
    assert.match(await callText(1, 'call-observed'), /^threw InvalidAccessError: .*2999 is neither\.$/);
    const verdicts = await calls.nth(1).locator('[data-testid="verdicts"] tr').allTextContents();
    assert.equal(verdicts.length, 4, 'standard, Chromium, Firefox, Safari');
    assert.ok(
      verdicts.some((v) => /^Chromium \(this browser\)throws InvalidAccessError/.test(v)),
      verdicts.join('\n'),
    );
    assert.ok(
      verdicts.some((v) => /^the WHATWG standardok: code 3000 → sends 3000 "bye"$/.test(v)),
      verdicts.join('\n'),
    );
    assert.equal(await callText(2, 'call-observed'), 'returned (accepted)');
    assert.equal(await callText(2, 'call-converted'), 'code 3000, reason "bye" (3 UTF-8 bytes)');

    // Tab mode: the caller's source locations are text (DevTools mode makes them links to Sources).
    const frames = await calls.nth(2).locator('[data-testid="stack"] li').allTextContents();
    assert.match(frames[0] ?? '', /^closeBadly \(http:\/\/127\.0\.0\.1:\d+\/panel\.html:\d+:\d+\)$/);
    const location = (await calls.nth(2).locator('.source-location').first().textContent()) ?? '';
    assert.match(location, /^http:\/\/127\.0\.0\.1:\d+\/panel\.html:\d+:\d+$/);
    assert.ok(frames[0]?.includes(location));
    assert.equal(await detail.locator('button.source-link').count(), 0);

    assert.match(await text(panel, '[data-testid="close-code"]'), /^3000 \S.* — \S/);
    assert.equal(await text(panel, '[data-testid="close-reason"]'), 'bye');
    assert.match(await text(panel, '[data-testid="reason-size"]'), /^3 \/ 123 UTF-8 bytes/);
    assert.equal(await text(panel, '[data-testid="was-clean"]'), 'true');
    const gauge = detail.locator('[data-testid="reason-gauge"]');
    assert.equal(await gauge.getAttribute('value'), '3');
    assert.equal(await gauge.getAttribute('max'), '123');
    assert.ok((await text(panel, '[data-testid="detail-diagnosis"]')).length > 0);
    assert.match(await text(panel, '[data-testid="findings"]'), /close\(1001\) threw InvalidAccessError/);
    assert.match(
      await text(panel, '[data-testid="close-code-registry"]'),
      /^in the IANA registry; a page may pass it to close\(\)$/,
    );

    // The reason in full with its UTF-8 size, and the error event of a dropped connection.
    await openDetailFor(panel, 'reason');
    assert.equal(await text(panel, '[data-testid="close-reason"]'), UNICODE_REASON);
    const bytes = new TextEncoder().encode(UNICODE_REASON).length;
    assert.match(await text(panel, '[data-testid="reason-size"]'), new RegExp(`^${bytes} / 123 UTF-8 bytes`));
    assert.equal(await gauge.getAttribute('value'), String(bytes));
    assert.match(await text(panel, '[data-testid="close-code"]'), /^4001 Private use — /);

    await openDetailFor(panel, 'drop');
    assert.match(await text(panel, '[data-testid="close-code"]'), /^1006 Abnormal Closure — /);
    assert.equal(await text(panel, '[data-testid="was-clean"]'), 'false');
    assert.equal(await text(panel, '[data-testid="handshake"]'), 'no close() started the closing');

    await openDetailFor(panel, 'refused');
    const refusedKinds = await detail
      .locator('[data-testid="timeline"] li')
      .evaluateAll((lis) => lis.map((li) => li.getAttribute('data-kind')));
    assert.deepEqual(refusedKinds, ['created', 'error', 'close']);
    assert.equal(await text(panel, '[data-testid="connect-time"]'), 'never opened');
    assert.match(await text(panel, '[data-testid="detail-diagnosis"]'), /Never opened/);

    await openDetailFor(panel, 'invalid');
    await panel.setViewportSize({ width: 1400, height: 760 });
    await panel.screenshot({ path: 'docs/panel-detail.png' });
    await panel.setViewportSize({ width: 1400, height: 800 });
    await panel.click('button[aria-label="Close details"]');
  });

  it('Copy as JSON puts the connection, as the export writes it, on the clipboard', async () => {
    // Browser.grantPermissions refuses chrome-extension:// ("opaque") origins; granted for all origins.
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const log = await exportFromPanel(panel);
    await panel.bringToFront();
    await openDetailFor(panel, 'reason');
    await panel.click('button[aria-label="Copy as JSON"]');
    await waitUntil('the copy status', async () =>
      (await text(panel, '[data-testid="copy-status"]')).startsWith('Copied'),
    );
    const copied = JSON.parse(
      (await panel.evaluate('navigator.clipboard.readText()')) as string,
    ) as ExportedConnection;
    const expected = log.connections.find((c) => c.url.endsWith('case=reason'));
    assert.ok(expected);
    assert.deepEqual(copied, expected);
    assert.equal(
      await text(panel, '[data-testid="copy-status"]'),
      `Copied as JSON (${JSON.stringify(expected, null, 2).length} characters)`,
    );
    await panel.click('button[aria-label="Close details"]');
  });

  it('keyboard: arrows move the selection, Enter opens the details, Esc closes them', async () => {
    const order = (await readRenderedRows(panel)).map((r) => r.key);
    const selectedKey = async (): Promise<string | null> =>
      panel.getAttribute('tr.row[aria-selected="true"]', 'data-key');
    await panel.focus('table.grid');
    assert.equal(await panel.locator('tr.row[aria-selected="true"]').count(), 0, 'nothing selected yet');
    await panel.keyboard.press('ArrowDown');
    assert.equal(await selectedKey(), order[0]);
    await panel.keyboard.press('ArrowDown');
    await panel.keyboard.press('ArrowDown');
    assert.equal(await selectedKey(), order[2]);
    await panel.keyboard.press('ArrowUp');
    assert.equal(await selectedKey(), order[1]);
    assert.equal(await panel.getAttribute('table.grid', 'aria-activedescendant'), `row-${order[1]}`);

    await panel.keyboard.press('Enter');
    await panel.waitForSelector('[data-testid="detail"]');
    assert.match(await text(panel, '.detail h3'), /case=reason$/);
    // With the details open, the arrows still move the selection and the details follow.
    await panel.keyboard.press('ArrowDown');
    assert.match(await text(panel, '.detail h3'), /case=server$/);
    await panel.keyboard.press('End');
    assert.equal(await selectedKey(), order.at(-1));
    await panel.keyboard.press('Home');
    assert.equal(await selectedKey(), order[0]);

    await panel.keyboard.press('Escape');
    assert.equal(await panel.locator('[data-testid="detail"]').count(), 0);
    assert.equal(await panel.evaluate('document.activeElement?.getAttribute("role")'), 'grid');

    // Esc from inside the details closes them too and gives the focus back to the table.
    await panel.keyboard.press('Enter');
    await panel.focus('button[aria-label="Copy as JSON"]');
    await panel.keyboard.press('Escape');
    assert.equal(await panel.locator('[data-testid="detail"]').count(), 0);
    assert.equal(await panel.evaluate('document.activeElement?.getAttribute("role")'), 'grid');
  });

  it('sorting: a header click orders the rows and sets aria-sort; again reverses; a third click restores', async () => {
    const codes = async (): Promise<number[]> =>
      (await readRows(panel)).map((r) => Number.parseInt(r.code, 10));
    const th = panel.locator('th.c-code');
    assert.deepEqual(await codes(), [1000, 4001, 1001, 1006, 3000, 1006], 'creation order');
    assert.equal(await th.getAttribute('aria-sort'), null);

    await panel.click('th.c-code button');
    assert.equal(await th.getAttribute('aria-sort'), 'ascending');
    assert.deepEqual(await codes(), [1000, 1001, 1006, 1006, 3000, 4001]);
    assert.equal(await panel.locator('th[aria-sort]').count(), 1);

    await panel.click('th.c-code button');
    assert.equal(await th.getAttribute('aria-sort'), 'descending');
    assert.deepEqual(await codes(), [4001, 3000, 1006, 1006, 1001, 1000]);

    await panel.click('th.c-url button');
    assert.equal(await th.getAttribute('aria-sort'), null);
    assert.equal(await panel.getAttribute('th.c-url', 'aria-sort'), 'ascending');
    const urls = (await readRows(panel)).map((r) => r.url);
    assert.deepEqual(
      urls,
      [...urls].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    );
    assert.notDeepEqual(await cases(panel), ['clean', 'reason', 'server', 'drop', 'invalid', 'refused']);

    await panel.click('th.c-url button');
    await panel.click('th.c-url button');
    assert.equal(await panel.locator('th[aria-sort]').count(), 0);
    assert.deepEqual(await codes(), [1000, 4001, 1001, 1006, 3000, 1006], 'back to creation order');
  });

  it('filters: text, outcome, initiator and code; the filter survives a reload of the panel', async () => {
    const shown = async (): Promise<string[]> => {
      await panel.waitForTimeout(50);
      return cases(panel);
    };
    await panel.fill('input[aria-label="Filter by URL or reason"]', 'GOING away');
    assert.deepEqual(await shown(), ['server'], 'text matches the reason, case-insensitively');
    assert.equal(await text(panel, '[data-testid="shown"]'), '1 shown');
    await panel.fill('input[aria-label="Filter by URL or reason"]', 'case=rea');
    assert.deepEqual(await shown(), ['reason'], 'text matches the URL');
    await panel.fill('input[aria-label="Filter by URL or reason"]', '');

    await panel.selectOption('select[aria-label="Outcome"]', 'unclean');
    assert.deepEqual(await shown(), ['drop', 'refused']);
    await panel.selectOption('select[aria-label="Outcome"]', 'invalid');
    assert.deepEqual(await shown(), ['invalid']);
    await panel.selectOption('select[aria-label="Outcome"]', 'clean');
    assert.deepEqual(await shown(), ['clean', 'reason', 'server', 'invalid']);
    await panel.selectOption('select[aria-label="Outcome"]', 'open');
    assert.deepEqual(await shown(), []);
    assert.equal(await text(panel, '.empty'), 'No connection matches the filter.');
    await panel.selectOption('select[aria-label="Outcome"]', 'all');

    await panel.selectOption('select[aria-label="Closed by"]', 'server');
    assert.deepEqual(await shown(), ['server']);
    await panel.selectOption('select[aria-label="Closed by"]', 'failure');
    assert.deepEqual(await shown(), ['drop', 'refused']);
    await panel.selectOption('select[aria-label="Closed by"]', 'page');
    assert.deepEqual(await shown(), ['clean', 'reason', 'invalid']);
    await panel.fill('input[aria-label="Filter by close code"]', '4001');
    assert.deepEqual(await shown(), ['reason'], 'initiator and code together');
    await panel.fill('input[aria-label="Filter by URL or reason"]', 'wörld');
    assert.deepEqual(await shown(), ['reason']);
    // The summary counts the whole log, not the filtered rows.
    assert.match(await text(panel, '[data-testid="summary"]'), /^6 connections/);

    await panel.reload();
    await panel.waitForSelector('[data-testid="summary"]');
    await waitForClosedCount(panel, 6);
    assert.equal(await panel.inputValue('input[aria-label="Filter by URL or reason"]'), 'wörld');
    assert.equal(await panel.inputValue('select[aria-label="Closed by"]'), 'page');
    assert.equal(await panel.inputValue('input[aria-label="Filter by close code"]'), '4001');
    assert.deepEqual(await shown(), ['reason'], 'the filter still applies after the reload');

    await panel.click('button[aria-label="Clear filters"]');
    assert.equal(await panel.inputValue('input[aria-label="Filter by URL or reason"]'), '');
    assert.deepEqual(await shown(), ['clean', 'reason', 'server', 'drop', 'invalid', 'refused']);
    assert.equal(await panel.locator('[data-testid="shown"]').count(), 0);
  });

  it('follows the colour scheme: dark when the browser prefers dark', async () => {
    const colours = async (): Promise<{ body: string; header: string; fg: string }> =>
      (await panel.evaluate(`(() => ({
        body: getComputedStyle(document.body).backgroundColor,
        header: getComputedStyle(document.querySelector('.grid th')).backgroundColor,
        fg: getComputedStyle(document.body).color,
      }))()`)) as { body: string; header: string; fg: string };
    await panel.emulateMedia({ colorScheme: 'light' });
    const light = await colours();
    await panel.emulateMedia({ colorScheme: 'dark' });
    const dark = await colours();
    await panel.emulateMedia({ colorScheme: 'light' });
    assert.equal(light.body, 'rgb(255, 255, 255)');
    assert.equal(dark.body, 'rgb(32, 33, 36)');
    assert.notEqual(dark.header, light.header);
    assert.notEqual(dark.fg, light.fg);
    assert.deepEqual(await colours(), light, 'and back');
  });

  it('export → import round trip: identical rows and identical connections on re-export', async () => {
    const before = await readRows(panel);
    const exported = await exportFromPanel(panel);
    assert.equal(exported.connections.length, 6);
    const file = join(work, 'round-trip.json');
    writeFileSync(file, `${JSON.stringify(exported, null, 2)}\n`);

    await importFile(panel, file);
    await panel.waitForSelector('[data-testid="imported-banner"]');
    assert.match(
      await text(panel, '[data-testid="imported-banner"]'),
      /Imported close log\s*round-trip\.json/,
    );
    assert.equal(
      await panel.getAttribute('table.grid', 'aria-label'),
      'Connections imported from round-trip.json',
    );
    assert.ok(await panel.locator('.panel.imported').count(), 'the panel is marked as showing an import');
    const after = await readRows(panel);
    assert.ok(after.every((r) => r.key.startsWith('imported:')));
    assert.deepEqual(withoutKey(after), withoutKey(before));

    const again = await exportFromPanel(panel);
    assert.deepEqual(again.connections, exported.connections);
    assert.deepEqual(
      { browser: again.browser, page: again.page, droppedConnections: again.droppedConnections },
      { browser: exported.browser, page: exported.page, droppedConnections: exported.droppedConnections },
    );

    // Back to the live log; importing the same file again works too (the file input is reset).
    await panel.getByRole('button', { name: 'Back to live log' }).click();
    await panel.waitForSelector('[data-testid="imported-banner"]', { state: 'detached' });
    assert.deepEqual(await readRows(panel), before);
    await importFile(panel, file);
    await panel.waitForSelector('[data-testid="imported-banner"]');
    assert.deepEqual(withoutKey(await readRows(panel)), withoutKey(before));
    await panel.getByRole('button', { name: 'Back to live log' }).click();
  });

  it('import by drag and drop on the panel', async () => {
    const exported = await exportFromPanel(panel);
    await panel.evaluate((json: string) => {
      const dt = new DataTransfer();
      dt.items.add(new File([json], 'dropped.json', { type: 'application/json' }));
      const target = document.querySelector('.table-scroll');
      if (!target) throw new Error('no table');
      target.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      target.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, JSON.stringify(exported));
    await panel.waitForSelector('[data-testid="imported-banner"]');
    assert.match(await text(panel, '[data-testid="imported-banner"]'), /dropped\.json/);
    assert.equal(await panel.locator('.panel.dragging').count(), 0);
    assert.equal((await readRows(panel)).length, 6);
    await panel.getByRole('button', { name: 'Back to live log' }).click();
  });

  it('a bad or foreign file shows a clear error and loses nothing', async () => {
    const live = await readRows(panel);
    const good = await exportFromPanel(panel);
    const bad: { name: string; body: string; error: RegExp }[] = [
      { name: 'notes.json', body: 'these are not JSON {', error: /This file is not JSON\./ },
      {
        name: 'capture.har',
        body: JSON.stringify({ log: { version: '1.2', creator: { name: 'WebInspector' }, entries: [] } }),
        error:
          /not a WebSocket Close Inspector close log \(expected "format": "ws-close-inspector\/close-log"\)/,
      },
      {
        name: 'future.json',
        body: JSON.stringify({ ...good, version: 2 }),
        error: /Unsupported close log version 2 \(this build reads version 1\)/,
      },
      {
        name: 'broken.json',
        body: JSON.stringify({
          ...good,
          connections: [good.connections[0], { ...good.connections[1], createdAt: 'yesterday' }],
        }),
        error: /Connection #2 in the close log is malformed\./,
      },
    ];
    for (const b of bad) {
      const file = join(work, b.name);
      writeFileSync(file, b.body);
      await importFile(panel, file);
      await panel.waitForSelector('[data-testid="import-error"]');
      const message = await text(panel, '[data-testid="import-error"] span');
      assert.match(message, new RegExp(`^Could not import “${b.name.replace('.', '\\.')}”: `), message);
      assert.match(message, b.error);
      assert.equal(await panel.getAttribute('[data-testid="import-error"]', 'role'), 'alert');
      assert.equal(await panel.locator('[data-testid="imported-banner"]').count(), 0, b.name);
      assert.deepEqual(await readRows(panel), live, `the live log is intact after ${b.name}`);
      await panel.click('button[aria-label="Dismiss the import error"]');
      assert.equal(await panel.locator('[data-testid="import-error"]').count(), 0);
    }
    // The live log keeps receiving while nothing is imported.
    assert.match(await text(panel, '[data-status]'), /^live$/);
  });

  it('no layout jumps on live updates; Clear empties the log', async () => {
    const other = await browser.newPage(`${servers.origin}/panel.html`);
    const live = await browser.openPanel(other.tabId);
    // Layout shifts as Chromium reports them, except text reflowing inside the one-line summary.
    await live.evaluate(`(() => {
      window.shifts = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          for (const s of entry.sources) {
            const el = s.node && (s.node.nodeType === 1 ? s.node : s.node.parentElement);
            if (el && el.closest('.summary')) continue;
            window.shifts.push((el ? el.nodeName + '.' + el.className : '?') + ' ' +
              JSON.stringify(s.previousRect) + ' -> ' + JSON.stringify(s.currentRect));
          }
      }).observe({ type: 'layout-shift' });
    })()`);
    const top = async (selector: string): Promise<number> =>
      (await live.locator(selector).boundingBox())?.y ?? Number.NaN;
    const height = async (selector: string): Promise<number> =>
      (await live.locator(selector).boundingBox())?.height ?? Number.NaN;
    const tableTop = await top('.table-scroll');
    const headerTop = await top('.grid thead');
    const summaryHeight = await height('.summary');

    await other.page.evaluate("window.more(6, 'live')");
    await waitForClosedCount(live, 6);
    const firstRowTop = await top('tr.row >> nth=0');
    await other.page.evaluate("window.more(4, 'more')");
    await waitForClosedCount(live, 10);
    await live.waitForTimeout(200);
    assert.equal(await top('.table-scroll'), tableTop, 'the table does not move');
    assert.equal(await top('.grid thead'), headerTop);
    assert.equal(await top('tr.row >> nth=0'), firstRowTop, 'the first row does not move');
    const heights = await live
      .locator('tr.row')
      .evaluateAll((trs) => trs.map((tr) => tr.getBoundingClientRect().height));
    assert.deepEqual(heights, Array(10).fill(24), 'every row is exactly 24px');
    assert.deepEqual(await live.evaluate('window.shifts'), [], 'no layout shift reported by Chromium');

    // A low cap: older rows are dropped and the marker appears in the summary line, which keeps its height.
    await live.fill('input[aria-label="Connections to keep"]', '10');
    await live.press('input[aria-label="Connections to keep"]', 'Tab');
    await other.page.evaluate("window.more(4, 'capped')");
    await waitUntil('the dropped marker', async () => (await live.locator('.summary .dropped').count()) > 0);
    assert.equal(await top('.table-scroll'), tableTop, 'the table does not move');
    assert.equal(await top('.grid thead'), headerTop);
    assert.equal(await height('.summary'), summaryHeight, 'the summary line keeps its height');

    await live.fill('input[aria-label="Connections to keep"]', '5000');
    await live.press('input[aria-label="Connections to keep"]', 'Tab');
    await live.click('button[aria-label="Clear"]');
    await waitUntil('an empty log', async () =>
      (await text(live, '[data-testid="summary"]')).startsWith('0 connections'),
    );
    assert.equal(await live.locator('tr.row').count(), 0);
    await live.close();
    await other.page.close();
  });

  it('10,000 imported connections: rows render fast, only the visible ones are in the DOM', async () => {
    const n = 10_000;
    const built = Date.now();
    const log = buildLargeLog(n);
    const file = join(work, 'ten-thousand.json');
    const json = `${JSON.stringify(log, null, 2)}\n`;
    writeFileSync(file, json);
    console.log(
      `10k: built a ${n}-connection close log (${(json.length / 1e6).toFixed(1)} MB) in ${Date.now() - built} ms`,
    );
    await panel.bringToFront();
    await panel.evaluate(`(() => {
      window.importStart = performance.now();
      window.importRendered = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          const summary = document.querySelector('[data-testid="summary"]');
          if (summary && summary.textContent.startsWith('${n} connections') && document.querySelector('tr.row[data-key^="imported:"]')) {
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - window.importStart));
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        setTimeout(() => resolve(-1), 30000);
      });
    })()`);
    const wall = Date.now();
    await importFile(panel, file);
    const renderMs = (await panel.evaluate('window.importRendered')) as number;
    console.log(
      `10k: import → rows rendered in ${renderMs.toFixed(0)} ms (in page), ${Date.now() - wall} ms (wall clock)`,
    );
    assert.ok(renderMs >= 0, 'the imported rows rendered');
    assert.match(
      await text(panel, '[data-testid="summary"]'),
      /^10000 connections · 6000 clean · 2000 unclean · 2000 open · 2000 invalid calls$/,
    );

    const rendered = await panel.locator('tr.row').count();
    console.log(`10k: ${rendered} row elements in the DOM`);
    assert.ok(rendered > 0 && rendered < 200, `virtualised: ${rendered} rows in the DOM`);
    const first = await readRenderedRows(panel);
    assert.equal(first[0]?.url, 'wss://load.example/socket/0');

    // Scroll to the bottom: the last connection is rendered and inside the visible area.
    const scrollMs = (await panel.evaluate(`new Promise((resolve) => {
      const el = document.querySelector('.table-scroll');
      const t0 = performance.now();
      el.scrollTop = el.scrollHeight;
      const wait = () => document.querySelector('tr.row[data-key="imported:${n - 1}"]')
        ? requestAnimationFrame(() => resolve(performance.now() - t0))
        : performance.now() - t0 > 10000 ? resolve(-1) : requestAnimationFrame(wait);
      wait();
    })`)) as number;
    console.log(`10k: scroll to the bottom rendered in ${scrollMs.toFixed(0)} ms`);
    assert.ok(scrollMs >= 0, 'the last row rendered after scrolling');
    const lastRow = panel.locator(`tr.row[data-key="imported:${n - 1}"]`);
    assert.equal(
      ((await lastRow.locator('td.c-url').textContent()) ?? '').trim(),
      `wss://load.example/socket/${n - 1}`,
    );
    const view = await panel.locator('.table-scroll').boundingBox();
    const row = await lastRow.boundingBox();
    assert.ok(view && row, 'both have boxes');
    assert.ok(
      row.y >= view.y && row.y + row.height <= view.y + view.height + 0.5,
      `the last row is visible: row ${JSON.stringify(row)} in ${JSON.stringify(view)}`,
    );
    assert.ok((await panel.locator('tr.row').count()) < 200, 'still virtualised at the bottom');

    // A text filter over 10,000 rows: socket/99, socket/990–999, socket/9900–9999.
    const filterMs = (await panel.evaluate(`new Promise((resolve) => {
      const input = document.querySelector('input[aria-label="Filter by URL or reason"]');
      const observer = new MutationObserver(() => {
        const shown = document.querySelector('[data-testid="shown"]');
        if (shown && shown.textContent === '111 shown') {
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - t0));
        }
      });
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      setTimeout(() => resolve(-1), 10000);
      const t0 = performance.now();
      input.value = 'socket/99';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    })`)) as number;
    console.log(`10k: text filter applied (111 of ${n} rows shown) in ${filterMs.toFixed(0)} ms`);
    assert.ok(filterMs >= 0, 'the filtered rows rendered');
    const filtered = await readRows(panel);
    assert.equal(filtered.length, 111);
    assert.ok(filtered.every((r) => r.url.includes('socket/99')));
    assert.equal(filtered.at(-1)?.url, `wss://load.example/socket/${n - 1}`);
    await panel.click('button[aria-label="Clear filters"]');
    await panel.getByRole('button', { name: 'Back to live log' }).click();
    await waitForClosedCount(panel, 6);
  });
});
