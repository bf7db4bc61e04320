/**
 * The grid's column headings double as its sort control: a click sorts by that column, a second
 * click reverses, a third goes back to creation order (the only order that shows navigations).
 */
import type { RefObject } from 'preact';
import type { Sort, SortKey } from '../../src/filters';
import { DEFAULT_SORT } from './usePersistedFilters';

/** In display order; a null key is a column that cannot be sorted by. */
export const COLUMNS: { key: SortKey | null; label: string; className: string }[] = [
  { key: 'url', label: 'URL', className: 'c-url' },
  { key: 'state', label: 'State', className: 'c-state' },
  { key: 'initiator', label: 'Closed by', className: 'c-initiator' },
  { key: 'code', label: 'Code', className: 'c-code' },
  { key: null, label: 'Reason', className: 'c-reason' },
  { key: 'reasonBytes', label: 'Reason bytes', className: 'c-bytes' },
  { key: 'wasClean', label: 'wasClean', className: 'c-clean' },
  { key: null, label: 'close() calls', className: 'c-calls' },
  { key: 'duration', label: 'Lifetime', className: 'c-duration' },
  { key: null, label: 'Diagnosis', className: 'c-diagnosis' },
];

export function GridHeader({
  head,
  sort,
  onSort,
}: {
  head: RefObject<HTMLTableSectionElement>;
  sort: Sort;
  onSort(sort: Sort): void;
}) {
  return (
    <thead ref={head}>
      <tr aria-rowindex={1}>
        {COLUMNS.map((col) => {
          const active = col.key !== null && sort.key === col.key;
          return (
            <th
              key={col.label}
              class={col.className}
              scope="col"
              aria-sort={active ? (sort.descending ? 'descending' : 'ascending') : undefined}
            >
              {col.key ? (
                <button
                  type="button"
                  class="sort"
                  title={`Sort by ${col.label}`}
                  onClick={() => {
                    const key = col.key;
                    if (!key) return;
                    onSort(
                      active && sort.descending
                        ? DEFAULT_SORT
                        : { key, descending: active && !sort.descending },
                    );
                  }}
                >
                  {col.label}
                  <span class="sort-arrow" aria-hidden="true">
                    {active ? (sort.descending ? '▼' : '▲') : ''}
                  </span>
                </button>
              ) : (
                col.label
              )}
            </th>
          );
        })}
      </tr>
    </thead>
  );
}
