/** The recorder's terminal output: one line per connection. */
import type { CloseLog } from '../src/closeLog';
import { describeHandshake } from '../src/networkHandshakes';
import { terminalSafe } from '../src/terminalText';

/** Every cell goes through terminalSafe: URLs, reasons and diagnoses come from the page. */
function pad(raw: string, n: number): string {
  const s = terminalSafe(raw);
  return s.length > n ? `${s.slice(0, n - 1)}\u2026` : s.padEnd(n);
}

export function summaryTable(log: CloseLog): string {
  const lines: string[] = [];
  lines.push(
    `${pad('URL', 44)} ${pad('closed by', 9)} ${pad('code', 26)} ${pad('reason', 12)} ${pad('clean', 5)} diagnosis`,
  );
  for (const c of log.connections) {
    const code = c.codeName ?? (c.state === 'closed' ? '' : c.state);
    const bytes = c.closeEvent ? `${c.closeEvent.reasonBytes}/123 B` : '';
    const clean = c.closeEvent ? String(c.closeEvent.wasClean) : '';
    const flag = c.invalidCall ? '\u26a0 ' : '';
    lines.push(
      `${pad(c.url, 44)} ${pad(c.initiator ?? '', 9)} ${pad(code, 26)} ${pad(bytes, 12)} ${pad(clean, 5)} ${flag}${terminalSafe(c.diagnosis)}`,
    );
    // Why it closed, surest first: the top two, each with how sure it is.
    if (c.handshakeReplay)
      lines.push(
        `${' '.repeat(46)}\u2192 handshake replayed from Node: ${terminalSafe(c.handshakeReplay.summary)}`,
      );
    for (const f of (c.why ?? []).slice(0, 2))
      lines.push(`${' '.repeat(46)}→ ${f.certainty}: ${terminalSafe(f.text)}`);
  }
  const invalid = log.connections.filter((c) => c.invalidCall).length;
  const unclean = log.connections.filter((c) => c.closeEvent && !c.closeEvent.wasClean).length;
  lines.push('');
  lines.push(
    `${log.connections.length} connection(s), ${unclean} unclean, ${invalid} with invalid close() calls${log.droppedConnections ? `, ${log.droppedConnections} older dropped` : ''}.`,
  );
  // Sockets only the network layer saw (a worker's): their close is out of the hook's reach.
  const unseen = log.unseenSockets ?? [];
  if (unseen.length > 0) {
    lines.push(
      `${unseen.length} socket(s) the page hook did not see (a worker's, most likely; handshake only):`,
    );
    for (const h of unseen.slice(0, 20))
      lines.push(`  ${pad(h.url, 44)} ${terminalSafe(describeHandshake(h))}`);
    if (unseen.length > 20) lines.push(`  … and ${unseen.length - 20} more in the JSON (unseenSockets).`);
  }
  return lines.join('\n');
}
