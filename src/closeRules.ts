/**
 * What WebSocket.close(code, reason) does with a given argument list, per the WHATWG
 * standard and per engine (Chromium, Firefox, WebKit), down to the error text.
 * Input: the primitives the native method receives and the argument count.
 */
import { isAllowedInClose, REASON_BYTE_LIMIT } from './closeCodes';
import type { Profile } from './engine';
import {
  type ArgPrimitive,
  ConversionTypeError,
  clampUnsignedShort,
  ObjectConversionFailure,
  type Rounding,
  toNumber,
  toStringPrimitive,
  toUSVString,
  utf8ByteLength,
} from './webidl';

export { ENGINES, type Engine, PROFILES, type Profile } from './engine';

export const PROFILE_LABEL: Readonly<Record<Profile, string>> = {
  spec: 'the WHATWG standard',
  chromium: 'Chromium',
  firefox: 'Firefox',
  webkit: 'Safari/WebKit',
};

/**
 * Whether the engine's own close() exception messages say why the call failed (Chromium names the
 * limit and the value; Firefox says "An invalid or illegal string was specified", WebKit "The
 * string did not match the expected pattern").
 */
export const MESSAGES_SAY_WHY: Readonly<Record<Profile, boolean>> = {
  spec: true,
  chromium: true,
  firefox: false,
  webkit: false,
};

export type CloseErrorName = 'TypeError' | 'InvalidAccessError' | 'SyntaxError';

/** What goes into the Close frame when the socket is OPEN (null code: empty body, the server sees 1005). */
export interface WireClose {
  readonly code: number | null;
  readonly reason: string;
}

export type Verdict =
  | {
      readonly ok: true;
      /** Converted code (null: not present). */
      readonly code: number | null;
      /** Converted reason (null: not present). */
      readonly reason: string | null;
      readonly reasonBytes: number | null;
      readonly wire: WireClose;
    }
  | {
      readonly ok: false;
      readonly errorName: CloseErrorName;
      readonly message: string;
      /** Which rule threw: argument conversion, code range, or reason length. */
      readonly rule: 'conversion' | 'code' | 'reason';
      readonly code: number | null;
      readonly reason: string | null;
      readonly reasonBytes: number | null;
    };

interface EngineTraits {
  readonly rounding: Rounding;
  /** Chromium's bindings drop only trailing undefined arguments: close(undefined, r) converts undefined → 0. */
  readonly undefinedCodeBeforeReasonIsZero: boolean;
  /** WebKit validates the reason only when a code is present. */
  readonly reasonCheckedOnlyWithCode: boolean;
  /** Code missing, reason present: what goes on the wire. */
  readonly reasonWithoutCodeWire: 'code-1000' | 'empty';
  readonly messages: {
    readonly code: (code: number) => string;
    readonly reason: string;
    readonly typeError: (what: ConversionTypeError['what']) => string;
    readonly objectConversion: (failure: ObjectConversionFailure, to: 'number' | 'string') => string;
  };
}

const CHROMIUM_PREFIX = "Failed to execute 'close' on 'WebSocket': ";

const TRAITS: Readonly<Record<Profile, EngineTraits>> = {
  spec: {
    rounding: 'ties-to-even',
    undefinedCodeBeforeReasonIsZero: false,
    reasonCheckedOnlyWithCode: false,
    // whatwg/websockets PR #48: "If reason is non-empty but code is null, then set code to 1000".
    reasonWithoutCodeWire: 'code-1000',
    messages: {
      code: (code) => `The code must be either 1000, or between 3000 and 4999. ${code} is neither.`,
      reason: `The reason must not be longer than ${REASON_BYTE_LIMIT} UTF-8 bytes.`,
      typeError: (what) => typeErrorText(what),
      objectConversion: (f) => v8ObjectConversionText(f),
    },
  },
  chromium: {
    rounding: 'truncate',
    undefinedCodeBeforeReasonIsZero: true,
    reasonCheckedOnlyWithCode: false,
    reasonWithoutCodeWire: 'code-1000',
    messages: {
      code: (code) =>
        `${CHROMIUM_PREFIX}The close code must be either 1000, or between 3000 and 4999. ${code} is neither.`,
      reason: `${CHROMIUM_PREFIX}The close reason must not be greater than ${REASON_BYTE_LIMIT} UTF-8 bytes.`,
      typeError: (what) => CHROMIUM_PREFIX + typeErrorText(what),
      objectConversion: (f) => CHROMIUM_PREFIX + v8ObjectConversionText(f),
    },
  },
  firefox: {
    rounding: 'ties-to-even',
    undefinedCodeBeforeReasonIsZero: false,
    reasonCheckedOnlyWithCode: false,
    reasonWithoutCodeWire: 'empty',
    messages: {
      code: () => 'A parameter or an operation is not supported by the underlying object',
      reason: 'An invalid or illegal string was specified',
      typeError: (what) =>
        what === 'symbol-to-number'
          ? "can't convert symbol to number"
          : what === 'bigint-to-number'
            ? "can't convert BigInt to number"
            : "can't convert symbol to string",
      // SpiderMonkey describes the value: to a number as source text (the hook's stand-in objects
      // make that text predictable), to a string by its class.
      objectConversion: (f, to) => {
        if (f.kind === 'revoked') return 'illegal operation attempted on a revoked proxy';
        const what =
          to === 'number'
            ? f.kind === 'bad-to-primitive'
              ? `({[Symbol.toPrimitive]:${f.source ?? ''}})`
              : '({})'
            : 'Object';
        return f.kind === 'bad-to-primitive'
          ? `can't convert ${what} to ${to}: its [Symbol.toPrimitive] property is not a function`
          : `can't convert ${what} to ${to}`;
      },
    },
  },
  webkit: {
    // Historic clampTo<T> truncation; WebKit PR #62427 (2026-04) may round instead.
    rounding: 'truncate',
    undefinedCodeBeforeReasonIsZero: false,
    reasonCheckedOnlyWithCode: true,
    reasonWithoutCodeWire: 'empty',
    messages: {
      code: () => 'The object does not support the operation or argument.',
      reason: 'The string did not match the expected pattern.',
      typeError: (what) =>
        what === 'symbol-to-number'
          ? 'Cannot convert a symbol to a number'
          : what === 'bigint-to-number'
            ? 'Conversion from \u0027BigInt\u0027 to \u0027number\u0027 is not allowed.'
            : 'Cannot convert a symbol to a string',
      objectConversion: (f) =>
        f.kind === 'revoked'
          ? 'Proxy has already been revoked. No more operations are allowed to be performed on it'
          : f.kind === 'bad-to-primitive'
            ? 'Symbol.toPrimitive is not a function, undefined, or null'
            : 'No default value',
    },
  },
};

/** V8's texts (Chromium adds its binding prefix). */
function v8ObjectConversionText(f: ObjectConversionFailure): string {
  switch (f.kind) {
    case 'revoked':
      return "Cannot perform 'get' on a proxy that has been revoked";
    case 'bad-to-primitive':
      return `'${f.detail ?? ''}' returned for property 'Symbol(Symbol.toPrimitive)' of object '#<Object>' is not a function`;
    default:
      return 'Cannot convert object to primitive value';
  }
}

function typeErrorText(what: ConversionTypeError['what']): string {
  switch (what) {
    case 'symbol-to-number':
      return 'Cannot convert a Symbol value to a number';
    case 'bigint-to-number':
      return 'Cannot convert a BigInt value to a number';
    default:
      return 'Cannot convert a Symbol value to a string';
  }
}

/** The arguments exactly as the native close() receives them (objects already taken to primitives). */
export interface CloseArgs {
  readonly argc: number;
  readonly code: ArgPrimitive | ObjectConversionFailure;
  readonly reason: ArgPrimitive | ObjectConversionFailure;
}

export function evaluateClose(args: CloseArgs, profile: Profile): Verdict {
  const traits = TRAITS[profile];
  let argc = Math.min(args.argc, 2);
  if (profile === 'chromium') {
    // Blink dispatches on the count of arguments after trimming trailing undefined ones.
    while (argc > 0 && (argc === 2 ? args.reason : args.code) === undefined) argc--;
  }
  const codePresent = argc >= 1 && (args.code !== undefined || traits.undefinedCodeBeforeReasonIsZero);
  const reasonPresent = argc >= 2 && args.reason !== undefined;

  let code: number | null = null;
  if (codePresent) {
    if (args.code instanceof ObjectConversionFailure) return objectFailure(traits, args.code, null);
    const n = toNumber(args.code);
    if (n instanceof ConversionTypeError) {
      return conversionFailure(traits, n, null, null);
    }
    code = clampUnsignedShort(n, traits.rounding);
  }
  let reason: string | null = null;
  let reasonBytes: number | null = null;
  if (reasonPresent) {
    if (args.reason instanceof ObjectConversionFailure) return objectFailure(traits, args.reason, code, true);
    const s = toStringPrimitive(args.reason);
    if (s instanceof ConversionTypeError) {
      return conversionFailure(traits, s, code, null);
    }
    reason = toUSVString(s);
    reasonBytes = utf8ByteLength(s);
  }
  if (code !== null && !isAllowedInClose(code)) {
    return {
      ok: false,
      errorName: 'InvalidAccessError',
      message: traits.messages.code(code),
      rule: 'code',
      code,
      reason,
      reasonBytes,
    };
  }
  const checkReason = !traits.reasonCheckedOnlyWithCode || code !== null;
  if (checkReason && reasonBytes !== null && reasonBytes > REASON_BYTE_LIMIT) {
    return {
      ok: false,
      errorName: 'SyntaxError',
      message: traits.messages.reason,
      rule: 'reason',
      code,
      reason,
      reasonBytes,
    };
  }
  return { ok: true, code, reason, reasonBytes, wire: wireFor(traits, code, reason) };
}

function conversionFailure(
  traits: EngineTraits,
  error: ConversionTypeError,
  code: number | null,
  reason: string | null,
): Verdict {
  return {
    ok: false,
    errorName: 'TypeError',
    message: traits.messages.typeError(error.what),
    rule: 'conversion',
    code,
    reason,
    reasonBytes: null,
  };
}

function objectFailure(
  traits: EngineTraits,
  failure: ObjectConversionFailure,
  code: number | null,
  asReason = false,
): Verdict {
  return {
    ok: false,
    errorName: 'TypeError',
    message: traits.messages.objectConversion(failure, asReason ? 'string' : 'number'),
    rule: 'conversion',
    code,
    reason: null,
    reasonBytes: null,
  };
}

function wireFor(traits: EngineTraits, code: number | null, reason: string | null): WireClose {
  if (code !== null) return { code, reason: reason ?? '' };
  if (reason !== null && reason !== '' && traits.reasonWithoutCodeWire === 'code-1000') {
    return { code: 1000, reason };
  }
  return { code: null, reason: '' };
}

export type VerdictSet = Readonly<Record<Profile, Verdict>>;

export function evaluateAllProfiles(args: CloseArgs): VerdictSet {
  return {
    spec: evaluateClose(args, 'spec'),
    chromium: evaluateClose(args, 'chromium'),
    firefox: evaluateClose(args, 'firefox'),
    webkit: evaluateClose(args, 'webkit'),
  };
}

/** What the native call did, as observed by the hook. */
export type ObservedOutcome =
  | { readonly threw: false }
  | { readonly threw: true; readonly name: string; readonly message: string };

/** Does the model of `engine` predict exactly what the browser did? */
export function modelAgrees(observed: ObservedOutcome, predicted: Verdict): boolean {
  if (!observed.threw) return predicted.ok;
  return !predicted.ok && predicted.errorName === observed.name && predicted.message === observed.message;
}
