/** The timeline's view of a live connection and of an exported one (see timelineLayout.ts). */
import { formatCallArgs } from './callFindings';
import { closeCodeLabel } from './closeCodes';
import type { ExportedConnection } from './closeLog';
import { type CloseCall, type Connection, connectionState, hasInvalidCall } from './model';
import type { TimelineInput } from './timelineLayout';

function callsOf(calls: readonly CloseCall[]): TimelineInput['calls'] {
  return calls.map((k) => ({
    t: k.t,
    threw: k.observed.threw,
    text: `${formatCallArgs(k)} ${k.observed.threw ? `threw ${k.observed.name}` : 'accepted'}`,
  }));
}

/** Only a close() on an OPEN socket starts a closing handshake (while CONNECTING it fails it). */
function closingAt(calls: readonly CloseCall[]): number | null {
  const started = calls.find((k) => !k.observed.threw && k.readyState === 1);
  return started ? started.t : null;
}

export function liveTimelineInput(c: Connection): TimelineInput {
  return {
    key: c.key,
    url: c.url,
    createdAt: c.createdAt,
    openedAt: c.openedAt,
    calls: callsOf(c.closeCalls),
    errors: c.errors,
    end: c.closed ? { t: c.closed.t, wasClean: c.closed.wasClean } : null,
    codeLabel: c.closed ? closeCodeLabel(c.closed.code) : connectionState(c),
    invalid: hasInvalidCall(c),
    closingAt: closingAt(c.closeCalls),
    lastSentAt: c.traffic?.lastSentAt ?? null,
    lastReceivedAt: c.traffic?.lastReceivedAt ?? null,
  };
}

export function exportedTimelineInput(c: ExportedConnection, index: number): TimelineInput {
  return {
    key: `c${index + 1}`,
    url: c.url,
    createdAt: c.createdAt,
    openedAt: c.openedAt,
    calls: callsOf(c.closeCalls),
    errors: c.errors,
    end: c.closeEvent ? { t: c.closeEvent.t, wasClean: c.closeEvent.wasClean } : null,
    codeLabel: c.codeName ?? c.state,
    invalid: c.invalidCall,
    closingAt: closingAt(c.closeCalls),
    lastSentAt: c.traffic?.lastSentAt ?? null,
    lastReceivedAt: c.traffic?.lastReceivedAt ?? null,
  };
}
