/**
 * Readers for close() calls: the raw call the page hook sends (arguments as given) and the
 * enriched call the bridge forwards (argument snapshots, verdicts, page frames). Both share one
 * field set, so the two cannot drift apart.
 */
import { ENGINES, PROFILES, type Profile } from '../engine';
import { LIMITS, TRUNCATION_MARK } from '../protocolConstants';
import {
  optional,
  type Reader,
  readArray,
  readBool,
  readInt,
  readLiteral,
  readNullable,
  readObject,
  readOneOf,
  readString,
} from '../validate';
import {
  type ArgSnapshot,
  type CloseCallEvent,
  GIVEN_KINDS,
  type ObservedOutcome,
  type VerdictRecord,
} from './events';
import {
  readCount,
  readNullableCode,
  readNullableCount,
  readNullableText,
  readReadyState,
  readRepeat,
  readSid,
  readText,
  readTime,
} from './fields';
import type { EncodedPrimitive, RawArg, RawCloseCall } from './pageEvents';

/** Longest string value the hook sends whole (longer ones come as a prefix plus StringFacts). */
export const RAW_STRING_LIMIT = LIMITS.text;

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

const verdictFields = { code: readNullableCode, reason: readNullableText, reasonBytes: readNullableCount };
const readAccepted = readObject({ ...verdictFields, wireCode: readNullableCode, wireReason: readText });
const readRefused = readObject({
  errorName: readText,
  message: readText,
  rule: readOneOf(['conversion', 'code', 'reason'] as const),
  ...verdictFields,
});

const readVerdict: Reader<VerdictRecord> = (v) => {
  const head = readObject({ ok: readBool })(v);
  if (!head) return undefined;
  if (head.ok) {
    const r = readAccepted(v);
    return r && { ok: true, ...r };
  }
  const r = readRefused(v);
  return r && { ok: false, ...r };
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

const readSpecialNumber = readOneOf(['NaN', 'Infinity', '-Infinity', '-0'] as const);

// The hook sends a long string's start and its measured facts, never the whole.
const readStringPrimitive = readObject({
  v: readString(RAW_STRING_LIMIT),
  full: optional(
    readObject({
      length: readInt(RAW_STRING_LIMIT + 1, Number.MAX_SAFE_INTEGER),
      bytes: readInt(0, Number.MAX_SAFE_INTEGER),
      lone: readBool,
    }),
  ),
});

const readEncodedPrimitive: Reader<EncodedPrimitive> = (v) => {
  const head = readObject({ type: readText })(v);
  switch (head?.type) {
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
        v: (x) => (typeof x === 'number' && Number.isFinite(x) ? x : readSpecialNumber(x)),
      })(v);
      return r && { type: 'number', v: r.v };
    }
    case 'string': {
      const r = readStringPrimitive(v);
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

const readRawArg: Reader<RawArg> = readObject({
  given: readOneOf(GIVEN_KINDS),
  value: optional(readEncodedPrimitive),
  conversion: optional(
    readOneOf(['ok', 'page-threw', 'no-primitive', 'bad-to-primitive', 'revoked'] as const),
  ),
});

/** What every close() call record has, raw or enriched. */
const closeCallFields = {
  kind: readLiteral('close-call'),
  sid: readSid,
  callId: readSid,
  t: readTime,
  readyState: readReadyState,
  argc: readCount,
  observed: readObserved,
  repeat: readRepeat,
};

export const readRawCloseCall: Reader<RawCloseCall> = readObject({
  ...closeCallFields,
  code: readRawArg,
  reason: readRawArg,
  // Cut values carry the truncation mark: allow for it, or a long stack would reject the event.
  stack: readNullable(readString(LIMITS.rawStack + TRUNCATION_MARK.length)),
});

export const readCloseCallEvent: Reader<CloseCallEvent> = readObject({
  ...closeCallFields,
  code: readArgSnapshot,
  reason: readArgSnapshot,
  engine: readOneOf(ENGINES),
  verdicts: readNullable(readVerdicts),
  stack: readArray(readString(LIMITS.stackFrame + TRUNCATION_MARK.length), LIMITS.stackFrames),
});
