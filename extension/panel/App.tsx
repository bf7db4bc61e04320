import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { CloseLogError, readCloseLog, toCloseLog, toCsv } from '../../src/closeLog';
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
import { MAX_CONNECTIONS, MIN_CONNECTIONS } from '../shared/settings';
import { DetailView } from './DetailView';
import { download, readFileText, timestampForFile } from './files';
import { bytesLabel } from './format';
import type { PanelModel } from './panelModel';

const ROW_HEIGHT = 24;
const OVERSCAN = 12;
const FILTER_KEY = 'wsci-filter';
const TOOL_VERSION = '0.1.0';

function loadFilter(): Filter {
  try {
    const raw = JSON.parse(localStorage.getItem(FILTER_KEY) ?? 'null') as Partial<Filter> | null;
    if (!raw) return EMPTY_FILTER;
    return {
      text: typeof raw.text === 'string' ? raw.text : '',
      outcome:
        (['all', 'clean', 'unclean', 'invalid', 'open'] as const).find((o) => o === raw.outcome) ?? 'all',
      initiator: (['all', 'page', 'server', 'failure'] as const).find((o) => o === raw.initiator) ?? 'all',
      code: typeof raw.code === 'string' ? raw.code : '',
    };
  } catch {
    return EMPTY_FILTER;
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

export function App({ model }: { model: PanelModel }) {
  const [, setTick] = useState(0);
  const [filter, setFilter] = useState<Filter>(loadFilter);
  const [sort, setSort] = useState<Sort>({ key: 'created', descending: false });
  const [selected, setSelected] = useState<string | null>(null);
  const [detailOpen, setDetailOpen] = useState(false);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(400);
  const [importError, setImportError] = useState<string | null>(null);
  const [dragging, setDragging] = useState(false);
  const scroller = useRef<HTMLDivElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  useEffect(() => model.subscribe(() => setTick((t) => t + 1)), [model]);
  useEffect(() => {
    localStorage.setItem(FILTER_KEY, JSON.stringify(filter));
  }, [filter]);
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
  const rows = useMemo(() => {
    const visible = isFilterActive(filter) ? all.filter((c) => matchesFilter(c, filter)) : all.slice();
    return sortConnections(visible, sort);
  }, [store.revision, store, filter, sort, all.length]);
  const summary = useMemo(() => summarize(all), [store.revision, store, all.length]);
  const selectedConnection = selected ? (store.get(selected) ?? null) : null;

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN);
  const windowed = rows.slice(first, last);

  const move = (delta: number): void => {
    if (rows.length === 0) return;
    const index = selected ? rows.findIndex((c) => c.key === selected) : -1;
    const next = Math.min(rows.length - 1, Math.max(0, index + delta));
    const target = rows[next];
    if (!target) return;
    setSelected(target.key);
    const el = scroller.current;
    if (el) {
      const top = next * ROW_HEIGHT;
      if (top < el.scrollTop) el.scrollTop = top;
      else if (top + ROW_HEIGHT * 2 > el.scrollTop + el.clientHeight)
        el.scrollTop = top + ROW_HEIGHT * 2 - el.clientHeight;
    }
  };

  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.key === 'ArrowDown') {
      move(1);
      e.preventDefault();
    } else if (e.key === 'ArrowUp') {
      move(-1);
      e.preventDefault();
    } else if (e.key === 'Enter' && selected) {
      setDetailOpen(true);
    } else if (e.key === 'Escape') {
      setDetailOpen(false);
    }
  };

  const exportLog = (kind: 'json' | 'csv'): void => {
    const list = rows;
    const name = `ws-closes-${timestampForFile()}`;
    if (kind === 'csv') {
      download(`${name}.csv`, toCsv(list), 'text/csv');
      return;
    }
    const log = toCloseLog(list, {
      toolName: 'WebSocket Close Inspector',
      toolVersion: TOOL_VERSION,
      engine: store.engine,
      userAgent: store.userAgent || navigator.userAgent,
      exportedAt: new Date().toISOString(),
      pageUrl: store.pageUrl,
      droppedConnections: store.droppedConnections,
      filtered: isFilterActive(filter),
    });
    download(`${name}.json`, `${JSON.stringify(log, null, 2)}\n`, 'application/json');
  };

  const importFile = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    try {
      const { log, connections } = readCloseLog(await readFileText(file));
      const imported = new ConnectionStore({ maxConnections: Number.MAX_SAFE_INTEGER });
      imported.engine = log.browser.engine;
      imported.userAgent = log.browser.userAgent;
      imported.pageUrl = log.page.url;
      imported.importedDropped = log.droppedConnections;
      imported.addConnections(connections);
      model.imported = { store: imported, name: file.name };
      setImportError(null);
      setSelected(null);
      model.notify();
    } catch (error) {
      setImportError(
        error instanceof CloseLogError || error instanceof Error
          ? error.message
          : 'Could not read this file.',
      );
    }
  };

  const openInTab = (): void => {
    const url = chrome.runtime.getURL(`extension/panel/index.html?tabId=${model.tabId}`);
    void chrome.tabs.create({ url });
  };

  let lastPage = -1;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the whole panel is a drop target for close logs; Import… is the accessible way
    <div
      class={`panel${dragging ? ' dragging' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void importFile(e.dataTransfer?.files[0]);
      }}
    >
      <div class="toolbar" role="toolbar" aria-label="WS Closes controls">
        <button
          type="button"
          onClick={() => {
            model.store.clear();
            model.imported = null;
            setSelected(null);
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
            step={100}
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
        <span class="spacer" />
        <button type="button" onClick={() => exportLog('json')} aria-label="Export JSON">
          Export JSON
        </button>
        <button type="button" onClick={() => exportLog('csv')} aria-label="Export CSV">
          Export CSV
        </button>
        <button type="button" onClick={() => fileInput.current?.click()} aria-label="Import close log">
          Import…
        </button>
        <input
          ref={fileInput}
          type="file"
          accept=".json,application/json"
          hidden
          onChange={(e) => void importFile(e.currentTarget.files?.[0])}
          data-testid="import-input"
        />
        {model.mode === 'devtools' && (
          <button type="button" onClick={openInTab} aria-label="Open in a tab">
            Open in tab
          </button>
        )}
      </div>
      <div class="summary" aria-live="polite">
        {model.imported ? (
          <span class="imported-banner">
            Imported log: {model.imported.name}{' '}
            <button
              type="button"
              onClick={() => {
                model.imported = null;
                model.notify();
              }}
            >
              Back to live log
            </button>
          </span>
        ) : (
          <span class="status" data-status={model.status}>
            {model.status}
          </span>
        )}
        <span data-testid="summary">
          {summary.connections} connections · {summary.clean} clean · {summary.unclean} unclean ·{' '}
          {summary.open} open · {summary.invalidCalls} invalid calls
        </span>
        {store.droppedConnections > 0 && (
          <span class="dropped">{store.droppedConnections} older connections dropped</span>
        )}
        {store.notes.map((n) => (
          <span class="note" key={n}>
            {n}
          </span>
        ))}
        {importError && (
          <span class="error" role="alert">
            {importError}
          </span>
        )}
      </div>
      <div class={`main${detailOpen && selectedConnection ? ' with-detail' : ''}`}>
        <div class="table-scroll" ref={scroller} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
          <table
            class="grid"
            // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a data grid with arrow-key row selection, as in the Network panel
            role="grid"
            tabIndex={0}
            onKeyDown={onKeyDown}
            aria-label="Connections"
            aria-rowcount={rows.length}
          >
            <thead>
              <tr>
                {COLUMNS.map((col) => (
                  <th
                    key={col.label}
                    class={col.className}
                    aria-sort={
                      col.key && sort.key === col.key
                        ? sort.descending
                          ? 'descending'
                          : 'ascending'
                        : undefined
                    }
                    onClick={() =>
                      col.key &&
                      setSort({ key: col.key, descending: sort.key === col.key ? !sort.descending : false })
                    }
                  >
                    {col.label}
                    {col.key && sort.key === col.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr class="spacer" style={{ height: `${first * ROW_HEIGHT}px` }} />
              {windowed.map((c) => {
                const separator =
                  model.store.options.preserveLog && c.pageIndex !== lastPage && lastPage !== -1;
                lastPage = c.pageIndex;
                return (
                  <Row
                    key={c.key}
                    c={c}
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
              <tr class="spacer" style={{ height: `${(rows.length - last) * ROW_HEIGHT}px` }} />
            </tbody>
          </table>
          {rows.length === 0 && (
            <div class="empty">
              {all.length === 0
                ? 'No WebSocket connections yet. Use the page; every socket shows up here.'
                : 'No connection matches the filter.'}
            </div>
          )}
        </div>
        {detailOpen && selectedConnection && (
          <DetailView c={selectedConnection} mode={model.mode} onClose={() => setDetailOpen(false)} />
        )}
      </div>
    </div>
  );
}

function Row({
  c,
  selected,
  separator,
  onSelect,
  onOpen,
}: {
  c: Connection;
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
      class={`row sev-${d.severity}${selected ? ' selected' : ''}${invalid ? ' invalid' : ''}${separator ? ' nav-separator' : ''}`}
      data-key={c.key}
      data-state={state}
      aria-selected={selected}
      onClick={onSelect}
      onDblClick={onOpen}
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
      <td class="c-duration">{c.closed ? `${Math.round(c.closed.t - c.createdAt)} ms` : ''}</td>
      <td class="c-diagnosis" title={headline(d)}>
        {headline(d)}
      </td>
    </tr>
  );
}
