/**
 * The events of one connection and one document, as the bridge keeps them and the panel, the
 * recorder and exported logs use them: numbered (Sequenced), trusted after enrichment.
 */
import type { Engine, Profile } from '../engine';
import type { HeartbeatFacts } from '../why/heartbeat';

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
  /** The constructor's caller: its top page frame (the extension's own frames removed). */
  readonly site?: string;
}
export interface OpenEvent {
  readonly kind: 'open';
  readonly sid: number;
  readonly t: number;
  readonly protocol: string;
  readonly extensions: string;
}
export interface ConnectionErrorEvent {
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
/** What every close() call record has, raw (from the hook) or enriched (by the bridge). */
export interface CloseCallFields {
  readonly kind: 'close-call';
  readonly sid: number;
  readonly callId: number;
  readonly t: number;
  readonly readyState: ReadyState;
  readonly argc: number;
  readonly observed: ObservedOutcome;
  /** Identical calls collapsed into this one (1 = a single call). */
  readonly repeat: number;
}
export interface CloseCallEvent extends CloseCallFields {
  readonly code: ArgSnapshot;
  readonly reason: ArgSnapshot;
  /** The engine the page runs in. */
  readonly engine: Engine;
  /** Null when an argument's own conversion failed (page code threw, or no primitive): nothing to model. */
  readonly verdicts: Readonly<Record<Profile, VerdictRecord>> | null;
  /** Page frames of the caller's stack (the extension's own frames removed). */
  readonly stack: readonly string[];
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
  /** When the last message was sent / received (page clock): how long the socket was silent. */
  readonly lastSentAt?: number;
  readonly lastReceivedAt?: number;
  /** A heartbeat recognised from message timing (small messages at a steady period). */
  readonly heartbeat?: HeartbeatFacts;
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
  | ConnectionErrorEvent
  | ClosedEvent
  | CloseCallEvent
  | CloseRepeatEvent
  | TrafficEvent
  | NoteEvent;

// ---- added by the bridge or the background (trusted) ---------------------------------------------

/** The start of a document in a frame. */
export interface DocumentEvent {
  readonly kind: 'document';
  readonly t: number;
  readonly url: string;
  readonly top: boolean;
  readonly engine: Engine;
  readonly userAgent: string;
}
export const PAGE_LIFECYCLE_KINDS = [
  'hidden',
  'visible',
  'freeze',
  'resume',
  'pagehide',
  'pageshow',
  'offline',
  'online',
  'navigate',
] as const;
export type PageLifecycleKind = (typeof PAGE_LIFECYCLE_KINDS)[number];

/**
 * Added by the bridge from the browser's own (trusted) events: the page's lifecycle, so a close
 * can be explained by it (hidden and throttled, frozen, offline, leaving, back from the cache).
 */
export interface LifecycleEvent {
  readonly kind: 'lifecycle';
  readonly t: number;
  readonly state: PageLifecycleKind;
  /** pagehide/pageshow: the page enters or leaves the back/forward cache. */
  readonly persisted?: boolean;
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

export type LogEvent = ConnectionEvent | DocumentEvent | LifecycleEvent | DroppedEvent | CallsDroppedEvent;
/**
 * A log event numbered by the bridge; (docId, seq) is unique and lets the panel drop duplicates.
 * The bridge numbers raw events (./pageEvents.ts RawLogEvent); the background judges them into
 * LogEvents under the same numbers.
 */
export type Sequenced<E extends { readonly kind: string } = LogEvent> = E & { readonly seq: number };
