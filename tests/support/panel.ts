/** Reads what the panel really renders. */
import type { Page } from 'playwright-core';

export interface PanelRow {
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

export async function readRows(panel: Page): Promise<PanelRow[]> {
  // A string, not a function: the test transpiler would add helpers the page does not have.
  return panel.evaluate(`[...document.querySelectorAll('tr.row')].map((tr) => {
    const cell = (c) => (tr.querySelector('td.' + c)?.textContent ?? '').trim();
    return {
      key: tr.getAttribute('data-key') ?? '',
      url: cell('c-url'),
      state: cell('c-state'),
      initiator: cell('c-initiator'),
      code: cell('c-code'),
      reason: cell('c-reason'),
      bytes: cell('c-bytes'),
      clean: cell('c-clean'),
      calls: cell('c-calls'),
      diagnosis: cell('c-diagnosis'),
      invalid: tr.querySelector('.invalid-marker') !== null,
    };
  })`);
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
