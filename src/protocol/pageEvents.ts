/**
 * What the page hook sends (untrusted until read by ./readEvents.ts): connection events as they
 * happened, and close() calls with their arguments as given, not yet judged.
 */
import type {
  CallsDroppedEvent,
  CloseCallFields,
  ClosedEvent,
  CloseRepeatEvent,
  ConnectionErrorEvent,
  CreatedEvent,
  DocumentEvent,
  DroppedEvent,
  GivenKind,
  LifecycleEvent,
  NoteEvent,
  OpenEvent,
  TrafficEvent,
} from './events';

/** A long string as the page hook measured it at call time (it never keeps the string). */
export interface StringFacts {
  /** UTF-16 units. */
  readonly length: number;
  /** UTF-8 bytes of its USVString conversion. */
  readonly bytes: number;
  /** It has lone surrogates (which that conversion replaces). */
  readonly lone: boolean;
}

/** A primitive made JSON-safe (NaN, ±Infinity and -0 as strings; Symbol by description; BigInt as digits). */
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

export interface RawCloseCall extends CloseCallFields {
  readonly code: RawArg;
  readonly reason: RawArg;
  /** Error().stack at the call, unparsed; null when the page customises stack formatting. */
  readonly stack: string | null;
}

/** A socket as the hook announces it: the constructor's caller as a raw stack (the background cuts it). */
export interface RawCreatedEvent extends Omit<CreatedEvent, 'site'> {
  /** Error().stack at the constructor call, unparsed; null when the page customises stack formatting. */
  readonly stack?: string | null;
}

export type PageEvent =
  | RawCreatedEvent
  | OpenEvent
  | ConnectionErrorEvent
  | ClosedEvent
  | RawCloseCall
  | CloseRepeatEvent
  | TrafficEvent
  | NoteEvent;

/**
 * What the bridge keeps and sends on: the page's events once read and capped, with the bridge's
 * own document and cap markers. Close() calls are still raw: judging them (verdicts, findings,
 * warnings) is the background's work, off the page's renderer.
 */
export type RawLogEvent = PageEvent | DocumentEvent | LifecycleEvent | DroppedEvent | CallsDroppedEvent;
