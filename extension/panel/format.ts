/** Display helpers for the panel (text only: everything here ends up in text nodes). */
import { REASON_BYTE_LIMIT } from '../../src/closeCodes';

export function bytesLabel(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined ? '' : `${bytes} / ${REASON_BYTE_LIMIT} bytes`;
}

/** "1 connection", "2 connections". */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}

export function duration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
}

export function clock(t: number): string {
  const d = new Date(t);
  return `${d.toLocaleTimeString(undefined, { hour12: false })}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

const FRAME_LOCATION =
  /(?:\(|@|^)((?:https?|file|chrome-extension|moz-extension):\/\/[^\s)]+?|[a-z]+:[^\s)]*?):(\d+):(\d+)\)?$/;

/** "fn (https://x/app.js:12:5)" or "https://x/app.js:12:5" → location parts, for opening in Sources. */
export function parseFrame(frame: string): { url: string; line: number; column: number } | null {
  const m = FRAME_LOCATION.exec(frame);
  if (!m?.[1] || !m[2] || !m[3]) return null;
  return { url: m[1], line: Number(m[2]), column: Number(m[3]) };
}

/**
 * A stack frame cut around its source location, so the location alone can be a link:
 * "sendBye (https://x/app.js:10:5)" → { before: "sendBye (", location: "https://x/app.js:10:5", after: ")" }.
 */
export function splitFrame(
  frame: string,
): { before: string; location: string; after: string; url: string; line: number; column: number } | null {
  const loc = parseFrame(frame);
  if (!loc) return null;
  const location = `${loc.url}:${loc.line}:${loc.column}`;
  const at = frame.lastIndexOf(location);
  if (at < 0) return null;
  return {
    before: frame.slice(0, at),
    location,
    after: frame.slice(at + location.length),
    ...loc,
  };
}
