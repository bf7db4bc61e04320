/**
 * "It was idle too long": the most common reason a WebSocket drops without a Close frame is a proxy
 * or load balancer between browser and server that ends connections after a stretch without
 * traffic. The browser cannot see that; the silence before the close, compared with the known
 * defaults, can.
 */
import type { WhyFinding } from './certainty';
import { formatDuration, formatLimit, formatOffset } from './duration';
import type { HeartbeatFacts } from './heartbeat';
import { type IdleTimeoutMatch, matchIdleTimeout, matchLifetimeLimit, timeoutLabel } from './idleTimeouts';

export type { HeartbeatDirection, HeartbeatFacts } from './heartbeat';
export { HeartbeatTracker } from './heartbeat';

/** How the connection ended: dropped without a Close frame (1006 / unclean), closed by the server, or by the page. */
export type CloseKind = 'drop' | 'server' | 'page';

export interface SilenceInput {
  readonly openedAt: number | null;
  readonly closedAt: number;
  readonly lastSentAt: number | null;
  readonly lastReceivedAt: number | null;
  readonly heartbeat?: HeartbeatFacts | null;
}

/** Shorter silences are normal between messages and explain nothing on their own. */
export const SILENCE_MIN_MS = 5000;
/** A table match on a shorter silence is too likely to be coincidence to call it likely. */
export const SILENCE_LIKELY_MIN_MS = 10_000;
/** A beat this many periods overdue has stopped, not merely jittered. */
export const HEARTBEAT_STOPPED_PERIODS = 1.5;

export interface SilenceFacts {
  /** Since the last frame in either direction (or since open). */
  readonly silenceMs: number;
  /** Since the last frame from the server (or since open). */
  readonly serverSilenceMs: number;
}

export function measureSilence(input: SilenceInput): SilenceFacts | null {
  // A socket that never opened was never idle; its failure is a handshake problem.
  if (input.openedAt === null) return null;
  const lastAny = Math.max(
    input.openedAt,
    input.lastSentAt ?? input.openedAt,
    input.lastReceivedAt ?? input.openedAt,
  );
  const lastServer = Math.max(input.openedAt, input.lastReceivedAt ?? input.openedAt);
  return {
    silenceMs: Math.max(0, input.closedAt - lastAny),
    serverSilenceMs: Math.max(0, input.closedAt - lastServer),
  };
}

function ending(kind: CloseKind): string {
  return kind === 'drop' ? 'the drop' : 'the server closed it';
}

function lastFrameEvidence(input: SilenceInput): string[] {
  const ago = (t: number | null, what: string) =>
    t === null
      ? `no frame ${what} since it opened`
      : `last frame ${what} ${formatDuration(input.closedAt - t)} before the close`;
  const evidence = [ago(input.lastSentAt, 'sent'), ago(input.lastReceivedAt, 'received')];
  if (input.openedAt !== null)
    evidence.push(`opened ${formatDuration(input.closedAt - input.openedAt)} before the close`);
  return evidence;
}

function matchEvidence(match: IdleTimeoutMatch): string {
  const silence = match.timeout.resetBy === 'server-traffic' ? 'server silence' : 'silence';
  const note = match.timeout.note ? ` (${match.timeout.note})` : '';
  return `${match.timeout.what}: ${formatLimit(match.timeout.seconds)}; measured ${silence} ${formatDuration(match.measuredMs)} (${formatOffset(match.offsetMs)})${note}`;
}

function heartbeatStopped(hb: HeartbeatFacts | null | undefined, closedAt: number): hb is HeartbeatFacts {
  return !!hb && closedAt - hb.lastAt > hb.periodMs * HEARTBEAT_STOPPED_PERIODS;
}

function heartbeatSentence(hb: HeartbeatFacts, closedAt: number): string {
  return `The heartbeat (every ${formatDuration(hb.periodMs)}, ${hb.direction}) stopped ${formatDuration(closedAt - hb.lastAt)} before the close.`;
}

function heartbeatEvidence(hb: HeartbeatFacts, closedAt: number): string {
  return `${hb.beats} ${hb.direction} beats every ${formatDuration(hb.periodMs)}; the last ${formatDuration(closedAt - hb.lastAt)} before the close (${((closedAt - hb.lastAt) / hb.periodMs).toFixed(1)} periods)`;
}

/**
 * Explains a drop or server close by the silence before it. Page closes get nothing: the page
 * chose to close, so idleness is not why it closed.
 */
export function diagnoseSilence(input: SilenceInput, closeKind: CloseKind): WhyFinding | null {
  if (closeKind === 'page') return null;
  const facts = measureSilence(input);
  if (!facts) return null;
  const { silenceMs, serverSilenceMs } = facts;
  const hb = input.heartbeat;
  const stopped = heartbeatStopped(hb, input.closedAt);
  if (silenceMs < SILENCE_MIN_MS && serverSilenceMs < SILENCE_MIN_MS && !stopped) return null;

  const evidence = lastFrameEvidence(input);
  if (hb) evidence.push(heartbeatEvidence(hb, input.closedAt));
  const hbText = stopped ? ` ${heartbeatSentence(hb, input.closedAt)}` : '';

  const matches = matchIdleTimeout(silenceMs, serverSilenceMs).filter(
    (m) => m.measuredMs >= SILENCE_LIKELY_MIN_MS,
  );
  const best = matches[0];
  if (best) {
    const serverOnly =
      matches.every((m) => m.timeout.resetBy === 'server-traffic') && serverSilenceMs > silenceMs;
    const lead = serverOnly
      ? `No frame from the server for ${formatDuration(serverSilenceMs)} before ${ending(closeKind)} (the page last sent ${formatDuration(silenceMs)} before it)`
      : `No frame in either direction for ${formatDuration(silenceMs)} before ${ending(closeKind)}`;
    const names = matches.map((m) => timeoutLabel(m.timeout)).join(', ');
    const shortest = Math.min(...matches.map((m) => m.timeout.seconds));
    const advice = serverOnly
      ? `Make the server send something (e.g. answer a heartbeat) more often than every ${formatLimit(shortest)}`
      : `Send a heartbeat more often than every ${formatLimit(shortest)}`;
    return {
      id: 'idle-timeout',
      certainty: 'likely',
      text: `${lead} \u2014 matches an idle timeout: ${names}. ${advice}.${hbText}`,
      evidence: [...evidence, ...matches.map(matchEvidence)],
      source: best.timeout.source,
      severity: 'warning',
    };
  }
  if (stopped) {
    // The beat stopped first; whether that is why it closed depends on whether the line then went quiet.
    const quiet = Math.max(silenceMs, serverSilenceMs) >= SILENCE_LIKELY_MIN_MS;
    return {
      id: 'heartbeat-stopped',
      certainty: quiet ? 'likely' : 'possible',
      text: quiet
        ? `${heartbeatSentence(hb, input.closedAt)} Without it the connection went quiet, and ${ending(closeKind)} followed ${formatDuration(silenceMs)} after the last frame.`
        : `${heartbeatSentence(hb, input.closedAt)} Other frames continued until ${formatDuration(silenceMs)} before ${ending(closeKind)}.`,
      evidence,
      severity: quiet ? 'warning' : 'info',
    };
  }
  const lead =
    silenceMs >= SILENCE_MIN_MS
      ? `No frame in either direction for ${formatDuration(silenceMs)} before ${ending(closeKind)}`
      : `No frame from the server for ${formatDuration(serverSilenceMs)} before ${ending(closeKind)} (the page last sent ${formatDuration(silenceMs)} before it)`;
  return {
    id: 'long-silence',
    certainty: 'possible',
    text: `${lead}. No known default idle timeout matches, but a proxy with a custom idle timeout would look like this.`,
    evidence,
    severity: 'info',
  };
}

/**
 * Explains a drop or server close by the connection's age: some hosts cap a WebSocket's whole
 * lifetime, where no heartbeat helps.
 */
export function diagnoseLifetime(input: SilenceInput, closeKind: CloseKind): WhyFinding | null {
  if (closeKind === 'page' || input.openedAt === null) return null;
  const ageMs = input.closedAt - input.openedAt;
  const matches = matchLifetimeLimit(ageMs);
  const best = matches[0];
  if (!best) return null;
  const names = matches.map((m) => timeoutLabel(m.timeout)).join(', ');
  return {
    id: 'lifetime-limit',
    certainty: 'likely',
    text: `The connection lasted ${formatDuration(ageMs)} \u2014 matches a cap on connection lifetime: ${names}. A heartbeat does not help; raise the limit or reconnect before it.`,
    evidence: [
      `opened ${formatDuration(ageMs)} before the close`,
      ...matches.map(
        (m) =>
          `${m.timeout.what}: ${formatLimit(m.timeout.seconds)}; measured age ${formatDuration(m.measuredMs)} (${formatOffset(m.offsetMs)})`,
      ),
    ],
    source: best.timeout.source,
    severity: 'warning',
  };
}
