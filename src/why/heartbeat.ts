/**
 * Recognises an application heartbeat from message timing alone, so the silence diagnosis can say
 * "the heartbeat stopped" without knowing the application's protocol. A heartbeat is a small
 * message repeated at a steady period; the tracker keeps a handful of numbers per direction, never
 * the messages, so it can run for the whole life of a socket.
 *
 * The page hook runs this in the page's own world for every message, so it uses no global at all
 * (no Math, no Number): a page may have replaced them, and the hook must never run page code.
 */

export type HeartbeatDirection = 'sent' | 'received';

export interface HeartbeatFacts {
  readonly direction: HeartbeatDirection;
  /** Mean interval of the recognised run, ms. */
  readonly periodMs: number;
  /** Time of the last beat (same clock as the events). */
  readonly lastAt: number;
  /** Beats seen at this period (a run of n intervals is n + 1 beats). */
  readonly beats: number;
}

/** Pings are tiny ("ping", {"type":"ping"}, "2" in Engine.IO); 256 bytes leaves room for JSON envelopes. */
export const HEARTBEAT_MAX_BYTES = 256;
/** Below 1 s it is a stream, not a heartbeat; above 10 min no proxy idle timeout would be covered. */
export const HEARTBEAT_MIN_PERIOD_MS = 1000;
export const HEARTBEAT_MAX_PERIOD_MS = 10 * 60 * 1000;
/** Timers jitter (event-loop delay, timer coalescing); ±20 % still reads as one period. */
export const HEARTBEAT_PERIOD_TOLERANCE = 0.2;
/** Three equal intervals (four beats) before calling it a heartbeat: two could be coincidence. */
export const HEARTBEAT_MIN_INTERVALS = 3;

interface DirectionState {
  lastSmallAt: number | null;
  /** Current candidate run of intervals between consecutive small messages. */
  runCount: number;
  runSum: number;
  runMin: number;
  runMax: number;
  confirmed: { periodMs: number; lastAt: number; beats: number } | null;
}

function emptyState(): DirectionState {
  return { lastSmallAt: null, runCount: 0, runSum: 0, runMin: 0, runMax: 0, confirmed: null };
}

function withinPeriod(intervalMs: number, periodMs: number): boolean {
  const d = intervalMs - periodMs;
  return (d < 0 ? -d : d) <= periodMs * HEARTBEAT_PERIOD_TOLERANCE;
}

export class HeartbeatTracker {
  private readonly states: Record<HeartbeatDirection, DirectionState> = {
    sent: emptyState(),
    received: emptyState(),
  };

  /** Feed every message in order. Large messages count as traffic elsewhere but never as beats. */
  observe(t: number, direction: HeartbeatDirection, bytes: number): void {
    // t - t is NaN for NaN and ±Infinity: a finiteness test without Number.isFinite.
    if (bytes > HEARTBEAT_MAX_BYTES || typeof t !== 'number' || t - t !== 0) return;
    const s = this.states[direction];
    if (s.lastSmallAt !== null && t < s.lastSmallAt) return; // out of order: ignore rather than corrupt
    const confirmed = s.confirmed;
    if (confirmed) {
      const sinceBeat = t - confirmed.lastAt;
      if (withinPeriod(sinceBeat, confirmed.periodMs)) {
        confirmed.lastAt = t;
        confirmed.beats++;
        this.extendRun(s, t);
        return;
      }
      // A small application message between two beats: not a beat, and it must not break the run
      // that keeps the heartbeat recognised.
      if (sinceBeat < confirmed.periodMs * (1 - HEARTBEAT_PERIOD_TOLERANCE)) return;
    }
    this.extendRun(s, t);
  }

  private extendRun(s: DirectionState, t: number): void {
    const previous = s.lastSmallAt;
    s.lastSmallAt = t;
    if (previous === null) return;
    const interval = t - previous;
    if (interval < HEARTBEAT_MIN_PERIOD_MS || interval > HEARTBEAT_MAX_PERIOD_MS) {
      s.runCount = 0;
      return;
    }
    // Every interval of the run must stay within ±20 % of the run's mean; checking the extremes
    // against the new mean is exact and needs no history.
    const count = s.runCount + 1;
    const sum = s.runSum + interval;
    const min = s.runCount === 0 || interval < s.runMin ? interval : s.runMin;
    const max = s.runCount === 0 || interval > s.runMax ? interval : s.runMax;
    const mean = sum / count;
    if (min >= mean * (1 - HEARTBEAT_PERIOD_TOLERANCE) && max <= mean * (1 + HEARTBEAT_PERIOD_TOLERANCE)) {
      s.runCount = count;
      s.runSum = sum;
      s.runMin = min;
      s.runMax = max;
    } else {
      s.runCount = 1;
      s.runSum = interval;
      s.runMin = interval;
      s.runMax = interval;
    }
    if (s.runCount >= HEARTBEAT_MIN_INTERVALS) {
      const periodMs = s.runSum / s.runCount;
      const beats = s.runCount + 1;
      if (s.confirmed && withinPeriod(periodMs, s.confirmed.periodMs)) {
        s.confirmed.periodMs = periodMs;
        s.confirmed.lastAt = t;
        if (beats > s.confirmed.beats) s.confirmed.beats = beats;
      } else {
        s.confirmed = { periodMs, lastAt: t, beats };
      }
    }
  }

  /** The recognised heartbeat in one direction, if any. */
  facts(direction: HeartbeatDirection): HeartbeatFacts | null {
    const c = this.states[direction].confirmed;
    return c ? { direction, periodMs: c.periodMs, lastAt: c.lastAt, beats: c.beats } : null;
  }

  /**
   * The heartbeat to report: the one that stopped first, because the first to stop is the better
   * clue (a ping answered by a pong stops in both directions together; then the page's own 'sent'
   * side wins the tie, as its timer is what throttling and freezing stop).
   */
  primary(): HeartbeatFacts | null {
    const sent = this.facts('sent');
    const received = this.facts('received');
    if (!sent) return received;
    if (!received) return sent;
    return received.lastAt < sent.lastAt ? received : sent;
  }
}
