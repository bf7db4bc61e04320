/**
 * The close log that section "render" imports: generated with the real model and exporter (and
 * read back with the panel's own reader) rather than checked in, so it follows format changes and
 * its size follows the run's counts.
 */
import { toCloseLog } from '../../src/closeLog';
import { readCloseLog } from '../../src/closeLogReader';
import type { LogEvent } from '../../src/protocol';
import { TOOL_NAME, TOOL_VERSION } from '../../src/tool';
import { closeCallEvent, closed, created, errored, opened, storeOf, threw } from '../../tests/unit/fixtures';

const REASONS = ['bye', 'going away', 'server timeout', 'logout', 'ユーザーが退出しました'];

/** A close log with `n` varied connections, built by the real model and exporter. */
export function generatedCloseLog(n: number): string {
  const events: LogEvent[] = [];
  const t = 1_700_000_000_000;
  for (let sid = 1; sid <= n; sid++) {
    const at = t + sid * 7;
    events.push(created(sid, at, `wss://feed${sid % 7}.example.com/live/${sid % 97}?session=${sid}`));
    switch (sid % 5) {
      case 0: // page closes cleanly
        events.push(opened(sid, at + 3));
        events.push(closeCallEvent({ sid, callId: sid, t: at + 40, args: [1000, 'bye'] }));
        events.push(closed(sid, at + 45, 1000, true, 'bye'));
        break;
      case 1: // the server goes away
        events.push(opened(sid, at + 3));
        events.push(closed(sid, at + 90, 1001, true, 'going away'));
        break;
      case 2: // dropped without a Close frame
        events.push(opened(sid, at + 3));
        events.push(errored(sid, at + 60));
        events.push(closed(sid, at + 61, 1006, false));
        break;
      case 3: // an application code with a reason
        events.push(opened(sid, at + 3));
        events.push(closeCallEvent({ sid, callId: sid, t: at + 70, args: [4001, 'server timeout'] }));
        events.push(closed(sid, at + 72, 4001, true, 'server timeout'));
        break;
      default: // an invalid call, then a valid one with a multi-byte reason
        events.push(opened(sid, at + 3));
        events.push(
          closeCallEvent({
            sid,
            callId: sid * 10,
            t: at + 20,
            args: [1005],
            observed: threw(
              'InvalidAccessError',
              "Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. 1005 is neither.",
            ),
          }),
        );
        events.push(
          closeCallEvent({ sid, callId: sid * 10 + 1, t: at + 21, args: [4000, REASONS[4] ?? ''] }),
        );
        events.push(closed(sid, at + 25, 4000, true, REASONS[4]));
        break;
    }
  }
  const store = storeOf(events, { maxConnections: n });
  const text = JSON.stringify(
    toCloseLog(store.list(), {
      toolName: TOOL_NAME,
      toolVersion: TOOL_VERSION,
      engine: 'chromium',
      userAgent: 'bench',
      exportedAt: new Date(t).toISOString(),
      pageUrl: 'https://example.com/app',
      droppedConnections: 0,
      filtered: false,
    }),
  );
  // The panel must accept it: validate with the panel's own reader first.
  const back = readCloseLog(text);
  if (back.connections.length !== n) throw new Error('generated close log does not round-trip');
  return text;
}
