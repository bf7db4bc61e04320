/**
 * The panel's one strip of controls (as in the Network panel), out of App so the composition root
 * stays wiring. The e2e tests and the accessibility check find every control here by its
 * accessible name, class or test id, in this order: those are a contract, not decoration.
 */
import { useRef } from 'preact/hooks';
import { EMPTY_FILTER, type Filter } from '../../src/filters';
import { MAX_CONNECTIONS, MIN_CONNECTIONS } from '../shared/settings';
import type { ExportKind } from './exportLog';
import type { PanelModel } from './panelModel';

export interface ToolbarProps {
  model: PanelModel;
  filter: Filter;
  filterActive: boolean;
  onFilter(filter: Filter): void;
  onClear(): void;
  onExport(kind: ExportKind): void;
  onImport(file: File | undefined): Promise<void>;
  onOpenInTab(): void;
  /** The timeline instead of the table. */
  timeline: boolean;
  onTimeline(on: boolean): void;
}

export function Toolbar({
  model,
  filter,
  filterActive,
  onFilter,
  onClear,
  onExport,
  onImport,
  onOpenInTab,
  timeline,
  onTimeline,
}: ToolbarProps) {
  const fileInput = useRef<HTMLInputElement>(null);
  return (
    <div class="toolbar" role="toolbar" aria-label="WS Closes controls">
      <button type="button" onClick={onClear} title="Clear the log" aria-label="Clear">
        Clear
      </button>
      <label title="Keep rows across navigations and reloads of the inspected page">
        <input
          type="checkbox"
          checked={model.settings.preserveLog}
          onChange={(e) => model.setPreserveLog(e.currentTarget.checked)}
          aria-label="Preserve log"
        />{' '}
        Preserve log
      </label>
      <label title="Print warnings for invalid or suspicious close() calls in the page's console">
        <input
          type="checkbox"
          checked={model.settings.warnings}
          onChange={(e) => model.setWarnings(e.currentTarget.checked)}
          aria-label="Console warnings"
        />{' '}
        Console warnings
      </label>
      <label title="Connections kept per tab; older ones are dropped with a marker">
        Keep{' '}
        <input
          type="number"
          class="keep"
          min={MIN_CONNECTIONS}
          max={MAX_CONNECTIONS}
          step={10}
          value={model.settings.maxConnections}
          aria-label="Connections to keep"
          onChange={(e) => {
            const n = Number(e.currentTarget.value);
            if (Number.isInteger(n) && n >= MIN_CONNECTIONS && n <= MAX_CONNECTIONS)
              model.setMaxConnections(n);
          }}
        />
      </label>
      <input
        type="search"
        class="filter-text"
        placeholder="Filter URL or reason"
        aria-label="Filter by URL or reason"
        value={filter.text}
        onInput={(e) => onFilter({ ...filter, text: e.currentTarget.value })}
      />
      <select
        aria-label="Outcome"
        value={filter.outcome}
        onChange={(e) => onFilter({ ...filter, outcome: e.currentTarget.value as Filter['outcome'] })}
      >
        <option value="all">All outcomes</option>
        <option value="clean">Clean</option>
        <option value="unclean">Unclean</option>
        <option value="invalid">Invalid call</option>
        <option value="open">Still open</option>
      </select>
      <select
        aria-label="Closed by"
        value={filter.initiator}
        onChange={(e) => onFilter({ ...filter, initiator: e.currentTarget.value as Filter['initiator'] })}
      >
        <option value="all">Closed by anyone</option>
        <option value="page">Page</option>
        <option value="server">Server</option>
        <option value="failure">Failure</option>
      </select>
      <input
        type="text"
        class="filter-code"
        inputMode="numeric"
        placeholder="Code"
        aria-label="Filter by close code"
        value={filter.code}
        onInput={(e) => onFilter({ ...filter, code: e.currentTarget.value })}
      />
      {filterActive && (
        <button type="button" onClick={() => onFilter(EMPTY_FILTER)} aria-label="Clear filters">
          Clear filters
        </button>
      )}
      <button
        type="button"
        aria-pressed={timeline}
        aria-label="Timeline"
        title="Show the connections in time instead of the table"
        onClick={() => onTimeline(!timeline)}
      >
        Timeline
      </button>
      <span class="spacer" />
      <button type="button" onClick={() => onExport('json')} aria-label="Export JSON">
        Export JSON
      </button>
      <button type="button" onClick={() => onExport('csv')} aria-label="Export CSV">
        Export CSV
      </button>
      <button
        type="button"
        onClick={() => onExport('html')}
        aria-label="Export HTML"
        title="A self-contained report (no script, no network) to attach to a bug"
      >
        Export HTML
      </button>
      <button
        type="button"
        onClick={() => fileInput.current?.click()}
        aria-label="Import close log"
        title="Import a JSON close log (or drop the file on the panel)"
      >
        Import…
      </button>
      <input
        ref={fileInput}
        type="file"
        accept=".json,application/json"
        hidden
        aria-label="Close log file to import"
        onChange={(e) => {
          const input = e.currentTarget;
          const file = input.files?.[0];
          // Reset, so choosing the same file again imports it again.
          input.value = '';
          void onImport(file);
        }}
        data-testid="import-input"
      />
      {model.mode === 'devtools' && (
        <button type="button" onClick={onOpenInTab} aria-label="Open in a tab">
          Open in tab
        </button>
      )}
    </div>
  );
}
