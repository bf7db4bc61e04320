/**
 * The composition root of the panel: it owns the state (through the hooks next to it) and wires
 * the parts together. The whole panel is the drop target for close logs, and Esc anywhere in it
 * closes the details, so those two live on its outer element here.
 */
import { useEffect, useState } from 'preact/hooks';
import { engineFromUserAgent } from '../../src/engine';
import { requestOpenInTab } from './backgroundLink';
import { ConnectionGrid } from './ConnectionGrid';
import { DetailView } from './DetailView';
import { exportLog } from './exportLog';
import { ImportErrorAlert, ImportedBanner, ImportProgressBar } from './ImportBanners';
import type { PanelModel } from './panelModel';
import { SummaryBar } from './SummaryBar';
import { TimelineView } from './TimelineView';
import { Toolbar } from './Toolbar';
import { UnseenSockets } from './UnseenSockets';
import { useFileDrop } from './useFileDrop';
import { useHandshakes } from './useHandshakes';
import { useImport } from './useImport';
import { usePersistedFilters } from './usePersistedFilters';
import { useSelection } from './useSelection';
import { useVirtualWindow } from './useVirtualWindow';
import { useVisibleRows } from './useVisibleRows';
import { useWhy } from './useWhy';

/** Esc in a text field or a select belongs to that control, not to the details. */
function isTextEntry(target: EventTarget | null): boolean {
  return (
    target instanceof HTMLElement &&
    (target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target.isContentEditable)
  );
}

export function App({ model }: { model: PanelModel }) {
  // The model is mutable and announces its changes: each announcement re-renders the panel.
  const [, setTick] = useState(0);
  useEffect(() => model.subscribe(() => setTick((t) => t + 1)), [model]);
  const { filter, setFilter, sort, setSort } = usePersistedFilters();
  // The table or the timeline: two views of the same (filtered) rows and the same selection.
  const [timeline, setTimeline] = useState(false);
  const selection = useSelection();

  const store = model.imported?.store ?? model.store;
  const { all, rows, summary, filterActive } = useVisibleRows(store, filter, sort);
  const view = useVirtualWindow(rows.length);
  const handshakes = useHandshakes(store, all, model.imported !== null);
  const why = useWhy(store, all, handshakes);
  const { importing, importError, importFile, cancelImport, dismissImportError } = useImport(model, () => {
    selection.reset();
    view.scrollToTop();
  });
  const drop = useFileDrop(importFile);

  const { selected, detailOpen, closeDetail } = selection;
  const selectedConnection = selected ? (store.get(selected) ?? null) : null;

  /** The rows on screen belong to a log that is going away: forget the selection, then redraw. */
  const leaveLog = (): void => {
    model.imported = null;
    selection.reset();
    model.notify();
  };

  const imported = model.imported;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the whole panel is a drop target for close logs (Import… is the accessible way) and closes the details on Esc
    <div
      class={`panel${drop.dragging ? ' dragging' : ''}${imported ? ' imported' : ''}`}
      onDragEnter={drop.onDragEnter}
      onDragOver={drop.onDragOver}
      onDragLeave={drop.onDragLeave}
      onDrop={drop.onDrop}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && detailOpen && !isTextEntry(e.target)) {
          e.preventDefault();
          closeDetail();
        }
      }}
    >
      <Toolbar
        model={model}
        filter={filter}
        filterActive={filterActive}
        onFilter={setFilter}
        onClear={() => {
          model.store.clear();
          leaveLog();
        }}
        onExport={(kind) => exportLog(kind, rows, store, filterActive, handshakes)}
        onImport={importFile}
        onOpenInTab={() => requestOpenInTab(model.tabId)}
        timeline={timeline}
        onTimeline={setTimeline}
      />
      {importing && <ImportProgressBar importing={importing} onCancel={cancelImport} />}
      {imported && <ImportedBanner imported={imported} onBackToLive={leaveLog} />}
      {importError && <ImportErrorAlert message={importError} onDismiss={dismissImportError} />}
      <SummaryBar
        status={model.status}
        imported={imported !== null}
        importing={importing?.name ?? null}
        summary={summary}
        store={store}
        filterActive={filterActive}
        shown={rows.length}
      />
      <UnseenSockets unseen={handshakes.unseen} engine={engineFromUserAgent(navigator.userAgent)} />
      <div class={`main${detailOpen && selectedConnection ? ' with-detail' : ''}`}>
        {timeline ? (
          <TimelineView
            rows={rows}
            revision={store.revision}
            lifecycle={imported ? store.importedLifecycle : store.lifecycle()}
            selected={selected}
            onSelect={selection.setSelected}
            onOpen={selection.openDetail}
          />
        ) : (
          <ConnectionGrid
            rows={rows}
            total={all.length}
            imported={imported}
            preserveLog={model.store.options.preserveLog}
            sort={sort}
            onSort={setSort}
            selection={selection}
            selectedConnection={selectedConnection}
            view={view}
            why={why}
          />
        )}
        {detailOpen && selectedConnection && (
          <DetailView
            c={selectedConnection}
            why={why(selectedConnection)}
            networkHandshake={
              handshakes.byConnection.get(selectedConnection.key) ??
              selectedConnection.networkHandshake ??
              (imported ? undefined : null)
            }
            mode={model.mode}
            onClose={closeDetail}
          />
        )}
      </div>
      {drop.dragging && (
        <div class="drop-hint" aria-hidden="true">
          Drop a close log (.json) to import it
        </div>
      )}
    </div>
  );
}
