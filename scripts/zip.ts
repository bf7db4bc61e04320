/**
 * `npm run zip` (after `npm run build`): store-ready archives of both builds in artifacts/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const { version } = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { version: string };
const webExt = resolve(root, 'node_modules/.bin/web-ext');
for (const [browser, dir] of [
  ['chrome', 'dist'],
  ['firefox', 'dist-firefox'],
] as const) {
  const source = resolve(root, dir);
  if (!existsSync(resolve(source, 'manifest.json'))) {
    console.error(`${dir}/ is missing: run \`npm run build\` first.`);
    process.exit(1);
  }
  const filename = `ws-close-inspector-${browser}-${version}.zip`;
  execFileSync(
    webExt,
    [
      'build',
      '--source-dir',
      source,
      '--artifacts-dir',
      resolve(root, 'artifacts'),
      '--filename',
      filename,
      '--overwrite-dest',
    ],
    {
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  console.log(`artifacts/${filename}`);
}
