/**
 * Imports a close log without freezing the panel: the work runs in ./importWorker.ts and the
 * connections arrive in small messages, each added to the new store in a task of its own. Where
 * a worker cannot start, the same reader runs here instead (slower to show, same result).
 */
import { readCloseLog } from '../../src/closeLogReader';
import { ConnectionStore } from '../../src/model';
import { MAX_IMPORT_BYTES } from './files';
import { type ImportHeader, type ImportProgress, importHeader, type WorkerReply } from './importMessages';

export interface ImportedFile {
  readonly store: ConnectionStore;
  readonly header: ImportHeader;
}

export interface RunningImport {
  readonly result: Promise<ImportedFile>;
  /** Stops the import; `result` then rejects with ImportCancelled. */
  cancel(): void;
}

export class ImportCancelled extends Error {}

function newStore(header: Omit<ImportHeader, 'skipped' | 'total'> | null): ConnectionStore {
  const store = new ConnectionStore({
    maxConnections: Number.MAX_SAFE_INTEGER,
    maxBytes: Number.MAX_SAFE_INTEGER,
  });
  if (header) applyHeader(store, header);
  return store;
}

function applyHeader(store: ConnectionStore, header: Omit<ImportHeader, 'skipped' | 'total'>): void {
  store.engine = header.engine;
  store.userAgent = header.userAgent;
  store.pageUrl = header.pageUrl;
  store.importedDropped = header.droppedConnections;
  store.importedLifecycle = [...header.lifecycle];
  store.applyHandshakes(header.unseenSockets);
}

/** The same import on this thread: for browsers or pages where the worker cannot start. */
async function importHere(file: File): Promise<ImportedFile> {
  const { log, connections, skipped } = readCloseLog(await file.text());
  const header = importHeader(log, skipped, connections.length);
  const store = newStore(header);
  store.addConnections(connections);
  return { store, header };
}

export function startImport(file: File, onProgress: (p: ImportProgress) => void): RunningImport {
  if (file.size > MAX_IMPORT_BYTES) {
    const result = Promise.reject(
      new Error(`The file is too large (${file.size} bytes; at most ${MAX_IMPORT_BYTES}).`),
    );
    return { result, cancel: () => undefined };
  }
  let worker: Worker | null = null;
  let cancelled = false;
  let settle: { resolve(f: ImportedFile): void; reject(e: unknown): void } | null = null;
  const result = new Promise<ImportedFile>((resolve, reject) => {
    settle = { resolve, reject };
  });
  const finish = (outcome: { file: ImportedFile } | { error: unknown }): void => {
    worker?.terminate();
    worker = null;
    if (!settle) return;
    if ('file' in outcome) settle.resolve(outcome.file);
    else settle.reject(outcome.error);
    settle = null;
  };
  const fallBack = (): void => {
    worker?.terminate();
    worker = null;
    importHere(file).then(
      (f) => !cancelled && finish({ file: f }),
      (error: unknown) => !cancelled && finish({ error }),
    );
  };

  try {
    worker = new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module' });
  } catch {
    fallBack();
    return { result, cancel: () => cancel() };
  }
  const store = newStore(null);
  let heard = false;
  let expected = 0;
  worker.onmessage = (e: MessageEvent<WorkerReply>) => {
    heard = true;
    const reply = e.data;
    switch (reply.type) {
      case 'progress':
        if (reply.phase === 'checking') expected = reply.total;
        onProgress(reply);
        return;
      case 'connections':
        store.addConnections(reply.items);
        onProgress({ phase: 'loading', done: store.size, total: expected });
        return;
      case 'done':
        applyHeader(store, reply.header);
        finish({ file: { store, header: reply.header } });
        return;
      case 'error':
        finish({ error: new Error(reply.message) });
        return;
    }
  };
  // A worker that never started (its script refused, say): do the work here.
  worker.onerror = () => {
    if (!heard && !cancelled) fallBack();
    else finish({ error: new Error('The import stopped unexpectedly.') });
  };
  worker.postMessage(file);

  function cancel(): void {
    if (cancelled) return;
    cancelled = true;
    finish({ error: new ImportCancelled('Import cancelled.') });
  }
  return { result, cancel };
}
