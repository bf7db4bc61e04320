/**
 * Takes close() arguments to primitives exactly once, the way WebIDL would, so the page's
 * valueOf/toString/@@toPrimitive run once and in order; the native method then receives
 * primitives (or a stand-in that makes it throw its own TypeError without running page code).
 */
import type { EncodedPrimitive, GivenKind, ObjectConversion, RawArg } from '../../src/protocol';
import { call, natives } from './natives';
import { encodeString } from './stringFacts';

type Hint = 'number' | 'string';

export interface Converted {
  /** What to hand to the native close(). */
  readonly pass: unknown;
  readonly raw: RawArg;
  /** The page's own code threw this; rethrow it as is. */
  readonly pageError?: { readonly error: unknown };
}

export function isObjectLike(v: unknown): v is object {
  return (typeof v === 'object' && v !== null) || typeof v === 'function';
}

// Stand-ins whose native conversion throws the engine's own TypeError with the same text.
const NO_PRIMITIVE: object = { __proto__: null };
function toPrimitiveReturnsObject(): object {
  return {};
}

export function encodePrimitive(v: unknown): EncodedPrimitive {
  switch (typeof v) {
    case 'undefined':
      return { type: 'undefined' };
    case 'boolean':
      return { type: 'boolean', v };
    case 'number':
      // biome-ignore lint/suspicious/noSelfCompare: NaN test without touching the page's Number.isNaN
      if (v !== v) return { type: 'number', v: 'NaN' };
      if (v === Infinity) return { type: 'number', v: 'Infinity' };
      if (v === -Infinity) return { type: 'number', v: '-Infinity' };
      if (v === 0 && natives.objectIs(v, -0)) return { type: 'number', v: '-0' };
      return { type: 'number', v };
    case 'string':
      return encodeString(v);
    case 'symbol': {
      const d = call<string | undefined>(natives.symbolDescription, v);
      return { type: 'symbol', v: d === undefined ? null : d };
    }
    case 'bigint':
      return { type: 'bigint', v: `${v}` };
    default:
      return { type: 'null' };
  }
}

export function givenKind(v: unknown): GivenKind {
  const t = typeof v;
  if (v === null) return 'null';
  if (t === 'function' || t === 'object') {
    try {
      if (natives.isArray(v)) return 'array';
    } catch {
      return 'revoked-proxy'; // Array.isArray throws only on a revoked proxy
    }
    return t === 'function' ? 'function' : 'object';
  }
  return t as GivenKind;
}

function objectArg(given: GivenKind, conversion: ObjectConversion, value?: unknown): RawArg {
  // For 'ok', the primitive produced; for 'bad-to-primitive', the non-callable @@toPrimitive value (it is in the error text).
  return (conversion === 'ok' || conversion === 'bad-to-primitive') && !isObjectLike(value)
    ? { given, conversion, value: encodePrimitive(value) }
    : { given, conversion };
}

/** ECMAScript ToPrimitive(input, hint) on an object, run once, never throwing an engine error itself. */
export function convertObject(input: object, hint: Hint): Converted {
  let given: GivenKind;
  try {
    given = natives.isArray(input) ? 'array' : typeof input === 'function' ? 'function' : 'object';
  } catch {
    // Only a revoked proxy makes Array.isArray throw; the native call throws its own TypeError on it, no page code runs.
    return { pass: input, raw: { given: 'revoked-proxy', conversion: 'revoked' } };
  }
  try {
    const exotic: unknown = (input as Record<symbol, unknown>)[natives.SymbolToPrimitive];
    if (exotic !== undefined && exotic !== null) {
      if (typeof exotic !== 'function') {
        return {
          pass: { [natives.SymbolToPrimitive]: exotic },
          raw: objectArg(given, 'bad-to-primitive', exotic),
        };
      }
      const result = call<unknown>(exotic as () => unknown, input, [hint]);
      if (isObjectLike(result)) {
        return {
          pass: { [natives.SymbolToPrimitive]: toPrimitiveReturnsObject },
          raw: objectArg(given, 'no-primitive'),
        };
      }
      return { pass: result, raw: objectArg(given, 'ok', result) };
    }
    const first = hint === 'string' ? 'toString' : 'valueOf';
    const second = hint === 'string' ? 'valueOf' : 'toString';
    const m1: unknown = (input as Record<string, unknown>)[first];
    if (typeof m1 === 'function') {
      const r1 = call<unknown>(m1 as () => unknown, input);
      if (!isObjectLike(r1)) return { pass: r1, raw: objectArg(given, 'ok', r1) };
    }
    const m2: unknown = (input as Record<string, unknown>)[second];
    if (typeof m2 === 'function') {
      const r2 = call<unknown>(m2 as () => unknown, input);
      if (!isObjectLike(r2)) return { pass: r2, raw: objectArg(given, 'ok', r2) };
    }
    return { pass: NO_PRIMITIVE, raw: objectArg(given, 'no-primitive') };
  } catch (error) {
    return { pass: undefined, raw: objectArg(given, 'page-threw'), pageError: { error } };
  }
}

export function primitiveArg(v: unknown): RawArg {
  return { given: givenKind(v), value: encodePrimitive(v) };
}
