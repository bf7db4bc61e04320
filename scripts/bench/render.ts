/**
 * Bench section "render" (4. Panel rendering): the panel must stay responsive with thousands of
 * rows present — live updates within a frame, and importing and filtering a large close log —
 * since a busy page fills it that fast. Timings come from the harness that ./pages
 * installs in the panel (commit and paint), read from Node.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { TestServers } from '../../demo/servers';
import { generatedCloseLog } from './closeLogFixture';
import type { Bench } from './context';
import { parseSummary, rangeText, stats } from './lib';
import { burst, oneSocket } from './pages';
import { FILTER, freshDocument, setCap, waitPanel } from './panel';

export async function panelRendering(b: Bench, servers: TestServers, page: Page, panel: Page): Promise<void> {
  const { c: C, log } = b;
  const S = '4. Panel rendering';
  const n = C.render;
  const url = `${servers.wsOrigin}/echo`;

  // Live update with n real connections present.
  await setCap(panel, 100_000);
  await freshDocument(page, panel);
  log(`  ${n} live connections…`);
  await page.evaluate(burst(url, n));
  const base = await waitPanel(panel, (s) => s.connections === n && s.open === 0, 120_000);
  if (!base.ok) throw new Error(`live update: the panel never showed ${n} closed connections: ${base.text}`);
  await panel.waitForTimeout(300);
  await panel.evaluate('(window.__bench.wrapRaf(), true)');
  const frames: number[] = [];
  const latencies: number[] = [];
  for (let i = 0; i <= C.liveReps; i++) {
    await panel.evaluate('(window.__bench.frames.length = 0, window.__bench.summaries.length = 0, true)');
    const t0 = (await page.evaluate(oneSocket(url))) as number;
    const want = n + i + 1;
    const r = await waitPanel(panel, (s) => s.connections === want && s.open === 0, 15_000);
    if (!r.ok) throw new Error(`live update: the panel never showed ${want} connections: ${r.text}`);
    await panel.waitForTimeout(60);
    const f = (await panel.evaluate('window.__bench.frames')) as number[];
    const summaries = (await panel.evaluate('window.__bench.summaries')) as { text: string; paint: number }[];
    const first = summaries.find((x) => parseSummary(x.text)?.connections === want);
    if (i === 0) continue; // warm-up
    frames.push(...f);
    if (first?.paint) latencies.push(first.paint - t0);
  }
  await panel.evaluate('(window.requestAnimationFrame = window.__bench.raf, true)');
  const fr = stats(frames);
  b.rows.push({
    section: S,
    figure: `Live update with ${n.toLocaleString('en-US')} connections present: panel frame (rAF callback → Preact DOM commit)`,
    measured: rangeText(fr),
    target: '< 16 ms',
    met: frames.length > 0 && fr.median < 16,
  });
  b.details.push({
    figure:
      'Live update: page `new WebSocket` → row painted in the panel (end to end, incl. ≤ 1 frame of rAF coalescing)',
    withExtension: rangeText(stats(latencies)),
    without: '—',
    runs: String(latencies.length),
  });
  b.details.push({
    figure: 'Live update: frames that changed the summary, per update',
    withExtension: `${frames.length} frames / ${C.liveReps} updates`,
    without: '—',
    runs: String(C.liveReps),
  });

  // Import a generated close log of n connections.
  const dir = mkdtempSync(join(tmpdir(), 'wsci-bench-log-'));
  try {
    const file = join(dir, `bench-${n}.json`);
    const text = generatedCloseLog(n);
    writeFileSync(file, text);
    await panel.click('button[aria-label="Clear"]');
    await waitPanel(panel, (s) => s.connections === 0, 10_000);
    const imports: number[][] = [];
    for (let i = 0; i <= C.importReps; i++) {
      log(
        `  import ${n} connections (${(text.length / 1024 / 1024).toFixed(1)} MB)${i === 0 ? ' warm-up' : ''}…`,
      );
      await panel.evaluate(`window.__bench.armImport(${JSON.stringify(`${n} connections`)})`);
      await panel.setInputFiles('[data-testid="import-input"]', file);
      const r = (await panel.evaluate('window.__bench.pending')) as number[];
      if ((r[0] ?? -1) < 0) throw new Error('import: the panel never showed the imported connections');
      if (i > 0) imports.push(r);
      if (i < C.importReps) {
        await panel.click('button:has-text("Back to live log")');
        await waitPanel(panel, (s) => s.connections === 0, 10_000);
      }
    }
    const commit = stats(imports.map((x) => x[0] ?? 0));
    const paint = stats(imports.map((x) => x[1] ?? 0));
    b.rows.push({
      section: S,
      figure: `Import + render ${n.toLocaleString('en-US')} connections: file input change → next paint`,
      measured: rangeText(paint),
      target: '< 150 ms',
      met: paint.median < 150,
    });
    b.details.push({
      figure: 'Import: change event → DOM commit (read + JSON.parse + validate + store + render)',
      withExtension: rangeText(commit),
      without: '—',
      runs: String(commit.n),
    });

    // Text filter over the imported n connections.
    const apply: number[][] = [];
    const clear: number[][] = [];
    for (let i = 0; i <= C.filterReps; i++) {
      for (const [value, into] of [
        ['timeout', apply],
        ['', clear],
      ] as const) {
        await panel.evaluate('window.__bench.armFilter()');
        await panel.fill(FILTER, value);
        const r = (await panel.evaluate('window.__bench.pending')) as number[];
        if ((r[0] ?? -1) < 0) throw new Error('filter: the table never changed');
        if (i > 0) into.push(r);
      }
    }
    const ap = stats(apply.map((x) => x[1] ?? 0));
    b.rows.push({
      section: S,
      figure: `Text filter over ${n.toLocaleString('en-US')} connections (one input event) → next paint`,
      measured: rangeText(ap),
      target: '< 50 ms',
      met: ap.median < 50,
    });
    b.details.push({
      figure: 'Filter: input event → DOM commit',
      withExtension: rangeText(stats(apply.map((x) => x[0] ?? 0))),
      without: '—',
      runs: String(apply.length),
    });
    b.details.push({
      figure: 'Clearing the filter: input event → next paint',
      withExtension: rangeText(stats(clear.map((x) => x[1] ?? 0))),
      without: '—',
      runs: String(clear.length),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
