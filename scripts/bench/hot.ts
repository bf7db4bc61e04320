/**
 * Bench section "hot" (1. Page hot path): the hook wraps WebSocket in every page, so what it adds
 * to a page's own socket calls is the cost every user pays. Also times the plain browser's burst,
 * which bounds section 3's end-to-end rate.
 */
import type { TestServers } from '../../demo/servers';
import { type Bench, ratioRow } from './context';
import { evalNumbers, interleave, type Side } from './interleave';
import { ms, num, rangeText, stats } from './lib';
import { burst, closedLoop, lifecycleLoop, messageLoop, newCloseLoop } from './pages';

/** Returns the burst loop times, [with the extension, without]. */
export async function hotPath(
  b: Bench,
  servers: TestServers,
  sides: readonly [Side, Side],
): Promise<[number[], number[]]> {
  const { c: C, log } = b;
  const echo = `${servers.wsOrigin}/echo`;
  const S = '1. Page hot path';
  // Order matters: sockets closed while CONNECTING count as failed handshakes, and Chromium's
  // per-renderer WebSocket throttler then delays later handshakes (seconds). So the tests that
  // need real connections run first, the close-while-CONNECTING loops last.
  log(`  full lifecycle ×${C.lifecycle}…`);
  const lc = await interleave(sides, 1, Math.max(3, Math.ceil(C.reps / 2)), (s) =>
    evalNumbers(s.page, lifecycleLoop(echo, C.lifecycle)),
  );

  log(`  close() on a CLOSED socket ×${C.closedCalls}…`);
  const per100k = (x: number): string => ms((x * 100_000) / C.closedCalls);
  const cl = await interleave(sides, C.warmup, C.reps, (s) =>
    evalNumbers(s.page, closedLoop(echo, C.closedCalls, false)),
  );
  const cr = await interleave(sides, C.warmup, C.reps, (s) =>
    evalNumbers(s.page, closedLoop(echo, C.closedCalls, true)),
  );

  log(`  ${C.messages} messages + echoes…`);
  const msg = await interleave(sides, 1, C.messageReps, (s, warm) =>
    evalNumbers(s.page, messageLoop(echo, warm ? Math.ceil(C.messages / 10) : C.messages)),
  );

  log(`  new WebSocket + close() ×${C.newClose}…`);
  const nc = await interleave(sides, C.warmup, C.reps, (s) =>
    evalNumbers(s.page, newCloseLoop(echo, C.newClose)),
  );

  log(`  burst of ${C.throughput} sockets in each browser (the page's own limit for section 3)…`);
  const bu = await interleave(sides, 0, 1, async (s) => {
    const [t0 = 0, t1 = 0] = await evalNumbers(s.page, burst(echo, C.throughput));
    // Let the sockets finish closing before the other browser runs.
    await s.page.waitForTimeout(Math.min(10_000, 1_000 + C.throughput / 4));
    return [t1 - t0];
  });

  const per = (x: number): string => `${num((x * 1000) / C.newClose)} µs`;
  ratioRow(
    b,
    S,
    '`new WebSocket(url)` + `close()` (while CONNECTING), synchronous',
    1.1,
    nc.withExt[0] ?? [],
    nc.without[0] ?? [],
    per,
    'per socket, the loop alone',
  );
  ratioRow(
    b,
    S,
    '`new WebSocket(url)` + `close()`, incl. the deferred work to the next task',
    1.1,
    nc.withExt[1] ?? [],
    nc.without[1] ?? [],
    per,
    'per socket, loop + hook flush + bridge + post to the background',
  );
  ratioRow(
    b,
    S,
    'Full lifecycle against the local server: connect → open → `close(1000)` → close event, sequential',
    1.1,
    lc.withExt[0] ?? [],
    lc.without[0] ?? [],
    (x) => `${num(x / C.lifecycle)} ms`,
    'per socket',
  );
  ratioRow(
    b,
    S,
    '`close()` on a CLOSED socket (pure call overhead)',
    1.5,
    cl.withExt[0] ?? [],
    cl.without[0] ?? [],
    per100k,
    'per 100,000 calls',
  );
  ratioRow(
    b,
    S,
    '`close(4001, reason)`, 100-byte multi-byte reason, on a CLOSED socket',
    1.5,
    cr.withExt[0] ?? [],
    cr.without[0] ?? [],
    per100k,
    'per 100,000 calls',
  );
  ratioRow(
    b,
    S,
    `${C.messages.toLocaleString('en-US')} small messages sent, every echo received`,
    1.05,
    msg.withExt[1] ?? [],
    msg.without[1] ?? [],
    ms,
    'send loop to the last echo',
  );
  b.details.push({
    figure: `${C.messages.toLocaleString('en-US')} messages — the send() loop alone`,
    withExtension: rangeText(stats(msg.withExt[0] ?? [])),
    without: rangeText(stats(msg.without[0] ?? [])),
    runs: String(msg.withExt[0]?.length ?? 0),
  });
  return [bu.withExt[0] ?? [], bu.without[0] ?? []];
}
