/** Reads what the panel really renders. */
import { type Row, rows, type ScriptPage } from '../../recorder/driver';

export type PanelRow = Row;
export type { ScriptPage };

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The rows rendered right now (the table is virtualised: only the visible window). */
export const readRenderedRows = rows;

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
