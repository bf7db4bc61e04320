/** Filtering, sorting and summary counts of the connection list (pure, shared by panel and recorder). */
import { closeCodeLabel } from './closeCodes';
import { diagnoseCached } from './diagnosis';
import { type Connection, connectionState, hasInvalidCall, initiator } from './model';

export type OutcomeFilter = 'all' | 'clean' | 'unclean' | 'invalid' | 'open';
export type InitiatorFilter = 'all' | 'page' | 'server' | 'failure';

export interface Filter {
  readonly text: string;
  readonly outcome: OutcomeFilter;
  readonly initiator: InitiatorFilter;
  /** Close code, exact ("" = any). */
  readonly code: string;
}

export const EMPTY_FILTER: Filter = { text: '', outcome: 'all', initiator: 'all', code: '' };

export function isFilterActive(f: Filter): boolean {
  return f.text !== '' || f.outcome !== 'all' || f.initiator !== 'all' || f.code.trim() !== '';
}

export function matchesFilter(c: Connection, f: Filter): boolean {
  if (f.text) {
    const needle = f.text.toLowerCase();
    const hay = `${c.url}\n${c.closed?.reason ?? ''}\n${c.frameUrl}`.toLowerCase();
    if (!hay.includes(needle)) return false;
  }
  switch (f.outcome) {
    case 'clean':
      if (!c.closed?.wasClean) return false;
      break;
    case 'unclean':
      if (!c.closed || c.closed.wasClean) return false;
      break;
    case 'invalid':
      if (!hasInvalidCall(c)) return false;
      break;
    case 'open':
      if (c.closed) return false;
      break;
    default:
      break;
  }
  if (f.initiator !== 'all' && initiator(c) !== f.initiator) return false;
  const code = f.code.trim();
  if (code !== '' && String(c.closed?.code ?? '') !== code) return false;
  return true;
}

export type SortKey =
  | 'created'
  | 'url'
  | 'state'
  | 'initiator'
  | 'code'
  | 'reasonBytes'
  | 'wasClean'
  | 'duration';

export interface Sort {
  readonly key: SortKey;
  readonly descending: boolean;
}

function sortValue(c: Connection, key: SortKey): string | number {
  switch (key) {
    case 'created':
      return c.createdAt;
    case 'url':
      return c.url;
    case 'state':
      return connectionState(c);
    case 'initiator':
      return initiator(c) ?? '';
    case 'code':
      return c.closed?.code ?? -1;
    case 'reasonBytes':
      return c.closed?.reasonBytes ?? -1;
    case 'wasClean':
      return c.closed ? (c.closed.wasClean ? 1 : 0) : -1;
    case 'duration':
      return c.closed ? c.closed.t - c.createdAt : Number.MAX_VALUE;
  }
}

export function sortConnections(list: Connection[], sort: Sort): Connection[] {
  const dir = sort.descending ? -1 : 1;
  return list.sort((a, b) => {
    const va = sortValue(a, sort.key);
    const vb = sortValue(b, sort.key);
    if (va < vb) return -dir;
    if (va > vb) return dir;
    // Ties follow the same direction, so a reversed sort really reverses.
    return (a.createdAt - b.createdAt || a.sid - b.sid) * dir;
  });
}

export interface Summary {
  readonly connections: number;
  readonly open: number;
  readonly clean: number;
  readonly unclean: number;
  readonly invalidCalls: number;
  readonly warnings: number;
}

export function summarize(list: readonly Connection[]): Summary {
  let open = 0;
  let clean = 0;
  let unclean = 0;
  let invalidCalls = 0;
  let warnings = 0;
  for (const c of list) {
    if (!c.closed) open++;
    else if (c.closed.wasClean) clean++;
    else unclean++;
    for (const call of c.closeCalls) if (call.observed.threw) invalidCalls += call.repeat;
    if (diagnoseCached(c).severity === 'warning') warnings++;
  }
  return { connections: list.length, open, clean, unclean, invalidCalls, warnings };
}

export function codeCell(c: Connection): string {
  return c.closed ? closeCodeLabel(c.closed.code) : '';
}
