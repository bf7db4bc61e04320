/**
 * What is wrong or noteworthy about one close() call. Shared by the page-console warnings
 * (MAIN world) and the panel's diagnosis, so both always say the same thing.
 */
import { closeCodeLabel, REASON_BYTE_LIMIT } from './closeCodes';
import { type Engine, MESSAGES_SAY_WHY, PROFILE_LABEL, PROFILES, type Profile } from './closeRules';
import type { ArgSnapshot, CloseCallEvent, VerdictRecord } from './protocol';
import { READY_STATE_NAMES } from './protocol';

export type CallFindingKind =
  | 'invalid' // the call threw in this browser
  | 'portability' // another engine or the standard disagrees
  | 'conversion' // passed only thanks to a WebIDL conversion
  | 'no-effect' // socket already CLOSING/CLOSED
  | 'connecting' // close() before the connection was established
  | 'model-mismatch'; // our model of this engine disagrees with the browser: a bug of ours

export interface CallFinding {
  readonly kind: CallFindingKind;
  readonly severity: 'error' | 'warning' | 'info';
  readonly text: string;
  /** Where the rule is written down. */
  readonly link: string;
}

export const SPEC_LINK = 'https://websockets.spec.whatwg.org/#dom-websocket-close';
const WEBIDL_CLAMP_LINK = 'https://webidl.spec.whatwg.org/#abstract-opdef-converttoint';
const CONNECTING_LINK = 'https://websockets.spec.whatwg.org/#dom-websocket-close';

/** Facts about a call that the findings need (a CloseCallEvent carries all of them). */
export type CallFacts = Pick<
  CloseCallEvent,
  'readyState' | 'argc' | 'code' | 'reason' | 'observed' | 'engine' | 'verdicts'
>;

/** `close(4001, "bye")` as the page wrote it. */
export function formatCallArgs(call: Pick<CallFacts, 'argc' | 'code' | 'reason'>): string {
  const parts: string[] = [];
  if (call.argc >= 1) parts.push(argText(call.code));
  if (call.argc >= 2) parts.push(argText(call.reason));
  if (call.argc > 2) parts.push('…');
  return `close(${parts.join(', ')})`;
}

function argText(a: ArgSnapshot): string {
  if (a.primitive === undefined) return a.text;
  return `${a.text} \u2192 ${a.threw ? 'threw' : a.primitive}`;
}

function outcomeText(v: VerdictRecord): string {
  if (!v.ok) return `throws ${v.errorName}`;
  if (v.wireCode !== null) return `sends ${v.wireCode}`;
  // Firefox's close(undefined, 'bye'): an empty Close frame, so the reason never reaches the server.
  return v.reason ? 'sends no status code and drops the reason' : 'sends no status code';
}

/**
 * Why the call threw, from this engine's own verdict, for engines whose exception messages do not
 * say (Firefox: "An invalid or illegal string was specified"). Empty when the message does.
 */
function explanation(call: CallFacts): string {
  const mine = call.verdicts?.[call.engine];
  if (!call.observed.threw || MESSAGES_SAY_WHY[call.engine]) return '';
  if (!mine || mine.ok || mine.errorName !== call.observed.name) return '';
  if (mine.errorName === 'SyntaxError' && mine.reasonBytes !== null)
    return ` (the reason is ${mine.reasonBytes} UTF-8 bytes; at most ${REASON_BYTE_LIMIT} are allowed)`;
  if (mine.errorName === 'InvalidAccessError' && mine.code !== null)
    return ` (the code must be 1000 or 3000\u20134999; ${mine.code} is neither)`;
  return '';
}

export function analyzeCall(call: CallFacts): CallFinding[] {
  const findings: CallFinding[] = [];
  const here = PROFILE_LABEL[call.engine];

  if (call.observed.threw) {
    findings.push({
      kind: 'invalid',
      severity: 'error',
      text: `threw ${call.observed.name} in ${here}: ${call.observed.message}${explanation(call)}`,
      link: SPEC_LINK,
    });
  }
  // No verdicts: an argument's own conversion failed, so the call never reached close()'s rules.
  if (!call.verdicts) return findings;
  const mine = call.verdicts[call.engine];

  const agrees = call.observed.threw
    ? !mine.ok && mine.errorName === call.observed.name && mine.message === call.observed.message
    : mine.ok;
  if (!agrees) {
    findings.push({
      kind: 'model-mismatch',
      severity: 'info',
      text: `the inspector's ${here} model predicted "${mine.ok ? 'ok' : `${mine.errorName}: ${mine.message}`}" but the browser did otherwise; please report this`,
      link: SPEC_LINK,
    });
  }

  const portability = describePortability(call.engine, call.verdicts);
  if (portability) {
    findings.push({ kind: 'portability', severity: 'warning', text: portability, link: WEBIDL_CLAMP_LINK });
  }

  if (mine.ok) {
    const conversion = describeConversion(call, mine);
    if (conversion)
      findings.push({ kind: 'conversion', severity: 'warning', text: conversion, link: WEBIDL_CLAMP_LINK });
    if (call.readyState >= 2) {
      findings.push({
        kind: 'no-effect',
        severity: 'info',
        text: `close() on a ${READY_STATE_NAMES[call.readyState]} socket has no effect`,
        link: SPEC_LINK,
      });
    } else if (call.readyState === 0) {
      findings.push({
        kind: 'connecting',
        severity: 'warning',
        text: 'before the connection was established: this fails the connection; the page gets an error event and a close event with 1006, and no code or reason reaches the server',
        link: CONNECTING_LINK,
      });
    }
  }
  return findings;
}

/** "works in Chromium (sends 4999); throws InvalidAccessError in Firefox and per spec". */
export function describePortability(
  engine: Engine,
  verdicts: Readonly<Record<Profile, VerdictRecord>>,
): string | null {
  const mine = verdicts[engine];
  const groups = new Map<string, Profile[]>();
  for (const p of PROFILES) {
    if (p === engine) continue;
    const other = verdicts[p];
    const differs =
      other.ok !== mine.ok ||
      (other.ok ? outcomeText(other) !== outcomeText(mine) : !mine.ok && other.errorName !== mine.errorName);
    if (!differs) continue;
    const key = outcomeText(other);
    const list = groups.get(key) ?? [];
    list.push(p);
    groups.set(key, list);
  }
  if (groups.size === 0) return null;
  const mineText = mine.ok
    ? `works in ${PROFILE_LABEL[engine]} (${outcomeText(mine)})`
    : `${outcomeText(mine)} in ${PROFILE_LABEL[engine]}`;
  const others = [...groups].map(([text, list]) => `${text} ${where(list)}`);
  return `not portable: ${mineText}; ${others.join('; ')}`;
}

function where(list: readonly Profile[]): string {
  const engines = list.filter((p) => p !== 'spec').map((p) => PROFILE_LABEL[p]);
  const inEngines = engines.length === 0 ? '' : `in ${engines.join(' and ')}`;
  if (!list.includes('spec')) return inEngines;
  return inEngines ? `${inEngines} and per spec` : 'per spec';
}

function describeConversion(call: CallFacts, mine: Extract<VerdictRecord, { ok: true }>): string | null {
  const notes: string[] = [];
  if (mine.code !== null && call.argc >= 1) {
    const given = call.code;
    const literalInteger =
      given.given === 'number' && /^\d+$/.test(given.text) && Number(given.text) === mine.code;
    if (!literalInteger) {
      notes.push(
        `code ${given.text}${given.primitive !== undefined ? ` (\u2192 ${given.primitive})` : ''} was converted to ${closeCodeLabel(mine.code)}`,
      );
    }
  }
  if (mine.reason !== null && call.argc >= 2) {
    const given = call.reason;
    if (given.given !== 'string') {
      notes.push(`reason ${given.text} was converted to the string "${mine.reason}"`);
    } else if (given.loneSurrogates) {
      notes.push('reason contains lone surrogates, sent as U+FFFD');
    }
  }
  if (notes.length === 0) return null;
  return `passed only thanks to a conversion: ${notes.join('; ')}`;
}
