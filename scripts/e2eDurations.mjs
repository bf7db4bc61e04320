/**
 * A node:test reporter that prints how long each e2e suite (test file) took, at the end of every
 * run, busy or not. It sums the top-level tests and suites of each file (hooks included), so a
 * slow suite, or one that a loaded machine slows down, shows at a glance.
 */
import { relative } from 'node:path';

export default async function* e2eDurations(source) {
  const perFile = new Map();
  const started = Date.now();
  for await (const event of source) {
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    const { data } = event;
    if (data.nesting !== 0 || !data.file) continue;
    const file = relative(process.cwd(), data.file);
    const entry = perFile.get(file) ?? { ms: 0, failed: 0 };
    entry.ms += data.details?.duration_ms ?? 0;
    if (event.type === 'test:fail') entry.failed += 1;
    perFile.set(file, entry);
  }
  const rows = [...perFile.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const width = Math.max(10, ...rows.map(([file]) => file.length));
  yield '\n== e2e suite durations (slowest first)\n';
  for (const [file, { ms, failed }] of rows)
    yield `${file.padEnd(width)}  ${(ms / 1000).toFixed(1).padStart(7)} s${failed ? `  (${failed} failed)` : ''}\n`;
  yield `${'all suites, wall clock'.padEnd(width)}  ${((Date.now() - started) / 1000).toFixed(1).padStart(7)} s\n`;
}
