/**
 * The headless close recorder: loads the built extension into Chromium, opens a URL, and reads
 * the close log through the extension's own panel (tab mode) and its own Export buttons, so it
 * records exactly what a user would see.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { CloseLog } from '../src/closeLog';
import { type ExtensionBrowser, launchWithExtension } from './chromium';

export type FailOn = 'invalid' | 'unclean' | 'portability' | 'any-close-error';

export interface RecordOptions {
  readonly url: string;
  readonly out: string;
  readonly csv?: string;
  /** Fixed wait after load (ms); ignored with untilIdle. */
  readonly waitMs: number;
  /** Wait until no socket is open or connecting and nothing changed for `idleMs`. */
  readonly untilIdle: boolean;
  readonly idleMs: number;
  /** Upper bound for --until-idle. */
  readonly maxWaitMs: number;
  readonly browserPath?: string;
  readonly headed?: boolean;
  readonly failOn: readonly FailOn[];
  /** Called while waiting, with the panel's summary line. */
  readonly onProgress?: (summary: string, elapsedMs: number) => void;
}

export interface RecordResult {
  readonly log: CloseLog;
  /** A problem that cut the recording short (the log still holds what was seen). */
  readonly problem: string | null;
  readonly failures: string[];
}

async function summaryText(panel: Page): Promise<string> {
  return (await panel.textContent('[data-testid="summary"]'))?.trim() ?? '';
}

function openCount(summary: string): number {
  const m = /(\d+) open/.exec(summary);
  return m ? Number(m[1]) : 0;
}

async function exportVia(panel: Page, button: 'Export JSON' | 'Export CSV'): Promise<string> {
  const [download] = await Promise.all([
    panel.waitForEvent('download'),
    panel.click(`button[aria-label="${button}"]`),
  ]);
  return readFile(await download.path(), 'utf8');
}

/** Which --fail-on conditions the log meets. */
export function failuresOf(log: CloseLog, failOn: readonly FailOn[]): string[] {
  const out: string[] = [];
  const count = (pred: (c: CloseLog['connections'][number]) => boolean): number =>
    log.connections.filter(pred).length;
  if (failOn.includes('invalid')) {
    const n = count((c) => c.invalidCall);
    if (n > 0) out.push(`${n} connection(s) with an invalid close() call`);
  }
  if (failOn.includes('unclean')) {
    const n = count((c) => c.closeEvent !== null && !c.closeEvent.wasClean);
    if (n > 0) out.push(`${n} connection(s) closed uncleanly`);
  }
  if (failOn.includes('portability')) {
    const n = count((c) => c.findings.some((f) => f.includes('not portable')));
    if (n > 0) out.push(`${n} connection(s) with a non-portable close() call`);
  }
  return out;
}

export async function record(options: RecordOptions): Promise<RecordResult> {
  const browser: ExtensionBrowser = await launchWithExtension({
    ...(options.browserPath ? { executablePath: options.browserPath } : {}),
    headed: options.headed ?? false,
  });
  let problem: string | null = null;
  try {
    const { page, tabId } = await browser.newPage();
    const panel = await browser.openPanel(tabId);
    page.on('crash', () => {
      problem = 'The page crashed.';
    });
    const started = Date.now();
    try {
      await page.bringToFront();
      await page.goto(options.url, { waitUntil: 'load', timeout: 30000 });
    } catch (error) {
      problem = `Could not load ${options.url}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    }
    if (!problem) {
      let last = '';
      let stableSince = Date.now();
      const deadline = started + (options.untilIdle ? options.maxWaitMs : options.waitMs);
      while (Date.now() < deadline && !problem) {
        const summary = await summaryText(panel);
        options.onProgress?.(summary, Date.now() - started);
        if (summary !== last) {
          last = summary;
          stableSince = Date.now();
        }
        if (options.untilIdle && openCount(summary) === 0 && Date.now() - stableSince >= options.idleMs)
          break;
        await panel.waitForTimeout(100);
      }
      if (options.untilIdle && Date.now() >= deadline)
        problem = `Still not idle after ${options.maxWaitMs} ms; recorded what was seen.`;
    }
    // Give the last events a moment to reach the panel.
    await panel.waitForTimeout(200);
    const json = await exportVia(panel, 'Export JSON');
    await writeFile(options.out, json);
    if (options.csv) await writeFile(options.csv, await exportVia(panel, 'Export CSV'));
    const log = JSON.parse(json) as CloseLog;
    return { log, problem, failures: failuresOf(log, options.failOn) };
  } finally {
    await browser.close();
  }
}
