/**
 * Differential test of close() in real Chromium: thousands of argument lists, run in a page with
 * the extension and in a browser without it (the oracle). The page must observe exactly the same
 * (return value, exception type/name/message, which valueOf/toString ran and in what order,
 * readyState, close event, and what the server received), and the logged Chromium verdict must
 * match what the native call did.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startServers, type TestServers } from '../../demo/servers';
import { type ExtensionBrowser, launchPlain, launchWithExtension } from '../../recorder/chromium';
import type { CloseLog } from '../../src/closeLog';
import { selectedBrowsers } from '../support/driver';
import { exportFromPanel, waitForClosedCount } from '../support/exportLog';
import { type Case, cornerCases, generatedCases } from './differential/cases';
import { PAGE_RUNNER } from './differential/pageRunner';

const GENERATED = Number(process.env.DIFF_CASES ?? 5000);
const PAGE_SIZE = 1000;
// One socket at a time: Chromium serialises WebSocket handshakes per host, and concurrency only queues them.
const CONCURRENCY = 1;

interface PageResult {
  index: number;
  before: number;
  after: number;
  outcome: {
    threw: boolean;
    kind?: string;
    name?: string;
    message?: string;
    isDOMException?: boolean;
    isTypeError?: boolean;
    ret?: string;
  };
  log: string;
  event: { code: number; reason: string; wasClean: boolean };
  errors: string;
}

let servers: TestServers;
let ext: ExtensionBrowser;
let plain: Browser;
let extPage: Page;
let plainPage: Page;
let panel: Page;

async function runChunk(page: Page, run: string, chunk: Case[], offset: number): Promise<PageResult[]> {
  await page.goto(`${servers.origin}/diff.html`);
  return (await page.evaluate(
    ([ws, r, cs, off, conc]) =>
      (window as unknown as { runCases: (...a: unknown[]) => Promise<unknown> }).runCases(
        ws,
        r,
        cs,
        off,
        conc,
      ),
    [servers.wsOrigin, run, chunk, offset, CONCURRENCY] as const,
  )) as PageResult[];
}

describe('differential: close() with the extension behaves exactly as without it', {
  skip: !selectedBrowsers().includes('chromium'),
}, () => {
  before(async () => {
    servers = await startServers();
    servers.page('/diff.html', `<!doctype html><title>diff</title><script>${PAGE_RUNNER}</script>`);
    ext = await launchWithExtension();
    plain = await launchPlain();
    const opened = await ext.newPage();
    extPage = opened.page;
    plainPage = await plain.newPage();
    await extPage.goto(`${servers.origin}/diff.html`);
    panel = await ext.openPanel(opened.tabId);
    // Warnings for thousands of deliberate mistakes would only slow the run.
    await panel.click('input[aria-label="Console warnings"]');
  });

  after(async () => {
    await ext?.close();
    await plain?.close();
    await servers?.close();
  });

  it(`${GENERATED} generated argument lists plus the corner table: identical outcomes, 100% verdict agreement`, {
    timeout: 15 * 60_000,
  }, async () => {
    const cases = [...cornerCases(), ...generatedCases(GENERATED)];
    const pageMismatches: string[] = [];
    const verdictMismatches: string[] = [];
    const observedMismatches: string[] = [];
    let compared = 0;
    let modelled = 0;
    let unmodelled = 0;
    let threw = 0;
    const unmodelledKinds = new Map<string, number>();
    for (let offset = 0; offset < cases.length; offset += PAGE_SIZE) {
      const chunk = cases.slice(offset, offset + PAGE_SIZE);
      const [withExt, without] = await Promise.all([
        runChunk(extPage, 'ext', chunk, offset),
        runChunk(plainPage, 'plain', chunk, offset),
      ]);
      for (let i = 0; i < chunk.length; i++) {
        compared++;
        const a = withExt[i];
        const b = without[i];
        if (JSON.stringify(a) !== JSON.stringify(b)) {
          pageMismatches.push(
            `case ${offset + i} ${JSON.stringify(chunk[i])}\n  with:    ${JSON.stringify(a)}\n  without: ${JSON.stringify(b)}`,
          );
        }
        if (a?.outcome.threw) threw++;
      }
      await waitForClosedCount(panel, chunk.length);
      const log: CloseLog = await exportFromPanel(panel);
      assert.equal(log.connections.length, chunk.length, 'every socket of the page is in the exported log');
      for (const c of log.connections) {
        const index = Number(new URL(c.url).searchParams.get('c'));
        const page = withExt[index - offset];
        const call = c.closeCalls[0];
        if (!page || !call) {
          verdictMismatches.push(`case ${index}: no logged close() call`);
          continue;
        }
        // What the extension logged as observed = what the page saw.
        const seen = page.outcome;
        const loggedThrew = call.observed.threw;
        if (
          loggedThrew !== seen.threw ||
          (call.observed.threw &&
            seen.kind !== 'page-object' &&
            (call.observed.name !== seen.name || call.observed.message !== seen.message))
        ) {
          observedMismatches.push(
            `case ${index}: logged ${JSON.stringify(call.observed)}, page saw ${JSON.stringify(seen)}`,
          );
        }
        const verdict = call.verdicts?.chromium;
        if (!verdict) {
          unmodelled++;
          const kinds = (cases[index]?.args ?? []).map((a) => a.k).join('+');
          unmodelledKinds.set(kinds, (unmodelledKinds.get(kinds) ?? 0) + 1);
          continue;
        }
        modelled++;
        const agrees = call.observed.threw
          ? !verdict.ok &&
            verdict.errorName === call.observed.name &&
            verdict.message === call.observed.message
          : verdict.ok;
        if (!agrees)
          verdictMismatches.push(
            `case ${index} ${JSON.stringify(cases[index])}: model ${JSON.stringify(verdict)} vs browser ${JSON.stringify(call.observed)}`,
          );
      }
    }
    // What reached the server: same code and reason for every case.
    const byRun = (run: string) =>
      new Map(
        servers.received
          .filter((r) => r.path.includes(`run=${run}&`))
          .map((r) => [new URL(r.path, 'ws://x').searchParams.get('c'), `${r.code}|${r.reason}`]),
      );
    const serverExt = byRun('ext');
    const serverPlain = byRun('plain');
    const serverMismatches: string[] = [];
    for (const [c, v] of serverPlain)
      if (serverExt.get(c) !== v)
        serverMismatches.push(`case ${c}: server got ${serverExt.get(c)} with the extension, ${v} without`);

    console.log(
      `differential: ${compared} cases compared (${threw} threw), page-visible mismatches ${pageMismatches.length}; ` +
        `${serverPlain.size} server-side closes compared, mismatches ${serverMismatches.length}; ` +
        `verdicts: ${modelled} modelled, ${modelled - verdictMismatches.length} agree, ${unmodelled} not modelled (the page's own valueOf/toString threw: the same object reaches the page, checked above); ` +
        `logged outcome mismatches ${observedMismatches.length}`,
    );
    console.log(`not modelled, by argument kinds: ${JSON.stringify(Object.fromEntries(unmodelledKinds))}`);
    assert.deepEqual(pageMismatches.slice(0, 10), [], `${pageMismatches.length} page-visible differences`);
    assert.deepEqual(serverMismatches.slice(0, 10), [], `${serverMismatches.length} server-side differences`);
    assert.deepEqual(
      observedMismatches.slice(0, 10),
      [],
      `${observedMismatches.length} logged outcomes differ from what the page saw`,
    );
    assert.deepEqual(verdictMismatches.slice(0, 10), [], `${verdictMismatches.length} verdict disagreements`);
    assert.ok(compared >= GENERATED, 'ran every case');
    assert.ok(modelled >= compared * 0.9, `only ${modelled} of ${compared} calls had a verdict`);
  });
});
