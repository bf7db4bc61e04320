/**
 * Reconnect storms: many connections to one endpoint in a short window, or retries at a fixed
 * delay. Either way failing clients come back in step instead of spreading out, which is what
 * exponential backoff with jitter (RFC 6455 §7.2.3) exists to prevent.
 */
import type { WhyFinding } from './certainty';
import { formatDuration } from './duration';
import type { ConnectionHistoryRecord } from './history';

export interface RetryPattern {
  /** Constant delay after each close: no backoff and no jitter. */
  readonly kind: 'fixed';
  /** Mean delay between a close and the next connection, ms. */
  readonly delayMs: number;
  /** Consecutive retries in the run. */
  readonly retries: number;
  readonly spreadMs: number;
}

export interface StormFinding {
  readonly endpoint: string;
  /** Connections inside the densest window (or in the fixed-delay run when that is what triggered it). */
  readonly count: number;
  readonly windowStart: number;
  readonly windowEnd: number;
  readonly windowMs: number;
  readonly pattern: RetryPattern | null;
  readonly keys: readonly string[];
  readonly finding: WhyFinding;
}

export const STORM_WINDOW_MS = 10_000;
export const STORM_MIN_CONNECTIONS = 5;
export const FIXED_RETRY_MIN_INTERVALS = 4;
/** Each delay within ±10 % of the previous: no growth, so no backoff. */
export const FIXED_RETRY_STEP = 0.1;
/** All delays within 5 % of their mean: no jitter either. */
export const FIXED_RETRY_SPREAD = 0.05;
/** Event timestamps carry a few ms of dispatch noise; near-zero delays must not fail the ratio tests on it. */
export const TIMING_NOISE_MS = 20;
const RFC6455_BACKOFF = 'https://www.rfc-editor.org/rfc/rfc6455#section-7.2.3';

/** The densest STORM_WINDOW_MS window, by two pointers over the sorted group. */
function densestWindow(group: readonly ConnectionHistoryRecord[]): { from: number; to: number } {
  let best = { from: 0, to: 0 };
  let from = 0;
  for (let to = 0; to < group.length; to++) {
    while ((group[to]?.createdAt ?? 0) - (group[from]?.createdAt ?? 0) > STORM_WINDOW_MS) from++;
    if (to - from > best.to - best.from) best = { from, to };
  }
  return best;
}

/** The longest run of ≥ 4 retries whose delays neither grow nor jitter, as indices into the group. */
function fixedRetryRun(
  group: readonly ConnectionHistoryRecord[],
): { pattern: RetryPattern; from: number; to: number } | null {
  let best: { pattern: RetryPattern; from: number; to: number } | null = null;
  // The run is kept as count/sum/min/max/last so each step is O(1).
  let count = 0;
  let sum = 0;
  let min = 0;
  let max = 0;
  let last = 0;
  let runStart = 0;
  const consider = (end: number) => {
    if (count < FIXED_RETRY_MIN_INTERVALS || (best && best.pattern.retries >= count)) return;
    const pattern: RetryPattern = {
      kind: 'fixed',
      delayMs: sum / count,
      retries: count,
      spreadMs: max - min,
    };
    best = { pattern, from: runStart, to: end };
  };
  const restart = (delay: number | null, start: number) => {
    count = delay === null ? 0 : 1;
    sum = min = max = last = delay ?? 0;
    runStart = start;
  };
  for (let i = 1; i < group.length; i++) {
    const prev = group[i - 1];
    const cur = group[i];
    if (!prev || !cur) continue;
    // A retry follows a close; a socket created while the previous one is still open is not a retry.
    const delay =
      prev.closedAt !== null && prev.closedAt <= cur.createdAt ? cur.createdAt - prev.closedAt : null;
    if (delay !== null && count > 0) {
      const steady = Math.abs(delay - last) <= Math.max(last * FIXED_RETRY_STEP, TIMING_NOISE_MS);
      const nMin = Math.min(min, delay);
      const nMax = Math.max(max, delay);
      const mean = (sum + delay) / (count + 1);
      const tight = nMax - nMin <= Math.max(mean * FIXED_RETRY_SPREAD, TIMING_NOISE_MS);
      if (steady && tight) {
        count++;
        sum += delay;
        min = nMin;
        max = nMax;
        last = delay;
        continue;
      }
    }
    consider(i - 1);
    restart(delay, i - 1);
  }
  consider(group.length - 1);
  return best;
}

function codeHistogram(records: readonly ConnectionHistoryRecord[]): string {
  const counts = new Map<string, number>();
  for (const r of records) {
    const label = r.closedAt === null ? 'still open' : r.closeCode === null ? 'closed' : String(r.closeCode);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return [...counts].map(([label, n]) => `${label} \u00d7${n}`).join(', ');
}

/**
 * The connections of a group (sorted by creation) made after an earlier one to the endpoint had
 * closed: reconnects. Sockets a page opens side by side (several channels at load) are not a storm.
 */
function reconnectsOf(group: readonly ConnectionHistoryRecord[]): Set<ConnectionHistoryRecord> {
  const reconnects = new Set<ConnectionHistoryRecord>();
  let earliestClose: number | null = null;
  for (const r of group) {
    if (earliestClose !== null && earliestClose <= r.createdAt) reconnects.add(r);
    if (r.closedAt !== null && (earliestClose === null || r.closedAt < earliestClose))
      earliestClose = r.closedAt;
  }
  return reconnects;
}

export function detectStorm(
  endpoint: string,
  group: readonly ConnectionHistoryRecord[],
): StormFinding | null {
  const reconnectSet = reconnectsOf(group);
  const reconnects = group.filter((r) => reconnectSet.has(r));
  const win = densestWindow(reconnects);
  // The reconnects in the window, and the connections whose closes they followed.
  const inWindow = reconnects.length === 0 ? [] : reconnects.slice(win.from, win.to + 1);
  const windowStart = inWindow[0]?.createdAt ?? 0;
  const windowEnd = inWindow[inWindow.length - 1]?.createdAt ?? 0;
  const stormMembers =
    inWindow.length === 0
      ? []
      : group.filter((r) =>
          reconnectSet.has(r)
            ? r.createdAt >= windowStart && r.createdAt <= windowEnd
            : r.closedAt !== null && r.closedAt <= windowEnd && r.closedAt >= windowStart - STORM_WINDOW_MS,
        );
  const windowCount = stormMembers.length;
  const fixed = fixedRetryRun(group);
  if (windowCount < STORM_MIN_CONNECTIONS && !fixed) return null;
  const members =
    windowCount >= STORM_MIN_CONNECTIONS ? stormMembers : group.slice(fixed?.from ?? 0, (fixed?.to ?? 0) + 1);
  const start = members[0]?.createdAt ?? 0;
  const end = members[members.length - 1]?.createdAt ?? start;
  const parts: string[] = [];
  const evidence: string[] = [];
  if (windowCount >= STORM_MIN_CONNECTIONS) {
    parts.push(`${windowCount} connections to ${endpoint} within ${formatDuration(end - start)}`);
    evidence.push(
      `${windowCount} connections created within ${formatDuration(end - start)} (limit: ${STORM_MIN_CONNECTIONS} in ${formatDuration(STORM_WINDOW_MS)})`,
    );
  }
  if (fixed) {
    const p = fixed.pattern;
    parts.push(
      `${windowCount >= STORM_MIN_CONNECTIONS ? 'it' : `it reconnects to ${endpoint}`} retries ${formatDuration(p.delayMs)} after each close, without backoff or jitter`,
    );
    evidence.push(
      `${p.retries} consecutive retries ${formatDuration(p.delayMs)} after the previous close (spread ${formatDuration(p.spreadMs)})`,
    );
  }
  evidence.push(`close codes: ${codeHistogram(members)}`);
  const finding: WhyFinding = {
    id: 'reconnect-storm',
    certainty: 'certain',
    text: `Reconnect storm: ${parts.join('; ')}. Back off exponentially between attempts, with random jitter, so that failing clients do not hammer the server in step.`,
    evidence,
    source: RFC6455_BACKOFF,
    severity: 'warning',
  };
  return {
    endpoint,
    count: members.length,
    windowStart: start,
    windowEnd: end,
    windowMs: end - start,
    pattern: fixed?.pattern ?? null,
    keys: members.map((r) => r.key),
    finding,
  };
}
