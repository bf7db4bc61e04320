/**
 * Bench section "memory" (5. Memory): a long-lived page may open sockets forever, so the
 * service worker's, the panel's and the page's heaps must stay bounded by "Connections to keep",
 * however many connections pass through.
 */
import type { Page } from 'playwright-core';
import type { TestServers } from '../../demo/servers';
import type { Bench } from './context';
import { type BenchExtension, type Heap, mb, pageHeap, serviceWorkerHeap } from './lib';
import { chunkedSockets } from './pages';
import { freshDocument, setCap, waitPanel } from './panel';

export async function memory(
  b: Bench,
  ext: BenchExtension,
  servers: TestServers,
  page: Page,
  panel: Page,
): Promise<void> {
  const { c: C, log } = b;
  const S = '5. Memory';
  const cap = C.memoryCap;
  await setCap(panel, cap);
  await freshDocument(page, panel);
  const url = `${servers.wsOrigin}/echo`;
  let swError = '';
  const read = async (): Promise<{ sw: Heap | null; panel: Heap; page: Heap }> => {
    let sw: Heap | null = null;
    try {
      sw = await serviceWorkerHeap(page, ext.extensionId);
    } catch (e) {
      swError = e instanceof Error ? e.message : String(e);
    }
    return { sw, panel: await pageHeap(panel), page: await pageHeap(page) };
  };
  await panel.waitForTimeout(500);
  const readings = [{ seen: 0, ...(await read()) }];
  let seen = 0;
  const capHeld: string[] = [];
  for (const target of C.memory) {
    log(`  ${target.toLocaleString('en-US')} connections seen (cap ${cap})…`);
    const t = Date.now();
    await page.evaluate(chunkedSockets(url, target - seen, C.memoryChunk));
    seen = target;
    const kept = Math.min(seen, cap);
    const r = await waitPanel(
      panel,
      (s, dropped) => s.connections === kept && s.open === 0 && dropped === seen - kept,
      240_000,
    );
    if (!r.ok)
      throw new Error(`memory: the panel never showed ${kept} rows / ${seen - kept} dropped: ${r.text}`);
    log(`    ${((Date.now() - t) / 1000).toFixed(1)} s; panel: ${r.text}; ${r.dropped} dropped`);
    capHeld.push(`${seen.toLocaleString('en-US')} seen → ${r.s?.connections} rows, ${r.dropped} dropped`);
    readings.push({ seen, ...(await read()) });
  }
  const [r0, r1, r2] = readings;
  if (!r0 || !r1 || !r2) throw new Error('memory: missing readings');
  const bounded = (first: number, second: number): boolean => second <= first * 1.25 + 512 * 1024;
  const heapRow = (figure: string, h0: Heap | null, h1: Heap | null, h2: Heap | null): void => {
    if (!h0 || !h1 || !h2) {
      b.rows.push({ section: S, figure, measured: `not measured: ${swError}`, target: '—', met: null });
      b.notes.push(`Service-worker heap could not be read over CDP: ${swError}`);
      return;
    }
    b.rows.push({
      section: S,
      figure,
      measured: `${mb(h0.used)} idle → ${mb(h1.used)} @${r1.seen.toLocaleString('en-US')} → ${mb(h2.used)} @${r2.seen.toLocaleString('en-US')}`,
      target: `bounded by the cap: @${r2.seen.toLocaleString('en-US')} ≤ 1.25 × @${r1.seen.toLocaleString('en-US')} + 0.5 MB`,
      met: bounded(h1.used, h2.used),
    });
  };
  b.rows.push({
    section: S,
    figure: `The cap (${cap} connections) holds in the panel`,
    measured: capHeld.join('; '),
    target: `≤ ${cap} rows, the rest counted as dropped`,
    met: true,
  });
  heapRow('Service-worker heap (used, after GC; CDP on the worker target)', r0.sw, r1.sw, r2.sw);
  heapRow('Panel heap (used, after GC)', r0.panel, r1.panel, r2.panel);
  heapRow(
    'Inspected page renderer heap (page + MAIN-world hook + bridge log; after GC)',
    r0.page,
    r1.page,
    r2.page,
  );
}
