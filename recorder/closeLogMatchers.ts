/**
 * What the Playwright matchers decide and say, kept free of Playwright so it is unit-tested:
 * which connections a `toHaveClosed` expectation matches, and the failure messages, which list
 * the evidence (each invalid call with its arguments, the browser's exception and the caller's
 * top frame; the connections seen when no close matched).
 */
import { formatCallArgs } from '../src/callFindings';
import type { CloseLog, ExportedConnection } from '../src/closeLog';
import { terminalSafe } from '../src/terminalText';

export interface CloseExpectation {
  readonly url?: string | RegExp;
  readonly code?: number;
  readonly reason?: string | RegExp;
  readonly wasClean?: boolean;
  readonly by?: 'page' | 'server' | 'failure';
}

const matchesText = (expected: string | RegExp | undefined, actual: string): boolean =>
  expected === undefined ||
  (typeof expected === 'string' ? actual.includes(expected) : expected.test(actual));

/** A connection that closed the way `e` says (every given field must hold). */
export function closedAsExpected(c: ExportedConnection, e: CloseExpectation): boolean {
  const close = c.closeEvent;
  if (!close) return false;
  return (
    matchesText(e.url, c.url) &&
    (e.code === undefined || close.code === e.code) &&
    (e.reason === undefined ||
      (typeof e.reason === 'string' ? close.reason === e.reason : e.reason.test(close.reason))) &&
    (e.wasClean === undefined || close.wasClean === e.wasClean) &&
    (e.by === undefined || c.initiator === e.by)
  );
}

export function describeExpectation(e: CloseExpectation): string {
  const parts: string[] = [];
  if (e.url !== undefined) parts.push(`url ${String(e.url)}`);
  if (e.code !== undefined) parts.push(`code ${e.code}`);
  if (e.reason !== undefined)
    parts.push(`reason ${typeof e.reason === 'string' ? JSON.stringify(e.reason) : String(e.reason)}`);
  if (e.wasClean !== undefined) parts.push(`wasClean ${e.wasClean}`);
  if (e.by !== undefined) parts.push(`closed by ${e.by}`);
  return parts.length ? parts.join(', ') : 'any close';
}

/** One line per connection: what the matcher saw. */
export function describeConnection(c: ExportedConnection): string {
  const close = c.closeEvent
    ? `${c.codeName ?? c.closeEvent.code} ${JSON.stringify(c.closeEvent.reason)} wasClean ${c.closeEvent.wasClean}, closed by ${c.initiator ?? '?'}`
    : c.state;
  // Page text (URLs, reasons, stack frames) goes to a terminal: no control or bidi characters.
  return `  ${terminalSafe(`${c.url}: ${close}`)}`;
}

export function connectionsSeen(log: CloseLog): string {
  return log.connections.length
    ? `connections seen:\n${log.connections.map(describeConnection).join('\n')}`
    : 'no connections seen';
}

/** Each invalid call: where, with what, and what the browser threw. */
export function describeInvalidCalls(log: CloseLog): string[] {
  const lines: string[] = [];
  for (const c of log.connections)
    for (const call of c.closeCalls) {
      if (!call.observed.threw) continue;
      const site = call.stack[0] ? ` at ${call.stack[0]}` : '';
      lines.push(
        `  ${formatCallArgs(call)} on ${c.url} threw ${call.observed.name}: ${call.observed.message}${site}`,
      );
    }
  return lines;
}

export function uncleanCloses(log: CloseLog): ExportedConnection[] {
  return log.connections.filter((c) => c.closeEvent !== null && !c.closeEvent.wasClean);
}
