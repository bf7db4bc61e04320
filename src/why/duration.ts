/**
 * Durations as the findings print them. Seconds keep one decimal below two minutes because the
 * interesting comparisons there (60.0 s against a 60 s idle timeout, 0.2 s before a drop) need it;
 * longer spans only need minutes, and hours past that.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** "45 ms", "0.2 s", "60.0 s", "6 min 12 s", "2 h 5 min". Negative or non-finite input prints as 0 ms / "?". */
export function formatDuration(ms: number): string {
  if (Number.isNaN(ms)) return '?';
  if (ms === Number.POSITIVE_INFINITY) return '\u221e';
  const v = Math.max(0, ms);
  if (v < 100) return `${Math.round(v)} ms`;
  // 119 950 ms would print as "120.0 s"; switch to minutes at the rounded value instead.
  if (Math.round(v / 100) < 1200) return `${(v / SECOND).toFixed(1)} s`;
  const totalSeconds = Math.round(v / SECOND);
  if (totalSeconds < HOUR / SECOND) return `${Math.floor(totalSeconds / 60)} min ${totalSeconds % 60} s`;
  const totalMinutes = Math.round(v / MINUTE);
  return `${Math.floor(totalMinutes / 60)} h ${totalMinutes % 60} min`;
}

/** A configured limit in its natural unit: "55 s", "100 s", "4 min", "350 s", "2 h". */
export function formatLimit(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 120 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/** "+0.4 s" / "-0.8 s": how far a measurement lies from a limit. */
export function formatOffset(ms: number): string {
  return `${ms < 0 ? '-' : '+'}${formatDuration(Math.abs(ms))}`;
}
