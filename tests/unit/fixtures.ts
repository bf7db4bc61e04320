/**
 * Builders for the events the unit tests feed to the core modules: raw page records
 * (RawCloseCall), enriched CloseCallEvents, connection events, and Sequenced log batches.
 */

import type { CloseLogMeta } from '../../src/closeLog';
import type { Engine } from '../../src/closeRules';
import { enrichCloseCall } from '../../src/enrich';
import { type Connection, ConnectionStore, type FrameBatch, type StoreOptions } from '../../src/model';
import type { NetworkHandshake } from '../../src/networkHandshakes';
import type {
  CloseCallEvent,
  ClosedEvent,
  CloseRepeatEvent,
  ConnectionErrorEvent,
  CreatedEvent,
  DocumentEvent,
  EncodedPrimitive,
  GivenKind,
  LogEvent,
  NoteEvent,
  ObjectConversion,
  ObservedOutcome,
  OpenEvent,
  RawArg,
  RawCloseCall,
  ReadyState,
  Sequenced,
  TrafficEvent,
} from '../../src/protocol';
import type { ArgPrimitive } from '../../src/webidl';

export const EXTENSION_ORIGIN = 'chrome-extension://abcdefghijklmnopabcdefghijklmnop';
export const SOCKET_URL = 'wss://example.com/socket';
export const PAGE_URL = 'https://example.com/app';
export const DOC_ID = 'doc-1';

/** What Error().stack looks like in Chromium when the hook wraps close(). */
export const DEFAULT_STACK = [
  'Error',
  `    at WebSocket.close (${EXTENSION_ORIGIN}/main-world.js:1:100)`,
  '    at sendBye (https://example.com/app.js:10:5)',
  '    at https://example.com/app.js:20:1',
].join('\n');

/** JSON-safe encoding of a primitive, as the page hook produces it. */
export function encode(v: ArgPrimitive): EncodedPrimitive {
  switch (typeof v) {
    case 'undefined':
      return { type: 'undefined' };
    case 'boolean':
      return { type: 'boolean', v };
    case 'number':
      if (Number.isNaN(v)) return { type: 'number', v: 'NaN' };
      if (v === Number.POSITIVE_INFINITY) return { type: 'number', v: 'Infinity' };
      if (v === Number.NEGATIVE_INFINITY) return { type: 'number', v: '-Infinity' };
      if (Object.is(v, -0)) return { type: 'number', v: '-0' };
      return { type: 'number', v };
    case 'string':
      return { type: 'string', v };
    case 'symbol':
      return { type: 'symbol', v: v.description ?? null };
    case 'bigint':
      return { type: 'bigint', v: `${v}` };
    default:
      return { type: 'null' };
  }
}

function givenKindOf(v: ArgPrimitive): GivenKind {
  return v === null ? 'null' : (typeof v as GivenKind);
}

/** A close() argument: a primitive as the page gave it, or a RawArg (objects). */
export type ArgInput = ArgPrimitive | RawArg;

function isRawArg(v: ArgInput): v is RawArg {
  return typeof v === 'object' && v !== null;
}

export function rawArg(v: ArgInput): RawArg {
  return isRawArg(v) ? v : { given: givenKindOf(v), value: encode(v) };
}

/** An object (or array/function) argument whose @@toPrimitive/valueOf/toString produced `value`. */
export function objectArg(value: ArgPrimitive, given: 'object' | 'array' | 'function' = 'object'): RawArg {
  return { given, conversion: 'ok', value: encode(value) };
}

/** An object argument whose conversion failed (the page's code threw, or no primitive came out). */
export function failedObjectArg(
  conversion: Exclude<ObjectConversion, 'ok'>,
  given: 'object' | 'array' | 'function' | 'revoked-proxy' = 'object',
): RawArg {
  return { given, conversion };
}

export function threw(name: string, message: string): ObservedOutcome {
  return { threw: true, name, message };
}

export interface CallSpec {
  /** The arguments as the page passed them; argc is their count. */
  readonly args?: readonly ArgInput[];
  readonly readyState?: ReadyState;
  readonly observed?: ObservedOutcome;
  readonly sid?: number;
  readonly callId?: number;
  readonly t?: number;
  readonly stack?: string | null;
  readonly repeat?: number;
}

export function rawCloseCall(spec: CallSpec = {}): RawCloseCall {
  const args = spec.args ?? [];
  return {
    kind: 'close-call',
    sid: spec.sid ?? 1,
    callId: spec.callId ?? 1,
    t: spec.t ?? 200,
    readyState: spec.readyState ?? 1,
    argc: args.length,
    code: args.length >= 1 ? rawArg(args[0]) : { given: 'absent' },
    reason: args.length >= 2 ? rawArg(args[1]) : { given: 'absent' },
    observed: spec.observed ?? { threw: false },
    stack: spec.stack === undefined ? DEFAULT_STACK : spec.stack,
    repeat: spec.repeat ?? 1,
  };
}

/** The enriched event the bridge logs for a close() call made in `engine`. */
export function closeCallEvent(spec: CallSpec & { readonly engine?: Engine } = {}): CloseCallEvent {
  return enrichCloseCall(rawCloseCall(spec), spec.engine ?? 'chromium', EXTENSION_ORIGIN);
}

// ---- connection events ------------------------------------------------------------------------

export function created(sid: number, t: number, url: string = SOCKET_URL): CreatedEvent {
  return { kind: 'created', sid, t, url, urlLength: url.length, protocols: [] };
}

export function opened(sid: number, t: number): OpenEvent {
  return { kind: 'open', sid, t, protocol: '', extensions: '' };
}

export function errored(sid: number, t: number): ConnectionErrorEvent {
  return { kind: 'error', sid, t };
}

export function closed(sid: number, t: number, code: number, wasClean: boolean, reason = ''): ClosedEvent {
  return {
    kind: 'closed',
    sid,
    t,
    code,
    reason,
    reasonBytes: new TextEncoder().encode(reason).length,
    wasClean,
  };
}

export function closeRepeat(sid: number, callId: number, repeat: number): CloseRepeatEvent {
  return { kind: 'close-repeat', sid, callId, repeat };
}

export function traffic(sid: number, sentMessages: number, receivedMessages: number): TrafficEvent {
  return {
    kind: 'traffic',
    sid,
    sentMessages,
    sentBytes: sentMessages * 10,
    receivedMessages,
    receivedBytes: receivedMessages * 10,
  };
}

export function note(t: number, text: string): NoteEvent {
  return { kind: 'note', t, text };
}

export function documentEvent(t: number, url: string = PAGE_URL, top = true): DocumentEvent {
  return { kind: 'document', t, url, top, engine: 'chromium', userAgent: 'Mozilla/5.0 Chrome/156.0.0.0' };
}

/** Numbers events as the bridge does (seq from `start`). */
export function sequence(events: readonly LogEvent[], start = 0): Sequenced[] {
  return events.map((e, i): Sequenced => ({ ...e, seq: start + i }));
}

export function batch(events: readonly Sequenced[], docId: string = DOC_ID, frameId = 0): FrameBatch {
  return { frameId, frameUrl: PAGE_URL, docId, events };
}

/** Folds `events` (numbered in order) into a fresh store and returns it. */
export function storeOf(events: readonly LogEvent[], options: Partial<StoreOptions> = {}): ConnectionStore {
  const store = new ConnectionStore(options);
  store.apply(batch(sequence(events)));
  return store;
}

/** The one connection that `events` describe. */
export function connectionOf(events: readonly LogEvent[]): Connection {
  const list = storeOf(events).list();
  if (list.length !== 1) throw new Error(`expected one connection, got ${list.length}`);
  const [c] = list;
  if (!c) throw new Error('unreachable');
  return c;
}

/** A network-layer handshake record, nothing reported yet unless `more` says so. */
export function networkHandshake(
  id: string,
  url: string,
  startedAt: number,
  more: Partial<NetworkHandshake> = {},
): NetworkHandshake {
  return {
    id,
    url,
    frameId: 0,
    origin: null,
    startedAt,
    endedAt: null,
    status: null,
    statusLine: null,
    error: null,
    ...more,
  };
}

/** Export metadata for close logs built in tests. */
export const LOG_META: CloseLogMeta = {
  toolName: 'WebSocket Close Inspector',
  toolVersion: '0.1.0',
  engine: 'chromium',
  userAgent: 'test',
  exportedAt: '2026-12-02T10:00:00.000Z',
  pageUrl: 'https://example.com/app',
  droppedConnections: 0,
  filtered: false,
};
