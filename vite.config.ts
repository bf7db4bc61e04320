import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig, type Plugin } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

/**
 * The MAIN-world hook must be strict code: in sloppy code V8 exposes its functions to the page as
 * `fn.caller` (e.g. from a page's valueOf). The IIFE bundler drops module strictness, so put the
 * directive back into the emitted file.
 */
function strictMainWorld(): Plugin {
  const file = resolve(import.meta.dirname, 'dist/extension/main-world/index.js');
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

export default defineConfig({
  plugins: [
    preact(),
    crx({
      manifest,
      contentScripts: {
        // Both content scripts must run as self-contained scripts at document_start: crxjs's
        // default async loader would run the MAIN-world hook after the page's first scripts.
        standaloneFiles: ['extension/main-world/index.ts', 'extension/isolated/index.ts'],
      },
    }),
    strictMainWorld(),
  ],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    rollupOptions: {
      // The panel is opened by devtools.panels.create() and by URL, never from the manifest.
      input: { panel: 'extension/panel/index.html' },
    },
  },
  server: { cors: { origin: [/chrome-extension:\/\//] } },
});
