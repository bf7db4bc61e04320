/** The panel's state outside the view: the store, the link, settings, and change notification. */
import type { SkippedConnections } from '../../src/closeLog';
import { ConnectionStore } from '../../src/model';
import type { BackgroundToPanel } from '../../src/protocol';
import {
  DEFAULT_SETTINGS,
  loadSettings,
  onSettingsChanged,
  type Settings,
  saveSettings,
} from '../shared/settings';
import { connectPanel } from './backgroundLink';

/** A close log read from a file, shown instead of the live log. */
export interface ImportedLog {
  readonly store: ConnectionStore;
  /** The file name. */
  readonly name: string;
  readonly exportedAt: string;
  readonly tool: string;
  readonly pageUrl: string;
  /** The exporting panel had a filter on: the file holds only the rows that matched. */
  readonly filtered: boolean;
  /** Malformed connections left out of the import. */
  readonly skipped: SkippedConnections;
}

export interface PanelModel {
  readonly tabId: number;
  readonly mode: 'devtools' | 'tab';
  readonly store: ConnectionStore;
  /** Rows added from an imported close log (shown instead of the live log while set). */
  imported: ImportedLog | null;
  status: string;
  settings: Settings;
  subscribe(listener: () => void): () => void;
  notify(): void;
  setPreserveLog(on: boolean): void;
  setWarnings(on: boolean): void;
  setMaxConnections(n: number): void;
}

export function createPanelModel(tabId: number, mode: 'devtools' | 'tab'): PanelModel {
  const listeners = new Set<() => void>();
  let frame = 0;
  const model: PanelModel = {
    tabId,
    mode,
    store: new ConnectionStore(),
    imported: null,
    status: 'connecting…',
    settings: DEFAULT_SETTINGS,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    notify() {
      // Coalesce bursts of events into one render per frame.
      if (frame) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        for (const l of listeners) l();
      });
    },
    setPreserveLog(on) {
      model.store.options.preserveLog = on;
      void saveSettings({ preserveLog: on });
    },
    setWarnings(on) {
      void saveSettings({ warnings: on });
    },
    setMaxConnections(n) {
      void saveSettings({ maxConnections: n });
    },
  };
  const apply = (s: Settings): void => {
    model.settings = s;
    model.store.options.preserveLog = s.preserveLog;
    model.store.setMaxConnections(s.maxConnections);
    model.notify();
  };
  void loadSettings().then(apply);
  onSettingsChanged(apply);

  connectPanel(tabId, {
    onMessage(message: BackgroundToPanel) {
      switch (message.type) {
        case 'welcome':
          model.status = message.error ?? 'live';
          break;
        case 'tab-closed':
          model.status = 'The inspected tab was closed.';
          break;
        case 'navigated':
          model.store.navigated(message.url, message.t, message.committed);
          break;
        case 'frame-events':
          model.store.apply(message);
          break;
        case 'handshakes':
          model.store.applyHandshakes(message.handshakes);
          break;
      }
      model.notify();
    },
    onStatus(status) {
      if (status === 'reconnecting') model.status = 'reconnecting…';
      model.notify();
    },
  });
  return model;
}
