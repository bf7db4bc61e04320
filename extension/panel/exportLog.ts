/**
 * Export writes what the table shows (filter and sort applied), so the file records whether a
 * filter was on. JSON is the close log that Import… reads back; CSV is a flat table for
 * spreadsheets; HTML is a self-contained report to attach to a bug.
 */
import { toCloseLog, toCsv } from '../../src/closeLog';
import { toHtmlReport } from '../../src/htmlReport';
import type { Connection, ConnectionStore } from '../../src/model';
import type { HandshakeMatch } from '../../src/networkHandshakes';
import { TOOL_NAME, TOOL_VERSION } from '../../src/tool';
import { download, timestampForFile } from './files';

export type ExportKind = 'json' | 'csv' | 'html';

export function exportLog(
  kind: ExportKind,
  rows: readonly Connection[],
  store: ConnectionStore,
  filtered: boolean,
  /** The handshakes beside the rows (an imported log brings its own on its connections). */
  handshakes: HandshakeMatch | null,
): void {
  const name = `ws-closes-${timestampForFile()}`;
  if (kind === 'csv') {
    download(`${name}.csv`, toCsv(rows), 'text/csv');
    return;
  }
  const log = toCloseLog(rows, {
    toolName: TOOL_NAME,
    toolVersion: TOOL_VERSION,
    engine: store.engine,
    userAgent: store.userAgent || navigator.userAgent,
    exportedAt: new Date().toISOString(),
    pageUrl: store.pageUrl,
    droppedConnections: store.droppedConnections,
    filtered,
    lifecycle: store.lifecycle(),
    ...(handshakes
      ? {
          handshakeOf: (c: Connection) => handshakes.byConnection.get(c.key) ?? c.networkHandshake ?? null,
          unseenSockets: handshakes.unseen,
        }
      : {}),
  });
  if (kind === 'html') download(`${name}.html`, toHtmlReport(log), 'text/html');
  else download(`${name}.json`, `${JSON.stringify(log, null, 2)}\n`, 'application/json');
}
