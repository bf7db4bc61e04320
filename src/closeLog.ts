/**
 * The exported close log: a versioned JSON document (see docs/close-log-format.md and
 * docs/close-log.schema.json), and CSV for spreadsheets. Import (./closeLogReader.ts) validates
 * everything.
 */
import { closeCodeLabel } from './closeCodes';
import { diagnose, headline } from './diagnosis';
import type { Engine } from './engine';
import { type CloseCall, type Connection, connectionState, hasInvalidCall, initiator } from './model';
import type { NetworkHandshake } from './networkHandshakes';
import type { WhyFinding } from './why/certainty';
import { historyOf, whyItClosed } from './why/explain';
import type { PageLifecycleEvent } from './why/pageLifecycle';

export const CLOSE_LOG_FORMAT = 'ws-close-inspector/close-log';
/** 2 added the constructor's call site, the page lifecycle and the "why it closed" findings. */
export const CLOSE_LOG_VERSION = 2;

export interface CloseLogMeta {
  readonly toolName: string;
  readonly toolVersion: string;
  readonly engine: Engine | null;
  readonly userAgent: string;
  readonly exportedAt: string;
  readonly pageUrl: string;
  readonly droppedConnections: number;
  readonly filtered: boolean;
  /** The page's lifecycle events (every document's, in time order). */
  readonly lifecycle?: readonly PageLifecycleEvent[];
  /**
   * Each connection's opening handshake as the network layer reported it (the live panel matches
   * them from its store); by default the connection's own `networkHandshake` (an imported log's).
   */
  readonly handshakeOf?: (c: Connection) => NetworkHandshake | null;
  /** Handshakes no page socket claimed: sockets the page hook did not see (a worker's). */
  readonly unseenSockets?: readonly NetworkHandshake[];
}

/** Unseen sockets a log carries at most (the newest); the reader keeps as many. */
export const MAX_UNSEEN_SOCKETS = 1000;

export interface ExportedConnection {
  readonly url: string;
  readonly urlLength: number;
  readonly frameId: number;
  readonly frameUrl: string;
  readonly pageUrl: string;
  readonly protocols: readonly string[];
  readonly site: string | null;
  readonly createdAt: number;
  readonly openedAt: number | null;
  readonly protocol: string;
  readonly extensions: string;
  readonly closeCalls: readonly CloseCall[];
  readonly closeCallsDropped: number;
  readonly errors: readonly number[];
  readonly closeEvent: Connection['closed'];
  readonly traffic: Connection['traffic'];
  // Derived, for readers of the file; recomputed on import.
  readonly state: string;
  readonly initiator: string | null;
  readonly codeName: string | null;
  readonly invalidCall: boolean;
  readonly diagnosis: string;
  readonly findings: readonly string[];
  /** Why it closed: each explanation with its certainty and evidence, surest first. */
  readonly why: readonly WhyFinding[];
  /** Recorder only: the failed handshake made again from Node, and what the server answered. */
  readonly handshakeReplay?: HandshakeReplay;
  /** The opening handshake as the browser's network layer (webRequest) reported it, when it did. */
  readonly networkHandshake?: NetworkHandshake;
}

/** The recorder's replay of a failed opening handshake (see recorder/handshakeReplay.ts). */
export interface HandshakeReplay {
  /** "HTTP 403 Forbidden", "ECONNREFUSED", … */
  readonly outcome: string;
  readonly status: number | null;
  /** content-type, www-authenticate, location, retry-after, server, sec-websocket-protocol. */
  readonly headers: Readonly<Record<string, string>>;
  /** The first 512 bytes of the body (UTF-8, lossy). */
  readonly body: string;
  /** One line for people: "HTTP 403 Forbidden — {"error":"token expired"}". */
  readonly summary: string;
}

export interface CloseLog {
  readonly format: typeof CLOSE_LOG_FORMAT;
  readonly version: number;
  readonly tool: { readonly name: string; readonly version: string };
  readonly browser: { readonly engine: Engine | null; readonly userAgent: string };
  readonly exportedAt: string;
  readonly page: { readonly url: string };
  readonly filtered: boolean;
  readonly droppedConnections: number;
  readonly lifecycle: readonly PageLifecycleEvent[];
  readonly connections: readonly ExportedConnection[];
  /** Handshakes of sockets the page hook did not see (a worker's); absent when there were none. */
  readonly unseenSockets?: readonly NetworkHandshake[];
}

/** Connections of a close log that were not imported: how many, and the first few (1-based). */
export interface SkippedConnections {
  readonly count: number;
  readonly first: readonly number[];
}

/** "Why it closed" for every connection of a log, all of them read against one page lifecycle. */
export function whyForAll(
  connections: readonly Connection[],
  lifecycle: readonly PageLifecycleEvent[],
  handshakeOf: (c: Connection) => NetworkHandshake | null = (c) => c.networkHandshake ?? null,
): (c: Connection) => WhyFinding[] {
  const ctx = { lifecycle, history: historyOf(connections, () => lifecycle) };
  return (c) => whyItClosed(c, { ...ctx, handshake: handshakeOf(c) });
}

export function exportConnection(
  c: Connection,
  why: readonly WhyFinding[] = [],
  handshake: NetworkHandshake | null = c.networkHandshake ?? null,
): ExportedConnection {
  const d = diagnose(c);
  return {
    url: c.url,
    urlLength: c.urlLength,
    frameId: c.frameId,
    frameUrl: c.frameUrl,
    pageUrl: c.pageUrl,
    protocols: c.protocols,
    site: c.site,
    createdAt: c.createdAt,
    openedAt: c.openedAt,
    protocol: c.protocol,
    extensions: c.extensions,
    closeCalls: c.closeCalls,
    closeCallsDropped: c.closeCallsDropped,
    errors: c.errors,
    closeEvent: c.closed,
    traffic: c.traffic,
    state: connectionState(c),
    initiator: initiator(c),
    codeName: c.closed ? closeCodeLabel(c.closed.code) : null,
    invalidCall: hasInvalidCall(c),
    diagnosis: headline(d),
    findings: d.findings.map((f) => `${f.severity}: ${f.text}`),
    why,
    // Only when the network layer reported one: a log without them reads as before.
    ...(handshake ? { networkHandshake: handshake } : {}),
  };
}

export function toCloseLog(connections: readonly Connection[], meta: CloseLogMeta): CloseLog {
  const lifecycle = meta.lifecycle ?? [];
  const handshakeOf = meta.handshakeOf ?? ((c: Connection) => c.networkHandshake ?? null);
  const why = whyForAll(connections, lifecycle, handshakeOf);
  const unseen = meta.unseenSockets ?? [];
  return {
    format: CLOSE_LOG_FORMAT,
    version: CLOSE_LOG_VERSION,
    tool: { name: meta.toolName, version: meta.toolVersion },
    browser: { engine: meta.engine, userAgent: meta.userAgent },
    exportedAt: meta.exportedAt,
    page: { url: meta.pageUrl },
    filtered: meta.filtered,
    droppedConnections: meta.droppedConnections,
    lifecycle,
    connections: connections.map((c) => exportConnection(c, why(c), handshakeOf(c))),
    ...(unseen.length > 0 ? { unseenSockets: newestUnseen(unseen) } : {}),
  };
}

/** Oldest first, the newest MAX_UNSEEN_SOCKETS. */
function newestUnseen(unseen: readonly NetworkHandshake[]): NetworkHandshake[] {
  return [...unseen].sort((a, b) => a.startedAt - b.startedAt).slice(-MAX_UNSEEN_SOCKETS);
}

// ---- CSV ----------------------------------------------------------------------------------------

const CSV_COLUMNS = [
  'url',
  'frameUrl',
  'state',
  'initiator',
  'code',
  'codeName',
  'reason',
  'reasonBytes',
  'wasClean',
  'createdAt',
  'openedAt',
  'closedAt',
  'closeCalls',
  'invalidCall',
  'diagnosis',
] as const;

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  let s = String(value);
  // Keep spreadsheets from evaluating page-controlled text as formulas.
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function iso(t: number | null): string | null {
  return t === null ? null : new Date(t).toISOString();
}

export function toCsv(connections: readonly Connection[]): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const c of connections) {
    const e = exportConnection(c);
    const cells: (string | number | boolean | null)[] = [
      e.url,
      e.frameUrl,
      e.state,
      e.initiator,
      e.closeEvent?.code ?? null,
      e.codeName,
      e.closeEvent?.reason ?? null,
      e.closeEvent?.reasonBytes ?? null,
      e.closeEvent?.wasClean ?? null,
      iso(e.createdAt),
      iso(e.openedAt),
      iso(e.closeEvent?.t ?? null),
      // Every call, as the panel counts them: repeats, and calls past the per-connection cap.
      e.closeCalls.reduce((n, call) => n + call.repeat, 0) + e.closeCallsDropped,
      e.invalidCall,
      e.diagnosis,
    ];
    rows.push(cells.map(csvCell).join(','));
  }
  return `${rows.join('\r\n')}\r\n`;
}
