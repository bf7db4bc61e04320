import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startServers } from '../demo/servers';
import { CHROMIUM_ARGS } from '../recorder/chromium';

async function main() {
  const dir = process.argv[2] ?? '/work/main/dist';
  const servers = await startServers();
  servers.page('/blank.html', '<!doctype html><title>blank</title>');
  const ctx = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'prof-')), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_ARGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  const page = await ctx.newPage();
  await page.goto(`${servers.origin}/blank.html`);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 20 });
  const self = new Map<string, number>();
  for (let i = 0; i < 30; i++) {
    await cdp.send('Profiler.start');
    await page.reload({ waitUntil: 'load' });
    const { profile } = (await cdp.send('Profiler.stop')) as {
      profile: {
        nodes: {
          id: number;
          callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
          hitCount?: number;
        }[];
        samples: number[];
        timeDeltas: number[];
      };
    };
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    profile.samples.forEach((id, k) => {
      const n = byId.get(id)!;
      const f = n.callFrame;
      const key = `${f.functionName || '(anon)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}:${f.columnNumber}`;
      self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[k + 1] ?? 20) / 1000);
    });
  }
  const rows = [...self.entries()]
    .filter(([k]) => !k.startsWith('(idle)') && !k.startsWith('(program)'))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 25);
  for (const [k, v] of rows) console.log((v / 30).toFixed(3).padStart(8), 'ms/load ', k);
  console.log('program', ((self.get('(program)  :-1:-1') ?? 0) / 30).toFixed(3));
  await ctx.close();
  await servers.close();
  process.exit(0);
}
main();
