/**
 * The filter and the sort order survive a reload of the panel (DevTools builds it anew each time
 * it opens), so they are kept in localStorage; whatever is unreadable there falls back to the
 * defaults rather than breaking the panel.
 */
import { useEffect, useState } from 'preact/hooks';
import { EMPTY_FILTER, type Filter, type Sort, type SortKey } from '../../src/filters';

const FILTER_KEY = 'wsci-filter';
const SORT_KEY = 'wsci-sort';
/** Creation order: also what the "Navigated to …" separators need. */
export const DEFAULT_SORT: Sort = { key: 'created', descending: false };
const SORT_KEYS: readonly SortKey[] = [
  'created',
  'url',
  'state',
  'initiator',
  'code',
  'reasonBytes',
  'wasClean',
  'duration',
];

function loadJson(key: string): Record<string, unknown> | null {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(key) ?? 'null');
    return typeof raw === 'object' && raw !== null && !Array.isArray(raw)
      ? (raw as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

function loadFilter(): Filter {
  const raw = loadJson(FILTER_KEY);
  if (!raw) return EMPTY_FILTER;
  return {
    text: typeof raw.text === 'string' ? raw.text : '',
    outcome:
      (['all', 'clean', 'unclean', 'invalid', 'open'] as const).find((o) => o === raw.outcome) ?? 'all',
    initiator: (['all', 'page', 'server', 'failure'] as const).find((o) => o === raw.initiator) ?? 'all',
    code: typeof raw.code === 'string' ? raw.code : '',
  };
}

function loadSort(): Sort {
  const raw = loadJson(SORT_KEY);
  const key = SORT_KEYS.find((k) => k === raw?.key);
  return key ? { key, descending: raw?.descending === true } : DEFAULT_SORT;
}

function save(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // Storage full or disabled: the state just does not survive a reload.
  }
}

export interface PersistedFilters {
  filter: Filter;
  setFilter(filter: Filter): void;
  sort: Sort;
  setSort(sort: Sort): void;
}

export function usePersistedFilters(): PersistedFilters {
  const [filter, setFilter] = useState<Filter>(loadFilter);
  const [sort, setSort] = useState<Sort>(loadSort);
  useEffect(() => save(FILTER_KEY, filter), [filter]);
  useEffect(() => save(SORT_KEY, sort), [sort]);
  return { filter, setFilter, sort, setSort };
}
