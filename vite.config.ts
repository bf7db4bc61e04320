import { crx } from '@crxjs/vite-plugin';
import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

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
