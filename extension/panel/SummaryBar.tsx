/**
 * One line that says where the rows come from (live, reconnecting, importing, imported) and what
 * they add up to, so a glance tells whether anything went wrong; the e2e tests read the counts
 * from it.
 */
import { PROFILE_LABEL } from '../../src/closeRules';
import type { Summary } from '../../src/filters';
import type { ConnectionStore } from '../../src/model';
import { count } from './format';

export interface SummaryBarProps {
  /** The link's status (model.status), shown while the live log is. */
  status: string;
  imported: boolean;
  /** The name of the file being imported, if any. */
  importing: string | null;
  summary: Summary;
  store: ConnectionStore;
  filterActive: boolean;
  /** Rows the filter lets through. */
  shown: number;
}

export function SummaryBar({
  status,
  imported,
  importing,
  summary,
  store,
  filterActive,
  shown,
}: SummaryBarProps) {
  return (
    <div class="summary">
      <span class="status" data-status={imported ? 'imported' : status}>
        {importing ? `importing ${importing}…` : imported ? 'imported' : status}
      </span>
      <span data-testid="summary" aria-live="polite">
        {count(summary.connections, 'connection')} · {summary.clean} clean · {summary.unclean} unclean ·{' '}
        {summary.open} open · {count(summary.invalidCalls, 'invalid call')}
      </span>
      {store.engine && (
        <span class="engine" data-testid="engine" title={store.userAgent}>
          {PROFILE_LABEL[store.engine]}
        </span>
      )}
      {filterActive && <span data-testid="shown">{shown} shown</span>}
      {store.droppedConnections > 0 && (
        <span class="dropped">{count(store.droppedConnections, 'older connection')} dropped</span>
      )}
      {store.notes.map((n) => (
        <span class="note" key={n} title={n}>
          {n}
        </span>
      ))}
    </div>
  );
}
