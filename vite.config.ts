import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { build, defineConfig, type Plugin } from 'vite';
import manifest from './manifest.json' with { type: 'json' };
import { BRIDGE_MODULE, HOOK_SOURCE_URL } from './src/protocolConstants';

import { GECKO_ID, PANEL_PAGE } from './src/tool';

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
function strictMainWorld(outDir: string, browser: 'chrome' | 'firefox'): Plugin {
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
        // Chromium: the sourceURL names the hook in stack traces instead of chrome-extension://<id>/…
        // (Firefox already names MAIN-world content scripts `<anonymous code>`).
        const name = browser === 'chrome' ? `\n//# sourceURL=${HOOK_SOURCE_URL}\n` : '\n';
        writeFileSync(file, `(function(){"use strict";${code.slice('(function(){'.length).trimEnd()}${name}`);
      },
    },
  };
}

/**
 * The isolated-world bridge is loaded lazily by the relay content script with a dynamic
 * import(), so it must be one self-contained ES module (no chunks shared with the panel) that
 * pages cannot fetch: web-accessible to content scripts only under Chromium's per-session
 * dynamic URL (Firefox's moz-extension:// host is already random per profile).
 */
function lazyBridge(outDir: string, browser: 'chrome' | 'firefox'): Plugin {
  const root = import.meta.dirname;
  return {
    name: 'lazy-bridge',
    apply: 'build',
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        await build({
          configFile: false,
          logLevel: 'warn',
          root,
          build: {
            outDir: resolve(root, outDir),
            emptyOutDir: false,
            target: 'es2022',
            minify: true,
            // Vite keeps an ES library's whitespace and comments; every document with a socket
            // evaluates this file, so minify it whole.
            rolldownOptions: { output: { minify: true, comments: false } },
            lib: {
              entry: resolve(root, 'extension/isolated/bridge.ts'),
              formats: ['es'],
              fileName: () => BRIDGE_MODULE,
            },
          },
        });
        const file = resolve(root, outDir, 'manifest.json');
        const built = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
        const war: Record<string, unknown> = { resources: [BRIDGE_MODULE], matches: ['<all_urls>'] };
        if (browser === 'chrome') war.use_dynamic_url = true;
        const existing = Array.isArray(built.web_accessible_resources) ? built.web_accessible_resources : [];
        built.web_accessible_resources = [...existing, war];
        writeFileSync(file, `${JSON.stringify(built, null, 2)}\n`);
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
      strictMainWorld(outDir, browser),
      lazyBridge(outDir, browser),
    ],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      rollupOptions: {
        // The panel is opened by devtools.panels.create() and by URL, never from the manifest.
        input: { panel: PANEL_PAGE },
      },
    },
    server: { cors: { origin: [/chrome-extension:\/\//] } },
  };
});
