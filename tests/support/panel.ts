/** Reads what the panel really renders. */
import { ROWS_SCRIPT, type Row } from '../../recorder/driver';

export type PanelRow = Row;

/**
 * What these helpers need of a page: script evaluation. A playwright Page and the driver's
 * DriverPage (Chromium or Firefox) both fit.
 */
export interface ScriptPage {
  evaluate(expression: string): Promise<unknown>;
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The rows rendered right now (the table is virtualised: only the visible window). */
export async function readRenderedRows(panel: ScriptPage): Promise<PanelRow[]> {
  return panel.evaluate(ROWS_SCRIPT) as Promise<PanelRow[]>;
}

/** Every row, scrolling the virtualised table from top to bottom. */
export async function readRows(panel: ScriptPage): Promise<PanelRow[]> {
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
    if (top > 0) await pause(30);
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
  panel: ScriptPage,
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
    await pause(50);
  }
  throw new Error(`panel never showed ${what}; rows were:\n${JSON.stringify(last, null, 1)}`);
}
