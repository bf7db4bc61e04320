/**
 * Connection history of one tab: patterns no single close shows. A reconnect loop, a retry after
 * "do not reconnect", a StrictMode double mount and sockets left open at navigation are only
 * visible across connections. All passes sort once per group, so the whole analysis is O(n log n).
 */
import { closeCodeLabel } from '../closeCodes';
import { describeAppCode, isDoNotRetry } from './appCodes';
import type { AppProtocolId } from './appProtocols';
import type { WhyFinding } from './certainty';
import { formatDuration } from './duration';
import { detectStorm, type StormFinding } from './storms';

export type { RetryPattern, StormFinding } from './storms';
export {
  FIXED_RETRY_MIN_INTERVALS,
  FIXED_RETRY_SPREAD,
  FIXED_RETRY_STEP,
  STORM_MIN_CONNECTIONS,
  STORM_WINDOW_MS,
  TIMING_NOISE_MS,
} from './storms';

export interface ConnectionHistoryRecord {
  readonly key: string;
  readonly url: string;
  readonly createdAt: number;
  readonly openedAt: number | null;
  readonly closedAt: number | null;
  readonly closeCode: number | null;
  readonly wasClean: boolean | null;
  /** Top stack frame of the constructor call, when known. */
  readonly callSite: string | null;
  readonly closedWhileConnectingByPage: boolean;
  readonly appProtocol?: AppProtocolId;
}

export interface HistoryAnalysis {
  readonly byConnection: Map<string, WhyFinding[]>;
  readonly storms: StormFinding[];
}

export const DUPLICATE_WINDOW_MS = 1000;
export const NAVIGATION_CLOSE_WINDOW_MS = 1000;

const STRICT_MODE =
  'https://react.dev/reference/react/StrictMode#fixing-bugs-found-by-re-running-effects-in-development';
const RFC6455_CODES = 'https://www.rfc-editor.org/rfc/rfc6455#section-7.4.1';

/**
 * origin + path. The query is left out on purpose: reconnect loops often change it on every attempt
 * (fresh tokens, cache busters, Engine.IO sid, SignalR id), which would split one loop into many
 * endpoints; the path is what names the service.
 */
export function endpointOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}`;
  } catch {
    return url.split(/[?#]/, 1)[0] ?? url;
  }
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string | null): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === null) continue;
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

function byCreated(a: ConnectionHistoryRecord, b: ConnectionHistoryRecord): number {
  return a.createdAt - b.createdAt;
}

function codeName(code: number, protocol: AppProtocolId | undefined): string {
  const app = protocol ? describeAppCode(protocol, code) : null;
  return app ? `${code} ${app.name}` : closeCodeLabel(code);
}

/** Index of the first record created at or after t (binary search; group sorted by createdAt). */
function firstCreatedAtOrAfter(group: readonly ConnectionHistoryRecord[], t: number): number {
  let lo = 0;
  let hi = group.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((group[mid]?.createdAt ?? Number.POSITIVE_INFINITY) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function retryAfterTerminal(
  group: readonly ConnectionHistoryRecord[],
  add: (key: string, f: WhyFinding) => void,
): void {
  for (const r of group) {
    if (r.closedAt === null || r.closeCode === null) continue;
    if (!isDoNotRetry(r.appProtocol ?? null, r.closeCode)) continue;
    const next = group[firstCreatedAtOrAfter(group, r.closedAt)];
    if (!next || next === r) continue;
    const label = codeName(r.closeCode, r.appProtocol);
    const under =
      r.appProtocol && describeAppCode(r.appProtocol, r.closeCode) ? ` under ${r.appProtocol}` : '';
    add(next.key, {
      id: 'reconnect-after-terminal-code',
      certainty: 'certain',
      text: `Reconnected ${formatDuration(next.createdAt - r.closedAt)} after the previous connection closed with ${label}, a code that means "do not reconnect"${under}. The retry will fail the same way until something changes (credentials, parameters, plan).`,
      evidence: [
        `previous connection ${r.key} closed with ${label}`,
        `this connection created ${formatDuration(next.createdAt - r.closedAt)} later to the same endpoint`,
      ],
      source: (r.appProtocol && describeAppCode(r.appProtocol, r.closeCode)?.source) || RFC6455_CODES,
      severity: 'warning',
    });
  }
}

function doubleMounts(
  records: readonly ConnectionHistoryRecord[],
  add: (key: string, f: WhyFinding) => void,
): void {
  const groups = groupBy(records, (r) => (r.callSite === null ? null : `${r.url}\n${r.callSite}`));
  for (const group of groups.values()) {
    group.sort(byCreated);
    for (let i = 1; i < group.length; i++) {
      const first = group[i - 1];
      const second = group[i];
      if (!first || !second || !first.closedWhileConnectingByPage) continue;
      const gap = second.createdAt - first.createdAt;
      if (gap > DUPLICATE_WINDOW_MS) continue;
      const evidence = [
        `${first.key} closed by the page while CONNECTING`,
        `${second.key} created ${formatDuration(gap)} after ${first.key}, same URL and call site (${first.callSite})`,
      ];
      const finding: WhyFinding = {
        id: 'strict-mode-double-mount',
        certainty: 'likely',
        text: `Created twice from the same call site ${formatDuration(gap)} apart, the first closed by the page while still CONNECTING \u2014 the pattern of React StrictMode's development double mount (the effect runs, is cleaned up, and runs again). Harmless in development; make the cleanup close the socket it opened.`,
        evidence,
        source: STRICT_MODE,
        severity: 'info',
      };
      add(first.key, finding);
      add(second.key, finding);
    }
  }
}

function openAtNavigation(
  records: readonly ConnectionHistoryRecord[],
  navigatedAt: number,
  add: (key: string, f: WhyFinding) => void,
): void {
  for (const r of records) {
    if (r.createdAt >= navigatedAt) continue;
    const stillOpen = r.closedAt === null;
    const closedByNavigation =
      r.closedAt !== null &&
      r.closeCode === 1001 &&
      Math.abs(r.closedAt - navigatedAt) <= NAVIGATION_CLOSE_WINDOW_MS;
    if (!stillOpen && !closedByNavigation) continue;
    const state = r.openedAt === null || r.openedAt > navigatedAt ? 'CONNECTING' : 'open';
    add(r.key, {
      id: 'open-at-navigation',
      certainty: 'certain',
      text: `Still ${state} when the page navigated away, so the browser ended it (1001 Going Away) rather than the app. Close it in a pagehide handler to end it cleanly.`,
      evidence: [
        stillOpen
          ? `no close recorded before the navigation`
          : `closed with 1001 ${formatDuration(Math.abs((r.closedAt ?? navigatedAt) - navigatedAt))} ${(r.closedAt ?? navigatedAt) < navigatedAt ? 'before' : 'after'} the navigation`,
        `created ${formatDuration(navigatedAt - r.createdAt)} before the navigation`,
      ],
      source: RFC6455_CODES,
      severity: 'info',
    });
  }
}

export function analyzeHistory(
  records: readonly ConnectionHistoryRecord[],
  navigatedAt: number | null = null,
): HistoryAnalysis {
  const byConnection = new Map<string, WhyFinding[]>();
  const add = (key: string, finding: WhyFinding) => {
    const list = byConnection.get(key);
    if (list) list.push(finding);
    else byConnection.set(key, [finding]);
  };
  const storms: StormFinding[] = [];
  const endpoints = groupBy(records, (r) => endpointOf(r.url));
  for (const [endpoint, group] of endpoints) {
    group.sort(byCreated);
    const storm = detectStorm(endpoint, group);
    if (storm) {
      storms.push(storm);
      for (const key of storm.keys) add(key, storm.finding);
    }
    retryAfterTerminal(group, add);
  }
  doubleMounts(records, add);
  if (navigatedAt !== null) openAtNavigation(records, navigatedAt, add);
  return { byConnection, storms };
}
