/**
 * Bench section "load" (2. Page load): the hook and the bridge are injected at document_start in
 * every page, so the time they add before DOMContentLoaded is paid even by pages that never open
 * a socket.
 */
import type { TestServers } from '../../demo/servers';
import type { Bench } from './context';
import { evalNumbers, interleave, type Side } from './interleave';
import { ms, num, rangeText, stats } from './lib';
import { NAV_TIMING } from './pages';

export async function pageLoad(b: Bench, servers: TestServers, sides: readonly [Side, Side]): Promise<void> {
  const { c: C } = b;
  b.log(`  DOMContentLoaded ×${C.loads}…`);
  let i = 0;
  const r = await interleave(sides, C.loadWarmup, C.loads, async (s) => {
    await s.page.goto(`${servers.origin}/blank.html?load=${i++}`, { waitUntil: 'load' });
    return evalNumbers(s.page, NAV_TIMING);
  });
  const w = stats(r.withExt[0] ?? []);
  const wo = stats(r.without[0] ?? []);
  const added = w.median - wo.median;
  const diffs = stats((r.withExt[0] ?? []).map((x, k) => x - (r.without[0]?.[k] ?? 0)));
  b.rows.push({
    section: '2. Page load',
    figure: 'DOMContentLoaded of a blank page: added by the extension (difference of medians)',
    measured: `${added >= 0 ? '+' : ''}${ms(added)} (pairwise ${num(diffs.min)}…${num(diffs.max)})`,
    target: '≤ 1 ms added',
    met: added <= 1,
  });
  b.details.push({
    figure: 'DOMContentLoaded (navigationStart → domContentLoadedEventStart)',
    withExtension: rangeText(w),
    without: rangeText(wo),
    runs: String(w.n),
  });
  b.details.push({
    figure: 'responseEnd → domContentLoadedEventStart (parsing + content scripts)',
    withExtension: rangeText(stats((r.withExt[0] ?? []).map((x, k) => x - (r.withExt[1]?.[k] ?? 0)))),
    without: rangeText(stats((r.without[0] ?? []).map((x, k) => x - (r.without[1]?.[k] ?? 0)))),
    runs: String(w.n),
  });
}
