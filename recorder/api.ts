/**
 * The package's programmatic API: `import { record } from 'ws-close-inspector'`. The same
 * recording as the CLI (the built extension in a real browser, its panel's own export), returned
 * instead of printed: the close log and the --fail-on conditions it meets.
 */
import type { CloseLog } from '../src/closeLog';
import { FAIL_ON, type FailOn } from './ciReports';
import { record as recordWith } from './record';

export type { CloseLog, ExportedConnection } from '../src/closeLog';
export { toHtmlReport } from '../src/htmlReport';
export type { FailOn } from './ciReports';
export { FAIL_ON, githubAnnotations, toJUnit } from './ciReports';

export interface RecordApiOptions {
  /** Record this long after the page loaded (ms); default 5000. Ignored with untilIdle. */
  readonly wait?: number;
  /** Record until no socket is open and nothing changed for 1 s (at most 60 s). */
  readonly untilIdle?: boolean;
  /** 'chromium' (default), 'firefox', or a browser binary's path. */
  readonly browser?: string;
  /** Conditions that count as failures: 'invalid', 'unclean', 'portability'. */
  readonly failOn?: readonly FailOn[];
  /** Also write the close log (JSON) to this file. */
  readonly out?: string;
  /** Replay failed handshakes from Node to report the server's answer (default true). */
  readonly handshakeReplay?: boolean;
  readonly headed?: boolean;
}

export interface RecordApiResult {
  /** The close log, exactly as the panel's Export JSON writes it (plus handshake replays). */
  readonly log: CloseLog;
  /** One line per --fail-on condition met; empty when none. */
  readonly failures: string[];
  /** What cut the recording short, if anything (the log still holds what was seen). */
  readonly problem: string | null;
}

/** Records `url` in a real browser with the extension and returns its close log. */
export async function record(url: string, options: RecordApiOptions = {}): Promise<RecordApiResult> {
  const failOn = options.failOn ?? [];
  const unknown = failOn.filter((f) => !FAIL_ON.includes(f));
  if (unknown.length) throw new TypeError(`Unknown failOn condition(s): ${unknown.join(', ')}`);
  const wait = options.wait ?? 5000;
  if (!Number.isFinite(wait) || wait < 0) throw new TypeError('wait takes a number of milliseconds');
  const browser = options.browser ?? 'chromium';
  const named = browser === 'chromium' || browser === 'chrome' || browser === 'firefox';
  const result = await recordWith({
    url,
    ...(options.out ? { out: options.out } : {}),
    waitMs: wait,
    untilIdle: options.untilIdle ?? false,
    idleMs: 1000,
    maxWaitMs: 60_000,
    browser: browser === 'firefox' || (!named && /firefox/i.test(browser)) ? 'firefox' : 'chromium',
    ...(named ? {} : { browserPath: browser }),
    headed: options.headed ?? false,
    failOn,
    handshakeReplay: options.handshakeReplay ?? true,
  });
  return { log: result.log, failures: result.failures, problem: result.problem };
}
