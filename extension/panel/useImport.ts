/**
 * Reading a close log from a file into the panel. A good file replaces what the table shows until
 * "Back to live log"; a bad one changes nothing and says why. A big log takes a while: the import
 * runs off the panel's thread (./importLog.ts), shows its progress and can be cancelled, and the
 * live log stays usable meanwhile.
 */
import { useRef, useState } from 'preact/hooks';
import { ImportCancelled, type RunningImport, startImport } from './importLog';
import type { ImportProgress } from './importMessages';
import type { PanelModel } from './panelModel';

export interface Importing {
  readonly name: string;
  readonly progress: ImportProgress | null;
}

export interface Import {
  /** The file being read, if any, and how far it got. */
  readonly importing: Importing | null;
  readonly importError: string | null;
  importFile(file: File | undefined): Promise<void>;
  cancelImport(): void;
  dismissImportError(): void;
}

/** `onImported` resets what pointed into the rows shown before (selection, scroll position). */
export function useImport(model: PanelModel, onImported: () => void): Import {
  const [importError, setImportError] = useState<string | null>(null);
  const [importing, setImporting] = useState<Importing | null>(null);
  const running = useRef<RunningImport | null>(null);

  const importFile = async (file: File | undefined): Promise<void> => {
    if (!file) return;
    running.current?.cancel();
    setImporting({ name: file.name, progress: null });
    const run = startImport(file, (progress) => {
      if (running.current === run) setImporting({ name: file.name, progress });
    });
    running.current = run;
    try {
      const { store, header } = await run.result;
      model.imported = {
        store,
        name: file.name,
        exportedAt: header.exportedAt,
        tool: header.tool,
        pageUrl: header.pageUrl,
        filtered: header.filtered,
        skipped: header.skipped,
      };
      setImportError(null);
      onImported();
      model.notify();
    } catch (error) {
      // Nothing changes: the live log (or the log imported before) stays as it was.
      if (!(error instanceof ImportCancelled)) {
        const why = error instanceof Error ? error.message : 'Could not read this file.';
        setImportError(`Could not import “${file.name}”: ${why}`);
      }
    } finally {
      if (running.current === run) {
        running.current = null;
        setImporting(null);
      }
    }
  };

  const cancelImport = (): void => {
    running.current?.cancel();
  };

  return { importing, importError, importFile, cancelImport, dismissImportError: () => setImportError(null) };
}
