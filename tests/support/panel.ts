/**
 * Reads what the panel really renders, as a user sees it, so tests assert on the table and not on
 * the extension's internal state.
 */
import { waitFor } from '../../recorder/driver';

export interface Row {
  /** data-key: the connection's id in the panel. */
  readonly key: string;
  readonly url: string;
  readonly state: string;
  readonly initiator: string;
  readonly code: string;
  readonly reason: string;
  readonly bytes: string;
  readonly clean: string;
  readonly calls: string;
  readonly diagnosis: string;
  readonly invalid: boolean;
}

/** Reads the rendered rows; a string, because the test transpiler adds helpers a page lacks. */
export const ROWS_SCRIPT = `[...document.querySelectorAll('tr.row')].map((tr) => {
  const cell = (c) => (tr.querySelector('td.' + c)?.textContent ?? '').trim();
  return { key: tr.getAttribute('data-key') ?? '', url: cell('c-url'), state: cell('c-state'), initiator: cell('c-initiator'), code: cell('c-code'),
    reason: cell('c-reason'), bytes: cell('c-bytes'), clean: cell('c-clean'), calls: cell('c-calls'),
    diagnosis: cell('c-diagnosis'), invalid: tr.querySelector('.invalid-marker') !== null };
})`;

/**
 * What the panel readers need of a page: script evaluation. A DriverPage, a playwright Page and
 * the Firefox toolbox panel all fit.
 */
export interface ScriptPage {
  evaluate(expression: string): Promise<unknown>;
}

/** The rows rendered right now (the table is virtualised: only the visible window). */
export async function rows(panel: ScriptPage): Promise<Row[]> {
  return (await panel.evaluate(ROWS_SCRIPT)) as Row[];
}

export async function waitForRowIn(panel: ScriptPage, pred: (r: Row) => boolean, what: string): Promise<Row> {
  let last: Row[] = [];
  try {
    return await waitFor(what, async () => {
      last = await rows(panel);
      return last.find(pred);
    });
  } catch {
    throw new Error(`panel never showed ${what}; rows:\n${JSON.stringify(last, null, 1)}`);
  }
}

// The names panel.test.ts reads them by.
export type PanelRow = Row;
export const readRenderedRows = rows;

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
