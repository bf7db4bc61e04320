/**
 * An event's size as the caps count it: two bytes per UTF-16 unit of its strings plus a small
 * fixed cost per value, walking plain data (events are JSON-shaped; depth is bounded so a
 * pathological value cannot make the count itself expensive).
 */
const FIXED = 16;

export function approxBytes(value: unknown, depth = 0): number {
  switch (typeof value) {
    case 'string':
      return FIXED + 2 * value.length;
    case 'object': {
      if (value === null) return FIXED;
      if (depth > 6) return FIXED;
      let n = FIXED;
      if (Array.isArray(value)) {
        for (const v of value) n += approxBytes(v, depth + 1);
        return n;
      }
      for (const key of Object.keys(value)) {
        n += 2 * key.length + approxBytes((value as Record<string, unknown>)[key], depth + 1);
      }
      return n;
    }
    default:
      return FIXED;
  }
}
