/**
 * A plain-language diagnosis of how a connection ended, from its events.
 */
import { analyzeCall, type CallFinding, formatCallArgs } from './callFindings';
import { closeCodeLabel, describeCloseCode } from './closeCodes';
import { type Connection, effectiveCloseCall, initiator } from './model';

export interface Diagnosis {
  /** One line for the table row. */
  readonly summary: string;
  readonly severity: 'ok' | 'info' | 'warning' | 'error';
  /** Every finding, most important first. */
  readonly findings: readonly DiagnosisFinding[];
}

export interface DiagnosisFinding {
  readonly severity: 'info' | 'warning' | 'error';
  readonly text: string;
  readonly link?: string;
}

/** A closing handshake slower than this is worth a note (loopback and healthy servers answer in milliseconds). */
export const SLOW_CLOSING_HANDSHAKE_MS = 1000;

/** Codes that MUST NOT appear in a Close frame (RFC 6455 §7.4.1); 1004 is only reserved. */
const NEVER_ON_WIRE = new Set([1005, 1006, 1015]);

export function diagnose(c: Connection): Diagnosis {
  const findings: DiagnosisFinding[] = [];
  const who = initiator(c);
  const effective = effectiveCloseCall(c);
  let summary: string;

  if (!c.closed) {
    summary = effective
      ? 'Closing: the page called close(), waiting for the close event'
      : c.openedAt === null
        ? 'Connecting'
        : 'Open';
  } else {
    const { code, wasClean } = c.closed;
    const label = closeCodeLabel(code);
    const meaning = describeCloseCode(code).meaning;
    if (effective && effective.readyState === 0) {
      summary = 'Closed by the page while CONNECTING: the browser failed the connection (1006)';
    } else if (who === 'page') {
      if (wasClean) {
        summary =
          code === 1005
            ? 'Closed cleanly by the page (no status code: 1005)'
            : `Closed cleanly by the page with ${label}`;
      } else {
        summary = `The page called close(), but the connection ended uncleanly with ${label}`;
        findings.push({
          severity: 'warning',
          text: 'the server never completed the closing handshake (no Close frame came back before the TCP connection ended)',
        });
      }
      const sent = effective?.verdicts?.[effective.engine];
      if (sent?.ok && wasClean && sent.wireCode !== null && sent.wireCode !== code && code !== 1005) {
        findings.push({
          severity: 'info',
          text: `the page sent ${sent.wireCode}; the server answered with ${label}`,
        });
      }
    } else if (who === 'server') {
      if (code === 1005)
        summary = 'Closed cleanly by the server with a Close frame without status code (1005)';
      else summary = `Closed ${wasClean ? 'cleanly' : 'uncleanly'} by the server with ${label}: ${meaning}`;
    } else if (c.openedAt === null) {
      summary =
        'Never opened (1006): connection refused, DNS, TLS or handshake rejected (the browser does not tell scripts which)';
    } else if (code === 1006) {
      summary =
        'Dropped without a Close frame (1006): network failure, server crash, or a proxy or load balancer timeout';
    } else if (code === 1002) {
      summary = 'Failed with 1002 Protocol Error';
      findings.push({
        severity: 'warning',
        text: 'browsers fail the connection with 1002 when the server sends a reserved code (1005, 1006, 1015), a 1-byte close body or a reason that is not valid UTF-8',
      });
    } else {
      summary = `Closed uncleanly with ${label}`;
    }
    if (NEVER_ON_WIRE.has(code) && wasClean && code !== 1005) {
      findings.push({
        severity: 'error',
        text: `the server sent ${label}, a code that must never appear in a Close frame`,
      });
    }
    if (code === 1004 && who === 'server') {
      findings.push({
        severity: 'warning',
        text: 'the server sent 1004, a reserved code with no defined meaning',
      });
    }
    if (code === 1015) {
      findings.push({
        severity: 'warning',
        text: '1015: the TLS handshake failed (Firefox reports it; other browsers report 1006)',
      });
    }
    if (effective && effective.readyState === 1 && c.closed) {
      const handshake = c.closed.t - effective.t;
      if (handshake > SLOW_CLOSING_HANDSHAKE_MS) {
        findings.push({
          severity: 'warning',
          text: `the closing handshake took ${Math.round(handshake)} ms (from close() to the close event)`,
        });
      }
    }
  }

  const callFindings: { finding: CallFinding; call: string }[] = [];
  for (const call of c.closeCalls) {
    for (const finding of analyzeCall(call)) callFindings.push({ finding, call: formatCallArgs(call) });
  }
  const order = { error: 0, warning: 1, info: 2 } as const;
  callFindings.sort((a, b) => order[a.finding.severity] - order[b.finding.severity]);
  for (const { finding, call } of callFindings) {
    findings.push({ severity: finding.severity, text: `${call} ${finding.text}`, link: finding.link });
  }

  const severity = findings.some((f) => f.severity === 'error')
    ? 'error'
    : findings.some((f) => f.severity === 'warning')
      ? 'warning'
      : findings.length > 0
        ? 'info'
        : 'ok';
  return { summary, severity, findings };
}

const cache = new WeakMap<Connection, { revision: number; diagnosis: Diagnosis }>();

/** diagnose(), memoised per connection revision (the panel asks for every row on every render). */
export function diagnoseCached(c: Connection): Diagnosis {
  const hit = cache.get(c);
  if (hit && hit.revision === c.revision) return hit.diagnosis;
  const diagnosis = diagnose(c);
  cache.set(c, { revision: c.revision, diagnosis });
  return diagnosis;
}

/** The row text: the summary, plus the most important problem when there is one. */
export function headline(d: Diagnosis): string {
  const top = d.findings[0];
  return top && top.severity !== 'info' ? `${d.summary} \u2014 ${top.text}` : d.summary;
}
