/** Drives the panel's real Export JSON button and returns the parsed close log. */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import type { CloseLog } from '../../src/closeLog';

export async function exportFromPanel(panel: Page): Promise<CloseLog> {
  const [download] = await Promise.all([
    panel.waitForEvent('download'),
    panel.click('button[aria-label="Export JSON"]'),
  ]);
  const path = await download.path();
  return JSON.parse(await readFile(path, 'utf8')) as CloseLog;
}

/** Waits until the panel's summary says `count` connections and none open. */
export async function waitForClosedCount(panel: Page, count: number, timeoutMs = 60000): Promise<void> {
  // Polled from Node: extension pages forbid the eval that string predicates would need.
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = (await panel.textContent('[data-testid="summary"]')) ?? '';
    if (text.startsWith(`${count} connections`) && text.includes(' 0 open')) return;
    await panel.waitForTimeout(100);
  }
  throw new Error(`the panel never showed ${count} closed connections; it says: ${text}`);
}
