/**
 * The panel itself (tab mode), the same scenarios in real headless Chromium (playwright-core) and
 * real headless Firefox (puppeteer-core over WebDriver BiDi); only the driver adapter differs:
 * the detail view, filters and their persistence, sorting, keyboard, theme, accessible names,
 * stable layout under live updates, Copy as JSON, close-log import (file picker, drag and drop,
 * round trip, bad files), and 10,000 imported connections in the virtualised table.
 * E2E_BROWSERS=chromium or =firefox runs one of them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startServers, type TestServers } from '../../demo/servers';
import { type CloseLog, type ExportedConnection, toCloseLog } from '../../src/closeLog';
import { ConnectionStore } from '../../src/model';
import type { LogEvent } from '../../src/protocol';
import { TOOL_NAME, TOOL_VERSION } from '../../src/tool';
import { type BrowserName, DRIVERS, type Driver, type DriverPage, selectedBrowsers } from '../support/driver';
import { exportFromDriverPanel, waitForClosedCount } from '../support/exportLog';
import { type PanelRow, readRenderedRows, readRows } from '../support/panel';
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
  // The server closes or drops when the page's open handler tells it to (see demo/servers.ts).
  await scenario('server', '/server-close?code=1001&reason=going%20away', (s) => s.send('go'));
  await scenario('drop', '/drop', (s) => s.send('go'));
  await scenario('invalid', '/echo', closeBadly);
  await scenario('refused', 'ws://127.0.0.1:${refusedPort}/refused');
};
window.more = (n, tag) => Promise.all(Array.from({ length: n }, (_, i) => scenario(tag + i, '/echo', closeClean)));
</script>`;

/**
 * Where the two browsers really differ for the same page (the rest of every test is shared).
 * close(2999.5, 'bye'): Chromium truncates to 2999 and throws; Firefox, like the standard
 * ([Clamp]), rounds to 3000 and closes, so the following close(3000, 'bye') finds it CLOSING.
 */
const EXPECT = {
  chromium: {
    results: { first: 'InvalidAccessError', second: 'InvalidAccessError' },
    summary: '6 connections · 4 clean · 2 unclean · 0 open · 2 invalid calls',
    timeline: [
      /^\+\S+ ms close\(1001\) threw InvalidAccessError$/,
      /close\(2999\.5, "bye"\) threw InvalidAccessError$/,
      /close\(3000, "bye"\) accepted$/,
      /close event 3000 .*, wasClean true$/,
    ],
    observed1001: /^threw InvalidAccessError: Failed to execute 'close' on 'WebSocket': .*1001 is neither\.$/,
    converted2999: 'code 2999, reason "bye" (3 UTF-8 bytes)',
    observed2999: /^threw InvalidAccessError: .*2999 is neither\.$/,
    verdict2999: /^Chromium \(this browser\)throws InvalidAccessError/,
    /** The caller's frame as this engine formats it. */
    callerFrame: /^closeBadly \(http:\/\/127\.0\.0\.1:\d+\/panel\.html:\d+:\d+\)$/,
  },
  firefox: {
    results: { first: 'InvalidAccessError' },
    summary: '6 connections · 4 clean · 2 unclean · 0 open · 1 invalid call',
    timeline: [
      /^\+\S+ ms close\(1001\) threw InvalidAccessError$/,
      /close\(2999\.5, "bye"\) accepted$/,
      /close\(3000, "bye"\) accepted$/,
      /close event 3000 .*, wasClean true$/,
    ],
    observed1001:
      /^threw InvalidAccessError: A parameter or an operation is not supported by the underlying object$/,
    converted2999: 'code 3000, reason "bye" (3 UTF-8 bytes)',
    observed2999: /^returned \(accepted\)$/,
    verdict2999: /^Firefox \(this browser\)ok: code 3000 → sends 3000 "bye"$/,
    callerFrame: /^closeBadly@http:\/\/127\.0\.0\.1:\d+\/panel\.html:\d+:\d+$/,
  },
} as const satisfies Record<BrowserName, unknown>;

/** The roles of the panel's controls; each must have an accessible name. */
const CONTROL_ROLES = [
  'button',
  'checkbox',
  'spinbutton',
  'searchbox',
  'combobox',
  'textbox',
  'grid',
  'meter',
];

const withoutKey = (rows: PanelRow[]): Omit<PanelRow, 'key'>[] => rows.map(({ key: _k, ...rest }) => rest);
const caseOf = (r: PanelRow): string => /case=([\w-]+)/.exec(r.url)?.[1] ?? r.url;
const q = (selector: string): string => JSON.stringify(selector);

/** The trimmed text of the first match ('' when there is none). */
async function text(p: DriverPage, selector: string): Promise<string> {
  return p.evaluate<string>(`(document.querySelector(${q(selector)})?.textContent ?? '').trim()`);
}

async function texts(p: DriverPage, selector: string): Promise<string[]> {
  return p.evaluate<string[]>(
    `[...document.querySelectorAll(${q(selector)})].map((e) => e.textContent ?? '')`,
  );
}

async function attr(p: DriverPage, selector: string, name: string): Promise<string | null> {
  return p.evaluate<string | null>(
    `document.querySelector(${q(selector)})?.getAttribute(${q(name)}) ?? null`,
  );
}

async function attrs(p: DriverPage, selector: string, name: string): Promise<(string | null)[]> {
  return p.evaluate<(string | null)[]>(
    `[...document.querySelectorAll(${q(selector)})].map((e) => e.getAttribute(${q(name)}))`,
  );
}

async function count(p: DriverPage, selector: string): Promise<number> {
  return p.evaluate<number>(`document.querySelectorAll(${q(selector)}).length`);
}

async function inputValue(p: DriverPage, selector: string): Promise<string> {
  return p.evaluate<string>(`document.querySelector(${q(selector)}).value`);
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls from Node (extension pages forbid the eval a string predicate needs). */
async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // A page in the middle of a reload may not answer: ask again.
    if (await check().catch(() => false)) return;
    await pause(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function waitForSelector(p: DriverPage, selector: string, state: 'attached' | 'detached' = 'attached') {
  await waitUntil(
    `${selector} ${state}`,
    async () => (await count(p, selector)) > 0 === (state === 'attached'),
  );
}

async function cases(p: DriverPage): Promise<string[]> {
  return (await readRows(p)).map(caseOf);
}

async function openDetailFor(p: DriverPage, name: string): Promise<void> {
  const row = (await readRenderedRows(p)).find((r) => caseOf(r) === name);
  assert.ok(row, `a row for case=${name}`);
  await p.dblclick(`tr.row[data-key=${q(row.key)}] td.c-url`);
  await waitForSelector(p, '[data-testid="detail"]');
  await waitUntil(`the details of ${name}`, async () =>
    (await text(p, '.detail h3')).endsWith(`case=${name}`),
  );
}

async function importFile(p: DriverPage, path: string): Promise<void> {
  await p.uploadFile('[data-testid="import-input"]', path);
}

/** Width and height of a PNG file, from its IHDR chunk. */
function pngSize(path: string): { width: number; height: number } {
  const b = readFileSync(path);
  assert.equal(b.subarray(1, 4).toString('latin1'), 'PNG', `${path} is a PNG`);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
}

/**
 * Checks every control of the panel against the browser's accessibility view: each element it
 * exposes with a control role has an accessible name. An element's name is looked for among what
 * the DOM could name it by (aria-label, aria-labelledby, its labels, its text without aria-hidden
 * parts, its title): one found by its role but under none of those names is reported as unnamed.
 */
async function unnamedControls(p: DriverPage): Promise<{ controls: number; unnamed: string[] }> {
  // Candidate names per element, keyed by the element's index in document order (as byRole gives).
  const candidates = await p.evaluate<Record<string, string[]>>(`(() => {
    const all = [...document.querySelectorAll('*')];
    const ownText = (e) => {
      const c = e.cloneNode(true);
      for (const h of c.querySelectorAll('[aria-hidden="true"]')) h.remove();
      return c.textContent;
    };
    const out = {};
    for (const e of document.querySelectorAll('.panel :is(button, input, select, textarea, meter, table, [role])')) {
      const names = new Set();
      for (const n of [e.getAttribute('aria-label'),
        ...(e.getAttribute('aria-labelledby') ?? '').split(/\\s+/).map((id) => document.getElementById(id)?.textContent),
        ...[...(e.labels ?? [])].map(ownText), ownText(e), e.getAttribute('title')])
        // (Names with brackets or straight quotes cannot be asked for through an ARIA selector.)
        if (n && n.trim() && n.length <= 200 && !/[[\\]"']/.test(n)) names.add(n.trim().replace(/\\s+/g, ' '));
      out[all.indexOf(e)] = [...names];
    }
    return out;
  })()`);
  const found = new Map<string, string[]>();
  const withName = async (role: string, name: string): Promise<string[]> => {
    const key = `${role}\n${name}`;
    let hits = found.get(key);
    if (!hits) {
      hits = await p.byRole(role, { name, within: '.panel' });
      found.set(key, hits);
    }
    return hits;
  };
  let controls = 0;
  const unnamed: string[] = [];
  for (const role of CONTROL_ROLES) {
    for (const element of await p.byRole(role, { within: '.panel' })) {
      controls++;
      let named = false;
      for (const name of candidates[element.split(' ')[0] ?? ''] ?? [])
        if ((await withName(role, name)).includes(element)) {
          named = true;
          break;
        }
      if (!named) unnamed.push(`${role}: ${element}`);
    }
  }
  return { controls, unnamed };
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
    toolName: TOOL_NAME,
    toolVersion: TOOL_VERSION,
    engine: store.engine,
    userAgent: store.userAgent,
    exportedAt: new Date(t0 + n * 10).toISOString(),
    pageUrl: store.pageUrl,
    droppedConnections: 0,
    filtered: false,
  });
}

for (const name of selectedBrowsers()) {
  const expect = EXPECT[name];

  describe(`${name}: panel`, { timeout: 300_000 }, () => {
    let servers: TestServers;
    let driver: Driver;
    let page: DriverPage;
    let panel: DriverPage;
    let work: string;

    before(
      async () => {
        work = mkdtempSync(join(tmpdir(), 'wsci-panel-'));
        servers = await startServers();
        servers.page('/panel.html', pageHtml(servers.wsOrigin, servers.refusedPort));
        driver = await DRIVERS[name]();
        page = await driver.newPage();
        await page.goto(`${servers.origin}/panel.html`);
        await page.evaluate('window.runAll()');
        panel = await driver.openPanel(page);
        await panel.setViewport(1400, 800);
        await waitForClosedCount(panel, 6, 20_000);
      },
      { timeout: 90_000 },
    );

    // Each test starts from a freshly loaded panel with no saved filter or sort.
    beforeEach(async () => {
      await panel.evaluate('localStorage.clear()');
      await panel.reload();
      await waitForSelector(panel, '[data-testid="summary"]');
      await waitForClosedCount(panel, 6, 20_000);
    });

    after(async () => {
      await driver?.close();
      await servers?.close();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it('summary counts at the top, and every control has an accessible name', async () => {
      assert.equal(await text(panel, '[data-testid="summary"]'), expect.summary);

      // Chromium: playwright's ARIA snapshot of the whole panel, every control line named.
      // (puppeteer-core over BiDi has no accessibility snapshot: Firefox gets the check below.)
      const snapshotControls = async (): Promise<string[]> => {
        if (!panel.ariaSnapshot) return [];
        const tree = await panel.ariaSnapshot('.panel');
        const controls = tree
          .split('\n')
          .filter((l) =>
            /^\s*- '?(button|checkbox|spinbutton|searchbox|combobox|textbox|grid|meter)\b/.test(l),
          );
        const unnamed = controls.filter((l) => !/^\s*- '?\w+ "[^"]+"/.test(l));
        assert.deepEqual(unnamed, [], `controls without an accessible name:\n${tree}`);
        return controls;
      };
      if (name === 'chromium') assert.ok(panel.ariaSnapshot, 'Chromium has ARIA snapshots');

      // Both browsers: every element with a control role, as the browser's accessibility view
      // exposes it (Firefox: its own accessibility engine, through WebDriver BiDi), has a name.
      // Firefox updates that view a moment after the DOM changes: asked again until it settles.
      const namedControls = async (atLeast: number): Promise<number> => {
        let last = { controls: 0, unnamed: [] as string[] };
        await waitUntil(
          'every control to have a name',
          async () => {
            last = await unnamedControls(panel);
            return last.unnamed.length === 0 && last.controls >= atLeast;
          },
          10_000,
        ).catch(() => undefined);
        assert.deepEqual(last.unnamed, [], 'controls without an accessible name');
        return last.controls;
      };
      // Toolbar, the grid and its sort buttons; then the detail view's controls too.
      if (name === 'chromium') assert.ok((await snapshotControls()).length >= 19);
      assert.ok((await namedControls(19)) >= 19);
      for (const label of [
        'Clear',
        'Export JSON',
        'Export CSV',
        'Import close log',
        'URL',
        'Code',
        'Lifetime',
      ])
        assert.equal((await panel.byRole('button', { name: label })).length, 1, label);

      await openDetailFor(panel, 'invalid');
      const withDetail = await snapshotControls();
      if (name === 'chromium') {
        assert.ok(withDetail.some((l) => l.includes('button "Copy as JSON"')));
        assert.ok(withDetail.some((l) => l.includes('button "Close details"')));
        assert.ok(
          withDetail.some((l) => l.includes('meter "Reason size: 3 of 123 bytes"')),
          withDetail.join('\n'),
        );
      }
      const gauge = 'Reason size: 3 of 123 bytes';
      await waitUntil(
        'the reason gauge in the accessibility view',
        async () => (await panel.byRole('meter', { name: gauge })).length === 1,
      ).catch(() => undefined);
      assert.equal((await panel.byRole('meter', { name: gauge })).length, 1, gauge);
      assert.equal((await panel.byRole('button', { name: 'Copy as JSON' })).length, 1);
      assert.equal((await panel.byRole('button', { name: 'Close details' })).length, 1);
      // The pane hides five columns (and their sort buttons) and adds its three controls.
      assert.ok((await namedControls(17)) >= 17, 'the detail view’s controls are named too');
      await panel.click('button[aria-label="Close details"]');
    });

    it('detail view: timeline, durations, every close() call with its stack, the close event, the diagnosis', async () => {
      // The page itself got this browser's own exceptions for the invalid calls.
      assert.deepEqual(await page.evaluate('window.results'), expect.results);
      await openDetailFor(panel, 'invalid');
      const detail = '[data-testid="detail"]';
      assert.match(await text(panel, '.detail h3'), /case=invalid$/);

      const kinds = await attrs(panel, `${detail} [data-testid="timeline"] li`, 'data-kind');
      assert.deepEqual(kinds, ['created', 'open', 'close-call', 'close-call', 'close-call', 'close']);
      const timeline = await texts(panel, `${detail} [data-testid="timeline"] li`);
      expect.timeline.forEach((re, i) => {
        assert.match(timeline[i + 2] ?? '', re);
      });

      assert.match(await text(panel, '[data-testid="connect-time"]'), /^\d+(\.\d+)? (ms|s)$/);
      assert.match(await text(panel, '[data-testid="lifetime"]'), /^\d+(\.\d+)? (ms|s)$/);
      assert.match(
        await text(panel, '[data-testid="handshake"]'),
        /^\d+(\.\d+)? (ms|s) \(close\(\) → close event\)$/,
      );

      /** The texts of `inner` inside the i-th close() call of the details. */
      const inCall = (i: number, inner: string): Promise<string[]> =>
        panel.evaluate<
          string[]
        >(`[...(document.querySelectorAll(${q(`${detail} [data-testid="close-call"]`)})[${i}]
          ?.querySelectorAll(${q(inner)}) ?? [])].map((e) => e.textContent ?? '')`);
      const callText = async (i: number, field: string): Promise<string> =>
        ((await inCall(i, `[data-testid="${field}"]`))[0] ?? '').trim();
      assert.equal(await count(panel, `${detail} [data-testid="close-call"]`), 3);
      assert.equal(await callText(0, 'call-args'), 'code: 1001 (number); reason: (not passed)');
      assert.equal(await callText(0, 'call-converted'), 'code 1001, no reason');
      assert.match(await callText(0, 'call-observed'), expect.observed1001);
      // 2999.5: Chromium truncates to 2999 and throws; the standard ([Clamp]) and Firefox round to 3000.
      assert.equal(
        await callText(1, 'call-args'),
        'code: 2999.5 (number); reason: "bye" (string), 3 UTF-16 units',
      );
      assert.equal(await callText(1, 'call-converted'), expect.converted2999);
      assert.match(await callText(1, 'call-observed'), expect.observed2999);
      const verdicts = await inCall(1, '[data-testid="verdicts"] tr');
      assert.equal(verdicts.length, 4, 'standard, Chromium, Firefox, Safari');
      assert.ok(
        verdicts.some((v) => expect.verdict2999.test(v)),
        verdicts.join('\n'),
      );
      assert.ok(
        verdicts.some((v) => /^the WHATWG standardok: code 3000 → sends 3000 "bye"$/.test(v)),
        verdicts.join('\n'),
      );
      assert.equal(await callText(2, 'call-observed'), 'returned (accepted)');
      assert.equal(await callText(2, 'call-converted'), 'code 3000, reason "bye" (3 UTF-8 bytes)');

      // Tab mode: the caller's source locations are text (DevTools mode makes them links to Sources),
      // and the stack starts at the page's own function (none of the hook's frames).
      const frames = await inCall(2, '[data-testid="stack"] li');
      assert.match(frames[0] ?? '', expect.callerFrame, frames.join('\n'));
      const location = (await inCall(2, '.source-location'))[0] ?? '';
      assert.match(location, /^http:\/\/127\.0\.0\.1:\d+\/panel\.html:\d+:\d+$/);
      assert.ok(frames[0]?.includes(location));
      assert.equal(await count(panel, `${detail} button.source-link`), 0);

      assert.match(await text(panel, '[data-testid="close-code"]'), /^3000 \S.* — \S/);
      assert.equal(await text(panel, '[data-testid="close-reason"]'), 'bye');
      assert.match(await text(panel, '[data-testid="reason-size"]'), /^3 \/ 123 UTF-8 bytes/);
      assert.equal(await text(panel, '[data-testid="was-clean"]'), 'true');
      const gauge = `${detail} [data-testid="reason-gauge"]`;
      assert.equal(await attr(panel, gauge, 'value'), '3');
      assert.equal(await attr(panel, gauge, 'max'), '123');
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
      assert.match(
        await text(panel, '[data-testid="reason-size"]'),
        new RegExp(`^${bytes} / 123 UTF-8 bytes`),
      );
      assert.equal(await attr(panel, gauge, 'value'), String(bytes));
      assert.match(await text(panel, '[data-testid="close-code"]'), /^4001 Private use — /);

      await openDetailFor(panel, 'drop');
      assert.match(await text(panel, '[data-testid="close-code"]'), /^1006 Abnormal Closure — /);
      assert.equal(await text(panel, '[data-testid="was-clean"]'), 'false');
      assert.equal(await text(panel, '[data-testid="handshake"]'), 'no close() started the closing');

      await openDetailFor(panel, 'refused');
      const refusedKinds = await attrs(panel, `${detail} [data-testid="timeline"] li`, 'data-kind');
      assert.deepEqual(refusedKinds, ['created', 'error', 'close']);
      assert.equal(await text(panel, '[data-testid="connect-time"]'), 'never opened');
      assert.match(await text(panel, '[data-testid="detail-diagnosis"]'), /Never opened/);

      // The README's screenshot of the detail view comes from Chromium; Firefox's goes to a temp folder.
      await openDetailFor(panel, 'invalid');
      const shot = name === 'chromium' ? 'docs/panel-detail.png' : join(work, 'panel-detail-firefox.png');
      await panel.setViewport(1400, 760);
      await panel.screenshot(shot);
      await panel.setViewport(1400, 800);
      assert.deepEqual(pngSize(shot), { width: 1400, height: 760 });
      await panel.click('button[aria-label="Close details"]');
    });

    it('Copy as JSON puts the connection, as the export writes it, on the clipboard', async () => {
      // Chromium must be told to let the page use the clipboard; Firefox lets a page read back
      // what it wrote itself (the real Copy as JSON button, with the real click's user activation).
      if (name === 'chromium') await panel.allowClipboard?.();
      const log = await exportFromDriverPanel(panel);
      await panel.bringToFront();
      await openDetailFor(panel, 'reason');
      await panel.click('button[aria-label="Copy as JSON"]');
      await waitUntil('the copy status', async () =>
        (await text(panel, '[data-testid="copy-status"]')).startsWith('Copied'),
      );
      const copied = JSON.parse(
        await panel.evaluate<string>('navigator.clipboard.readText()'),
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
      const selectedKey = (): Promise<string | null> =>
        attr(panel, 'tr.row[aria-selected="true"]', 'data-key');
      await panel.focus('table.grid');
      assert.equal(await count(panel, 'tr.row[aria-selected="true"]'), 0, 'nothing selected yet');
      await panel.press('ArrowDown');
      assert.equal(await selectedKey(), order[0]);
      await panel.press('ArrowDown');
      await panel.press('ArrowDown');
      assert.equal(await selectedKey(), order[2]);
      await panel.press('ArrowUp');
      assert.equal(await selectedKey(), order[1]);
      assert.equal(await attr(panel, 'table.grid', 'aria-activedescendant'), `row-${order[1]}`);

      await panel.press('Enter');
      await waitForSelector(panel, '[data-testid="detail"]');
      assert.match(await text(panel, '.detail h3'), /case=reason$/);
      // With the details open, the arrows still move the selection and the details follow.
      await panel.press('ArrowDown');
      assert.match(await text(panel, '.detail h3'), /case=server$/);
      await panel.press('End');
      assert.equal(await selectedKey(), order.at(-1));
      await panel.press('Home');
      assert.equal(await selectedKey(), order[0]);

      await panel.press('Escape');
      assert.equal(await count(panel, '[data-testid="detail"]'), 0);
      assert.equal(await panel.evaluate('document.activeElement?.getAttribute("role")'), 'grid');

      // Esc from inside the details closes them too and gives the focus back to the table.
      await panel.press('Enter');
      await waitForSelector(panel, '[data-testid="detail"]');
      await panel.focus('button[aria-label="Copy as JSON"]');
      await panel.press('Escape');
      assert.equal(await count(panel, '[data-testid="detail"]'), 0);
      assert.equal(await panel.evaluate('document.activeElement?.getAttribute("role")'), 'grid');
    });

    it('sorting: a header click orders the rows and sets aria-sort; again reverses; a third click restores', async () => {
      const codes = async (): Promise<number[]> =>
        (await readRows(panel)).map((r) => Number.parseInt(r.code, 10));
      const sortOf = (selector: string): Promise<string | null> => attr(panel, selector, 'aria-sort');
      assert.deepEqual(await codes(), [1000, 4001, 1001, 1006, 3000, 1006], 'creation order');
      assert.equal(await sortOf('th.c-code'), null);

      await panel.click('th.c-code button');
      assert.equal(await sortOf('th.c-code'), 'ascending');
      assert.deepEqual(await codes(), [1000, 1001, 1006, 1006, 3000, 4001]);
      assert.equal(await count(panel, 'th[aria-sort]'), 1);

      await panel.click('th.c-code button');
      assert.equal(await sortOf('th.c-code'), 'descending');
      assert.deepEqual(await codes(), [4001, 3000, 1006, 1006, 1001, 1000]);

      await panel.click('th.c-url button');
      assert.equal(await sortOf('th.c-code'), null);
      assert.equal(await sortOf('th.c-url'), 'ascending');
      const urls = (await readRows(panel)).map((r) => r.url);
      assert.deepEqual(
        urls,
        [...urls].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
      );
      assert.notDeepEqual(await cases(panel), ['clean', 'reason', 'server', 'drop', 'invalid', 'refused']);

      await panel.click('th.c-url button');
      await panel.click('th.c-url button');
      assert.equal(await count(panel, 'th[aria-sort]'), 0);
      assert.deepEqual(await codes(), [1000, 4001, 1001, 1006, 3000, 1006], 'back to creation order');
    });

    it('filters: text, outcome, initiator and code; the filter survives a reload of the panel', async () => {
      // The panel re-renders after the input: wait for the expected rows, then assert on what
      // was last seen (a timeout shows the difference).
      const shows = async (expected: string[], message?: string): Promise<void> => {
        let last: string[] = [];
        await waitUntil(`rows ${expected.join(',')}`, async () => {
          last = await cases(panel);
          return JSON.stringify(last) === JSON.stringify(expected);
        }).catch(() => undefined);
        assert.deepEqual(last, expected, message);
      };
      const textFilter = 'input[aria-label="Filter by URL or reason"]';
      await panel.fill(textFilter, 'GOING away');
      await shows(['server'], 'text matches the reason, case-insensitively');
      assert.equal(await text(panel, '[data-testid="shown"]'), '1 shown');
      await panel.fill(textFilter, 'case=rea');
      await shows(['reason'], 'text matches the URL');
      await panel.fill(textFilter, '');

      await panel.select('select[aria-label="Outcome"]', 'unclean');
      await shows(['drop', 'refused']);
      await panel.select('select[aria-label="Outcome"]', 'invalid');
      await shows(['invalid']);
      await panel.select('select[aria-label="Outcome"]', 'clean');
      await shows(['clean', 'reason', 'server', 'invalid']);
      await panel.select('select[aria-label="Outcome"]', 'open');
      await shows([]);
      assert.equal(await text(panel, '.empty'), 'No connection matches the filter.');
      await panel.select('select[aria-label="Outcome"]', 'all');

      await panel.select('select[aria-label="Closed by"]', 'server');
      await shows(['server']);
      await panel.select('select[aria-label="Closed by"]', 'failure');
      await shows(['drop', 'refused']);
      await panel.select('select[aria-label="Closed by"]', 'page');
      await shows(['clean', 'reason', 'invalid']);
      await panel.fill('input[aria-label="Filter by close code"]', '4001');
      await shows(['reason'], 'initiator and code together');
      await panel.fill(textFilter, 'wörld');
      await shows(['reason']);
      // The summary counts the whole log, not the filtered rows.
      assert.match(await text(panel, '[data-testid="summary"]'), /^6 connections/);

      await panel.reload();
      await waitForSelector(panel, '[data-testid="summary"]');
      await waitForClosedCount(panel, 6);
      assert.equal(await inputValue(panel, textFilter), 'wörld');
      assert.equal(await inputValue(panel, 'select[aria-label="Closed by"]'), 'page');
      assert.equal(await inputValue(panel, 'input[aria-label="Filter by close code"]'), '4001');
      await shows(['reason'], 'the filter still applies after the reload');

      await panel.click('button[aria-label="Clear filters"]');
      assert.equal(await inputValue(panel, textFilter), '');
      await shows(['clean', 'reason', 'server', 'drop', 'invalid', 'refused']);
      assert.equal(await count(panel, '[data-testid="shown"]'), 0);
    });

    it('follows the colour scheme: dark when the browser prefers dark', async () => {
      const colours = async (): Promise<{ body: string; header: string; fg: string }> =>
        panel.evaluate<{ body: string; header: string; fg: string }>(`(() => ({
          body: getComputedStyle(document.body).backgroundColor,
          header: getComputedStyle(document.querySelector('.grid th')).backgroundColor,
          fg: getComputedStyle(document.body).color,
        }))()`);
      await panel.emulateColorScheme('light');
      const light = await colours();
      await panel.emulateColorScheme('dark');
      const dark = await colours();
      await panel.emulateColorScheme('light');
      assert.equal(light.body, 'rgb(255, 255, 255)');
      assert.equal(dark.body, 'rgb(32, 33, 36)');
      assert.notEqual(dark.header, light.header);
      assert.notEqual(dark.fg, light.fg);
      assert.deepEqual(await colours(), light, 'and back');
    });

    it('export → import round trip: identical rows and identical connections on re-export', async () => {
      const before = await readRows(panel);
      const exported = await exportFromDriverPanel(panel);
      assert.equal(exported.connections.length, 6);
      const file = join(work, 'round-trip.json');
      writeFileSync(file, `${JSON.stringify(exported, null, 2)}\n`);

      await importFile(panel, file);
      await waitForSelector(panel, '[data-testid="imported-banner"]');
      assert.match(
        await text(panel, '[data-testid="imported-banner"]'),
        /Imported close log\s*round-trip\.json/,
      );
      assert.equal(
        await attr(panel, 'table.grid', 'aria-label'),
        'Connections imported from round-trip.json',
      );
      assert.ok(await count(panel, '.panel.imported'), 'the panel is marked as showing an import');
      const after = await readRows(panel);
      assert.ok(after.every((r) => r.key.startsWith('imported:')));
      assert.deepEqual(withoutKey(after), withoutKey(before));

      const again = await exportFromDriverPanel(panel);
      assert.deepEqual(again.connections, exported.connections);
      assert.deepEqual(
        { browser: again.browser, page: again.page, droppedConnections: again.droppedConnections },
        { browser: exported.browser, page: exported.page, droppedConnections: exported.droppedConnections },
      );

      // Back to the live log; importing the same file again works too (the file input is reset).
      await panel.clickByRole('button', 'Back to live log');
      await waitForSelector(panel, '[data-testid="imported-banner"]', 'detached');
      assert.deepEqual(await readRows(panel), before);
      await importFile(panel, file);
      await waitForSelector(panel, '[data-testid="imported-banner"]');
      assert.deepEqual(withoutKey(await readRows(panel)), withoutKey(before));
      await panel.clickByRole('button', 'Back to live log');
    });

    it('a large import runs off the panel’s thread: progress while it is checked, Cancel changes nothing', async () => {
      const live = await readRows(panel);
      // ~100 MB: 1,000 distinct connections built with the real model, repeated.
      const base = buildLargeLog(1000);
      const big = {
        ...base,
        connections: Array.from({ length: 70_000 }, (_, i) => base.connections[i % 1000]),
      };
      const file = join(work, 'big.json');
      writeFileSync(file, JSON.stringify(big));
      await importFile(panel, file);
      // The panel's own thread answers while the worker parses and checks the file: a synchronous
      // import would only let this read happen once it was all done, and the bar gone.
      const phases = new Set<string>();
      await waitUntil('the import parsing or checking, seen from the panel', async () => {
        const phase = await attr(panel, '[data-testid="import-progress"]', 'data-phase');
        if (phase) phases.add(phase);
        return phase === 'parsing' || phase === 'checking';
      });
      assert.match(await text(panel, '[data-testid="import-progress"]'), /Importing big\.json/);
      await panel.clickByRole('button', 'Cancel the import');
      await waitForSelector(panel, '[data-testid="import-progress"]', 'detached');
      assert.equal(await count(panel, '[data-testid="imported-banner"]'), 0);
      assert.equal(await count(panel, '[data-testid="import-error"]'), 0, 'a cancel is not an error');
      assert.deepEqual(await readRows(panel), live);
      // A later import is not disturbed by the cancelled one.
      const small = join(work, 'after-cancel.json');
      writeFileSync(small, JSON.stringify(buildLargeLog(40)));
      await importFile(panel, small);
      await waitForSelector(panel, '[data-testid="imported-banner"]');
      assert.match(await text(panel, '[data-testid="imported-banner"]'), /after-cancel\.json/);
      assert.equal((await readRows(panel)).length, 40);
      await panel.clickByRole('button', 'Back to live log');
    });

    it('import by drag and drop on the panel', async () => {
      const exported = await exportFromDriverPanel(panel);
      // Neither driver can drag a file from the desktop: the drop is dispatched in the page with a
      // DataTransfer holding the file, as the browser would deliver it (the same in both).
      await panel.evaluate(`(() => {
        const dt = new DataTransfer();
        dt.items.add(new File([${q(JSON.stringify(exported))}], 'dropped.json', { type: 'application/json' }));
        const target = document.querySelector('.table-scroll');
        if (!target) throw new Error('no table');
        for (const type of ['dragenter', 'dragover', 'drop'])
          target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      })()`);
      await waitForSelector(panel, '[data-testid="imported-banner"]');
      assert.match(await text(panel, '[data-testid="imported-banner"]'), /dropped\.json/);
      assert.equal(await count(panel, '.panel.dragging'), 0);
      assert.equal((await readRows(panel)).length, 6);
      await panel.clickByRole('button', 'Back to live log');
    });

    it('a bad or foreign file shows a clear error and loses nothing', async () => {
      const live = await readRows(panel);
      const good = await exportFromDriverPanel(panel);
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
          body: JSON.stringify({ ...good, version: 99 }),
          error: /Unsupported close log version 99 \(this build reads version 2\)/,
        },
        {
          name: 'broken.json',
          body: JSON.stringify({
            ...good,
            connections: [{ ...good.connections[1], createdAt: 'yesterday' }],
          }),
          error: /None of the 1 connections in the close log is well-formed \(the first: #1\)\./,
        },
      ];
      for (const b of bad) {
        const file = join(work, b.name);
        writeFileSync(file, b.body);
        await importFile(panel, file);
        await waitForSelector(panel, '[data-testid="import-error"]');
        const message = await text(panel, '[data-testid="import-error"] span');
        assert.match(message, new RegExp(`^Could not import “${b.name.replace('.', '\\.')}”: `), message);
        assert.match(message, b.error);
        assert.equal(await attr(panel, '[data-testid="import-error"]', 'role'), 'alert');
        assert.equal(await count(panel, '[data-testid="imported-banner"]'), 0, b.name);
        assert.deepEqual(await readRows(panel), live, `the live log is intact after ${b.name}`);
        await panel.click('button[aria-label="Dismiss the import error"]');
        assert.equal(await count(panel, '[data-testid="import-error"]'), 0);
      }
      // A malformed connection among good ones is skipped and counted, never the whole file.
      const partly = join(work, 'partly.json');
      writeFileSync(
        partly,
        JSON.stringify({
          ...good,
          connections: [good.connections[0], { ...good.connections[1], createdAt: 'yesterday' }],
        }),
      );
      await importFile(panel, partly);
      await waitForSelector(panel, '[data-testid="import-skipped"]');
      assert.equal(
        await text(panel, '[data-testid="import-skipped"]'),
        '1 malformed connection skipped (#2)',
      );
      assert.equal((await readRows(panel)).length, 1);
      await panel.clickByRole('button', 'Back to live log');
      await waitForSelector(panel, '[data-testid="imported-banner"]', 'detached');
      assert.deepEqual(await readRows(panel), live, 'the live log is back');
      // The live log keeps receiving while nothing is imported.
      assert.match(await text(panel, '[data-status]'), /^live$/);
    });

    it('no layout jumps on live updates; Clear empties the log', async () => {
      const other = await driver.newPage();
      await other.goto(`${servers.origin}/panel.html?live`);
      const live = await driver.openPanel(other);
      await live.setViewport(1400, 800);
      // Layout shifts as Chromium reports them, except text reflowing inside the one-line summary
      // (Firefox has no layout-shift entries; the frame-by-frame watch below runs in both).
      const layoutShiftApi = await live.evaluate<boolean>(
        `PerformanceObserver.supportedEntryTypes.includes('layout-shift')`,
      );
      if (name === 'chromium') assert.ok(layoutShiftApi, 'Chromium reports layout shifts');
      if (layoutShiftApi)
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
      // A missing element fails here (NaN would compare equal to NaN and hide it).
      const box = async (selector: string) => {
        const b = await live.boundingBox(selector);
        assert.ok(b, `${selector} is rendered`);
        return b;
      };
      const top = async (selector: string): Promise<number> => (await box(selector)).y;
      const height = async (selector: string): Promise<number> => (await box(selector)).height;
      const tableTop = await top('.table-scroll');
      const headerTop = await top('.grid thead');
      const summaryHeight = await height('.summary');

      await other.evaluate("window.more(6, 'live')");
      await waitForClosedCount(live, 6);
      const firstRowTop = await top('tr.row');
      // Every animation frame from here on: the table, its header and first row stay where they
      // are and the summary line keeps its height, whatever arrives.
      await live.evaluate(`(() => {
        const probe = () => {
          const box = (s) => document.querySelector(s)?.getBoundingClientRect();
          return { table: box('.table-scroll')?.top, header: box('.grid thead')?.top,
            firstRow: box('tr.row')?.top, summary: box('.summary')?.height };
        };
        const start = probe();
        window.jumps = [];
        window.watching = true;
        const watch = () => {
          const now = probe();
          for (const k of Object.keys(start))
            if (now[k] !== start[k] && window.jumps.length < 20) window.jumps.push(k + ' ' + start[k] + ' -> ' + now[k]);
          if (window.watching) requestAnimationFrame(watch);
        };
        requestAnimationFrame(watch);
      })()`);
      await other.evaluate("window.more(4, 'more')");
      await waitForClosedCount(live, 10);
      await pause(200);
      assert.equal(await top('.table-scroll'), tableTop, 'the table does not move');
      assert.equal(await top('.grid thead'), headerTop);
      assert.equal(await top('tr.row'), firstRowTop, 'the first row does not move');
      const heights = await live.evaluate<number[]>(
        `[...document.querySelectorAll('tr.row')].map((tr) => tr.getBoundingClientRect().height)`,
      );
      assert.deepEqual(heights, Array(10).fill(24), 'every row is exactly 24px');
      if (layoutShiftApi)
        assert.deepEqual(await live.evaluate('window.shifts'), [], 'no layout shift reported by Chromium');

      // A low cap: older rows are dropped and the marker appears in the summary line, which keeps its height.
      await live.fill('input[aria-label="Connections to keep"]', '10');
      await live.press('Tab');
      await other.evaluate("window.more(4, 'capped')");
      await waitUntil('the dropped marker', async () => (await count(live, '.summary .dropped')) > 0);
      await pause(200);
      assert.equal(await top('.table-scroll'), tableTop, 'the table does not move');
      assert.equal(await top('.grid thead'), headerTop);
      assert.equal(await height('.summary'), summaryHeight, 'the summary line keeps its height');
      assert.deepEqual(
        await live.evaluate('(window.watching = false, window.jumps)'),
        [],
        'nothing moved in any frame',
      );

      await live.fill('input[aria-label="Connections to keep"]', '5000');
      await live.press('Tab');
      await live.click('button[aria-label="Clear"]');
      await waitUntil('an empty log', async () =>
        (await text(live, '[data-testid="summary"]')).startsWith('0 connections'),
      );
      assert.equal(await count(live, 'tr.row'), 0);
      await live.close();
      await other.close();
    });

    it('10,000 imported connections: rows render fast, only the visible ones are in the DOM', async () => {
      const n = 10_000;
      const built = Date.now();
      const log = buildLargeLog(n);
      const file = join(work, 'ten-thousand.json');
      const json = `${JSON.stringify(log, null, 2)}\n`;
      writeFileSync(file, json);
      console.log(
        `${name} 10k: built a ${n}-connection close log (${(json.length / 1e6).toFixed(1)} MB) in ${Date.now() - built} ms`,
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
          setTimeout(() => resolve(-1), 60000);
        });
      })()`);
      const wall = Date.now();
      await importFile(panel, file);
      const renderMs = await panel.evaluate<number>('window.importRendered');
      console.log(
        `${name} 10k: import → rows rendered in ${renderMs.toFixed(0)} ms (in page), ${Date.now() - wall} ms (wall clock)`,
      );
      assert.ok(renderMs >= 0, 'the imported rows rendered');
      assert.match(
        await text(panel, '[data-testid="summary"]'),
        /^10000 connections · 6000 clean · 2000 unclean · 2000 open · 2000 invalid calls$/,
      );

      const rendered = await count(panel, 'tr.row');
      console.log(`${name} 10k: ${rendered} row elements in the DOM`);
      assert.ok(rendered > 0 && rendered < 200, `virtualised: ${rendered} rows in the DOM`);
      const first = await readRenderedRows(panel);
      assert.equal(first[0]?.url, 'wss://load.example/socket/0');

      // Scroll to the bottom: the last connection is rendered and inside the visible area.
      const scrollMs = await panel.evaluate<number>(`new Promise((resolve) => {
        const el = document.querySelector('.table-scroll');
        const t0 = performance.now();
        el.scrollTop = el.scrollHeight;
        const wait = () => document.querySelector('tr.row[data-key="imported:${n - 1}"]')
          ? requestAnimationFrame(() => resolve(performance.now() - t0))
          : performance.now() - t0 > 60000 ? resolve(-1) : requestAnimationFrame(wait);
        wait();
      })`);
      console.log(`${name} 10k: scroll to the bottom rendered in ${scrollMs.toFixed(0)} ms`);
      assert.ok(scrollMs >= 0, 'the last row rendered after scrolling');
      const lastRow = `tr.row[data-key="imported:${n - 1}"]`;
      assert.equal(await text(panel, `${lastRow} td.c-url`), `wss://load.example/socket/${n - 1}`);
      const view = await panel.boundingBox('.table-scroll');
      const row = await panel.boundingBox(lastRow);
      assert.ok(view && row, 'both have boxes');
      assert.ok(
        row.y >= view.y && row.y + row.height <= view.y + view.height + 0.5,
        `the last row is visible: row ${JSON.stringify(row)} in ${JSON.stringify(view)}`,
      );
      assert.ok((await count(panel, 'tr.row')) < 200, 'still virtualised at the bottom');

      // A text filter over 10,000 rows: socket/99, socket/990–999, socket/9900–9999.
      const filterMs = await panel.evaluate<number>(`new Promise((resolve) => {
        const input = document.querySelector('input[aria-label="Filter by URL or reason"]');
        const observer = new MutationObserver(() => {
          const shown = document.querySelector('[data-testid="shown"]');
          if (shown && shown.textContent === '111 shown') {
            observer.disconnect();
            requestAnimationFrame(() => resolve(performance.now() - t0));
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        setTimeout(() => resolve(-1), 60000);
        const t0 = performance.now();
        input.value = 'socket/99';
        input.dispatchEvent(new Event('input', { bubbles: true }));
      })`);
      console.log(`${name} 10k: text filter applied (111 of ${n} rows shown) in ${filterMs.toFixed(0)} ms`);
      assert.ok(filterMs >= 0, 'the filtered rows rendered');
      const filtered = await readRows(panel);
      assert.equal(filtered.length, 111);
      assert.ok(filtered.every((r) => r.url.includes('socket/99')));
      assert.equal(filtered.at(-1)?.url, `wss://load.example/socket/${n - 1}`);
      await panel.click('button[aria-label="Clear filters"]');

      // The timeline of all 10,000: only the lanes in view are in the DOM; a pan takes one frame.
      await panel.click('button[aria-label="Timeline"]');
      await waitUntil(
        'the timeline lanes',
        async () => (await count(panel, '[data-testid="timeline"] button.lane')) > 0,
      );
      const lanes = await count(panel, '[data-testid="timeline"] button.lane');
      assert.ok(lanes > 0 && lanes < 200, `virtualised: ${lanes} lanes in the DOM`);
      await panel.click('button[aria-label="Zoom in"]');
      // Preact renders in a microtask after the click: click → render → forced layout is the work a
      // pan costs (a frame is 16.7 ms at 60 Hz).
      const panMs = await panel.evaluate<number>(`(async () => {
        const later = document.querySelector('button[aria-label="Later"]');
        const frame = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        await frame();
        const times = [];
        for (let i = 0; i < 20; i++) {
          const t0 = performance.now();
          later.click();
          await new Promise((r) => setTimeout(r, 0));
          void document.body.offsetHeight;
          times.push(performance.now() - t0);
          await frame();
        }
        times.sort((a, b) => a - b);
        return times[Math.floor(times.length / 2)];
      })()`);
      console.log(
        `${name} 10k: timeline pan, median ${panMs.toFixed(1)} ms from click to rendered and laid out (${lanes} lanes in the DOM)`,
      );
      await panel.click('button[aria-label="Timeline"]');
      await panel.clickByRole('button', 'Back to live log');
      await waitForClosedCount(panel, 6);
    });
  });
}
