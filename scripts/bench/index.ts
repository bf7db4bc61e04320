/**
 * npm run bench        full run (a few minutes); writes docs/benchmarks.md
 * npm run bench:smoke  tiny counts (under a minute); prints only
 *
 * Real headless Chromium (Debian's /usr/bin/chromium via playwright-core), loopback servers only.
 * Every with/without figure is measured in ONE run, with the two browsers side by side and their
 * runs interleaved (alternating order), after warm-up; medians with min–max. Targets are shown,
 * never enforced: a missed target still exits 0, only errors exit 1.
 *
 * This entry point only parses the options and runs the sections, one file each, so that a
 * section can be read (and changed) alone; the order here is the report's order, and section 3
 * reuses section 1's plain-browser burst.
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { startServers } from '../../demo/servers';
import { launchPlain } from '../../recorder/chromium';
import { countsFor } from './config';
import { createBench } from './context';
import { hotPath } from './hot';
import { type BenchExtension, describeMachine, launchExtension, snapshotDist } from './lib';
import { pageLoad } from './load';
import { memory } from './memory';
import { NEW_TAB_PAGES, newTabFloors, newTabSection } from './newTab';
import { PANEL_HARNESS } from './pages';
import { FILTER } from './panel';
import { panelRendering } from './render';
import { report, writeDocs } from './report';
import { bundleSizes } from './size';
import { throughput } from './throughput';

const SECTIONS = ['size', 'hot', 'load', 'newtab', 'memory', 'throughput', 'render'] as const;

const USAGE = `Usage: npm run bench [-- options]   (or: node --import tsx scripts/bench/index.ts [options])

  --smoke              tiny counts (under a minute); prints the report, writes nothing
  --only=<sections>    comma-separated, of: ${SECTIONS.join(',')}
                       prints the report, writes nothing
  -h, --help           this text

Without --smoke or --only, runs everything and rewrites the generated block of docs/benchmarks.md.`;

function options(): { smoke: boolean; only: string[] | undefined } {
  let values: { smoke?: boolean; only?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      options: {
        smoke: { type: 'boolean' },
        only: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(1);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  return { smoke: values.smoke ?? false, only: values.only?.split(',') };
}

const { smoke: SMOKE, only: ONLY } = options();
const enabled = (section: (typeof SECTIONS)[number]): boolean => !ONLY || ONLY.includes(section);

const b = createBench(countsFor(SMOKE));
const LOAD_AT_START = loadavg()
  .map((x) => x.toFixed(2))
  .join(' ');
const PAGE_HTML = '<!doctype html><meta charset="utf-8"><title>bench</title>';

async function main(): Promise<void> {
  const { log } = b;
  const started = Date.now();
  const snap = snapshotDist();
  log(`bench (${SMOKE ? 'smoke' : 'full'}): dist/ snapshot of ${snap.built.toISOString()}`);
  if (enabled('size')) bundleSizes(b, snap.dir);

  const servers = await startServers();
  servers.page('/bench.html', PAGE_HTML);
  servers.page('/blank.html', NEW_TAB_PAGES.blank);
  servers.page('/frames.html', NEW_TAB_PAGES.frames);
  let plain: Browser | null = null;
  let ext: BenchExtension | null = null;
  try {
    plain = await launchPlain();
    const chromiumVersion = plain.version();
    ext = await launchExtension(snap.dir, snap.built);
    let plainBurst: number[] = [];

    if (enabled('hot') || enabled('load')) {
      const plainPage = await plain.newPage();
      await plainPage.goto(`${servers.origin}/bench.html`);
      const { page: extPage } = await ext.newPage(`${servers.origin}/bench.html`);
      const sides = [
        { name: 'without', page: plainPage },
        { name: 'with', page: extPage },
      ] as const;
      if (enabled('hot')) {
        log('1. page hot path');
        plainBurst = (await hotPath(b, servers, sides))[1] ?? [];
      }
      if (enabled('load')) {
        log('2. page load');
        await pageLoad(b, servers, sides);
      }
      await plainPage.close();
      await extPage.close();
    }
    if (enabled('newtab')) {
      log('2b. page load, a new tab per load');
      const plainContext = plain.contexts()[0] ?? (await plain.newContext());
      await newTabSection(b, servers, ext.context, plainContext);
      log('2c. the floors: extensions whose content scripts are empty');
      await newTabFloors(b, servers, plainContext);
    }
    await plain.close();
    plain = null;

    if (enabled('memory') || enabled('throughput') || enabled('render')) {
      const { page, tabId } = await ext.newPage(`${servers.origin}/bench.html`);
      const panel = await ext.openPanel(tabId);
      await panel.evaluate(PANEL_HARNESS);
      if (enabled('memory')) {
        log('5. memory');
        await memory(b, ext, servers, page, panel);
      }
      if (enabled('throughput')) {
        log('3. throughput to the panel');
        await throughput(b, servers, page, panel, plainBurst);
      }
      if (enabled('render')) {
        log('4. panel rendering');
        await panelRendering(b, servers, page, panel);
      }
      await panel.fill(FILTER, '');
    }

    const seconds = (Date.now() - started) / 1000;
    const machine = describeMachine(chromiumVersion, snap.built);
    const text = report(b, machine, seconds, SMOKE, LOAD_AT_START);
    console.log(`\n${text}\n`);
    if (!SMOKE && !ONLY) {
      log(`wrote ${writeDocs(b, text)}`);
    } else {
      log('(smoke or --only: docs/benchmarks.md not written)');
    }
  } finally {
    await plain?.close().catch(() => undefined);
    await ext?.close().catch(() => undefined);
    await servers.close();
    rmSync(snap.dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    process.exit(1);
  },
);
