import { describe, expect, it } from 'vitest';
import {
  type ArgPrimitive,
  ConversionTypeError,
  clampUnsignedShort,
  toNumber,
  toStringPrimitive,
  toUSVString,
  utf8ByteLength,
} from '../../src/webidl';

describe('clampUnsignedShort ([Clamp] unsigned short, WebIDL ConvertToInt)', () => {
  // spec-notes §2: clamp to 0–65535, round ties to even (spec, Firefox); Chromium truncates (§3).
  it.each([
    { x: Number.NaN, tiesToEven: 0, truncate: 0 },
    { x: -0, tiesToEven: 0, truncate: 0 },
    { x: 0, tiesToEven: 0, truncate: 0 },
    { x: Number.POSITIVE_INFINITY, tiesToEven: 65535, truncate: 65535 },
    { x: Number.NEGATIVE_INFINITY, tiesToEven: 0, truncate: 0 },
    { x: 2999.5, tiesToEven: 3000, truncate: 2999 },
    { x: 3000.5, tiesToEven: 3000, truncate: 3000 },
    { x: 4999.5, tiesToEven: 5000, truncate: 4999 },
    { x: 3000.7, tiesToEven: 3001, truncate: 3000 },
    { x: 1000.4, tiesToEven: 1000, truncate: 1000 },
    { x: 0.5, tiesToEven: 0, truncate: 0 },
    { x: 1.5, tiesToEven: 2, truncate: 1 },
    { x: 2.5, tiesToEven: 2, truncate: 2 },
    { x: -0.5, tiesToEven: 0, truncate: 0 },
    { x: -1, tiesToEven: 0, truncate: 0 },
    { x: -4001, tiesToEven: 0, truncate: 0 },
    { x: 65534.5, tiesToEven: 65534, truncate: 65534 },
    { x: 65535.5, tiesToEven: 65535, truncate: 65535 },
    { x: 65536, tiesToEven: 65535, truncate: 65535 },
    { x: 1e10, tiesToEven: 65535, truncate: 65535 },
  ])('$x → $tiesToEven (ties-to-even), $truncate (truncate)', ({ x, tiesToEven, truncate }) => {
    // toBe uses Object.is, so a -0 result would fail against +0.
    expect(clampUnsignedShort(x, 'ties-to-even')).toBe(tiesToEven);
    expect(clampUnsignedShort(x, 'truncate')).toBe(truncate);
  });

  it('never returns -0', () => {
    for (const x of [-0, -0.4, -1, Number.NEGATIVE_INFINITY]) {
      expect(Object.is(clampUnsignedShort(x, 'ties-to-even'), 0)).toBe(true);
      expect(Object.is(clampUnsignedShort(x, 'truncate'), 0)).toBe(true);
    }
  });
});

describe('toNumber (ECMAScript ToNumber on primitives)', () => {
  it.each<{ name: string; value: ArgPrimitive; expected: number }>([
    { name: 'null', value: null, expected: 0 },
    { name: 'undefined', value: undefined, expected: Number.NaN },
    { name: 'true', value: true, expected: 1 },
    { name: 'false', value: false, expected: 0 },
    { name: "''", value: '', expected: 0 },
    { name: "'abc'", value: 'abc', expected: Number.NaN },
    { name: "' 12 '", value: ' 12 ', expected: 12 },
    { name: "'0x10'", value: '0x10', expected: 16 },
    { name: "'1e3'", value: '1e3', expected: 1000 },
    { name: "'1000'", value: '1000', expected: 1000 },
    { name: "'3000.5'", value: '3000.5', expected: 3000.5 },
    { name: "'-0'", value: '-0', expected: -0 },
    { name: "'1_000'", value: '1_000', expected: Number.NaN },
    { name: "'Infinity'", value: 'Infinity', expected: Number.POSITIVE_INFINITY },
    { name: '-0', value: -0, expected: -0 },
    { name: '4001', value: 4001, expected: 4001 },
  ])('$name → $expected', ({ value, expected }) => {
    expect(toNumber(value)).toBe(expected);
  });

  it.each<{ name: string; value: ArgPrimitive; what: ConversionTypeError['what'] }>([
    { name: 'Symbol()', value: Symbol(), what: 'symbol-to-number' },
    { name: "Symbol('x')", value: Symbol('x'), what: 'symbol-to-number' },
    { name: '10n', value: 10n, what: 'bigint-to-number' },
    { name: '0n', value: 0n, what: 'bigint-to-number' },
  ])('$name → ConversionTypeError', ({ value, what }) => {
    const r = toNumber(value);
    expect(r).toBeInstanceOf(ConversionTypeError);
    expect(r).toMatchObject({ what });
  });
});

describe('toStringPrimitive (ECMAScript ToString on primitives)', () => {
  it.each<{ name: string; value: ArgPrimitive; expected: string }>([
    { name: 'null', value: null, expected: 'null' },
    { name: 'undefined', value: undefined, expected: 'undefined' },
    { name: '123', value: 123, expected: '123' },
    { name: '-0', value: -0, expected: '0' },
    { name: 'true', value: true, expected: 'true' },
    { name: '10n', value: 10n, expected: '10' },
    { name: "'bye'", value: 'bye', expected: 'bye' },
  ])('$name → $expected', ({ value, expected }) => {
    expect(toStringPrimitive(value)).toBe(expected);
  });

  it('Symbol → ConversionTypeError', () => {
    const r = toStringPrimitive(Symbol('r'));
    expect(r).toBeInstanceOf(ConversionTypeError);
    expect(r).toMatchObject({ what: 'symbol-to-string' });
  });
});

describe('toUSVString (lone surrogates → U+FFFD)', () => {
  it.each([
    { name: 'ASCII', input: 'bye', expected: 'bye' },
    { name: 'empty', input: '', expected: '' },
    { name: 'BMP non-ASCII', input: 'é€', expected: 'é€' },
    { name: 'surrogate pair intact', input: '😀', expected: '😀' },
    { name: 'lone high', input: '\uD800', expected: '\uFFFD' },
    { name: 'lone low', input: '\uDC00', expected: '\uFFFD' },
    { name: 'lone high mid-string', input: 'a\uD800b', expected: 'a\uFFFDb' },
    { name: 'reversed pair', input: '\uDC00\uD800', expected: '\uFFFD\uFFFD' },
    { name: 'high then pair', input: '\uD800\uD83D\uDE00', expected: '\uFFFD😀' },
    { name: 'pair then lone high', input: '😀\uD83D', expected: '😀\uFFFD' },
    { name: 'two lone highs', input: '\uD800\uD800', expected: '\uFFFD\uFFFD' },
  ])('$name', ({ input, expected }) => {
    expect(toUSVString(input)).toBe(expected);
  });
});

describe('utf8ByteLength', () => {
  it.each([
    { name: 'empty', input: '', bytes: 0 },
    { name: 'ASCII', input: 'bye', bytes: 3 },
    { name: "'x' × 123", input: 'x'.repeat(123), bytes: 123 },
    { name: "'ß'", input: 'ß', bytes: 2 },
    { name: "'€'", input: '€', bytes: 3 },
    { name: "'é' × 62", input: 'é'.repeat(62), bytes: 124 },
    { name: "'😀' × 30", input: '😀'.repeat(30), bytes: 120 },
    { name: "'😀' × 31", input: '😀'.repeat(31), bytes: 124 },
    { name: 'surrogate pair intact', input: '\uD83D\uDE00', bytes: 4 },
    { name: 'lone high surrogate', input: '\uD800', bytes: 3 },
    { name: 'lone low surrogate', input: '\uDC00', bytes: 3 },
    { name: "'\\uD800' × 42", input: '\uD800'.repeat(42), bytes: 126 },
    { name: 'reversed pair (two lone)', input: '\uDC00\uD800', bytes: 6 },
    { name: 'lone high before ASCII', input: '\uD800a', bytes: 4 },
  ])('$name → $bytes bytes', ({ input, bytes }) => {
    expect(utf8ByteLength(input)).toBe(bytes);
  });

  it('equals the byte length of the UTF-8 encoding of the USVString', () => {
    const samples = ['a\uD800b', '😀é\uDFFFx', '\uD83D', 'plain', '日本語', '\uDBFF\uDFFF'];
    for (const s of samples) {
      expect(utf8ByteLength(s)).toBe(Buffer.byteLength(toUSVString(s), 'utf8'));
    }
  });
});
