/**
 * What every section shares: the counts of this run, the rows, details and notes that the report
 * prints in the order the sections ran, and one log whose timestamps count from the start, so a
 * slow step stands out in a CI log.
 */
import type { Counts } from './config';
import { type Detail, pairedRatios, type Row, rangeText, ratioText, stats } from './lib';

export interface Bench {
  readonly c: Counts;
  readonly rows: Row[];
  readonly details: Detail[];
  readonly notes: string[];
  log(s: string): void;
}

export function createBench(c: Counts): Bench {
  const t00 = Date.now();
  return {
    c,
    rows: [],
    details: [],
    notes: [],
    log: (s) => console.log(`[${((Date.now() - t00) / 1000).toFixed(1).padStart(5)} s] ${s}`),
  };
}

/** A with ÷ without row for the main table, and both sides' own ranges for the details. */
export function ratioRow(
  b: Bench,
  section: string,
  figure: string,
  target: number | null,
  withExt: readonly number[],
  without: readonly number[],
  unit: (x: number) => string,
  what: string,
): void {
  const r = stats(pairedRatios(withExt, without));
  b.rows.push({
    section,
    figure,
    measured: ratioText(r),
    target: target === null ? '—' : `≤ ${target.toFixed(2)}×`,
    met: target === null ? null : r.median <= target,
  });
  b.details.push({
    figure: `${figure} — ${what}`,
    withExtension: rangeText(stats(withExt), unit),
    without: rangeText(stats(without), unit),
    runs: String(Math.min(withExt.length, without.length)),
  });
}
