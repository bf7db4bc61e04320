/**
 * "Why did it close?" for one connection: every explanation the recorded facts support, surest
 * first, each with its certainty and evidence — or, when nothing explains a drop, a plain
 * statement of what the browser does not let anyone see.
 */
import { type Connection, effectiveCloseCall, initiator } from '../model';
import { describeHandshake, handshakeOutcome, type NetworkHandshake } from '../networkHandshakes';
import { describeAppCode, detectAppProtocol } from './appProtocols';
import { sortFindings, type WhyFinding } from './certainty';
import { formatDuration } from './duration';
import { analyzeHistory, type ConnectionHistoryRecord, type HistoryAnalysis } from './history';
import { explainByLifecycle, type PageLifecycleEvent } from './pageLifecycle';
import { lintServerClose } from './serverCloseLint';
import { type CloseKind, diagnoseLifetime, diagnoseSilence } from './silence';

export interface WhyContext {
  /** The page's lifecycle around the connection (its document's). */
  readonly lifecycle: readonly PageLifecycleEvent[];
  /** The tab's connection history (storms, duplicates, reconnects after terminal codes). */
  readonly history: HistoryAnalysis;
  /** The opening handshake as the browser's network layer reported it, when it did. */
  readonly handshake?: NetworkHandshake | null;
}

/** Records by connection revision: the panel recomputes the history on every change. */
const records = new WeakMap<Connection, { revision: number; record: ConnectionHistoryRecord }>();

function historyRecord(c: Connection): ConnectionHistoryRecord {
  const hit = records.get(c);
  if (hit && hit.revision === c.revision) return hit.record;
  const record = buildRecord(c);
  records.set(c, { revision: c.revision, record });
  return record;
}

function buildRecord(c: Connection): ConnectionHistoryRecord {
  const effective = effectiveCloseCall(c);
  const app = detectAppProtocol({ url: c.url, protocol: c.protocol, requestedProtocols: c.protocols });
  return {
    key: c.key,
    url: c.url,
    createdAt: c.createdAt,
    openedAt: c.openedAt,
    closedAt: c.closed?.t ?? null,
    closeCode: c.closed?.code ?? null,
    wasClean: c.closed?.wasClean ?? null,
    callSite: c.site,
    closedWhileConnectingByPage: effective?.readyState === 0,
    ...(app ? { appProtocol: app.protocol } : {}),
  };
}

/**
 * The tab's history. A document that left (a pagehide that did not enter the back/forward cache)
 * is checked for sockets still open at that moment.
 */
export function historyOf(
  connections: readonly Connection[],
  lifecycleOf: (c: Connection) => readonly PageLifecycleEvent[],
): HistoryAnalysis {
  const records = connections.map(historyRecord);
  const analysis = analyzeHistory(records, null);
  const byDoc = new Map<string, Connection[]>();
  for (const c of connections) {
    const list = byDoc.get(c.docId);
    if (list) list.push(c);
    else byDoc.set(c.docId, [c]);
  }
  for (const docConnections of byDoc.values()) {
    const first = docConnections[0];
    if (!first) continue;
    const left = lifecycleOf(first).find((e) => e.kind === 'pagehide' && !e.persisted);
    if (!left) continue;
    const atNavigation = analyzeHistory(docConnections.map(historyRecord), left.t);
    for (const [key, findings] of atNavigation.byConnection) {
      const extra = findings.filter((f) => f.id === 'open-at-navigation');
      if (extra.length === 0) continue;
      analysis.byConnection.set(key, [...(analysis.byConnection.get(key) ?? []), ...extra]);
    }
  }
  return analysis;
}

function closeKind(c: Connection): CloseKind {
  const who = initiator(c);
  return who === 'page' ? 'page' : who === 'server' ? 'server' : 'drop';
}

function appCodeFinding(c: Connection): WhyFinding | null {
  if (!c.closed) return null;
  const app = detectAppProtocol({ url: c.url, protocol: c.protocol, requestedProtocols: c.protocols });
  if (!app) return null;
  const info = describeAppCode(app.protocol, c.closed.code);
  if (!info) return null;
  return {
    id: 'app-close-code',
    certainty: app.certainty,
    text: `${app.name} ${info.code} ${info.name}: ${info.meaning} Expected reaction: ${info.reaction}.`,
    evidence: [
      app.evidence,
      `close code ${c.closed.code}${c.closed.reason ? ` with reason ${JSON.stringify(c.closed.reason)}` : ''}`,
    ],
    source: info.source,
    severity: info.reaction === 'do not reconnect' ? 'warning' : 'info',
  };
}

/** What Chromium's network layer says for a refused, unreachable or unresolvable handshake alike. */
const GENERIC_FAILURE = 'net::ERR_FAILED';

/** A drop nothing explains: say what cannot be seen, and how to see it. */
function unexplainedDrop(c: Connection, handshake: NetworkHandshake | null): WhyFinding | null {
  if (!c.closed || c.closed.wasClean || initiator(c) !== 'failure') return null;
  if (c.openedAt === null) {
    const evidence = ['no open event: the connection never opened', `close code ${c.closed.code}, not clean`];
    if (handshake && handshakeOutcome(handshake) === 'refused')
      return {
        id: 'handshake-refused',
        certainty: 'certain',
        text: `The server refused the opening handshake: ${describeHandshake(handshake)}. The browser keeps the answer from the page; its network layer reported it. Replay the handshake with "Copy as cURL" to read the answer's body.`,
        evidence: [...evidence, `network layer: ${describeHandshake(handshake)}`],
        severity: 'error',
      };
    if (handshake && handshakeOutcome(handshake) === 'failed') {
      evidence.push(`network layer: ${describeHandshake(handshake)}`);
      // Chromium says net::ERR_FAILED for every cause; anything else names the cause.
      if (handshake.error !== GENERIC_FAILURE)
        return {
          id: 'handshake-failed-network',
          certainty: 'certain',
          text: `The opening handshake failed: the browser's network layer reports ${handshake.error}. The page is never told.`,
          evidence,
          severity: 'error',
        };
    }
    return {
      id: 'handshake-failed-unseen',
      certainty: 'certain',
      text: 'The opening handshake failed, and the browser tells neither the page nor extensions why (an HTTP error answer, a refused port, a DNS or TLS failure all look the same). Replay the handshake with "Copy as cURL", or record the page with the recorder, which does.',
      evidence,
      severity: 'error',
    };
  }
  const lived = c.closed.t - c.openedAt;
  return {
    id: 'drop-unexplained',
    certainty: 'possible',
    text: `The connection dropped after ${formatDuration(lived)} open without a Close frame. Nothing the page recorded explains it: a network failure, a server crash or restart, or a proxy in between; the browser does not say which.`,
    evidence: [`open for ${formatDuration(lived)}`, `close code ${c.closed.code}, not clean`],
    severity: 'warning',
  };
}

/** The same finding reached twice (a socket in two double mounts) is said once. */
function unique(findings: readonly WhyFinding[]): WhyFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.id}\n${f.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function whyItClosed(c: Connection, ctx: WhyContext): WhyFinding[] {
  const findings: WhyFinding[] = [];
  const push = (f: WhyFinding | null | undefined) => {
    if (f) findings.push(f);
  };
  // Patterns across connections come after what ended this one.
  const history = ctx.history.byConnection.get(c.key) ?? [];
  if (!c.closed) return unique(sortFindings(history));
  const kind = closeKind(c);
  const { code, wasClean, reason, t } = c.closed;
  push(appCodeFinding(c));
  if (kind === 'server') for (const f of lintServerClose({ code, reason, wasClean })) push(f);
  const silence = {
    openedAt: c.openedAt,
    closedAt: t,
    lastSentAt: c.traffic?.lastSentAt ?? null,
    lastReceivedAt: c.traffic?.lastReceivedAt ?? null,
    heartbeat: c.traffic?.heartbeat ?? null,
  };
  push(diagnoseSilence(silence, kind));
  push(diagnoseLifetime(silence, kind));
  const who = initiator(c) ?? 'failure';
  for (const f of explainByLifecycle(ctx.lifecycle, t, code, wasClean, who, c.createdAt)) push(f);
  // A failed handshake is always worth saying; any other drop only when nothing on record explains it.
  if (c.openedAt === null || findings.length === 0) push(unexplainedDrop(c, ctx.handshake ?? null));
  return unique([...sortFindings(findings), ...sortFindings(history)]);
}
