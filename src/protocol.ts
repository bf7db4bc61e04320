/**
 * The one message protocol between the page hook (MAIN world), the bridge (isolated content
 * script), the background service worker and the panel. Every side imports it.
 *
 * page ──CustomEvent(PAGE_EVENT, JSON)──▶ bridge ──runtime.sendMessage──▶ background ──port──▶ panel
 * page ◀─CustomEvent(BRIDGE_EVENT, JSON)─ bridge ◀─tabs.sendMessage(replay)── background ◀─port── panel
 */
import { ENGINES, type Engine, PROFILES, type Profile } from './closeRules';
import {
  optional,
  type Reader,
  readArray,
  readBool,
  readInt,
  readNullable,
  readNumber,
  readObject,
  readOneOf,
  readString,
} from './validate';

export {
  BRIDGE_EVENT,
  HANDOFF_LIMITS,
  LIMITS,
  PAGE_EVENT,
  PROTOCOL_VERSION,
  TRUNCATION_MARK,
} from './protocolConstants';

import { HANDOFF_LIMITS, LIMITS, PROTOCOL_VERSION, TRUNCATION_MARK } from './protocolConstants';

/** Cap `s` to `max` UTF-16 units with a visible marker; the caller records the exact length. */
export function capText(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max;
  const c = s.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--; // never split a surrogate pair
  return s.slice(0, cut) + TRUNCATION_MARK;
}

export type ReadyState = 0 | 1 | 2 | 3;
export const READY_STATE_NAMES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const;

export const GIVEN_KINDS = [
  'absent',
  'undefined',
  'null',
  'boolean',
  'number',
  'string',
  'symbol',
  'bigint',
  'object',
  'array',
  'function',
  'revoked-proxy',
] as const;
export type GivenKind = (typeof GIVEN_KINDS)[number];

/** One close() argument as the page gave it, made safe to send and show. */
export interface ArgSnapshot {
  readonly given: GivenKind;
  /** Display text of what was given: `4001`, `"bye"`, `-0`, `NaN`, `Symbol(x)`, `10n`, `[object]`. */
  readonly text: string;
  /** For objects: display text of the primitive their valueOf/toString/@@toPrimitive produced. */
  readonly primitive?: string;
  /** For objects: the page's own conversion threw. */
  readonly threw?: boolean;
  /** For strings (given or produced): exact UTF-16 length before any capping. */
  readonly length?: number;
  /** For strings: it has lone surrogates (sent as U+FFFD). */
  readonly loneSurrogates?: boolean;
}

export type ObservedOutcome =
  | { readonly threw: false }
  | { readonly threw: true; readonly name: string; readonly message: string };

/** A verdict made safe to send (reason capped). Mirrors closeRules.Verdict. */
export type VerdictRecord =
  | {
      readonly ok: true;
      readonly code: number | null;
      readonly reason: string | null;
      readonly reasonBytes: number | null;
      readonly wireCode: number | null;
      readonly wireReason: string;
    }
  | {
      readonly ok: false;
      readonly errorName: string;
      readonly message: string;
      readonly rule: 'conversion' | 'code' | 'reason';
      readonly code: number | null;
      readonly reason: string | null;
      readonly reasonBytes: number | null;
    };

export interface CreatedEvent {
  readonly kind: 'created';
  readonly sid: number;
  readonly t: number;
  readonly url: string;
  readonly urlLength: number;
  readonly protocols: readonly string[];
}
export interface OpenEvent {
  readonly kind: 'open';
  readonly sid: number;
  readonly t: number;
  readonly protocol: string;
  readonly extensions: string;
}
export interface ErrorEvent {
  readonly kind: 'error';
  readonly sid: number;
  readonly t: number;
}
export interface ClosedEvent {
  readonly kind: 'closed';
  readonly sid: number;
  readonly t: number;
  readonly code: number;
  readonly reason: string;
  readonly reasonBytes: number;
  readonly wasClean: boolean;
}
export interface CloseCallEvent {
  readonly kind: 'close-call';
  readonly sid: number;
  readonly callId: number;
  readonly t: number;
  readonly readyState: ReadyState;
  readonly argc: number;
  readonly code: ArgSnapshot;
  readonly reason: ArgSnapshot;
  readonly observed: ObservedOutcome;
  /** The engine the page runs in. */
  readonly engine: Engine;
  /** Null when an argument's own conversion failed (page code threw, or no primitive): nothing to model. */
  readonly verdicts: Readonly<Record<Profile, VerdictRecord>> | null;
  /** Page frames of the caller's stack (the extension's own frames removed). */
  readonly stack: readonly string[];
  /** Identical calls collapsed into this one (1 = a single call). */
  readonly repeat: number;
}
/** A later count for a collapsed close() call. */
export interface CloseRepeatEvent {
  readonly kind: 'close-repeat';
  readonly sid: number;
  readonly callId: number;
  readonly repeat: number;
}
export interface TrafficEvent {
  readonly kind: 'traffic';
  readonly sid: number;
  readonly sentMessages: number;
  readonly sentBytes: number;
  readonly receivedMessages: number;
  readonly receivedBytes: number;
}
/** The hook could not instrument something (a hostile page, an unusual frame). */
export interface NoteEvent {
  readonly kind: 'note';
  readonly t: number;
  readonly text: string;
}

/** Events the bridge keeps per document, after enriching the page's raw close() calls. */
export type ConnectionEvent =
  | CreatedEvent
  | OpenEvent
  | ErrorEvent
  | ClosedEvent
  | CloseCallEvent
  | CloseRepeatEvent
  | TrafficEvent
  | NoteEvent;

// ---- raw events from the page hook (untrusted) ---------------------------------------------

/** A primitive made JSON-safe (NaN, ±Infinity and -0 as strings; Symbol by description; BigInt as digits). */
/** A long string as the page hook measured it at call time (it never keeps the string). */
export interface StringFacts {
  /** UTF-16 units. */
  readonly length: number;
  /** UTF-8 bytes of its USVString conversion. */
  readonly bytes: number;
  /** It has lone surrogates (which that conversion replaces). */
  readonly lone: boolean;
}

export type EncodedPrimitive =
  | { readonly type: 'undefined' }
  | { readonly type: 'null' }
  | { readonly type: 'boolean'; readonly v: boolean }
  | { readonly type: 'number'; readonly v: number | 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | {
      readonly type: 'string';
      readonly v: string;
      /** Set when `v` is only the start of a longer string: what the hook measured of the whole. */
      readonly full?: StringFacts;
    }
  | { readonly type: 'symbol'; readonly v: string | null }
  | { readonly type: 'bigint'; readonly v: string };

/**
 * How the hook took an object argument to a primitive:
 * ok: the page's @@toPrimitive/valueOf/toString produced `value`;
 * page-threw: the page's own code threw (rethrown to the page as is);
 * no-primitive / bad-to-primitive / revoked: the engine throws a TypeError (the native call is left to throw it).
 */
export type ObjectConversion = 'ok' | 'page-threw' | 'no-primitive' | 'bad-to-primitive' | 'revoked';

export interface RawArg {
  readonly given: GivenKind;
  /** The primitive given, or the one an object converted to. */
  readonly value?: EncodedPrimitive;
  readonly conversion?: ObjectConversion;
}

export interface RawCloseCall {
  readonly kind: 'close-call';
  readonly sid: number;
  readonly callId: number;
  readonly t: number;
  readonly readyState: ReadyState;
  readonly argc: number;
  readonly code: RawArg;
  readonly reason: RawArg;
  readonly observed: ObservedOutcome;
  /** Error().stack at the call, unparsed; null when the page customises stack formatting. */
  readonly stack: string | null;
  readonly repeat: number;
}

export type PageEvent =
  | CreatedEvent
  | OpenEvent
  | ErrorEvent
  | ClosedEvent
  | RawCloseCall
  | CloseRepeatEvent
  | TrafficEvent
  | NoteEvent;

/** Added by the bridge (trusted): the start of a document in a frame. */
export interface DocumentEvent {
  readonly kind: 'document';
  readonly t: number;
  readonly url: string;
  readonly top: boolean;
  readonly engine: Engine;
  readonly userAgent: string;
}
/** Added by the bridge: older connections dropped to respect the cap. */
export interface DroppedEvent {
  readonly kind: 'dropped';
  /** Running total for the document. */
  readonly connections: number;
  /** The connection just dropped (so a live panel drops the same one). */
  readonly sid?: number;
}

/**
 * Added by the bridge: close() calls of one socket past the per-connection cap, which it counts
 * instead of keeping. Running total (repeats included), so the latest one replaces the others.
 */
export interface CallsDroppedEvent {
  readonly kind: 'calls-dropped';
  readonly sid: number;
  readonly count: number;
}

export type LogEvent = ConnectionEvent | DocumentEvent | DroppedEvent | CallsDroppedEvent;
/** A log event numbered by the bridge; (docId, seq) is unique and lets the panel drop duplicates. */
export type Sequenced<E extends LogEvent = LogEvent> = E & { readonly seq: number };

// ---- page → bridge --------------------------------------------------------------------------

export interface PageMessage {
  readonly source: 'wsci-page';
  readonly v: number;
  readonly events: readonly PageEvent[];
}

/** The bridge asks the page hook to print warnings in the page's own console (with its captured console.warn). */
export interface BridgeToPageMessage {
  readonly source: 'wsci-bridge';
  readonly v: number;
  readonly type: 'warn';
  readonly lines: readonly string[];
}

// ---- bridge → background → panel ----------------------------------------------------------

export interface FrameEventsMessage {
  readonly source: 'wsci-bridge';
  readonly type: 'frame-events';
  readonly docId: string;
  /** True when this batch is a full replay of the document's log. */
  readonly replay: boolean;
  readonly events: readonly Sequenced[];
}

/**
 * Relay → background (runtime.sendMessage), from a document unloading before its bridge loaded:
 * the page batches it was keeping, untouched, for the background to take in as the bridge would.
 */
export interface RelayHandoff {
  readonly source: 'wsci-relay';
  readonly type: 'handoff';
  readonly docId: string;
  /** The document's start (performance.timeOrigin, or when it was restored from the cache). */
  readonly start: number;
  readonly batches: readonly string[];
  /** Batches the relay could not keep or hand over. */
  readonly lost: number;
}

/** Background → bridge (tabs.sendMessage): resend the whole log. */
export interface ReplayRequest {
  readonly source: 'wsci-background';
  readonly type: 'replay';
}

export interface PanelHello {
  readonly source: 'wsci-panel';
  readonly type: 'subscribe';
  readonly v: number;
  readonly tabId: number;
}

export interface PanelFrameEvents {
  readonly source: 'wsci-background';
  readonly type: 'frame-events';
  readonly tabId: number;
  readonly frameId: number;
  /** The frame's URL as the browser reports it (never page-provided). */
  readonly frameUrl: string;
  readonly docId: string;
  readonly replay: boolean;
  readonly events: readonly Sequenced[];
}
export interface PanelWelcome {
  readonly source: 'wsci-background';
  readonly type: 'welcome';
  readonly v: number;
  readonly tabId: number;
  /** Set when the tab does not exist (closed, or a bad tabId). */
  readonly error?: string;
}
export interface PanelTabGone {
  readonly source: 'wsci-background';
  readonly type: 'tab-closed';
  readonly tabId: number;
}
/**
 * The tab's top frame committed a new document (webNavigation, never page-provided). Documents
 * without sockets never start a bridge, so this is how the panel learns of every navigation.
 */
export interface PanelNavigated {
  readonly source: 'wsci-background';
  readonly type: 'navigated';
  readonly tabId: number;
  readonly url: string;
  /** When the navigation started (browser clock): the new page's documents start after it. */
  readonly t: number;
}
export type BackgroundToPanel = PanelFrameEvents | PanelWelcome | PanelTabGone | PanelNavigated;

/**
 * Panel → background (runtime.sendMessage): open the panel in a tab for `tabId`. The panel asks
 * instead of calling tabs.create itself because Firefox gives DevTools panels no tabs API.
 */
export interface PanelOpenInTab {
  readonly source: 'wsci-panel';
  readonly type: 'open-in-tab';
  readonly tabId: number;
}

// ---- readers (validation of untrusted input) ---------------------------------------------

const readSid = readInt(1, Number.MAX_SAFE_INTEGER);
const readTime = readNumber(0, 1e15);
const readCount = readInt(0, Number.MAX_SAFE_INTEGER);
const readText = readString(LIMITS.text + TRUNCATION_MARK.length);
const readUrl = readString(LIMITS.url + TRUNCATION_MARK.length);
const readCode = readInt(0, 65535);
const readNullableCode = readNullable(readCode);
const readNullableText = readNullable(readText);
const readNullableCount = readNullable(readCount);

export const readArgSnapshot: Reader<ArgSnapshot> = readObject({
  given: readOneOf(GIVEN_KINDS),
  text: readText,
  primitive: optional(readText),
  threw: optional(readBool),
  length: optional(readCount),
  loneSurrogates: optional(readBool),
});

const readObserved: Reader<ObservedOutcome> = (v) => {
  const r = readObject({ threw: readBool, name: optional(readText), message: optional(readText) })(v);
  if (!r) return undefined;
  if (!r.threw) return { threw: false };
  if (r.name === undefined || r.message === undefined) return undefined;
  return { threw: true, name: r.name, message: r.message };
};

const readVerdict: Reader<VerdictRecord> = (v) => {
  const ok = readObject({ ok: readBool })(v);
  if (!ok) return undefined;
  if (ok.ok) {
    return readObject({
      ok: readBool,
      code: readNullableCode,
      reason: readNullableText,
      reasonBytes: readNullableCount,
      wireCode: readNullableCode,
      wireReason: readText,
    })(v) as VerdictRecord | undefined;
  }
  return readObject({
    ok: readBool,
    errorName: readText,
    message: readText,
    rule: readOneOf(['conversion', 'code', 'reason'] as const),
    code: readNullableCode,
    reason: readNullableText,
    reasonBytes: readNullableCount,
  })(v) as VerdictRecord | undefined;
};

const readVerdicts: Reader<Record<Profile, VerdictRecord>> = (v) => {
  const r = readObject({
    spec: readVerdict,
    chromium: readVerdict,
    firefox: readVerdict,
    webkit: readVerdict,
  })(v);
  return r && PROFILES.every((p) => r[p] !== undefined) ? r : undefined;
};

const readEncodedPrimitive: Reader<EncodedPrimitive> = (v) => {
  const head = readObject({ type: readText })(v);
  if (!head) return undefined;
  switch (head.type) {
    case 'undefined':
      return { type: 'undefined' };
    case 'null':
      return { type: 'null' };
    case 'boolean': {
      const r = readObject({ v: readBool })(v);
      return r && { type: 'boolean', v: r.v };
    }
    case 'number': {
      const r = readObject({
        v: (x) =>
          typeof x === 'number' && Number.isFinite(x)
            ? x
            : readOneOf(['NaN', 'Infinity', '-Infinity', '-0'] as const)(x),
      })(v);
      return r && { type: 'number', v: r.v };
    }
    case 'string': {
      // The hook sends a long string's start and its measured facts, never the whole.
      const r = readObject({
        v: readString(RAW_STRING_LIMIT),
        full: optional(
          readObject({
            length: readInt(RAW_STRING_LIMIT + 1, Number.MAX_SAFE_INTEGER),
            bytes: readInt(0, Number.MAX_SAFE_INTEGER),
            lone: readBool,
          }),
        ),
      })(v);
      if (!r) return undefined;
      if (r.full && (r.full.bytes < r.full.length || r.full.bytes > 3 * r.full.length)) return undefined;
      return r.full ? { type: 'string', v: r.v, full: r.full } : { type: 'string', v: r.v };
    }
    case 'symbol': {
      const r = readObject({ v: readNullable(readText) })(v);
      return r && { type: 'symbol', v: r.v };
    }
    case 'bigint': {
      const r = readObject({ v: readString(LIMITS.text) })(v);
      return r && /^-?\d+$/.test(r.v) ? { type: 'bigint', v: r.v } : undefined;
    }
    default:
      return undefined;
  }
};

/** A raw string argument may be huge (a 10 MB reason); beyond this the bridge refuses the record. */
/** Longest string value the hook sends whole (longer ones come as a prefix plus StringFacts). */
export const RAW_STRING_LIMIT = LIMITS.text;

const readRawArg: Reader<RawArg> = readObject({
  given: readOneOf(GIVEN_KINDS),
  value: optional(readEncodedPrimitive),
  conversion: optional(
    readOneOf(['ok', 'page-threw', 'no-primitive', 'bad-to-primitive', 'revoked'] as const),
  ),
});

const readRawCloseCall: Reader<RawCloseCall> = (v) => {
  const r = readObject({
    kind: readOneOf(['close-call'] as const),
    sid: readSid,
    callId: readSid,
    t: readTime,
    readyState: readInt(0, 3),
    argc: readCount,
    code: readRawArg,
    reason: readRawArg,
    observed: readObserved,
    // Cut values carry the truncation mark: allow for it, or a long stack would reject the event.
    stack: readNullable(readString(LIMITS.rawStack + TRUNCATION_MARK.length)),
    repeat: readInt(1, Number.MAX_SAFE_INTEGER),
  })(v);
  return r ? { ...r, readyState: r.readyState as ReadyState } : undefined;
};

const readCloseCallEvent: Reader<CloseCallEvent> = (v) => {
  const r = readObject({
    kind: readOneOf(['close-call'] as const),
    sid: readSid,
    callId: readSid,
    t: readTime,
    readyState: readInt(0, 3),
    argc: readCount,
    code: readArgSnapshot,
    reason: readArgSnapshot,
    observed: readObserved,
    engine: readOneOf(ENGINES),
    verdicts: readNullable(readVerdicts),
    stack: readArray(readString(LIMITS.stackFrame + TRUNCATION_MARK.length), LIMITS.stackFrames),
    repeat: readInt(1, Number.MAX_SAFE_INTEGER),
  })(v);
  return r ? { ...r, readyState: r.readyState as ReadyState } : undefined;
};

type SharedKind = Exclude<PageEvent['kind'], 'close-call'>;
const sharedEventReaders: { readonly [K in SharedKind]: Reader<Extract<PageEvent, { kind: K }>> } = {
  created: readObject({
    kind: readOneOf(['created'] as const),
    sid: readSid,
    t: readTime,
    url: readUrl,
    urlLength: readCount,
    protocols: readArray(readString(LIMITS.protocol + TRUNCATION_MARK.length), LIMITS.protocols),
  }),
  open: readObject({
    kind: readOneOf(['open'] as const),
    sid: readSid,
    t: readTime,
    protocol: readString(LIMITS.protocol + TRUNCATION_MARK.length),
    extensions: readString(LIMITS.protocol + TRUNCATION_MARK.length),
  }),
  error: readObject({ kind: readOneOf(['error'] as const), sid: readSid, t: readTime }),
  closed: readObject({
    kind: readOneOf(['closed'] as const),
    sid: readSid,
    t: readTime,
    code: readCode,
    reason: readText,
    reasonBytes: readCount,
    wasClean: readBool,
  }),
  'close-repeat': readObject({
    kind: readOneOf(['close-repeat'] as const),
    sid: readSid,
    callId: readSid,
    repeat: readInt(1, Number.MAX_SAFE_INTEGER),
  }),
  traffic: readObject({
    kind: readOneOf(['traffic'] as const),
    sid: readSid,
    sentMessages: readCount,
    sentBytes: readCount,
    receivedMessages: readCount,
    receivedBytes: readCount,
  }),
  note: readObject({ kind: readOneOf(['note'] as const), t: readTime, text: readText }),
};

const SHARED_KINDS = Object.keys(sharedEventReaders) as SharedKind[];

function readShared(v: unknown): Extract<PageEvent, { kind: SharedKind }> | undefined {
  const head = readObject({ kind: readOneOf(SHARED_KINDS) })(v);
  return head
    ? (sharedEventReaders[head.kind] as Reader<Extract<PageEvent, { kind: SharedKind }>>)(v)
    : undefined;
}

/** A raw event from the page hook. */
export function readPageEvent(v: unknown): PageEvent | undefined {
  return readObject({ kind: readOneOf(['close-call'] as const) })(v) ? readRawCloseCall(v) : readShared(v);
}

/** An enriched connection event (bridge → background → panel, and imported logs). */
export function readConnectionEvent(v: unknown): ConnectionEvent | undefined {
  return readObject({ kind: readOneOf(['close-call'] as const) })(v) ? readCloseCallEvent(v) : readShared(v);
}

/**
 * Validates a page → bridge message. Bad events are counted and skipped, not fatal:
 * a forged event must not hide the real ones around it.
 */
export function readPageMessage(v: unknown): { events: PageEvent[]; rejected: number } | undefined {
  const head = readObject({
    source: readOneOf(['wsci-page'] as const),
    v: readInt(0, 1000),
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
  kind: readOneOf(['document'] as const),
  t: readTime,
  url: readUrl,
  top: readBool,
  engine: readOneOf(ENGINES),
  userAgent: readText,
});
const readDroppedEvent: Reader<DroppedEvent> = readObject({
  kind: readOneOf(['dropped'] as const),
  connections: readCount,
  sid: optional(readSid),
});

const readCallsDroppedEvent: Reader<CallsDroppedEvent> = readObject({
  kind: readOneOf(['calls-dropped'] as const),
  sid: readSid,
  count: readCount,
});

export function readLogEvent(v: unknown): Sequenced | undefined {
  const seq = readObject({ seq: readInt(0, Number.MAX_SAFE_INTEGER), kind: readText })(v);
  if (!seq) return undefined;
  const event: LogEvent | undefined =
    seq.kind === 'document'
      ? readDocumentEvent(v)
      : seq.kind === 'dropped'
        ? readDroppedEvent(v)
        : seq.kind === 'calls-dropped'
          ? readCallsDroppedEvent(v)
          : readConnectionEvent(v);
  return event ? { ...event, seq: seq.seq } : undefined;
}

const readDocId = readString(64);

export function readFrameEventsMessage(v: unknown): FrameEventsMessage | undefined {
  return readObject({
    source: readOneOf(['wsci-bridge'] as const),
    type: readOneOf(['frame-events'] as const),
    docId: readDocId,
    replay: readBool,
    events: readArray(readLogEvent, LIMITS.eventsPerBatch),
  })(v);
}

export function readRelayHandoff(v: unknown): RelayHandoff | undefined {
  const message = readObject({
    source: readOneOf(['wsci-relay'] as const),
    type: readOneOf(['handoff'] as const),
    docId: readDocId,
    start: readTime,
    batches: readArray(readString(HANDOFF_LIMITS.chars), HANDOFF_LIMITS.batches),
    lost: readCount,
  })(v);
  if (!message) return undefined;
  let chars = 0;
  for (const batch of message.batches) chars += batch.length;
  return chars <= HANDOFF_LIMITS.chars ? message : undefined;
}

export function readPanelHello(v: unknown): PanelHello | undefined {
  return readObject({
    source: readOneOf(['wsci-panel'] as const),
    type: readOneOf(['subscribe'] as const),
    v: readInt(0, 1000),
    tabId: readInt(0, 2 ** 31),
  })(v);
}

export function readPanelOpenInTab(v: unknown): PanelOpenInTab | undefined {
  return readObject({
    source: readOneOf(['wsci-panel'] as const),
    type: readOneOf(['open-in-tab'] as const),
    tabId: readInt(0, 2 ** 31),
  })(v);
}

export function readReplayRequest(v: unknown): ReplayRequest | undefined {
  return readObject({
    source: readOneOf(['wsci-background'] as const),
    type: readOneOf(['replay'] as const),
  })(v);
}

export function readBackgroundToPanel(v: unknown): BackgroundToPanel | undefined {
  const head = readObject({ source: readOneOf(['wsci-background'] as const), type: readText })(v);
  if (!head) return undefined;
  switch (head.type) {
    case 'frame-events':
      return readObject({
        source: readOneOf(['wsci-background'] as const),
        type: readOneOf(['frame-events'] as const),
        tabId: readInt(0, 2 ** 31),
        frameId: readInt(0, Number.MAX_SAFE_INTEGER),
        frameUrl: readUrl,
        docId: readDocId,
        replay: readBool,
        events: readArray(readLogEvent, LIMITS.eventsPerBatch),
      })(v);
    case 'welcome':
      return readObject({
        source: readOneOf(['wsci-background'] as const),
        type: readOneOf(['welcome'] as const),
        v: readInt(0, 1000),
        tabId: readInt(0, 2 ** 31),
        error: optional(readText),
      })(v);
    case 'tab-closed':
      return readObject({
        source: readOneOf(['wsci-background'] as const),
        type: readOneOf(['tab-closed'] as const),
        tabId: readInt(0, 2 ** 31),
      })(v);
    case 'navigated':
      return readObject({
        source: readOneOf(['wsci-background'] as const),
        type: readOneOf(['navigated'] as const),
        tabId: readInt(0, 2 ** 31),
        url: readUrl,
        t: readTime,
      })(v);
    default:
      return undefined;
  }
}
