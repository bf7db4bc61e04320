/**
 * The exported close log: a versioned JSON document (see docs/close-log-format.md and
 * docs/close-log.schema.json), and CSV for spreadsheets. Import validates everything.
 */
import { closeCodeLabel } from './closeCodes';
import { diagnose, headline } from './diagnosis';
import { ENGINES, type Engine } from './engine';
import { type CloseCall, type Connection, connectionState, hasInvalidCall, initiator } from './model';
import { LIMITS, readConnectionEvent } from './protocol';
import {
  isRecord,
  optional,
  readArray,
  readBool,
  readInt,
  readNullable,
  readNumber,
  readObject,
  readOneOf,
  readString,
} from './validate';

export const CLOSE_LOG_FORMAT = 'ws-close-inspector/close-log';
export const CLOSE_LOG_VERSION = 1;

export interface CloseLogMeta {
  readonly toolName: string;
  readonly toolVersion: string;
  readonly engine: Engine | null;
  readonly userAgent: string;
  readonly exportedAt: string;
  readonly pageUrl: string;
  readonly droppedConnections: number;
  readonly filtered: boolean;
}

export interface ExportedConnection {
  readonly url: string;
  readonly urlLength: number;
  readonly frameId: number;
  readonly frameUrl: string;
  readonly pageUrl: string;
  readonly protocols: readonly string[];
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
  readonly connections: readonly ExportedConnection[];
}

export function exportConnection(c: Connection): ExportedConnection {
  const d = diagnose(c);
  return {
    url: c.url,
    urlLength: c.urlLength,
    frameId: c.frameId,
    frameUrl: c.frameUrl,
    pageUrl: c.pageUrl,
    protocols: c.protocols,
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
  };
}

export function toCloseLog(connections: readonly Connection[], meta: CloseLogMeta): CloseLog {
  return {
    format: CLOSE_LOG_FORMAT,
    version: CLOSE_LOG_VERSION,
    tool: { name: meta.toolName, version: meta.toolVersion },
    browser: { engine: meta.engine, userAgent: meta.userAgent },
    exportedAt: meta.exportedAt,
    page: { url: meta.pageUrl },
    filtered: meta.filtered,
    droppedConnections: meta.droppedConnections,
    connections: connections.map(exportConnection),
  };
}

export class CloseLogError extends Error {}

const MAX_CONNECTIONS_IN_FILE = 200_000;

/** Connections of a close log that were not imported: how many, and the first few (1-based). */
export interface SkippedConnections {
  readonly count: number;
  readonly first: readonly number[];
}

/**
 * Parses and validates a close log; throws CloseLogError with a message fit for the user when the
 * file as a whole is unusable. A malformed connection is skipped and counted, never the whole
 * file: a log the panel exported (whatever a page forged into it) always imports back.
 */
export interface ReadCloseLogOptions {
  /** Called as connections are checked (every PROGRESS_EVERY of them, and at the end). */
  readonly onProgress?: (checked: number, total: number) => void;
}

const PROGRESS_EVERY = 500;

export function readCloseLog(
  text: string,
  options: ReadCloseLogOptions = {},
): {
  log: CloseLog;
  connections: Connection[];
  skipped: SkippedConnections;
} {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new CloseLogError('This file is not JSON.');
  }
  if (!isRecord(json) || json.format !== CLOSE_LOG_FORMAT) {
    throw new CloseLogError(
      `This is not a WebSocket Close Inspector close log (expected "format": "${CLOSE_LOG_FORMAT}").`,
    );
  }
  if (typeof json.version !== 'number' || json.version > CLOSE_LOG_VERSION || json.version < 1) {
    throw new CloseLogError(
      `Unsupported close log version ${String(json.version)} (this build reads version ${CLOSE_LOG_VERSION}).`,
    );
  }
  const head = readObject({
    tool: readObject({ name: readString(200), version: readString(50) }),
    browser: readObject({ engine: readNullable(readOneOf(ENGINES)), userAgent: readString(2000) }),
    exportedAt: readString(100),
    page: readObject({ url: readString(LIMITS.url + 20) }),
    filtered: readBool,
    droppedConnections: readInt(0, Number.MAX_SAFE_INTEGER),
  })(json);
  if (!head)
    throw new CloseLogError(
      'The close log header is malformed (tool, browser, exportedAt, page, filtered, droppedConnections).',
    );
  if (!Array.isArray(json.connections) || json.connections.length > MAX_CONNECTIONS_IN_FILE) {
    throw new CloseLogError('The close log has no valid "connections" list.');
  }
  const connections: Connection[] = [];
  const first: number[] = [];
  let skippedCount = 0;
  const total = json.connections.length;
  json.connections.forEach((raw: unknown, index: number) => {
    if (options.onProgress && index % PROGRESS_EVERY === 0) options.onProgress(index, total);
    const c = readExportedConnection(raw, index);
    if (c) {
      connections.push(c);
      return;
    }
    skippedCount++;
    if (first.length < 10) first.push(index + 1);
  });
  options.onProgress?.(total, total);
  if (connections.length === 0 && skippedCount > 0)
    throw new CloseLogError(
      `None of the ${skippedCount} connections in the close log is well-formed (the first: #${first[0]}).`,
    );
  // The derived fields (diagnosis for every connection) are computed only if someone reads them:
  // the panel needs the connections, not a re-export.
  let exported: ExportedConnection[] | null = null;
  const log: CloseLog = {
    format: CLOSE_LOG_FORMAT,
    version: CLOSE_LOG_VERSION,
    tool: head.tool,
    browser: head.browser,
    exportedAt: head.exportedAt,
    page: head.page,
    filtered: head.filtered,
    droppedConnections: head.droppedConnections,
    get connections(): ExportedConnection[] {
      exported ??= connections.map(exportConnection);
      return exported;
    },
  };
  return { log, connections, skipped: { count: skippedCount, first } };
}

const readTime = readNumber(0, 1e15);
const readText = readString(LIMITS.text + 20);

function readExportedConnection(raw: unknown, index: number): Connection | undefined {
  const r = readObject({
    url: readString(LIMITS.url + 20),
    urlLength: readInt(0, Number.MAX_SAFE_INTEGER),
    frameId: readInt(0, Number.MAX_SAFE_INTEGER),
    frameUrl: readString(LIMITS.url + 20),
    pageUrl: readString(LIMITS.url + 20),
    // +20: values the hook cut carry the truncation mark (as the URL and texts do).
    protocols: readArray(readString(LIMITS.protocol + 20), LIMITS.protocols),
    createdAt: readTime,
    openedAt: readNullable(readTime),
    protocol: readString(LIMITS.protocol + 20),
    extensions: readString(LIMITS.protocol + 20),
    closeCalls: readArray(readCloseCall, LIMITS.closeCallsPerConnection),
    closeCallsDropped: readInt(0, Number.MAX_SAFE_INTEGER),
    errors: readArray(readTime, LIMITS.closeCallsPerConnection),
    closeEvent: readNullable(
      readObject({
        t: readTime,
        code: readInt(0, 65535),
        reason: readText,
        reasonBytes: readInt(0, Number.MAX_SAFE_INTEGER),
        wasClean: readBool,
      }),
    ),
    traffic: optional(
      readNullable(
        readObject({
          sentMessages: readInt(0, Number.MAX_SAFE_INTEGER),
          sentBytes: readInt(0, Number.MAX_SAFE_INTEGER),
          receivedMessages: readInt(0, Number.MAX_SAFE_INTEGER),
          receivedBytes: readInt(0, Number.MAX_SAFE_INTEGER),
        }),
      ),
    ),
  })(raw);
  if (!r) return undefined;
  // What a real log never holds: calls sharing an id (the panel keys rows by it), and a socket
  // that opened or closed before it was created (negative durations).
  const callIds = new Set(r.closeCalls.map((call) => call.callId));
  if (callIds.size !== r.closeCalls.length) return undefined;
  if (r.openedAt !== null && r.openedAt < r.createdAt) return undefined;
  if (r.closeEvent && r.closeEvent.t < r.createdAt) return undefined;
  return {
    key: `imported:${index}`,
    docId: 'imported',
    sid: index + 1,
    frameId: r.frameId,
    frameUrl: r.frameUrl,
    pageUrl: r.pageUrl,
    pageIndex: 0,
    url: r.url,
    urlLength: r.urlLength,
    protocols: r.protocols,
    createdAt: r.createdAt,
    openedAt: r.openedAt,
    protocol: r.protocol,
    extensions: r.extensions,
    closeCalls: r.closeCalls,
    closeCallsDropped: r.closeCallsDropped,
    errors: r.errors,
    closed: r.closeEvent,
    traffic: r.traffic ?? null,
    revision: 0,
  };
}

function readCloseCall(raw: unknown): CloseCall | undefined {
  if (!isRecord(raw)) return undefined;
  const event = readConnectionEvent({ ...raw, kind: 'close-call', sid: 1 });
  if (event?.kind !== 'close-call') return undefined;
  const { kind: _k, sid: _s, ...call } = event;
  return call;
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
