/**
 * Page-console warnings for close() calls: what to print, and collapsing repeats from the same
 * call site with the same arguments.
 */
import { analyzeCall, formatCallArgs } from './callFindings';
import { PROFILE_LABEL, PROFILES } from './closeRules';
import { libraryOf } from './libraryOf';
import type { CloseCallEvent, VerdictRecord } from './protocol';

export const WARNING_PREFIX = '[WS Close Inspector]';

function verdictText(v: VerdictRecord): string {
  if (!v.ok) return `throws ${v.errorName}`;
  return v.wireCode === null ? 'ok (no status code)' : `ok (sends ${v.wireCode})`;
}

/** The warning for one call, or null when there is nothing to warn about. */
export function formatWarning(
  socketUrl: string,
  call: CloseCallEvent,
  pageUrl: string | null = null,
): string | null {
  // close() on a CLOSING/CLOSED socket is harmless and common in libraries (mqtt.js, phoenix,
  // y-websocket, pusher-js): the panel shows it, the console stays quiet about it.
  const findings = analyzeCall(call).filter((f) => f.kind !== 'no-effect');
  if (findings.length === 0) return null;
  const lines = [`${WARNING_PREFIX} ${formatCallArgs(call)} on ${socketUrl}`];
  for (const f of findings) lines.push(`  \u2022 ${f.text}`);
  if (call.verdicts) {
    const verdicts = call.verdicts;
    lines.push(
      `  \u2022 verdicts: ${PROFILES.map((p) => `${PROFILE_LABEL[p]}: ${verdictText(verdicts[p])}`).join(' \u00b7 ')}`,
    );
  }
  const links = [...new Set(findings.map((f) => f.link))];
  lines.push(`  rule: ${links.join(' ')}`);
  if (call.stack[0]) lines.push(`  called at ${call.stack[0]}`);
  const library = call.stack[0] ? libraryOf(call.stack[0], pageUrl) : null;
  if (library)
    lines.push(`  from ${library}: its warnings are grouped, whichever of its lines made the call`);
  return lines.join('\n');
}

/**
 * Key for collapsing repeats: same call site, same arguments, same outcome. A library's calls
 * collapse by library: which of its minified lines made the call helps nobody.
 */
export function warningKey(call: CloseCallEvent, pageUrl: string | null = null): string {
  const outcome = call.observed.threw ? `${call.observed.name}:${call.observed.message}` : 'ok';
  const site = call.stack[0] ? (libraryOf(call.stack[0], pageUrl) ?? call.stack[0]) : '?';
  return `${site}|${formatCallArgs(call)}|${call.readyState}|${outcome}`;
}

/** Collapses repeated warnings: the first is printed, later ones are counted and summarised. */
export class WarningCollapser {
  private readonly seen = new Map<string, { pending: number; text: string }>();

  constructor(private readonly maxKeys = 1000) {}

  /** Returns the text to print now, or null when it is a repeat (counted for the next summary). */
  offer(key: string, text: string, count = 1): string | null {
    const entry = this.seen.get(key);
    if (entry) {
      entry.pending += count;
      return null;
    }
    if (this.seen.size >= this.maxKeys) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.seen.set(key, { pending: count - 1, text });
    return text;
  }

  /** Summaries of repeats since the last call ("…repeated 41 more times"). */
  drain(): string[] {
    const out: string[] = [];
    for (const entry of this.seen.values()) {
      if (entry.pending > 0) {
        const first = entry.text.split('\n')[0] ?? '';
        out.push(`${first} \u2014 repeated ${entry.pending} more time${entry.pending === 1 ? '' : 's'}`);
        entry.pending = 0;
      }
    }
    return out;
  }
}
