/**
 * WebIDL conversions used by WebSocket.close(), on primitives only.
 * The page-side hook takes objects to primitives itself (running the page's valueOf/toString
 * exactly once) and hands these functions the primitives the native method receives.
 */

export type ArgPrimitive = undefined | null | boolean | number | string | bigint | symbol;

export type Rounding = 'ties-to-even' | 'truncate';

export class ConversionTypeError {
  constructor(readonly what: 'symbol-to-number' | 'bigint-to-number' | 'symbol-to-string') {}
}

/**
 * An object argument whose ToPrimitive failed inside the engine (no page code threw): no
 * callable valueOf/toString, a non-callable @@toPrimitive, or a revoked proxy.
 */
export class ObjectConversionFailure {
  constructor(
    readonly kind: 'no-primitive' | 'bad-to-primitive' | 'revoked',
    /** For bad-to-primitive: the non-callable value as V8 prints it. */
    readonly detail: string | null = null,
    /** For bad-to-primitive: the value as SpiderMonkey's source form prints it. */
    readonly source: string | null = null,
  ) {}
}

/** ECMAScript ToNumber on a primitive; a Symbol or BigInt yields a ConversionTypeError. */
export function toNumber(value: ArgPrimitive): number | ConversionTypeError {
  switch (typeof value) {
    case 'symbol':
      return new ConversionTypeError('symbol-to-number');
    case 'bigint':
      return new ConversionTypeError('bigint-to-number');
    default:
      // Number() on a non-BigInt primitive is exactly ToNumber.
      return Number(value);
  }
}

/** ECMAScript ToString on a primitive; a Symbol yields a ConversionTypeError. */
export function toStringPrimitive(value: ArgPrimitive): string | ConversionTypeError {
  if (typeof value === 'symbol') return new ConversionTypeError('symbol-to-string');
  return String(value);
}

function roundTiesToEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff < 0.5) return floor;
  if (diff > 0.5) return floor + 1;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * `[Clamp] unsigned short` (WebIDL ConvertToInt with [Clamp]), given the result of ToNumber.
 * `ties-to-even` is the standard (and Firefox); `truncate` is Chromium's static_cast.
 */
export function clampUnsignedShort(x: number, rounding: Rounding): number {
  if (Number.isNaN(x)) return 0;
  const clamped = Math.min(Math.max(x, 0), 65535);
  const rounded = rounding === 'truncate' ? Math.trunc(clamped) : roundTiesToEven(clamped);
  return rounded === 0 ? 0 : rounded; // -0 → +0
}

/** USVString: lone surrogates become U+FFFD. */
export function toUSVString(s: string): string {
  let out = '';
  let runStart = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
    } else if (!(c >= 0xdc00 && c <= 0xdfff)) {
      continue;
    }
    out += `${s.slice(runStart, i)}\uFFFD`;
    runStart = i + 1;
  }
  return runStart === 0 ? s : out + s.slice(runStart);
}

/** UTF-8 byte length of the USVString conversion of `s` (a lone surrogate counts as U+FFFD: 3 bytes). */
export function utf8ByteLength(s: string): number {
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
