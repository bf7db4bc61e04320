/**
 * Tiny shape checks for untrusted messages. Every reader returns undefined on a bad shape,
 * so one bad field rejects the whole record instead of letting it through half-checked.
 */

export type Reader<T> = (value: unknown) => T | undefined;

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const readBool: Reader<boolean> = (v) => (typeof v === 'boolean' ? v : undefined);

/*@__NO_SIDE_EFFECTS__*/
export function readNumber(min = -Number.MAX_VALUE, max = Number.MAX_VALUE): Reader<number> {
  return (v) => (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : undefined);
}

/*@__NO_SIDE_EFFECTS__*/
export function readInt(min: number, max: number): Reader<number> {
  return (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : undefined);
}

/** Strings longer than `max` are rejected, not cut: the sender is expected to cap and say so. */
/*@__NO_SIDE_EFFECTS__*/
export function readString(max: number): Reader<string> {
  return (v) => (typeof v === 'string' && v.length <= max ? v : undefined);
}

/** Exactly this string: a message's source tag, type or an event's kind. */
/*@__NO_SIDE_EFFECTS__*/
export function readLiteral<const T extends string>(value: T): Reader<T> {
  return (v) => (v === value ? value : undefined);
}

/*@__NO_SIDE_EFFECTS__*/
export function readOneOf<const T extends string>(values: readonly T[]): Reader<T> {
  return (v) => (typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T) : undefined);
}

/*@__NO_SIDE_EFFECTS__*/
export function readArray<T>(item: Reader<T>, maxLength: number): Reader<T[]> {
  return (v) => {
    if (!Array.isArray(v) || v.length > maxLength) return undefined;
    const out: T[] = [];
    for (const element of v) {
      const parsed = item(element);
      if (parsed === undefined) return undefined;
      out.push(parsed);
    }
    return out;
  };
}

/*@__NO_SIDE_EFFECTS__*/
export function readNullable<T>(reader: Reader<T>): Reader<T | null> {
  return (v) => (v === null ? null : reader(v));
}

type Shape = Record<string, Reader<unknown>>;
type FromShape<S extends Shape> = { [K in keyof S]: S[K] extends Reader<infer T> ? T : never };

/**
 * An object with exactly these fields (unknown extra fields are dropped).
 * Fields whose reader accepts undefined are optional.
 */
/*@__NO_SIDE_EFFECTS__*/
export function readObject<S extends Shape>(shape: S): Reader<FromShape<S>> {
  return (v) => {
    if (!isRecord(v)) return undefined;
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(shape)) {
      const reader = shape[key] as Reader<unknown>;
      const raw = Object.hasOwn(v, key) ? v[key] : undefined;
      const parsed = reader(raw);
      if (parsed === undefined && raw !== undefined) return undefined;
      if (parsed === undefined && !acceptsMissing(reader)) return undefined;
      if (parsed !== undefined) out[key] = parsed;
    }
    return out as FromShape<S>;
  };
}

const OPTIONAL = new WeakSet<Reader<unknown>>();

function acceptsMissing(reader: Reader<unknown>): boolean {
  return OPTIONAL.has(reader);
}

/** Marks a field as optional in readObject. */
/*@__NO_SIDE_EFFECTS__*/
export function optional<T>(reader: Reader<T>): Reader<T | undefined> {
  const wrapped: Reader<T | undefined> = (v) => (v === undefined ? undefined : reader(v));
  OPTIONAL.add(wrapped as Reader<unknown>);
  return wrapped;
}
