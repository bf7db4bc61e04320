/**
 * The headless close recorder: loads the built extension into Chromium or Firefox, opens a URL,
 * and reads the close log through the extension's own panel (tab mode) and its own Export
 * buttons, so it records exactly what a user would see.
 */
import { writeFile } from 'node:fs/promises';
import {
  type CloseLog,
  type ExportedConnection,
  type HandshakeReplay,
  toCloseLog,
  toCsv,
} from '../src/closeLog';
import { TOOL_NAME, TOOL_VERSION } from '../src/tool';
import { type FailOn, failuresOf } from './ciReports';
import { type BrowserName, exportText, launchDriver, type RecorderDriver, type RecorderPage } from './driver';
import { replayHandshake } from './handshakeReplay';
import { MAX_REPLAYS, replayRefusal } from './replayPolicy';

export interface RecordOptions {
  readonly url: string;
  /** Where to write the close log (JSON); nowhere when absent (the API returns it). */
  readonly out?: string;
  readonly csv?: string;
  /** Fixed wait after load (ms); ignored with untilIdle. */
  readonly waitMs: number;
  /** Wait until no socket is open or connecting and nothing changed for `idleMs`. */
  readonly untilIdle: boolean;
  readonly idleMs: number;
  /** Upper bound for --until-idle. */
  readonly maxWaitMs: number;
  readonly browser?: BrowserName;
  /** A browser binary (of `browser`'s kind). */
  readonly browserPath?: string;
  readonly headed?: boolean;
  readonly failOn: readonly FailOn[];
  /** Replay each failed handshake from Node to report the server's answer (default true). */
  readonly handshakeReplay?: boolean;
  /** Called while waiting, with the panel's summary line. */
  readonly onProgress?: (summary: string, elapsedMs: number) => void;
}

export interface RecordResult {
  readonly log: CloseLog;
  /** A problem that cut the recording short (the log still holds what was seen). */
  readonly problem: string | null;
  readonly failures: string[];
}

function openCount(summary: string): number {
  const m = /(\d+) open/.exec(summary);
  return m ? Number(m[1]) : 0;
}

/**
 * Each connection whose handshake failed (never opened, not closed by the page) gets the
 * server's real answer, replayed from Node with the page's Origin, the browser's User-Agent,
 * the requested subprotocols and the browser's cookies for the URL.
 */
async function withHandshakeReplays(
  log: CloseLog,
  cookies: (url: string, pageUrl: string) => Promise<string>,
): Promise<CloseLog> {
  // One replay per distinct handshake, at most MAX_REPLAYS, a few at a time; only where the
  // browser itself could have gone (recorder/replayPolicy.ts).
  const replays = new Map<string, Promise<HandshakeReplay | null>>();
  const queue: (() => Promise<void>)[] = [];
  const replayOf = (c: ExportedConnection): Promise<HandshakeReplay | null> | null => {
    if (c.openedAt !== null || !c.closeEvent || c.initiator !== 'failure') return null;
    if (replayRefusal(c.url, c.frameUrl) !== null) return null;
    let origin: string | null = null;
    try {
      const o = new URL(c.frameUrl).origin;
      origin = o === 'null' ? null : o;
    } catch {
      // a frame without an origin: no Origin header
    }
    const key = `${c.url}\n${origin}\n${c.protocols.join(',')}`;
    const known = replays.get(key);
    if (known) return known;
    if (replays.size >= MAX_REPLAYS) return null;
    const result = new Promise<HandshakeReplay | null>((resolve) => {
      queue.push(async () => {
        const cookie = await cookies(c.url, c.frameUrl);
        resolve(
          await replayHandshake({
            url: c.url,
            origin,
            userAgent: log.browser.userAgent,
            protocols: c.protocols,
            ...(cookie ? { cookie } : {}),
          }).catch(() => null),
        );
      });
    });
    replays.set(key, result);
    return result;
  };
  const pending = log.connections.map(replayOf);
  const worker = async (): Promise<void> => {
    for (let job = queue.shift(); job; job = queue.shift()) await job();
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  const results = await Promise.all(pending);
  const connections = log.connections.map((c, i) => {
    const handshakeReplay = results[i];
    return handshakeReplay ? { ...c, handshakeReplay } : c;
  });
  return { ...log, connections };
}

/** A log with no connections, for a page that never loaded. */
function emptyLog(url: string): CloseLog {
  return toCloseLog([], {
    toolName: TOOL_NAME,
    toolVersion: TOOL_VERSION,
    engine: null,
    userAgent: '',
    exportedAt: new Date().toISOString(),
    pageUrl: url,
    droppedConnections: 0,
    filtered: false,
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function record(options: RecordOptions): Promise<RecordResult> {
  const driver: RecorderDriver = await launchDriver(options.browser ?? 'chromium', {
    ...(options.browserPath ? { executablePath: options.browserPath } : {}),
    headed: options.headed ?? false,
  });
  let problem: string | null = null;
  try {
    const page = await driver.newPage();
    const started = Date.now();
    try {
      await page.goto(options.url);
    } catch (error) {
      problem = `Could not load ${options.url}: ${error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error)}`;
    }
    // The panel opens after the navigation; the frames' bridges replay everything they saw, so
    // nothing from the page load is missed.
    let panel: RecorderPage;
    try {
      panel = await driver.openPanel(page);
    } catch (error) {
      if (!problem) throw error;
      const empty = JSON.stringify(emptyLog(options.url), null, 2);
      if (options.out) await writeFile(options.out, `${empty}\n`);
      if (options.csv) await writeFile(options.csv, toCsv([]));
      return { log: JSON.parse(empty) as CloseLog, problem, failures: [] };
    }
    const summary = (): Promise<string> =>
      panel.evaluate<string>(`(document.querySelector('[data-testid="summary"]')?.textContent ?? '').trim()`);
    // Idle counts only once the panel is live (the background answered and asked the frames for
    // their logs): before that an empty table means "not yet", not "nothing", on a busy machine.
    const live = (): Promise<boolean> =>
      panel.evaluate<boolean>(`document.querySelector('.status')?.getAttribute('data-status') === 'live'`);
    if (!problem) {
      let last = '';
      let stableSince = Date.now();
      const deadline = started + (options.untilIdle ? options.maxWaitMs : options.waitMs);
      while (Date.now() < deadline) {
        const now = await summary();
        options.onProgress?.(now, Date.now() - started);
        if (now !== last || !(await live())) {
          last = now;
          stableSince = Date.now();
        }
        if (options.untilIdle && openCount(now) === 0 && Date.now() - stableSince >= options.idleMs) break;
        await sleep(100);
      }
      if (options.untilIdle && Date.now() >= deadline) {
        problem = `Still not idle after ${options.maxWaitMs} ms; recorded what was seen.`;
      }
    }
    // Give the last events a moment to reach the panel.
    await sleep(200);
    const exported = JSON.parse(await exportText(panel, 'Export JSON')) as CloseLog;
    const log =
      options.handshakeReplay === false
        ? exported
        : await withHandshakeReplays(exported, (url, pageUrl) =>
            driver.cookieHeader(url, pageUrl).catch(() => ''),
          );
    if (options.out) await writeFile(options.out, `${JSON.stringify(log, null, 2)}\n`);
    if (options.csv) await writeFile(options.csv, await exportText(panel, 'Export CSV'));
    return { log, problem, failures: failuresOf(log, options.failOn) };
  } finally {
    await driver.close();
  }
}
