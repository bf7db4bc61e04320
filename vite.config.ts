import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

/** The Gecko id; also fixes the moz-extension UUID in tests (extensions.webextensions.uuids). */
export const GECKO_ID = 'ws-close-inspector@devtools.example';

/**
 * One manifest.json for both browsers; Firefox differs only in the background (an event page
 * with scripts, not a service worker), its id and minimum version (MAIN-world content scripts
 * need Firefox 128; data_collection_permissions, required by AMO, needs 140), and no Chrome-only keys.
 */
function manifestFor(browser: 'chrome' | 'firefox'): typeof manifest {
  if (browser === 'chrome') return manifest;
  const { minimum_chrome_version: _chromeOnly, background, ...rest } = manifest;
  return {
    ...rest,
    background: { scripts: [background.service_worker], type: 'module' },
    browser_specific_settings: {
      // Nothing leaves the machine: the extension has no network code.
      gecko: {
        id: GECKO_ID,
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
    },
  } as unknown as typeof manifest;
}

/**
 * The MAIN-world hook must be strict code: in sloppy code V8 exposes its functions to the page as
 * `fn.caller` (e.g. from a page's valueOf). The IIFE bundler drops module strictness, so put the
 * directive back into the emitted file.
 */
function strictMainWorld(outDir: string): Plugin {
  const file = resolve(import.meta.dirname, outDir, 'extension/main-world/index.js');
  return {
    name: 'strict-main-world',
    apply: 'build',
    closeBundle: {
      order: 'post',
      sequential: true,
      handler() {
        const code = readFileSync(file, 'utf8');
        if (code.startsWith('(function(){"use strict";')) return;
        if (!code.startsWith('(function(){'))
          throw new Error('main-world bundle: unexpected wrapper, cannot make it strict');
        writeFileSync(file, `(function(){"use strict";${code.slice('(function(){'.length)}`);
      },
    },
  };
}

// `vite build` → dist/ (Chromium); `vite build --mode firefox` → dist-firefox/.
export default defineConfig(({ mode }) => {
  const browser = mode === 'firefox' ? 'firefox' : 'chrome';
  const outDir = browser === 'firefox' ? 'dist-firefox' : 'dist';
  return {
    plugins: [
      preact(),
      crx({
        manifest: manifestFor(browser),
        browser,
        contentScripts: {
          // Both content scripts must run as self-contained scripts at document_start: crxjs's
          // default async loader would run the MAIN-world hook after the page's first scripts.
          standaloneFiles: ['extension/main-world/index.ts', 'extension/isolated/index.ts'],
        },
      }),
      strictMainWorld(outDir),
    ],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      rollupOptions: {
        // The panel is opened by devtools.panels.create() and by URL, never from the manifest.
        input: { panel: 'extension/panel/index.html' },
      },
    },
    server: { cors: { origin: [/chrome-extension:\/\//] } },
  };
});
