/**
 * With/without figures come from one run with both browsers side by side: runs alternate which
 * browser goes first, so load from the rest of the machine falls on both sides alike and the
 * pairwise ratios stay meaningful on a busy machine.
 */
import type { Page } from 'playwright-core';

export interface Side {
  readonly name: 'with' | 'without';
  readonly page: Page;
}

/** The page scripts (./pages) return one number or several. */
export async function evalNumbers(page: Page, script: string): Promise<number[]> {
  const r = (await page.evaluate(script)) as number | number[];
  return Array.isArray(r) ? r : [r];
}

/**
 * warm-up + reps runs on both sides, alternating which side goes first. `run` returns one or
 * more metrics; the result holds, per metric, the values of each side (pair i = run i).
 */
export async function interleave(
  sides: readonly [Side, Side],
  warmup: number,
  reps: number,
  run: (side: Side, warm: boolean) => Promise<number[]>,
): Promise<{ withExt: number[][]; without: number[][] }> {
  const withExt: number[][] = [];
  const without: number[][] = [];
  for (let i = 0; i < warmup + reps; i++) {
    const order = i % 2 === 0 ? sides : ([sides[1], sides[0]] as const);
    for (const side of order) {
      const values = await run(side, i < warmup);
      if (i < warmup) continue;
      values.forEach((v, k) => {
        const into = side.name === 'with' ? withExt : without;
        if (!into[k]) into[k] = [];
        into[k]?.push(v);
      });
    }
  }
  return { withExt, without };
}
