#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (a dependency of this repo), so `npx ws-close-inspector` works after npm ci.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../recorder/cli.ts');
process.exitCode = await main(process.argv.slice(2));
