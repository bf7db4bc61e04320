/**
 * Driving the DevTools panel from Node. Extension pages forbid eval, so nothing here can use
 * Playwright's polled predicates: the panel is read and polled from Node through its summary line.
 */
import type { Page } from 'playwright-core';
import { parseSummary, type Summary } from './lib';

const SUMMARY = '[data-testid="summary"]';
const KEEP = 'input[aria-label="Connections to keep"]';
export const FILTER = 'input[aria-label="Filter by URL or reason"]';

async function summaryOf(panel: Page): Promise<{ text: string; s: Summary | null; dropped: number }> {
  const text = ((await panel.textContent(SUMMARY)) ?? '').replace(/\s+/g, ' ').trim();
  const droppedEl = await panel.$('.summary .dropped');
  const droppedText = droppedEl ? ((await droppedEl.textContent()) ?? '') : '';
  const m = /^(\d+) older connections? dropped/.exec(droppedText);
  return { text, s: parseSummary(text), dropped: m ? Number(m[1]) : 0 };
}

/**
 * Polls the panel until `done`; gives up after `timeoutMs`, or when the summary has not changed
 * for `stallMs`. Returns the last reading.
 */
export async function waitPanel(
  panel: Page,
  done: (s: Summary, dropped: number) => boolean,
  timeoutMs: number,
  stallMs = 20_000,
): Promise<{ ok: boolean; text: string; s: Summary | null; dropped: number }> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  let lastChange = Date.now();
  for (;;) {
    const r = await summaryOf(panel);
    if (r.s && done(r.s, r.dropped)) return { ok: true, ...r };
    const key = `${r.text}|${r.dropped}`;
    if (key !== last) {
      last = key;
      lastChange = Date.now();
    }
    if (Date.now() > deadline || Date.now() - lastChange > stallMs) return { ok: false, ...r };
    await panel.waitForTimeout(50);
  }
}

export async function setCap(panel: Page, n: number): Promise<void> {
  await panel.fill(KEEP, String(n));
  await panel.press(KEEP, 'Enter');
  // The setting goes through extension storage to the panel and to every frame's bridge.
  await panel.waitForTimeout(700);
  const value = await panel.inputValue(KEEP);
  if (value !== String(n)) throw new Error(`could not set "Connections to keep" to ${n} (it shows ${value})`);
}

export async function freshDocument(page: Page, panel: Page): Promise<void> {
  await page.reload();
  const r = await waitPanel(panel, (s) => s.connections === 0, 15_000);
  if (!r.ok) throw new Error(`the panel did not clear after a reload: ${r.text}`);
}
