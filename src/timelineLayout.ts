/**
 * Connections as lanes in time, for the panel's timeline and the HTML report: one lane per
 * connection, grouped by endpoint (a storm bunches), each with its phases (connecting, open,
 * closing), its close() calls, error events and its end, coloured by outcome. Pure: both views
 * draw from the same lanes, and the accessible name of a lane says what a colour means.
 */

export type LaneOutcome = 'clean' | 'unclean' | 'invalid' | 'open';

export const OUTCOME_LABEL: Readonly<Record<LaneOutcome, string>> = {
  clean: 'closed cleanly',
  unclean: 'closed uncleanly',
  invalid: 'an invalid close() call',
  open: 'still open',
};

/** What a lane needs of a connection (the live model's and an exported one's alike). */
export interface TimelineInput {
  readonly key: string;
  readonly url: string;
  readonly createdAt: number;
  readonly openedAt: number | null;
  readonly calls: readonly { readonly t: number; readonly threw: boolean; readonly text: string }[];
  readonly errors: readonly number[];
  readonly end: { readonly t: number; readonly wasClean: boolean } | null;
  /** "1000 Normal Closure", or the state while it is not closed. */
  readonly codeLabel: string;
  readonly invalid: boolean;
  /** When the page's close() started the closing handshake, if it did. */
  readonly closingAt: number | null;
  /** The last frame each way (the hook keeps no per-message times): a silence shows as a gap. */
  readonly lastSentAt: number | null;
  readonly lastReceivedAt: number | null;
}

export interface Lane {
  readonly key: string;
  readonly endpoint: string;
  /** The URL without its scheme and host: the short name drawn on the lane. */
  readonly name: string;
  readonly outcome: LaneOutcome;
  /** The accessible name: URL, code and outcome. */
  readonly label: string;
  readonly start: number;
  /** End of CONNECTING (the open event, or the end when it never opened). */
  readonly openedAt: number | null;
  readonly closingAt: number | null;
  /** The close event; null while the connection is not closed (drawn to the end of the range). */
  readonly endAt: number | null;
  readonly calls: TimelineInput['calls'];
  readonly errors: readonly number[];
  readonly lastSentAt: number | null;
  readonly lastReceivedAt: number | null;
}

export interface TimelineLayout {
  readonly lanes: readonly Lane[];
  /** The time range every lane fits in (never empty). */
  readonly from: number;
  readonly to: number;
}

export function laneOutcome(c: Pick<TimelineInput, 'invalid' | 'end'>): LaneOutcome {
  if (c.invalid) return 'invalid';
  if (!c.end) return 'open';
  return c.end.wasClean ? 'clean' : 'unclean';
}

/** The URL without its query and fragment: connections to one endpoint share a group. */
export function endpointOf(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}

export function layoutTimeline(inputs: readonly TimelineInput[]): TimelineLayout {
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  const lanes: Lane[] = [];
  for (const c of inputs) {
    // A loop, not Math.min(...list): a log may hold more connections than a call has arguments.
    from = Math.min(from, c.createdAt);
    to = Math.max(to, c.createdAt, c.openedAt ?? 0, c.end?.t ?? 0);
    for (const k of c.calls) to = Math.max(to, k.t);
    for (const t of c.errors) to = Math.max(to, t);
    const outcome = laneOutcome(c);
    lanes.push({
      key: c.key,
      endpoint: endpointOf(c.url),
      name: c.url.replace(/^[a-z]+:\/\/[^/]*/i, '') || c.url,
      outcome,
      label: `${c.url}: ${c.codeLabel}, ${OUTCOME_LABEL[outcome]}`,
      start: c.createdAt,
      openedAt: c.openedAt,
      closingAt: c.closingAt,
      endAt: c.end?.t ?? null,
      calls: c.calls,
      errors: c.errors,
      lastSentAt: c.lastSentAt,
      lastReceivedAt: c.lastReceivedAt,
    });
  }
  lanes.sort((a, b) => (a.endpoint < b.endpoint ? -1 : a.endpoint > b.endpoint ? 1 : a.start - b.start));
  if (!Number.isFinite(from)) return { lanes, from: 0, to: 1 };
  return { lanes, from, to: Math.max(to, from + 1) };
}

/** Axis ticks at a readable step (1, 2 or 5 × 10^n ms) for about `count` ticks over [from, to]. */
export function timeTicks(from: number, to: number, count: number): number[] {
  const span = Math.max(1, to - from);
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to && ticks.length < 1000; t += step) ticks.push(t);
  return ticks;
}

/** Counts by a label, most frequent first (ties by label): the summary charts' bars. */
export function countBy<T>(items: readonly T[], key: (t: T) => string): [string, number][] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
