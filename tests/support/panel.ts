/** Reads what the panel really renders. */
import type { Page } from 'playwright-core';
import { ROWS_SCRIPT, type Row } from '../../recorder/driver';

export type PanelRow = Row;

/** The rows rendered right now (the table is virtualised: only the visible window). */
export async function readRenderedRows(panel: Page): Promise<PanelRow[]> {
  return panel.evaluate(ROWS_SCRIPT) as Promise<PanelRow[]>;
}

/** Every row, scrolling the virtualised table from top to bottom. */
export async function readRows(panel: Page): Promise<PanelRow[]> {
  const seen = new Map<string, PanelRow>();
  const height = (await panel.evaluate(
    'document.querySelector(".table-scroll")?.scrollHeight ?? 0',
  )) as number;
  const view = (await panel.evaluate('document.querySelector(".table-scroll")?.clientHeight ?? 0')) as number;
  const step = Math.max(200, view - 48);
  for (let top = 0; ; top += step) {
    await panel.evaluate(
      `(() => { const el = document.querySelector('.table-scroll'); if (el) { el.scrollTop = ${top}; el.dispatchEvent(new Event('scroll')); } })()`,
    );
    if (top > 0) await panel.waitForTimeout(30);
    for (const r of await readRenderedRows(panel)) if (!seen.has(r.key)) seen.set(r.key, r);
    if (top + view >= height) break;
  }
  await panel.evaluate(
    `(() => { const el = document.querySelector('.table-scroll'); if (el) el.scrollTop = 0; })()`,
  );
  return [...seen.values()];
}

/** Waits until the panel shows a row matching `predicate` and returns it. */
export async function waitForRow(
  panel: Page,
  predicate: (r: PanelRow) => boolean,
  what: string,
  timeoutMs = 10000,
): Promise<PanelRow> {
  const deadline = Date.now() + timeoutMs;
  let last: PanelRow[] = [];
  while (Date.now() < deadline) {
    last = await readRows(panel);
    const hit = last.find(predicate);
    if (hit) return hit;
    await panel.waitForTimeout(50);
  }
  throw new Error(`panel never showed ${what}; rows were:\n${JSON.stringify(last, null, 1)}`);
}
