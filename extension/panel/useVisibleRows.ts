/**
 * Filtering and sorting a big log is the costly part of a render, so it is redone only when the
 * store changes (it bumps its revision) or the filter or sort does, not on every scroll.
 */
import { useMemo } from 'preact/hooks';
import {
  type Filter,
  isFilterActive,
  matchesFilter,
  type Sort,
  type Summary,
  sortConnections,
  summarize,
} from '../../src/filters';
import type { Connection, ConnectionStore } from '../../src/model';

export interface VisibleRows {
  /** Every connection in the store, in creation order. */
  readonly all: Connection[];
  /** The ones the filter lets through, sorted: the table's rows. */
  readonly rows: Connection[];
  readonly summary: Summary;
  readonly filterActive: boolean;
}

export function useVisibleRows(store: ConnectionStore, filter: Filter, sort: Sort): VisibleRows {
  const all = store.list();
  const filterActive = isFilterActive(filter);
  const rows = useMemo(() => {
    const visible = filterActive ? all.filter((c) => matchesFilter(c, filter)) : all.slice();
    return sortConnections(visible, sort);
  }, [store.revision, store, filter, sort, all.length]);
  const summary = useMemo(() => summarize(all), [store.revision, store, all.length]);
  return { all, rows, summary, filterActive };
}
