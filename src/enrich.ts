/**
 * Turns the page hook's raw close() record into the logged CloseCallEvent: argument
 * snapshots for display, verdicts for the standard and every engine, and the caller's stack.
 * Runs in the bridge (an isolated world the page cannot tamper with).
 */
import { type CloseArgs, type Engine, evaluateClose, PROFILES, type Profile } from './closeRules';
import {
  type ArgSnapshot,
  type CloseCallEvent,
  capText,
  type EncodedPrimitive,
  LIMITS,
  type RawArg,
  type RawCloseCall,
  type VerdictRecord,
} from './protocol';
import { HOOK_SOURCE_URL } from './protocolConstants';
import { toVerdictRecord } from './verdictRecord';
import { type ArgPrimitive, ObjectConversionFailure } from './webidl';

export function decodePrimitive(p: EncodedPrimitive): ArgPrimitive {
  switch (p.type) {
    case 'undefined':
      return undefined;
    case 'null':
      return null;
    case 'boolean':
      return p.v;
    case 'number':
      return typeof p.v === 'number' ? p.v : p.v === '-0' ? -0 : Number(p.v);
    case 'string':
      return p.v;
    case 'symbol':
      return p.v === null ? Symbol() : Symbol(p.v);
    case 'bigint':
      return BigInt(p.v);
  }
}

/** Display text of a primitive: `4001`, `-0`, `"bye"`, `Symbol(x)`, `10n`. */
export function primitiveText(p: EncodedPrimitive): string {
  switch (p.type) {
    case 'undefined':
    case 'null':
      return p.type;
    case 'boolean':
      return String(p.v);
    case 'number':
      return String(p.v);
    case 'string':
      return capText(JSON.stringify(p.v), LIMITS.text);
    case 'symbol':
      return p.v === null ? 'Symbol()' : capText(`Symbol(${p.v})`, LIMITS.text);
    case 'bigint':
      return capText(`${p.v}n`, LIMITS.text);
  }
}

function hasLoneSurrogate(s: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s);
}

export function snapshotArg(arg: RawArg, present: boolean): ArgSnapshot {
  if (!present) return { given: 'absent', text: '(absent)' };
  const isObject =
    arg.given === 'object' ||
    arg.given === 'array' ||
    arg.given === 'function' ||
    arg.given === 'revoked-proxy';
  const stringValue = arg.value?.type === 'string' ? arg.value : undefined;
  const extra: { length?: number; loneSurrogates?: boolean } = {};
  if (stringValue?.full) {
    // A long string: the hook measured the whole and sent its start.
    extra.length = stringValue.full.length;
    if (stringValue.full.lone) extra.loneSurrogates = true;
  } else if (stringValue !== undefined) {
    extra.length = stringValue.v.length;
    if (hasLoneSurrogate(stringValue.v)) extra.loneSurrogates = true;
  }
  if (!isObject) {
    return { given: arg.given, text: arg.value ? primitiveText(arg.value) : arg.given, ...extra };
  }
  const text = arg.given === 'revoked-proxy' ? '[revoked proxy]' : `[${arg.given}]`;
  if (arg.conversion === undefined) return { given: arg.given, text }; // never converted
  if (arg.conversion === 'ok' && arg.value)
    return { given: arg.given, text, primitive: primitiveText(arg.value), ...extra };
  return { given: arg.given, text, threw: true };
}

/**
 * The arguments the native close() received, for the model; null when the page's own
 * valueOf/toString threw (then close()'s rules never ran and there is nothing to model).
 */
export function modelArgs(raw: Pick<RawCloseCall, 'argc' | 'code' | 'reason'>): CloseArgs | null {
  const argc = Math.min(raw.argc, 2);
  const codeConverted = convertedValue(raw.code, argc >= 1, 'code');
  if (codeConverted === FAILED) return null;
  // A code that cannot become a number throws before the reason is looked at.
  const codeThrows =
    isConversionFailure(codeConverted) ||
    typeof codeConverted === 'symbol' ||
    typeof codeConverted === 'bigint';
  const reasonConverted = codeThrows ? undefined : convertedValue(raw.reason, argc >= 2, 'reason');
  if (reasonConverted === FAILED) return null;
  return { argc, code: codeConverted, reason: reasonConverted };
}

const FAILED = Symbol('failed');

function isConversionFailure(v: unknown): v is ObjectConversionFailure {
  return v instanceof ObjectConversionFailure;
}

function convertedValue(
  arg: RawArg,
  present: boolean,
  which: 'code' | 'reason',
): ArgPrimitive | ObjectConversionFailure | typeof FAILED {
  if (!present) return undefined;
  // The engine's own conversion failures are part of the model; the page's own code throwing is not.
  if (arg.conversion === 'revoked' || arg.conversion === 'no-primitive')
    return new ObjectConversionFailure(arg.conversion);
  if (arg.conversion === 'bad-to-primitive') {
    return new ObjectConversionFailure(
      'bad-to-primitive',
      arg.value ? v8ValueText(arg.value) : null,
      arg.value ? sourceText(arg.value) : null,
    );
  }
  const isObject =
    arg.given === 'object' ||
    arg.given === 'array' ||
    arg.given === 'function' ||
    arg.given === 'revoked-proxy';
  if (isObject && (arg.conversion !== 'ok' || !arg.value)) return FAILED;
  if (!arg.value) return undefined;
  const value = decodePrimitive(arg.value);
  // The hook hands the native method NaN / "undefined" when an object converted to undefined,
  // so that the argument stays present (as it was for the page).
  if (isObject && value === undefined) return which === 'code' ? Number.NaN : 'undefined';
  return value;
}

/** How V8 prints a primitive inside an error message ('1', 'abc', 'Symbol(x)'). */
function v8ValueText(p: EncodedPrimitive): string {
  switch (p.type) {
    case 'string':
      return p.v;
    case 'symbol':
      return p.v === null ? 'Symbol()' : `Symbol(${p.v})`;
    default:
      return String(decodePrimitive(p));
  }
}

/** How SpiderMonkey's value-to-source prints a primitive (1, "abc", true, Symbol("x"), 1n). */
function sourceText(p: EncodedPrimitive): string {
  switch (p.type) {
    case 'string':
      return JSON.stringify(p.v);
    case 'symbol':
      return p.v === null ? 'Symbol()' : `Symbol(${JSON.stringify(p.v)})`;
    case 'bigint':
      return `${p.v}n`;
    default:
      return String(decodePrimitive(p));
  }
}

/**
 * Firefox names scripts that extensions run in the page's world "<anonymous code>" (it hides
 * their moz-extension: URL from the page), so the hook's own frames look like this. A page's own
 * scripts always carry a URL (eval and Function code too: "page.html line 3 > eval").
 */
const PAGE_WORLD_EXTENSION_FRAME = /@<anonymous code>:\d+:\d+$/;

/** Keeps only the page's frames: drops the "Error" header and every frame inside the extension. */
export function pageStack(stack: string | null, extensionOrigin: string): string[] {
  if (stack === null) return [];
  const lines = stack.split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed === 'Error' || trimmed.startsWith('Error:')) continue;
    if (extensionOrigin && trimmed.includes(extensionOrigin)) continue;
    if (trimmed.includes(`(${HOOK_SOURCE_URL}:`) || trimmed.includes(`@${HOOK_SOURCE_URL}:`)) continue;
    if (PAGE_WORLD_EXTENSION_FRAME.test(trimmed)) continue;
    out.push(capText(trimmed.replace(/^at /, ''), LIMITS.stackFrame));
    if (out.length >= LIMITS.stackFrames) break;
  }
  return out;
}

export function enrichCloseCall(raw: RawCloseCall, engine: Engine, extensionOrigin: string): CloseCallEvent {
  const args = modelArgs(raw);
  let verdicts: Record<Profile, VerdictRecord> | null = null;
  if (args) {
    // A long reason came as its start (over 123 bytes too, so every rule decides the same way)
    // plus the byte count the hook measured of the whole: report that count.
    const full = raw.reason.value?.type === 'string' ? raw.reason.value.full : undefined;
    const v = {} as Record<Profile, VerdictRecord>;
    for (const p of PROFILES) {
      const record = toVerdictRecord(evaluateClose(args, p));
      v[p] = full && record.reasonBytes !== null ? { ...record, reasonBytes: full.bytes } : record;
    }
    verdicts = v;
  }
  return {
    kind: 'close-call',
    sid: raw.sid,
    callId: raw.callId,
    t: raw.t,
    readyState: raw.readyState,
    argc: raw.argc,
    code: snapshotArg(raw.code, raw.argc >= 1),
    reason: snapshotArg(raw.reason, raw.argc >= 2),
    observed: raw.observed.threw
      ? {
          threw: true,
          name: capText(raw.observed.name, LIMITS.text),
          message: capText(raw.observed.message, LIMITS.text),
        }
      : { threw: false },
    engine,
    verdicts,
    stack: pageStack(raw.stack, extensionOrigin),
    repeat: raw.repeat,
  };
}
