/**
 * Readers for events: the page hook's raw batches (bad events counted and skipped, never fatal:
 * a forged event must not hide the real ones around it) and the numbered log events that travel
 * from the bridge to the panel and into exported logs.
 */

import { ENGINES } from '../engine';
import { LIMITS, PROTOCOL_VERSION, SOURCE, TRUNCATION_MARK } from '../protocolConstants';
import {
  optional,
  type Reader,
  readArray,
  readBool,
  readInt,
  readLiteral,
  readNullable,
  readNumber,
  readObject,
  readOneOf,
  readString,
} from '../validate';
import {
  type CallsDroppedEvent,
  type ConnectionEvent,
  type CreatedEvent,
  type DocumentEvent,
  type DroppedEvent,
  type LifecycleEvent,
  type LogEvent,
  PAGE_LIFECYCLE_KINDS,
  type Sequenced,
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
import type { PageEvent, RawCreatedEvent, RawLogEvent } from './pageEvents';
import { readCloseCallEvent, readRawCloseCall } from './readCloseCall';

export const readHeartbeat = readObject({
  direction: readOneOf(['sent', 'received'] as const),
  periodMs: readNumber(0, 1e9),
  lastAt: readTime,
  beats: readCount,
});

type SharedKind = Exclude<PageEvent['kind'], 'close-call' | 'created'>;

/** Events that are the same raw and enriched. */
const createdFields = {
  kind: readLiteral('created'),
  sid: readSid,
  t: readTime,
  url: readUrl,
  urlLength: readCount,
  protocols: readArray(readProtocolName, LIMITS.protocols),
};
const readRawCreated: Reader<RawCreatedEvent> = readObject({
  ...createdFields,
  stack: optional(readNullable(readString(LIMITS.rawStack + TRUNCATION_MARK.length))),
});
const readCreated: Reader<CreatedEvent> = readObject({
  ...createdFields,
  site: optional(readString(LIMITS.stackFrame + TRUNCATION_MARK.length)),
});

const sharedEventReaders: { readonly [K in SharedKind]: Reader<Extract<PageEvent, { kind: K }>> } = {
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
    lastSentAt: optional(readTime),
    lastReceivedAt: optional(readTime),
    heartbeat: optional(readHeartbeat),
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
  const kind = kindOf(v);
  return kind === 'close-call' ? readRawCloseCall(v) : kind === 'created' ? readRawCreated(v) : readShared(v);
}

/** An enriched connection event (bridge → background → panel, and imported logs). */
export function readConnectionEvent(v: unknown): ConnectionEvent | undefined {
  const kind = kindOf(v);
  return kind === 'close-call' ? readCloseCallEvent(v) : kind === 'created' ? readCreated(v) : readShared(v);
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

const readLifecycleEvent: Reader<LifecycleEvent> = readObject({
  kind: readLiteral('lifecycle'),
  t: readTime,
  state: readOneOf(PAGE_LIFECYCLE_KINDS),
  persisted: optional(readBool),
});

/** A numbered event, its connection events read by `readConnection`. */
function readNumbered<E extends LogEvent | RawLogEvent>(
  v: unknown,
  readConnection: (v: unknown) => E | undefined,
): Sequenced<E | DocumentEvent | LifecycleEvent | DroppedEvent | CallsDroppedEvent> | undefined {
  const seq = readObject({ seq: readInt(0, Number.MAX_SAFE_INTEGER) })(v);
  if (!seq) return undefined;
  const kind = kindOf(v);
  const event =
    kind === 'document'
      ? readDocumentEvent(v)
      : kind === 'lifecycle'
        ? readLifecycleEvent(v)
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
