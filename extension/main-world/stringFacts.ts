/**
 * Facts about a long string argument, taken at call time so the hook never keeps the string:
 * its first LIMITS.text UTF-16 units, its length, the UTF-8 byte length of its USVString
 * conversion (what close() measures), and whether it has lone surrogates. Counting runs the
 * captured TextEncoder.encodeInto over slices into one reused buffer: native speed, bounded
 * memory, no page code.
 */
import type { EncodedPrimitive } from '../../src/protocol';
import { LIMITS } from '../../src/protocolConstants';
import { call, natives } from './natives';

const CHUNK = 16 * 1024;
let encoder: TextEncoder | null = null;
let buffer: Uint8Array | null = null;

function isHighSurrogate(s: string, i: number): boolean {
  const c = call<number>(natives.charCodeAt, s, [i]);
  return c >= 0xd800 && c <= 0xdbff;
}

/**
 * A copy of s.slice(start, end) that does not keep `s` alive: V8 makes a slice of a long
 * string a view into it (and flattens a concatenation first), so a kept 256-character slice of
 * a 20 MB reason would keep all 20 MB. A JSON round trip through the captured natives copies.
 */
function detachedSlice(s: string, start: number, end?: number): string {
  const view = call<string>(natives.stringSlice, s, end === undefined ? [start] : [start, end]);
  return natives.jsonParse(natives.jsonStringify(view)) as string;
}

/** The first `max` units, never ending inside a surrogate pair. */
export function prefix(s: string, max: number): string {
  if (s.length <= max) return s;
  const end = isHighSurrogate(s, max - 1) ? max - 1 : max;
  return detachedSlice(s, 0, end);
}

/** UTF-8 bytes of the USVString conversion (a lone surrogate becomes U+FFFD, 3 bytes). */
export function utf8Bytes(s: string): number {
  encoder ??= new natives.TextEncoder();
  buffer ??= new natives.Uint8Array(CHUNK * 3);
  let bytes = 0;
  for (let i = 0; i < s.length; ) {
    // biome-ignore lint/complexity/useMathMinMax: the page may have replaced Math.min
    let end = i + CHUNK < s.length ? i + CHUNK : s.length;
    // Keep a surrogate pair in one slice, so it counts 4 bytes, not two replacements.
    if (end < s.length && isHighSurrogate(s, end - 1)) end--;
    const slice = call<string>(natives.stringSlice, s, [i, end]);
    bytes += call<{ written: number }>(natives.textEncodeInto, encoder, [slice, buffer]).written;
    i = end;
  }
  return bytes;
}

function hasLoneSurrogates(s: string): boolean {
  if (natives.isWellFormed) return !call<boolean>(natives.isWellFormed, s);
  // Engines without String.prototype.isWellFormed: one pass over the units.
  for (let i = 0; i < s.length; i++) {
    const c = call<number>(natives.charCodeAt, s, [i]);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = i + 1 < s.length ? call<number>(natives.charCodeAt, s, [i + 1]) : 0;
      if (d >= 0xdc00 && d <= 0xdfff) i++;
      else return true;
    } else if (c >= 0xdc00 && c <= 0xdfff) return true;
  }
  return false;
}

/** A string as the hook sends it: whole when short, else its prefix and the facts. */
export function encodeString(s: string): EncodedPrimitive {
  if (s.length <= LIMITS.text) return { type: 'string', v: s };
  return {
    type: 'string',
    v: prefix(s, LIMITS.text),
    full: { length: s.length, bytes: utf8Bytes(s), lone: hasLoneSurrogates(s) },
  };
}

/** What the repeat check keeps of an argument: the value, or a fingerprint of a long string. */
export interface LongStringKey {
  readonly longString: true;
  readonly length: number;
  readonly head: string;
  readonly tail: string;
}
const EDGE = 256;

export function argKey(v: unknown): unknown {
  if (typeof v !== 'string' || v.length <= LIMITS.text) return v;
  return {
    __proto__: null,
    longString: true,
    length: v.length,
    head: detachedSlice(v, 0, EDGE),
    tail: detachedSlice(v, v.length - EDGE),
  } as unknown as LongStringKey;
}

/**
 * Whether `v` repeats the argument `key` was made from. Long strings compare by length and
 * their first and last 256 units (two such strings that differ only in between count as a
 * repeat: the price of never keeping them).
 */
export function sameArg(key: unknown, v: unknown): boolean {
  if (typeof key === 'object' && key !== null && (key as LongStringKey).longString === true) {
    const k = key as LongStringKey;
    return (
      typeof v === 'string' &&
      v.length === k.length &&
      call<string>(natives.stringSlice, v, [0, EDGE]) === k.head &&
      call<string>(natives.stringSlice, v, [v.length - EDGE]) === k.tail
    );
  }
  return natives.objectIs(key, v);
}
