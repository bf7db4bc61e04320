/**
 * The report: printed after every run, and written into docs/benchmarks.md by a full run, with the
 * machine, its load and the counts alongside, because figures from a busy or different machine are
 * not comparable without them.
 */
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { Bench } from './context';
import { type Machine, markdownTable, metText, writeResults } from './lib';

export function report(
  b: Bench,
  machine: Machine,
  seconds: number,
  smoke: boolean,
  loadAtStart: string,
): string {
  const main = markdownTable(
    ['figure', 'measured', 'target', 'met?'],
    b.rows.map((r) => [`${r.section}: ${r.figure}`, r.measured, r.target, metText(r.met)]),
  );
  const det = markdownTable(
    ['figure', 'with the extension', 'without', 'runs'],
    b.details.map((d) => [d.figure, d.withExtension, d.without, d.runs]),
  );
  const counts = Object.entries(b.c)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('/') : String(v)}`)
    .join(', ');
  return [
    `Run ${machine.date} (${smoke ? 'smoke' : 'full'} mode, ${seconds.toFixed(0)} s): ${machine.cpu}, ${machine.cores} cores, ${machine.memory} RAM, load average (1/5/15 min) at start ${loadAtStart}, at end ${machine.load}; Chromium ${machine.chromium} (headless); Node ${machine.node}; commit ${machine.commit} (${machine.tree}); dist/ built ${machine.distBuilt}.`,
    '',
    'Ratios are with ÷ without the extension, median of the pairwise ratios of interleaved runs, (min–max). Ranges are median (min–max) over the runs after warm-up.',
    '',
    main,
    '',
    '### Details',
    '',
    det,
    '',
    ...(b.notes.length > 0 ? ['### Notes from this run', '', ...b.notes.map((x) => `- ${x}`), ''] : []),
    `Counts: ${counts}.`,
  ].join('\n');
}

const DOC_INTRO = `# Benchmarks

\`npm run bench\` (full, a few minutes) measures the extension in real headless Chromium against
loopback servers and rewrites the generated block below; \`npm run bench:smoke\` runs the same code
with tiny counts and writes nothing. Targets are shown, never enforced.`;

/** Rewrites the generated block of docs/benchmarks.md; returns the path written. */
export function writeDocs(b: Bench, text: string): string {
  const path = resolve(import.meta.dirname, '../../docs/benchmarks.md');
  writeResults(path, text, DOC_INTRO);
  // Biome formats Markdown too (tables are padded): keep `npm run lint` clean.
  try {
    execFileSync(resolve(import.meta.dirname, '../../node_modules/.bin/biome'), ['format', '--write', path], {
      stdio: 'ignore',
    });
  } catch {
    b.log('warning: `biome format --write docs/benchmarks.md` failed; run `npm run format`');
  }
  return path;
}
