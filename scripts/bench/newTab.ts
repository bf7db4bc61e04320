/**
 * Bench section "newtab": what the extension adds to a page that never opens a socket, measured
 * the way a user meets it — a new tab per load — with CDP's ScriptDuration (script time of the
 * tab's renderer) read before and after each load. Loads alternate between a browser with the
 * extension and one without, so a busy machine slows both alike; the figure is the difference
 * of medians, with the pairwise spread.
 */
import type { BrowserContext } from 'playwright-core';
import type { TestServers } from '../../demo/servers';
import { launchWithExtension } from '../../recorder/chromium';
import type { Bench } from './context';
import { FLOOR_LABEL, FLOORS, removeFloor, writeFloor } from './floors';
import { ms, num, stats } from './lib';

export interface NewTabResult {
  readonly page: string;
  readonly addedMs: number;
  readonly pairwise: { readonly min: number; readonly max: number };
  readonly withMedianMs: number;
  readonly withoutMedianMs: number;
  readonly loads: number;
}

/** Script time of one load of `url` in a fresh tab, in ms. */
async function scriptTimeOfLoad(context: BrowserContext, url: string): Promise<number> {
  const page = await context.newPage();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const read = async (): Promise<number> => {
      const { metrics } = (await cdp.send('Performance.getMetrics')) as {
        metrics: { name: string; value: number }[];
      };
      return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? 0) * 1000;
    };
    const before = await read();
    await page.goto(url, { waitUntil: 'load' });
    // Let the load's own tasks (and anything the extension would schedule) finish.
    await page.evaluate('new Promise((r) => setTimeout(r, 50))');
    return (await read()) - before;
  } finally {
    await page.close();
  }
}

export async function newTabLoads(
  withExt: BrowserContext,
  without: BrowserContext,
  pages: readonly { readonly name: string; readonly url: string }[],
  warmup: number,
  loads: number,
): Promise<NewTabResult[]> {
  const out: NewTabResult[] = [];
  for (const { name, url } of pages) {
    const w: number[] = [];
    const wo: number[] = [];
    for (let i = 0; i < warmup + loads; i++) {
      const sep = url.includes('?') ? '&' : '?';
      const order = i % 2 === 0 ? [withExt, without] : [without, withExt];
      for (const ctx of order) {
        const t = await scriptTimeOfLoad(ctx, `${url}${sep}load=${i}`);
        if (i < warmup) continue;
        (ctx === withExt ? w : wo).push(t);
      }
    }
    const sw = stats(w);
    const swo = stats(wo);
    const diffs = stats(w.map((x, k) => x - (wo[k] ?? 0)));
    out.push({
      page: name,
      addedMs: sw.median - swo.median,
      pairwise: { min: diffs.min, max: diffs.max },
      withMedianMs: sw.median,
      withoutMedianMs: swo.median,
      loads: sw.n,
    });
  }
  return out;
}

/** The two pages of the table: blank, and 20 plain iframes. */
export const NEW_TAB_PAGES = {
  blank: '<!doctype html><title>blank</title>',
  frames: `<!doctype html><title>frames</title>${'<iframe src="/blank.html"></iframe>'.repeat(20)}`,
} as const;

const pagesOf = (servers: TestServers) => [
  { name: 'blank page, no WebSocket', url: `${servers.origin}/blank.html` },
  { name: '20 plain iframes, no WebSocket', url: `${servers.origin}/frames.html` },
];

const addedText = (r: NewTabResult): string =>
  `${r.addedMs >= 0 ? '+' : ''}${ms(r.addedMs)} (pairwise ${num(r.pairwise.min)}…${num(r.pairwise.max)})`;

/**
 * The section: both pages (served as /blank.html and /frames.html), one row and one detail each,
 * then the same for each floor extension (no target: they show what any extension of this shape
 * costs, so the rows above can be read against them).
 */
export async function newTabSection(
  b: Bench,
  servers: TestServers,
  withExt: BrowserContext,
  without: BrowserContext,
): Promise<void> {
  const results = await newTabLoads(withExt, without, pagesOf(servers), b.c.loadWarmup, b.c.loads);
  for (const r of results) {
    const target = r.page.startsWith('blank') ? 0.5 : 5;
    b.rows.push({
      section: '2. Page load',
      figure: `Script time added to a new tab: ${r.page} (CDP ScriptDuration, difference of medians)`,
      measured: addedText(r),
      target: `≤ ${target} ms added`,
      met: r.addedMs <= target,
    });
    b.details.push({
      figure: `Script time of a new tab: ${r.page}`,
      withExtension: ms(r.withMedianMs),
      without: ms(r.withoutMedianMs),
      runs: String(r.loads),
    });
  }
}

/** The floors, each in its own browser, against the same browser without extensions. */
export async function newTabFloors(b: Bench, servers: TestServers, without: BrowserContext): Promise<void> {
  for (const floor of FLOORS.slice(0, b.c.floors)) {
    const dir = writeFloor(floor);
    const browser = await launchWithExtension({ extensionDir: dir });
    try {
      const results = await newTabLoads(
        browser.context,
        without,
        pagesOf(servers),
        b.c.loadWarmup,
        b.c.loads,
      );
      for (const r of results)
        b.rows.push({
          section: '2. Page load',
          figure: `Script time added to a new tab: ${r.page}, ${FLOOR_LABEL[floor]}`,
          measured: addedText(r),
          target: '—',
          met: null,
        });
    } finally {
      await browser.close().catch(() => undefined);
      removeFloor(dir);
    }
  }
}
