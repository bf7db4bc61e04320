/**
 * The table of connections: a virtualised grid (see useVirtualWindow) that is driven from the
 * keyboard as in the Network panel. Arrows, PageUp/PageDown, Home and End move the selection and
 * keep it in view; Enter opens the details, Esc closes them.
 */
import type { Sort } from '../../src/filters';
import type { Connection } from '../../src/model';
import { ConnectionRow, rowId } from './ConnectionRow';
import { COLUMNS, GridHeader } from './GridHeader';
import type { ImportedLog } from './panelModel';
import type { Selection } from './useSelection';
import { ROW_HEIGHT, type VirtualWindow } from './useVirtualWindow';
import type { WhyOf } from './useWhy';

export interface ConnectionGridProps {
  rows: Connection[];
  /** Connections before the filter: tells an empty log from a filter that matches nothing. */
  total: number;
  imported: ImportedLog | null;
  /** The live store keeps earlier pages' rows, so navigations can be marked between them. */
  preserveLog: boolean;
  sort: Sort;
  onSort(sort: Sort): void;
  selection: Selection;
  /** The selected connection, if the store still has it (it may be filtered out of the rows). */
  selectedConnection: Connection | null;
  view: VirtualWindow;
  /** Why each connection closed (computed only for the rows on screen). */
  readonly why: WhyOf;
}

export function ConnectionGrid({
  rows,
  total,
  imported,
  preserveLog,
  sort,
  onSort,
  selection,
  selectedConnection,
  view,
  why,
}: ConnectionGridProps) {
  const { selected, setSelected, detailOpen, setDetailOpen } = selection;
  const { first, last, page } = view;
  const selectedIndex = selected ? rows.findIndex((c) => c.key === selected) : -1;
  const windowed = rows.slice(first, last);

  const select = (index: number): void => {
    if (rows.length === 0) return;
    const next = Math.min(rows.length - 1, Math.max(0, index));
    const target = rows[next];
    if (!target) return;
    setSelected(target.key);
    view.reveal(next);
  };

  const onKeyDown = (e: KeyboardEvent): void => {
    const handled = ((): boolean => {
      switch (e.key) {
        case 'ArrowDown':
          select(selectedIndex + 1);
          return true;
        case 'ArrowUp':
          select(selectedIndex < 0 ? 0 : selectedIndex - 1);
          return true;
        case 'PageDown':
          select(selectedIndex + page);
          return true;
        case 'PageUp':
          select(selectedIndex - page);
          return true;
        case 'Home':
          select(0);
          return true;
        case 'End':
          select(rows.length - 1);
          return true;
        case 'Enter':
          if (selectedConnection) setDetailOpen(true);
          return selectedConnection !== null;
        case 'Escape':
          if (detailOpen) setDetailOpen(false);
          return detailOpen;
        default:
          return false;
      }
    })();
    if (handled) {
      e.preventDefault();
      e.stopPropagation();
    }
  };

  // "Navigated to …" separators mean something only when rows are in time order.
  const separators = !imported && preserveLog && sort.key === 'created' && !sort.descending;
  let lastPage = windowed[0] && first > 0 ? (rows[first - 1]?.pageIndex ?? -1) : -1;
  return (
    <div class="table-scroll" ref={view.scroller} onScroll={(e) => view.onScroll(e.currentTarget.scrollTop)}>
      <table
        ref={selection.grid}
        class="grid"
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a data grid with arrow-key row selection, as in the Network panel
        role="grid"
        tabIndex={0}
        onKeyDown={onKeyDown}
        aria-label={imported ? `Connections imported from ${imported.name}` : 'Connections'}
        aria-rowcount={rows.length + 1}
        aria-activedescendant={
          selectedIndex >= first && selectedIndex < last && selected ? rowId(selected) : undefined
        }
      >
        <GridHeader head={view.head} sort={sort} onSort={onSort} />
        <tbody>
          {first > 0 && (
            <tr class="spacer">
              <td colSpan={COLUMNS.length} style={{ height: `${first * ROW_HEIGHT}px` }} />
            </tr>
          )}
          {windowed.map((c, i) => {
            const separator = separators && c.pageIndex !== lastPage && lastPage !== -1;
            lastPage = c.pageIndex;
            return (
              <ConnectionRow
                key={c.key}
                c={c}
                index={first + i}
                selected={c.key === selected}
                separator={separator}
                onSelect={() => setSelected(c.key)}
                onOpen={() => selection.openDetail(c.key)}
                why={why(c)}
              />
            );
          })}
          {last < rows.length && (
            <tr class="spacer">
              <td colSpan={COLUMNS.length} style={{ height: `${(rows.length - last) * ROW_HEIGHT}px` }} />
            </tr>
          )}
        </tbody>
      </table>
      {rows.length === 0 && (
        <div class="empty">
          {total === 0
            ? imported
              ? 'This close log has no connections.'
              : 'No WebSocket connections yet. Use the page; every socket shows up here.'
            : 'No connection matches the filter.'}
        </div>
      )}
    </div>
  );
}
