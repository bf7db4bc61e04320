/**
 * Reading a close log back (Import…): every field is validated, the derived fields are ignored and
 * recomputed. Versions 1 and 2 are read; see docs/close-log-format.md, "Reading a close log".
 * The network layer's handshakes are read in ./closeLogHandshakes.ts.
 */
import {
  CLOSE_LOG_FORMAT,
  CLOSE_LOG_VERSION,
  type CloseLog,
  type ExportedConnection,
  exportConnection,
  type SkippedConnections,
  whyForAll,
} from './closeLog';
import { readConnectionHandshake, readUnseenSockets } from './closeLogHandshakes';
import { ENGINES } from './engine';
import type { CloseCall, Connection } from './model';
import type { NetworkHandshake } from './networkHandshakes';
import { LIMITS, PAGE_LIFECYCLE_KINDS, readConnectionEvent, readHeartbeat } from './protocol';
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
import type { PageLifecycleEvent } from './why/pageLifecycle';

export class CloseLogError extends Error {}

const MAX_CONNECTIONS_IN_FILE = 200_000;
/** Lifecycle events the reader accepts: the per-document cap, for 20 documents. */
export const MAX_LIFECYCLE_IN_FILE = LIMITS.lifecyclePerDocument * 20;

export interface ReadCloseLogOptions {
  /** Called as connections are checked (every PROGRESS_EVERY of them, and at the end). */
  readonly onProgress?: (checked: number, total: number) => void;
}

export interface ReadCloseLogResult {
  readonly log: CloseLog;
  readonly connections: Connection[];
  readonly skipped: SkippedConnections;
  /** Malformed entries of the top-level `lifecycle` list, left out (the rest are kept). */
  readonly skippedLifecycle: number;
  /** The top-level `unseenSockets` (sockets the page hook did not see), malformed ones left out. */
  readonly unseenSockets: NetworkHandshake[];
}

const PROGRESS_EVERY = 500;

/**
 * Parses and validates a close log; throws CloseLogError with a message fit for the user when the
 * file as a whole is unusable. A malformed connection or lifecycle event is skipped and counted,
 * never the whole file: a log the panel exported (whatever a page forged into it) always imports
 * back. Version 1 logs (no `site`, `lifecycle`, `why`) read as site null and lifecycle [].
 */
export function readCloseLog(text: string, options: ReadCloseLogOptions = {}): ReadCloseLogResult {
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
  const { lifecycle, skippedLifecycle } = readLifecycleList(json.lifecycle);
  const unseenSockets = readUnseenSockets(json.unseenSockets);
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
  // The derived fields (diagnosis and "why" for every connection) are computed only if someone
  // reads them: the panel needs the connections, not a re-export.
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
    lifecycle,
    get connections(): ExportedConnection[] {
      if (!exported) {
        // Each connection's own networkHandshake, for "why" and the field alike.
        const why = whyForAll(connections, lifecycle);
        exported = connections.map((c) => exportConnection(c, why(c)));
      }
      return exported;
    },
    ...(unseenSockets.length > 0 ? { unseenSockets } : {}),
  };
  return { log, connections, skipped: { count: skippedCount, first }, skippedLifecycle, unseenSockets };
}

const readTime = readNumber(0, 1e15);
const readLifecycleEvent = readObject({
  t: readTime,
  kind: readOneOf(PAGE_LIFECYCLE_KINDS),
  persisted: optional(readBool),
});

/**
 * The top-level `lifecycle`: absent (version 1) reads as []. Not a list, or a list over the cap,
 * refuses the file; a malformed entry (an unknown kind, say) is left out and counted.
 */
function readLifecycleList(raw: unknown): { lifecycle: PageLifecycleEvent[]; skippedLifecycle: number } {
  if (raw === undefined) return { lifecycle: [], skippedLifecycle: 0 };
  if (!Array.isArray(raw))
    throw new CloseLogError(`The close log's "lifecycle" is not a list of page lifecycle events.`);
  // Past the cap the newest are kept and the rest counted as skipped: an export never refuses to import.
  const from = Math.max(0, raw.length - MAX_LIFECYCLE_IN_FILE);
  const lifecycle: PageLifecycleEvent[] = [];
  for (let i = from; i < raw.length; i++) {
    const event = readLifecycleEvent(raw[i]);
    if (event) lifecycle.push(event);
  }
  return { lifecycle, skippedLifecycle: raw.length - lifecycle.length };
}

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
    // Version 1 logs have none.
    site: optional(readNullable(readString(LIMITS.stackFrame + 20))),
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
          lastSentAt: optional(readTime),
          lastReceivedAt: optional(readTime),
          heartbeat: optional(readHeartbeat),
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
  // A malformed handshake is left out, the connection kept: an optional extra, as handshakeReplay.
  const networkHandshake = readConnectionHandshake(raw);
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
    site: r.site ?? null,
    createdAt: r.createdAt,
    openedAt: r.openedAt,
    protocol: r.protocol,
    extensions: r.extensions,
    closeCalls: r.closeCalls,
    closeCallsDropped: r.closeCallsDropped,
    errors: r.errors,
    closed: r.closeEvent,
    traffic: r.traffic ?? null,
    ...(networkHandshake ? { networkHandshake } : {}),
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
