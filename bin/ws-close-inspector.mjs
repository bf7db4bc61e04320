#!/usr/bin/env node
// In this repository, the TypeScript CLI runs through tsx (a dev dependency), so it is always the
// current source; the installed package has no sources, only the bundled lib/cli.js.
import { existsSync } from 'node:fs';

const source = new URL('../recorder/cli.ts', import.meta.url);
let main;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(source.href));
} else {
  ({ main } = await import('../lib/cli.js'));
}
process.exitCode = await main(process.argv.slice(2));
