/**
 * Bench section "throughput" (3. Throughput to the panel): a page that closes thousands of
 * sockets at once must reach the panel whole (no lost events) and fast; section 1's plain-browser
 * burst says how fast the page alone can go, which bounds the rate measured here.
 */
import type { Page } from 'playwright-core';
import type { TestServers } from '../../demo/servers';
import type { Bench } from './context';
import { evalNumbers } from './interleave';
import { ms, parseSummary, rangeText, stats } from './lib';
import { burst } from './pages';
import { freshDocument, setCap, waitPanel } from './panel';

export async function throughput(
  b: Bench,
  servers: TestServers,
  page: Page,
  panel: Page,
  plainBurst: readonly number[],
): Promise<void> {
  const { c: C, log } = b;
  const S = '3. Throughput';
  const n = C.throughput;
  const url = `${servers.wsOrigin}/echo`;
  await setCap(panel, 100_000);
  const rates: number[] = [];
  const totals: number[] = [];
  const loops: number[] = [];
  let lost = 0;
  const runs = [Math.max(100, Math.round(n / 10)), ...Array.from({ length: C.throughputReps }, () => n)];
  for (const [i, count] of runs.entries()) {
    const warm = i === 0;
    await freshDocument(page, panel);
    await panel.evaluate('(window.__bench.summaries.length = 0, true)');
    log(`  ${warm ? 'warm-up ' : ''}burst of ${count} sockets…`);
    const [t0 = 0, t1 = 0] = await evalNumbers(page, burst(url, count));
    const r = await waitPanel(panel, (s) => s.connections === count && s.open === 0, 180_000);
    const summaries = (await panel.evaluate('window.__bench.summaries')) as {
      text: string;
      commit: number;
      paint: number;
    }[];
    const done = summaries.find((x) => {
      const s = parseSummary(x.text);
      return s !== null && s.connections === count && s.open === 0;
    });
    const missing = count - (r.s?.connections ?? 0) + (r.s?.open ?? 0) + r.dropped;
    log(`    page loop ${ms(t1 - t0)}; panel: ${r.text}${r.ok ? '' : ' (gave up)'}`);
    if (warm) continue;
    lost += missing;
    if (!r.ok || !done) continue;
    const end = done.paint || done.commit;
    totals.push(end - t0);
    loops.push(t1 - t0);
    rates.push(count / ((end - t0) / 1000));
  }
  const rate = stats(rates);
  b.rows.push({
    section: S,
    figure: `${n.toLocaleString('en-US')} sockets closed in a burst → all rows in the panel: end-to-end rate`,
    measured: `${rangeText(rate, (x) => `${Math.round(x).toLocaleString('en-US')}/s`)}`,
    target: '≥ 20,000/s',
    met: rates.length > 0 && rate.median >= 20_000,
  });
  b.rows.push({
    section: S,
    figure: 'Events lost (rows missing, still open or dropped at the end, all runs)',
    measured: String(lost),
    target: '0',
    met: lost === 0,
  });
  b.details.push({
    figure: `${n.toLocaleString('en-US')}-socket burst: the page's create+close loop (without: section 1's plain browser)`,
    withExtension: rangeText(stats(loops)),
    without: plainBurst.length > 0 ? rangeText(stats(plainBurst)) : 'not run',
    runs: `${loops.length} / ${plainBurst.length}`,
  });
  if (plainBurst.length > 0) {
    const ceiling = n / (stats(plainBurst).median / 1000);
    b.notes.push(
      `Without the extension the page alone creates and closes ${n.toLocaleString('en-US')} sockets at ${Math.round(ceiling).toLocaleString('en-US')}/s in this browser (section 1's burst), which bounds any end-to-end rate here.`,
    );
  }
  b.details.push({
    figure: `${n.toLocaleString('en-US')}-socket burst: loop start → panel painted the last row`,
    withExtension: rangeText(stats(totals)),
    without: '—',
    runs: String(totals.length),
  });
}
