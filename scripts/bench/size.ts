/**
 * Bench section "size" (6. Bundle): the hook is injected into every page and frame, and the panel
 * loads on every DevTools open, so their gzip sizes are budgets. Read from the dist/ snapshot the
 * browsers load, not dist/ itself, which others may be rebuilding.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Bench } from './context';
import { kb } from './lib';

export function bundleSizes(b: Bench, dist: string): void {
  const gz = (buf: Buffer): number => gzipSync(buf, { level: 9 }).length;
  const main = readFileSync(join(dist, 'extension/main-world/index.js'));
  const assets = readdirSync(join(dist, 'assets'));
  const panelFiles = assets.filter((f) => /^panel-.*\.js$/.test(f));
  if (panelFiles.length !== 1)
    throw new Error(`expected one dist/assets/panel-*.js, found ${panelFiles.length}`);
  const panel = readFileSync(join(dist, 'assets', panelFiles[0] ?? ''));
  b.rows.push({
    section: '6. Bundle',
    figure: 'MAIN-world hook, dist/extension/main-world/index.js (min + gzip -9)',
    measured: `${kb(gz(main))} (min ${kb(main.length)})`,
    target: '≤ 4 KB gzip',
    met: gz(main) <= 4 * 1024,
  });
  b.rows.push({
    section: '6. Bundle',
    figure: `Panel JS, dist/assets/${panelFiles[0]} (min + gzip -9)`,
    measured: `${kb(gz(panel))} (min ${kb(panel.length)})`,
    target: '≤ 25 KB gzip',
    met: gz(panel) <= 25 * 1024,
  });
  // What the panel page really loads: its module plus the chunks index.html preloads.
  const html = readFileSync(join(dist, 'extension/panel/index.html'), 'utf8');
  const scripts = [...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1] ?? '');
  const all = Buffer.concat(scripts.map((s) => readFileSync(join(dist, 'assets', s))));
  b.rows.push({
    section: '6. Bundle',
    figure: `Panel page, all JS it loads (${scripts.length} files, incl. webextension-polyfill)`,
    measured: `${kb(gz(all))} (min ${kb(all.length)})`,
    target: '—',
    met: null,
  });
}
