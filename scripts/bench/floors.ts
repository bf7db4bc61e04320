/**
 * The floors of the "newtab" section: throw-away extensions whose content scripts do nothing, at
 * document_start in every frame like ours. They split what any extension of this shape pays
 * (Chromium injecting a script into the page's world; creating an isolated world per frame) from
 * what our own scripts add on top.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

export type Floor = 'main' | 'main+isolated' | 'isolated-listener' | 'main-interfaces';

export const FLOORS: readonly Floor[] = ['main', 'main+isolated', 'isolated-listener', 'main-interfaces'];

export const FLOOR_LABEL: Readonly<Record<Floor, string>> = {
  main: 'floor: an empty MAIN-world script',
  'main+isolated': 'floor: an empty MAIN-world script and an empty isolated-world script',
  'isolated-listener':
    'floor: an isolated-world script that only adds one window listener (what any relay must do)',
  'main-interfaces':
    'floor: a MAIN-world script that only reads the DOM interfaces the hook captures at start',
};

/** What each floor's scripts contain. */
const SCRIPTS: Readonly<Record<Floor, { main: string; isolated: string | null }>> = {
  main: { main: '', isolated: null },
  'main+isolated': { main: '', isolated: '' },
  'isolated-listener': { main: '', isolated: "window.addEventListener('pagehide', () => {});" },
  // The interfaces extension/main-world/natives.ts reads before any page script runs.
  'main-interfaces': {
    main: 'void [window.WebSocket, window.MessageEvent, window.CloseEvent, window.Blob, window.DOMException, window.MouseEvent, window.CustomEvent, window.TextEncoder, window.Performance, window.performance];',
    isolated: null,
  },
};

/** Writes the floor extension to a temporary directory (remove it with `removeFloor`). */
export function writeFloor(floor: Floor): string {
  const dir = mkdtempSync(join(os.tmpdir(), 'wsci-floor-'));
  const script = (js: string, world?: 'MAIN') => ({
    js: [js],
    matches: ['<all_urls>'],
    run_at: 'document_start',
    all_frames: true,
    match_about_blank: true,
    ...(world ? { world } : {}),
  });
  const manifest = {
    manifest_version: 3,
    name: `floor ${floor}`,
    version: '1.0',
    // The bench's launcher waits for a service worker, as it does for ours.
    background: { service_worker: 'sw.js' },
    content_scripts: [
      ...(SCRIPTS[floor].isolated !== null ? [script('isolated.js')] : []),
      script('main.js', 'MAIN'),
    ],
  };
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, 'sw.js'), '');
  writeFileSync(join(dir, 'main.js'), SCRIPTS[floor].main);
  writeFileSync(join(dir, 'isolated.js'), SCRIPTS[floor].isolated ?? '');
  return dir;
}

export function removeFloor(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
