/**
 * Readers for events: the page hook's raw batches (bad events counted and skipped, never fatal:
 * a forged event must not hide the real ones around it) and the numbered log events that travel
 * from the bridge to the panel and into exported logs.
 */

import { ENGINES } from '../engine';
import { LIMITS, PROTOCOL_VERSION, SOURCE } from '../protocolConstants';
import {
  optional,
  type Reader,
  readArray,
  readBool,
  readInt,
  readLiteral,
  readObject,
  readOneOf,
  readString,
} from '../validate';
import type {
  CallsDroppedEvent,
  ConnectionEvent,
  DocumentEvent,
  DroppedEvent,
  LogEvent,
  Sequenced,
} from './events';
import {
  readCode,
  readCount,
  readProtocolName,
  readRepeat,
  readSid,
  readText,
  readTime,
  readUrl,
  readVersion,
} from './fields';
import type { PageEvent, RawLogEvent } from './pageEvents';
import { readCloseCallEvent, readRawCloseCall } from './readCloseCall';

type SharedKind = Exclude<PageEvent['kind'], 'close-call'>;

/** Events that are the same raw and enriched. */
const sharedEventReaders: { readonly [K in SharedKind]: Reader<Extract<PageEvent, { kind: K }>> } = {
  created: readObject({
    kind: readLiteral('created'),
    sid: readSid,
    t: readTime,
    url: readUrl,
    urlLength: readCount,
    protocols: readArray(readProtocolName, LIMITS.protocols),
  }),
  open: readObject({
    kind: readLiteral('open'),
    sid: readSid,
    t: readTime,
    protocol: readProtocolName,
    extensions: readProtocolName,
  }),
  error: readObject({ kind: readLiteral('error'), sid: readSid, t: readTime }),
  closed: readObject({
    kind: readLiteral('closed'),
    sid: readSid,
    t: readTime,
    code: readCode,
    reason: readText,
    reasonBytes: readCount,
    wasClean: readBool,
  }),
  'close-repeat': readObject({
    kind: readLiteral('close-repeat'),
    sid: readSid,
    callId: readSid,
    repeat: readRepeat,
  }),
  traffic: readObject({
    kind: readLiteral('traffic'),
    sid: readSid,
    sentMessages: readCount,
    sentBytes: readCount,
    receivedMessages: readCount,
    receivedBytes: readCount,
  }),
  note: readObject({ kind: readLiteral('note'), t: readTime, text: readText }),
};

function kindOf(v: unknown): string | undefined {
  return readObject({ kind: readString(64) })(v)?.kind;
}

function readShared(v: unknown): Extract<PageEvent, { kind: SharedKind }> | undefined {
  const kind = kindOf(v);
  if (kind === undefined || !Object.hasOwn(sharedEventReaders, kind)) return undefined;
  return (sharedEventReaders[kind as SharedKind] as Reader<Extract<PageEvent, { kind: SharedKind }>>)(v);
}

/** A raw event from the page hook. */
export function readPageEvent(v: unknown): PageEvent | undefined {
  return kindOf(v) === 'close-call' ? readRawCloseCall(v) : readShared(v);
}

/** An enriched connection event (bridge → background → panel, and imported logs). */
export function readConnectionEvent(v: unknown): ConnectionEvent | undefined {
  return kindOf(v) === 'close-call' ? readCloseCallEvent(v) : readShared(v);
}

/** A page → bridge batch: its events, and how many were malformed and skipped. */
export function readPageMessage(v: unknown): { events: PageEvent[]; rejected: number } | undefined {
  const head = readObject({
    source: readLiteral(SOURCE.page),
    v: readVersion,
    events: (x) => (Array.isArray(x) && x.length <= LIMITS.eventsPerBatch ? (x as unknown[]) : undefined),
  })(v);
  if (!head || head.v !== PROTOCOL_VERSION) return undefined;
  const events: PageEvent[] = [];
  let rejected = 0;
  for (const raw of head.events) {
    const e = readPageEvent(raw);
    if (e) events.push(e);
    else rejected++;
  }
  return { events, rejected };
}

const readDocumentEvent: Reader<DocumentEvent> = readObject({
  kind: readLiteral('document'),
  t: readTime,
  url: readUrl,
  top: readBool,
  engine: readOneOf(ENGINES),
  userAgent: readText,
});

const readDroppedEvent: Reader<DroppedEvent> = readObject({
  kind: readLiteral('dropped'),
  connections: readCount,
  sid: optional(readSid),
});

const readCallsDroppedEvent: Reader<CallsDroppedEvent> = readObject({
  kind: readLiteral('calls-dropped'),
  sid: readSid,
  count: readCount,
});

/** A numbered event, its connection events read by `readConnection`. */
function readNumbered<E extends LogEvent | RawLogEvent>(
  v: unknown,
  readConnection: (v: unknown) => E | undefined,
): Sequenced<E | DocumentEvent | DroppedEvent | CallsDroppedEvent> | undefined {
  const seq = readObject({ seq: readInt(0, Number.MAX_SAFE_INTEGER) })(v);
  if (!seq) return undefined;
  const kind = kindOf(v);
  const event =
    kind === 'document'
      ? readDocumentEvent(v)
      : kind === 'dropped'
        ? readDroppedEvent(v)
        : kind === 'calls-dropped'
          ? readCallsDroppedEvent(v)
          : readConnection(v);
  return event ? { ...event, seq: seq.seq } : undefined;
}

/** A numbered log event, judged (background → panel, and imported logs). */
export function readLogEvent(v: unknown): Sequenced | undefined {
  return readNumbered<LogEvent>(v, readConnectionEvent);
}

/** A numbered event as the bridge keeps it: close() calls raw (bridge → background). */
export function readRawLogEvent(v: unknown): Sequenced<RawLogEvent> | undefined {
  return readNumbered<RawLogEvent>(v, readPageEvent);
}
