/**
 * Reading a close log from a file into the panel. A good file replaces what the table shows until
 * "Back to live log"; a bad one changes nothing and says why. The file's name shows while it is
 * read, since a big log takes a moment.
 */
import { useState } from 'preact/hooks';
import { CloseLogError, readCloseLog } from '../../src/closeLog';
import { ConnectionStore } from '../../src/model';
import { readFileText } from './files';
import type { PanelModel } from './panelModel';

export interface Import {
  /** The name of the file being read, if any. */
  readonly importing: string | null;
  readonly importError: string | null;
  importFile(file: File | undefined): Promise<void>;
  dismissImportError(): void;
}

/** `onImported` resets what pointed into the rows shown before (selection, scroll position). */
export function useImport(model: PanelModel, onImported: () => void): Import {
  const [importError, setImportError] = useState<string | null>(null);
  const [importing, setImporting] = useState<string | null>(null);

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
      onImported();
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

  return { importing, importError, importFile, dismissImportError: () => setImportError(null) };
}
