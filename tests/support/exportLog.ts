/** Drives the panel's real Export JSON button and returns the parsed close log. */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { exportText } from '../../recorder/driver';
import type { CloseLog } from '../../src/closeLog';
import type { DriverPage } from './driver';
import type { ScriptPage } from './panel';

/** The exported JSON as the recorder reads it, in any browser, with no download involved. */
export async function exportJson<T>(panel: DriverPage): Promise<T> {
  return JSON.parse(await exportText(panel, 'Export JSON')) as T;
}

export async function exportFromPanel(panel: Page): Promise<CloseLog> {
  const [download] = await Promise.all([
    panel.waitForEvent('download'),
    panel.click('button[aria-label="Export JSON"]'),
  ]);
  const path = await download.path();
  return JSON.parse(await readFile(path, 'utf8')) as CloseLog;
}

/** The same through the driver, in Chromium or Firefox: the file the browser really downloads. */
export async function exportFromDriverPanel(panel: DriverPage): Promise<CloseLog> {
  const { filename, text } = await panel.download('button[aria-label="Export JSON"]');
  if (!/^ws-closes-.*\.json$/.test(filename)) throw new Error(`unexpected export file name ${filename}`);
  return JSON.parse(text) as CloseLog;
}

/** True when the panel's summary line starts with `count` connections ("1 connection", "2 connections"). */
export function summarySays(text: string, count: number): boolean {
  return text.startsWith(`${count} ${count === 1 ? 'connection' : 'connections'} `);
}

/** Waits until the panel's summary says `count` connections and none open. */
export async function waitForClosedCount(panel: ScriptPage, count: number, timeoutMs = 60000): Promise<void> {
  // Polled from Node: extension pages forbid the eval that string predicates would need.
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = ((await panel.evaluate(`document.querySelector('[data-testid="summary"]')?.textContent ?? ''`)) ??
      '') as string;
    if (summarySays(text, count) && text.includes(' 0 open')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the panel never showed ${count} closed connections; it says: ${text}`);
}
