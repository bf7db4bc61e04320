/**
 * Helpers shared by the bench sections: statistics, formatting, the machine description, a
 * launcher that loads a snapshot of dist/ (others rebuild dist/ while the bench runs), CDP heap
 * readings (pages, and the service worker through a non-flattened target session), and docs output.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { DIST, type ExtensionBrowser, launchWithExtension } from '../../recorder/chromium';

// ---- statistics ---------------------------------------------------------------------------------

export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

export function stats(values: readonly number[]): Stats {
  if (values.length === 0) return { median: Number.NaN, min: Number.NaN, max: Number.NaN, n: 0 };
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
  return { median, min: s[0] ?? 0, max: s[s.length - 1] ?? 0, n: s.length };
}

/** with[i] / without[i]: runs are interleaved, so each pair saw the same machine load. */
export function pairedRatios(withExt: readonly number[], without: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < Math.min(withExt.length, without.length); i++) {
    const a = withExt[i] ?? Number.NaN;
    const b = without[i] ?? Number.NaN;
    if (b > 0) out.push(a / b);
  }
  return out;
}

// ---- formatting ---------------------------------------------------------------------------------

function digits(x: number): number {
  const a = Math.abs(x);
  return a >= 100 ? 0 : a >= 10 ? 1 : 2;
}

export function num(x: number, d = digits(x)): string {
  return Number.isFinite(x) ? x.toFixed(d) : 'n/a';
}

export function ms(x: number): string {
  return `${num(x)} ms`;
}

/** "1.23× (1.10–1.40)" */
export function ratioText(s: Stats): string {
  return `${num(s.median, 2)}× (${num(s.min, 2)}–${num(s.max, 2)})`;
}

/** "4.5 ms (4.3–5.0)" or with another unit formatter. */
export function rangeText(s: Stats, unit: (x: number) => string = ms): string {
  return `${unit(s.median)} (${unit(s.min)}–${unit(s.max)})`;
}

export function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export interface Row {
  readonly section: string;
  readonly figure: string;
  readonly measured: string;
  readonly target: string;
  /** null: informational, no target. */
  readonly met: boolean | null;
}

export interface Detail {
  readonly figure: string;
  readonly withExtension: string;
  readonly without: string;
  readonly runs: string;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [`| ${header.map(cell).join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`];
  for (const r of rows) lines.push(`| ${r.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

export function metText(met: boolean | null): string {
  return met === null ? '—' : met ? 'yes' : '**no**';
}

// ---- the machine --------------------------------------------------------------------------------

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memory: string;
  readonly chromium: string;
  readonly node: string;
  readonly date: string;
  readonly commit: string;
  readonly tree: string;
  readonly distBuilt: string;
  readonly load: string;
}

function git(args: string[]): string {
  try {
    return execFileSync('git', args, { cwd: join(DIST, '..'), encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

export function describeMachine(chromiumVersion: string, distBuilt: Date): Machine {
  let cpu = os.cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpu = line.split(':').slice(1).join(':').trim();
  } catch {
    // not Linux: keep os.cpus()
  }
  const dirty = git(['status', '--porcelain', '--', 'extension', 'src', 'manifest.json', 'vite.config.ts']);
  const dirtyCount = dirty === '' ? 0 : dirty.split('\n').length;
  return {
    cpu,
    cores: os.cpus().length,
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GB`,
    chromium: chromiumVersion,
    node: process.version,
    date: new Date().toISOString(),
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    tree:
      dirtyCount === 0
        ? 'extension/ and src/ clean'
        : `${dirtyCount} uncommitted change(s) under extension/, src/ or the build config`,
    distBuilt: distBuilt.toISOString(),
    load: os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' '),
  };
}

// ---- the extension, from a snapshot of dist/ ------------------------------------------------------

export interface BenchExtension extends ExtensionBrowser {
  /** The snapshot of dist/ that was loaded (bundle sizes are read from it too). */
  readonly dir: string;
  readonly distBuilt: Date;
}

/** Copies dist/ (other engineers rebuild it at any time) and launches Chromium with the copy. */
export function snapshotDist(): { dir: string; built: Date } {
  if (!existsSync(join(DIST, 'manifest.json')))
    throw new Error('dist/ is missing: run `npm run build` first.');
  const built = statSync(join(DIST, 'manifest.json')).mtime;
  const dir = mkdtempSync(join(os.tmpdir(), 'wsci-bench-dist-'));
  cpSync(DIST, dir, { recursive: true });
  if (!existsSync(join(dir, 'manifest.json'))) throw new Error('dist/ changed while it was copied; retry.');
  return { dir, built };
}

/** recorder/chromium.ts launchWithExtension, with the extension loaded from the snapshot `dir`. */
export async function launchExtension(dir: string, built: Date): Promise<BenchExtension> {
  const browser = await launchWithExtension({ extensionDir: dir });
  return { ...browser, dir, distBuilt: built };
}

// ---- heap readings ------------------------------------------------------------------------------

export interface Heap {
  readonly used: number;
  readonly total: number;
}

/** The page's V8 isolate after a full GC (for a web page: the page, the hook and the bridge). */
export async function pageHeap(page: Page): Promise<Heap> {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send('HeapProfiler.collectGarbage');
    const r = await cdp.send('Runtime.getHeapUsage');
    return { used: r.usedSize, total: r.totalSize };
  } finally {
    await cdp.detach();
  }
}

interface TargetReply {
  readonly id?: number;
  readonly result?: unknown;
  readonly error?: { readonly message?: string };
}

/**
 * The extension's service worker after a full GC. Playwright has no CDP session for workers, so
 * this attaches to the worker target from a page session in the (deprecated but working)
 * non-flattened mode and talks through Target.sendMessageToTarget.
 */
export async function serviceWorkerHeap(page: Page, extensionId: string): Promise<Heap> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  try {
    const { targetInfos } = await cdp.send('Target.getTargets');
    const sw = targetInfos.find(
      (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${extensionId}/`),
    );
    if (!sw) throw new Error('the extension service worker is not running');
    const { sessionId } = await cdp.send('Target.attachToTarget', { targetId: sw.targetId, flatten: false });
    let nextId = 1;
    const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      if (e.sessionId !== sessionId) return;
      const reply = JSON.parse(e.message) as TargetReply;
      if (reply.id === undefined) return;
      const w = waiting.get(reply.id);
      if (!w) return;
      waiting.delete(reply.id);
      if (reply.error) w.reject(new Error(reply.error.message ?? 'CDP error'));
      else w.resolve(reply.result);
    });
    const call = (method: string): Promise<unknown> =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        setTimeout(() => {
          if (waiting.delete(id)) reject(new Error(`service worker: ${method} timed out`));
        }, 15000);
        cdp
          .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) })
          .catch((e: unknown) => {
            waiting.delete(id);
            reject(e instanceof Error ? e : new Error(String(e)));
          });
      });
    await call('HeapProfiler.collectGarbage');
    const r = (await call('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
    await cdp.send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
    return { used: r.usedSize, total: r.totalSize };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

// ---- the panel's summary line -------------------------------------------------------------------

export interface Summary {
  readonly connections: number;
  readonly clean: number;
  readonly unclean: number;
  readonly open: number;
}

/** "N connection(s) · C clean · U unclean · O open · I invalid call(s)" */
export function parseSummary(text: string): Summary | null {
  const m = /^(\d+) connections? · (\d+) clean · (\d+) unclean · (\d+) open/.exec(text.replace(/\s+/g, ' '));
  if (!m) return null;
  return { connections: Number(m[1]), clean: Number(m[2]), unclean: Number(m[3]), open: Number(m[4]) };
}

// ---- docs/benchmarks.md -------------------------------------------------------------------------

export const RESULTS_START = '<!-- bench:results:start (written by npm run bench; edit outside) -->';
export const RESULTS_END = '<!-- bench:results:end -->';

/** Replaces the generated block of `path`, keeping what people wrote around it. */
export function writeResults(path: string, block: string, intro: string): void {
  const generated = `${RESULTS_START}\n${block.trim()}\n${RESULTS_END}`;
  if (!existsSync(path)) {
    writeFileSync(path, `${intro.trim()}\n\n${generated}\n`);
    return;
  }
  const old = readFileSync(path, 'utf8');
  const a = old.indexOf(RESULTS_START);
  const b = old.indexOf(RESULTS_END);
  if (a < 0 || b < a) {
    writeFileSync(path, `${old.trimEnd()}\n\n${generated}\n`);
    return;
  }
  writeFileSync(path, `${old.slice(0, a)}${generated}${old.slice(b + RESULTS_END.length)}`);
}
