/** Reads what the panel really renders. */
import { type Row, rows, type ScriptPage } from '../../recorder/driver';

export type PanelRow = Row;
export type { ScriptPage };

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Whether the rendered rows cover the scrolled viewport (the virtualised window has caught up
 * with the scroll): the first row starts at or above the area under the header, and the last
 * reaches the bottom or is the table's last.
 */
const WINDOW_RENDERED = `(() => {
  const el = document.querySelector('.table-scroll');
  if (!el) return true;
  const box = el.getBoundingClientRect();
  const rows = el.querySelectorAll('tr.row');
  if (rows.length === 0) return el.querySelectorAll('tr.spacer').length === 0;
  const head = el.querySelector('thead');
  const top = box.top + (head ? head.getBoundingClientRect().height : 0);
  const lastRow = rows[rows.length - 1];
  const more = lastRow.nextElementSibling !== null && lastRow.nextElementSibling.classList.contains('spacer');
  return rows[0].getBoundingClientRect().top <= top + 1 && (!more || lastRow.getBoundingClientRect().bottom >= box.bottom - 1);
})()`;

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
    // Wait for the outcome (the window re-rendered for this scroll position), not for a time.
    for (let i = 0; i < 600 && !(await panel.evaluate(WINDOW_RENDERED)); i++) await pause(50);
    for (const r of await readRenderedRows(panel)) if (!seen.has(r.key)) seen.set(r.key, r);
    if (top + view >= height) break;
  }
  await panel.evaluate(
    `(() => { const el = document.querySelector('.table-scroll'); if (el) el.scrollTop = 0; })()`,
  );
  return [...seen.values()];
}
