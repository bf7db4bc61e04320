/**
 * `npm run test:e2e:busy`: the e2e suites on a machine made busy on purpose, as CI may be. One
 * busy process per core spins for at most BUSY_MINUTES (default 40) and is killed by its pid
 * when the run ends, whatever the outcome. Exits with the e2e run's own code.
 */
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';

const minutes = Number(process.env.BUSY_MINUTES ?? 40);
const cores = availableParallelism();
// Each hog stops by itself at its deadline, so nothing outlives a crashed parent for long.
const spin = `const end = Date.now() + ${Math.round(minutes * 60_000)}; let x = 0; while (Date.now() < end) x = (x * 31 + 7) % 1000003;`;
const hogs = Array.from({ length: cores }, () =>
  spawn(process.execPath, ['-e', spin], { stdio: 'ignore', detached: false }),
);
const pids = hogs.map((h) => h.pid).filter((p): p is number => typeof p === 'number');
console.log(
  `== busy: ${pids.length} CPU hog(s), one per core (pids ${pids.join(', ')}), for at most ${minutes} min`,
);

function stopHogs(): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone (its deadline passed)
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => {
    stopHogs();
    process.exit(130);
  });

const started = Date.now();
const e2e = spawn('npm', ['run', 'test:e2e'], { stdio: 'inherit', env: process.env });
const code: number = await new Promise((resolve) => e2e.on('exit', (c) => resolve(c ?? 1)));
const load = loadavg()[0]?.toFixed(2) ?? '?';
stopHogs();
console.log(
  `== e2e under load: ${((Date.now() - started) / 1000).toFixed(0)} s, exit ${code}, 1-min load average at the end ${load} on ${cores} core(s)`,
);
process.exit(code);
