/**
 * `npm start`: the extension is built (by the npm script); say where it is and how to load it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const dist = resolve(import.meta.dirname, '../dist');
const manifestPath = resolve(dist, 'manifest.json');
if (!existsSync(manifestPath)) {
  console.error('dist/manifest.json is missing: the build failed. Run `npm run build` and read its errors.');
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { name: string; version: string };
console.log(`${manifest.name} ${manifest.version} is built in:\n\n  ${dist}\n`);
console.log('Load it in Chromium or Chrome:');
console.log('  1. open chrome://extensions and switch on "Developer mode"');
console.log(`  2. "Load unpacked" → choose ${dist}`);
console.log('  3. open any page that uses WebSockets, open DevTools, pick the "WS Closes" panel');
console.log('\nPanel in a tab: chrome-extension://<extension id>/extension/panel/index.html?tabId=<tab id>');
