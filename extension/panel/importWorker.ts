/**
 * The import worker: reads, parses and checks a close log off the panel's thread (a 200 MB log
 * takes seconds of JSON.parse and validation), then hands the connections over in small
 * messages so that no panel task is long. Cancelling terminates it.
 */
import { CloseLogError, readCloseLog } from '../../src/closeLogReader';
import { CONNECTIONS_PER_MESSAGE, importHeader, type WorkerReply } from './importMessages';

interface WorkerScope {
  onmessage: ((e: MessageEvent<unknown>) => void) | null;
  postMessage(message: WorkerReply): void;
}
const scope = globalThis as unknown as WorkerScope;

/** The file's text, with progress by bytes (file.text() would give none). */
async function readText(file: Blob, progress: (done: number) => void): Promise<string> {
  const reader = file.stream().getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let done = 0;
  let lastReport = 0;
  for (;;) {
    const chunk = await reader.read();
    if (chunk.done) break;
    done += chunk.value.byteLength;
    parts.push(decoder.decode(chunk.value, { stream: true }));
    if (done - lastReport >= 1024 * 1024) {
      lastReport = done;
      progress(done);
    }
  }
  parts.push(decoder.decode());
  return parts.join('');
}

async function importFile(file: Blob): Promise<void> {
  const total = file.size;
  const text = await readText(file, (done) =>
    scope.postMessage({ type: 'progress', phase: 'reading', done, total }),
  );
  scope.postMessage({ type: 'progress', phase: 'parsing', done: 0, total: 0 });
  const { log, connections, skipped } = readCloseLog(text, {
    onProgress: (done, all) => scope.postMessage({ type: 'progress', phase: 'checking', done, total: all }),
  });
  for (let i = 0; i < connections.length; i += CONNECTIONS_PER_MESSAGE)
    scope.postMessage({ type: 'connections', items: connections.slice(i, i + CONNECTIONS_PER_MESSAGE) });
  scope.postMessage({ type: 'done', header: importHeader(log, skipped, connections.length) });
}

scope.onmessage = (e) => {
  const file = e.data;
  if (!(file instanceof Blob)) return;
  importFile(file).catch((error: unknown) => {
    const message =
      error instanceof CloseLogError || error instanceof Error ? error.message : 'Could not read this file.';
    scope.postMessage({ type: 'error', message });
  });
};
