import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { CloseLogError, readCloseLog, toCloseLog, toCsv } from '../../src/closeLog';
import { PROFILE_LABEL } from '../../src/closeRules';
import { diagnoseCached, headline } from '../../src/diagnosis';
import {
  codeCell,
  EMPTY_FILTER,
  type Filter,
  isFilterActive,
  matchesFilter,
  type Sort,
  type SortKey,
  sortConnections,
  summarize,
} from '../../src/filters';
import {
  type Connection,
  ConnectionStore,
  connectionState,
  hasInvalidCall,
  initiator,
  totalCloseCalls,
} from '../../src/model';
import type { PanelOpenInTab } from '../../src/protocol';
import { MAX_CONNECTIONS, MIN_CONNECTIONS } from '../shared/settings';
import { DetailView } from './DetailView';
import { download, readFileText, timestampForFile } from './files';
import { bytesLabel, count, duration } from './format';
import type { PanelModel } from './panelModel';

/** Every row is exactly this tall (panel.css: tr.row); the virtualised window relies on it. */
const ROW_HEIGHT = 24;
const OVERSCAN = 12;
const FILTER_KEY = 'wsci-filter';
const SORT_KEY = 'wsci-sort';
const TOOL_VERSION = '0.1.0';
const DEFAULT_SORT: Sort = { key: 'created', descending: false };
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

const COLUMNS: { key: SortKey | null; label: string; className: string }[] = [
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

const rowId = (key: string): string => `row-${key}`;

function isTextEntry(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target.isContentEditable)
  );
}

export function App({ model }: { model: PanelModel }) {
  const [, setTick] = useState(0);
  const [filter, setFilter] = useState<Filter>(loadFilter);
  const [sort, setSort] = useState<Sort>(loadSort);
  const [selected, setSelected] = useState<string | null>(null);
  const [detailOpen, setDetailOpen] = useState(false);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(400);
  const [importError, setImportError] = useState<string | null>(null);
  const [importing, setImporting] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const grid = useRef<HTMLTableElement>(null);
  const head = useRef<HTMLTableSectionElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => model.subscribe(() => setTick((t) => t + 1)), [model]);
  useEffect(() => save(FILTER_KEY, filter), [filter]);
  useEffect(() => save(SORT_KEY, sort), [sort]);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = (): void => setViewport(el.clientHeight);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const store: ConnectionStore = model.imported?.store ?? model.store;
  const all = store.list();
  const filterActive = isFilterActive(filter);
  const rows = useMemo(() => {
    const visible = filterActive ? all.filter((c) => matchesFilter(c, filter)) : all.slice();
    return sortConnections(visible, sort);
  }, [store.revision, store, filter, sort, all.length]);
  const summary = useMemo(() => summarize(all), [store.revision, store, all.length]);
  const selectedConnection = selected ? (store.get(selected) ?? null) : null;
  const selectedIndex = selected ? rows.findIndex((c) => c.key === selected) : -1;

  const first = Math.min(rows.length, Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN));
  const last = Math.max(
    first,
    Math.min(rows.length, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN),
  );
  const windowed = rows.slice(first, last);

  const select = (index: number): void => {
    if (rows.length === 0) return;
    const next = Math.min(rows.length - 1, Math.max(0, index));
    const target = rows[next];
    if (!target) return;
    setSelected(target.key);
    const el = scroller.current;
    if (!el) return;
    // Keep the row fully visible below the sticky header.
    const header = head.current?.offsetHeight ?? ROW_HEIGHT;
    const top = header + next * ROW_HEIGHT;
    if (top < el.scrollTop + header) el.scrollTop = top - header;
    else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
      el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
  };

  const page = Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 2);
  const onGridKeyDown = (e: KeyboardEvent): void => {
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

  const closeDetail = (): void => {
    setDetailOpen(false);
    grid.current?.focus();
  };

  const exportLog = (kind: 'json' | 'csv'): void => {
    const name = `ws-closes-${timestampForFile()}`;
    if (kind === 'csv') {
      download(`${name}.csv`, toCsv(rows), 'text/csv');
      return;
    }
    const log = toCloseLog(rows, {
      toolName: 'WebSocket Close Inspector',
      toolVersion: TOOL_VERSION,
      engine: store.engine,
      userAgent: store.userAgent || navigator.userAgent,
      exportedAt: new Date().toISOString(),
      pageUrl: store.pageUrl,
      droppedConnections: store.droppedConnections,
      filtered: filterActive,
    });
    download(`${name}.json`, `${JSON.stringify(log, null, 2)}\n`, 'application/json');
  };

  const importFile = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    setImporting(file.name);
    try {
      const { log, connections, skipped } = readCloseLog(await readFileText(file));
      const imported = new ConnectionStore({ maxConnections: Number.MAX_SAFE_INTEGER });
      imported.engine = log.browser.engine;
      imported.userAgent = log.browser.userAgent;
      imported.pageUrl = log.page.url;
      imported.importedDropped = log.droppedConnections;
      imported.addConnections(connections);
      model.imported = {
        store: imported,
        name: file.name,
        exportedAt: log.exportedAt,
        tool: `${log.tool.name} ${log.tool.version}`,
        pageUrl: log.page.url,
        filtered: log.filtered,
        skipped,
      };
      setImportError(null);
      setSelected(null);
      setDetailOpen(false);
      if (scroller.current) scroller.current.scrollTop = 0;
      model.notify();
    } catch (error) {
      // Nothing changes: the live log (or the log imported before) stays as it was.
      const why =
        error instanceof CloseLogError || error instanceof Error
          ? error.message
          : 'Could not read this file.';
      setImportError(`Could not import “${file.name}”: ${why}`);
    } finally {
      setImporting(null);
    }
  };

  const backToLive = (): void => {
    model.imported = null;
    setSelected(null);
    setDetailOpen(false);
    model.notify();
  };

  const openInTab = (): void => {
    const request: PanelOpenInTab = { source: 'wsci-panel', type: 'open-in-tab', tabId: model.tabId };
    void browser.runtime.sendMessage(request).catch(() => undefined);
  };

  const hasFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false;

  const imported = model.imported;
  let lastPage = windowed[0] && first > 0 ? (rows[first - 1]?.pageIndex ?? -1) : -1;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the whole panel is a drop target for close logs (Import… is the accessible way) and closes the details on Esc
    <div
      class={`panel${dragging ? ' dragging' : ''}${imported ? ' imported' : ''}`}
      onDragEnter={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragOver={(e) => {
        if (!hasFiles(e)) return;
        e.preventDefault();
        if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
        setDragging(true);
      }}
      onDragLeave={(e) => {
        const to = e.relatedTarget;
        if (!(to instanceof Node) || !e.currentTarget.contains(to)) setDragging(false);
      }}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void importFile(e.dataTransfer?.files[0]);
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && detailOpen && !isTextEntry(e.target)) {
          e.preventDefault();
          closeDetail();
        }
      }}
    >
      <div class="toolbar" role="toolbar" aria-label="WS Closes controls">
        <button
          type="button"
          onClick={() => {
            model.store.clear();
            model.imported = null;
            setSelected(null);
            setDetailOpen(false);
            model.notify();
          }}
          title="Clear the log"
          aria-label="Clear"
        >
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
          onInput={(e) => setFilter({ ...filter, text: e.currentTarget.value })}
        />
        <select
          aria-label="Outcome"
          value={filter.outcome}
          onChange={(e) => setFilter({ ...filter, outcome: e.currentTarget.value as Filter['outcome'] })}
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
          onChange={(e) => setFilter({ ...filter, initiator: e.currentTarget.value as Filter['initiator'] })}
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
          onInput={(e) => setFilter({ ...filter, code: e.currentTarget.value })}
        />
        {filterActive && (
          <button type="button" onClick={() => setFilter(EMPTY_FILTER)} aria-label="Clear filters">
            Clear filters
          </button>
        )}
        <span class="spacer" />
        <button type="button" onClick={() => exportLog('json')} aria-label="Export JSON">
          Export JSON
        </button>
        <button type="button" onClick={() => exportLog('csv')} aria-label="Export CSV">
          Export CSV
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
            void importFile(file);
          }}
          data-testid="import-input"
        />
        {model.mode === 'devtools' && (
          <button type="button" onClick={openInTab} aria-label="Open in a tab">
            Open in tab
          </button>
        )}
      </div>
      {imported && (
        <div class="imported-banner" role="status" data-testid="imported-banner">
          <strong>Imported close log</strong>
          <span class="imported-name" title={imported.name}>
            {imported.name}
          </span>
          <span class="muted" title={imported.pageUrl}>
            exported {imported.exportedAt} by {imported.tool}
            {imported.pageUrl ? ` from ${imported.pageUrl}` : ''}
            {imported.filtered ? ' · filtered export' : ''}
          </span>
          {imported.skipped.count > 0 && (
            <span class="skipped" data-testid="import-skipped">
              {count(imported.skipped.count, 'malformed connection')} skipped (#
              {imported.skipped.first.join(', #')}
              {imported.skipped.count > imported.skipped.first.length ? ', …' : ''})
            </span>
          )}
          <span class="muted">Not live: new connections go to the live log.</span>
          <button type="button" onClick={backToLive}>
            Back to live log
          </button>
        </div>
      )}
      {importError && (
        <div class="import-error" role="alert" data-testid="import-error">
          <span>{importError}</span>
          <button type="button" onClick={() => setImportError(null)} aria-label="Dismiss the import error">
            Dismiss
          </button>
        </div>
      )}
      <div class="summary">
        <span class="status" data-status={imported ? 'imported' : model.status}>
          {importing ? `importing ${importing}…` : imported ? 'imported' : model.status}
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
        {filterActive && <span data-testid="shown">{rows.length} shown</span>}
        {store.droppedConnections > 0 && (
          <span class="dropped">{count(store.droppedConnections, 'older connection')} dropped</span>
        )}
        {store.notes.map((n) => (
          <span class="note" key={n} title={n}>
            {n}
          </span>
        ))}
      </div>
      <div class={`main${detailOpen && selectedConnection ? ' with-detail' : ''}`}>
        <div class="table-scroll" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
          <table
            ref={grid}
            class="grid"
            // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a data grid with arrow-key row selection, as in the Network panel
            role="grid"
            tabIndex={0}
            onKeyDown={onGridKeyDown}
            aria-label={imported ? `Connections imported from ${imported.name}` : 'Connections'}
            aria-rowcount={rows.length + 1}
            aria-activedescendant={
              selectedIndex >= first && selectedIndex < last && selected ? rowId(selected) : undefined
            }
          >
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
                            setSort(
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
            <tbody>
              {first > 0 && (
                <tr class="spacer">
                  <td colSpan={COLUMNS.length} style={{ height: `${first * ROW_HEIGHT}px` }} />
                </tr>
              )}
              {windowed.map((c, i) => {
                // "Navigated to …" separators mean something only when rows are in time order.
                const separator =
                  !imported &&
                  model.store.options.preserveLog &&
                  sort.key === 'created' &&
                  !sort.descending &&
                  c.pageIndex !== lastPage &&
                  lastPage !== -1;
                lastPage = c.pageIndex;
                return (
                  <Row
                    key={c.key}
                    c={c}
                    index={first + i}
                    selected={c.key === selected}
                    separator={separator}
                    onSelect={() => setSelected(c.key)}
                    onOpen={() => {
                      setSelected(c.key);
                      setDetailOpen(true);
                    }}
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
              {all.length === 0
                ? imported
                  ? 'This close log has no connections.'
                  : 'No WebSocket connections yet. Use the page; every socket shows up here.'
                : 'No connection matches the filter.'}
            </div>
          )}
        </div>
        {detailOpen && selectedConnection && (
          <DetailView c={selectedConnection} mode={model.mode} onClose={closeDetail} />
        )}
      </div>
      {dragging && (
        <div class="drop-hint" aria-hidden="true">
          Drop a close log (.json) to import it
        </div>
      )}
    </div>
  );
}

function Row({
  c,
  index,
  selected,
  separator,
  onSelect,
  onOpen,
}: {
  c: Connection;
  index: number;
  selected: boolean;
  separator: boolean;
  onSelect(): void;
  onOpen(): void;
}) {
  const d = diagnoseCached(c);
  const state = connectionState(c);
  const who = initiator(c);
  const invalid = hasInvalidCall(c);
  const calls = totalCloseCalls(c);
  return (
    <tr
      id={rowId(c.key)}
      class={`row ${index % 2 ? 'odd' : 'even'} sev-${d.severity}${selected ? ' selected' : ''}${invalid ? ' invalid' : ''}${separator ? ' nav-separator' : ''}`}
      data-key={c.key}
      data-state={state}
      aria-rowindex={index + 2}
      aria-selected={selected}
      onClick={onSelect}
      onDblClick={onOpen}
      onMouseDown={(e) => {
        // A double click opens the details; it should not also select a word of the row.
        if (e.detail > 1) e.preventDefault();
      }}
      title={separator ? `Navigated to ${c.pageUrl}` : undefined}
    >
      <td class="c-url" title={c.url}>
        {c.url}
        {c.frameId !== 0 && (
          <span class="frame-tag" title={`in frame ${c.frameUrl}`}>
            {' '}
            (frame {c.frameUrl})
          </span>
        )}
      </td>
      <td class="c-state">{state}</td>
      <td class="c-initiator">{who ?? ''}</td>
      <td class="c-code">{codeCell(c)}</td>
      <td class="c-reason" title={c.closed?.reason}>
        {c.closed?.reason ?? ''}
      </td>
      <td class="c-bytes">{c.closed ? bytesLabel(c.closed.reasonBytes) : ''}</td>
      <td class="c-clean">{c.closed ? String(c.closed.wasClean) : ''}</td>
      <td class="c-calls">
        {invalid && (
          <span class="invalid-marker" title="invalid close() call">
            ⚠ invalid{' '}
          </span>
        )}
        {calls > 0 ? String(calls) : ''}
      </td>
      <td class="c-duration">{c.closed ? duration(c.closed.t - c.createdAt) : ''}</td>
      <td class="c-diagnosis" title={headline(d)}>
        {headline(d)}
      </td>
    </tr>
  );
}
