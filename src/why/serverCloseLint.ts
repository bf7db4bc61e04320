/**
 * Lint for closes the server chose. The server's code and reason are the only explanation a client
 * gets, and a few habits make them misleading: an error dressed as 1000, a restart code the client
 * answers with an instant reconnect, a Close frame with no code at all.
 */
import type { WhyFinding } from './certainty';

export interface ServerClose {
  readonly code: number;
  readonly reason: string;
  readonly wasClean: boolean;
}

/**
 * Words that make a reason read like a failure. Whole words, case-insensitive, so identifiers such
 * as "ErrorBoundary" or "invalidated_cache" do not trigger it; "fail…" and "exception…" take any
 * ending (failed, failure, exceptions). A reason like "no error" still matches: the finding is
 * therefore only 'likely'.
 */
export const ERROR_REASON =
  /\b(?:errors?|fail\w*|invalid|denied|unauthori[sz]ed|forbidden|expired|time[- ]?out|timed out|exceptions?|refused)\b/i;

/**
 * Exception class names ("TypeError", "NullPointerException") glue the word to the class name, so
 * whole-word matching misses them; a capitalised suffix after a lowercase letter finds them
 * (case-sensitive, so "terror" does not count).
 */
export const ERROR_CLASS_NAME = /[a-z](?:Error|Exception)\b/;

/** The word that makes a reason read like an error, or null. */
export function errorWordIn(reason: string): string | null {
  const word = reason.match(ERROR_REASON)?.[0];
  if (word) return word;
  const cls = reason.match(ERROR_CLASS_NAME)?.[0];
  return cls ? cls.slice(1) : null;
}

const RFC6455_CODES = 'https://www.rfc-editor.org/rfc/rfc6455#section-7.4.1';
const IANA_CODES = 'https://www.iana.org/assignments/websocket/websocket.xhtml#close-code-number';

function quoted(reason: string): string {
  return `\u201c${reason}\u201d`;
}

function reasonEvidence(close: ServerClose): string {
  return close.reason
    ? `reason ${quoted(close.reason)} (${new TextEncoder().encode(close.reason).length} bytes)`
    : 'no reason';
}

/** Findings for a close initiated by the server; call it only for those. */
export function lintServerClose(close: ServerClose): WhyFinding[] {
  const findings: WhyFinding[] = [];
  const codeEvidence = `the server closed with ${close.code}${close.wasClean ? ', cleanly' : ''}`;
  const word = errorWordIn(close.reason);
  if (close.code === 1000 && word) {
    findings.push({
      id: 'error-as-normal-closure',
      certainty: 'likely',
      text: `The server closed with 1000 Normal Closure, but its reason ${quoted(close.reason)} reads like an error. Clients treat 1000 as a planned end (graphql-ws and phoenix.js stop reconnecting after it) and error reporting skips it; close with 1008, 1011 or an application code in 4000\u20134999 instead.`,
      evidence: [codeEvidence, reasonEvidence(close), `"${word}" is an error word`],
      source: RFC6455_CODES,
      severity: 'warning',
    });
  }
  if (close.code === 1012 || close.code === 1013) {
    const name = close.code === 1012 ? 'Service Restart' : 'Try Again Later';
    findings.push({
      id: close.code === 1012 ? 'service-restart' : 'try-again-later',
      certainty: 'certain',
      text: `The server asked the client to come back later (${close.code} ${name}). Reconnect with exponential backoff and random jitter, so that every client does not return at the same moment.`,
      evidence: [codeEvidence, reasonEvidence(close)],
      source: IANA_CODES,
      severity: 'info',
    });
  }
  if (close.code === 1001) {
    findings.push({
      id: 'server-going-away',
      certainty: 'likely',
      text: 'The server is going away (1001 Going Away) \u2014 usually a restart or deploy. Reconnect after a short random delay.',
      evidence: [codeEvidence, reasonEvidence(close)],
      source: RFC6455_CODES,
      severity: 'info',
    });
  }
  if (close.code === 1005 && close.wasClean) {
    findings.push({
      id: 'close-without-code',
      certainty: 'certain',
      text: 'The server sent a Close frame without a status code (reported as 1005 No Status Received), so the client cannot tell why it closed. Send a code, and a reason where it helps.',
      evidence: [codeEvidence, 'a clean close with 1005 means the Close frame had an empty body'],
      source: RFC6455_CODES,
      severity: 'warning',
    });
  }
  return findings;
}
