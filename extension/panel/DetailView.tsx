import { formatCallArgs } from '../../src/callFindings';
import { closeCodeLabel, describeCloseCode, REASON_BYTE_LIMIT } from '../../src/closeCodes';
import { exportConnection } from '../../src/closeLog';
import { PROFILE_LABEL, PROFILES } from '../../src/closeRules';
import { diagnoseCached } from '../../src/diagnosis';
import { type CloseCall, type Connection, effectiveCloseCall } from '../../src/model';
import { READY_STATE_NAMES, type VerdictRecord } from '../../src/protocol';
import { clock, duration, parseFrame } from './format';

function verdictText(v: VerdictRecord): string {
  if (!v.ok) return `throws ${v.errorName}: ${v.message}`;
  const code = v.code === null ? 'no code' : `code ${v.code}`;
  const wire =
    v.wireCode === null
      ? 'empty Close frame (server sees 1005)'
      : `sends ${v.wireCode}${v.wireReason ? ` "${v.wireReason}"` : ''}`;
  return `ok: ${code} → ${wire}`;
}

function openInSources(frame: string, mode: 'devtools' | 'tab'): void {
  const loc = parseFrame(frame);
  if (!loc || mode !== 'devtools') return;
  chrome.devtools?.panels?.openResource?.(loc.url, loc.line - 1, () => undefined);
}

function Stack({ frames, mode }: { frames: readonly string[]; mode: 'devtools' | 'tab' }) {
  if (frames.length === 0)
    return (
      <div class="muted">
        No stack (the page customises Error stack formatting, or the call came from a browser extension).
      </div>
    );
  return (
    <ol class="stack">
      {frames.map((f, i) => {
        const loc = parseFrame(f);
        return (
          <li key={`${i}:${f}`}>
            {loc && mode === 'devtools' ? (
              <button
                type="button"
                class="link"
                onClick={() => openInSources(f, mode)}
                title="Open in the Sources panel"
              >
                {f}
              </button>
            ) : (
              <span>{f}</span>
            )}
          </li>
        );
      })}
    </ol>
  );
}

function CallDetail({ call, mode }: { call: CloseCall; mode: 'devtools' | 'tab' }) {
  return (
    <section class="call">
      <h4>
        {clock(call.t)} {formatCallArgs(call)} on a {READY_STATE_NAMES[call.readyState]} socket
        {call.repeat > 1 ? ` (×${call.repeat})` : ''}
      </h4>
      <dl>
        <dt>Arguments</dt>
        <dd>
          code: {call.code.text}
          {call.code.primitive !== undefined ? ` → ${call.code.primitive}` : ''}; reason: {call.reason.text}
          {call.reason.primitive !== undefined ? ` → ${call.reason.primitive}` : ''}
          {call.reason.length !== undefined ? ` (${call.reason.length} UTF-16 units)` : ''}
        </dd>
        <dt>In this browser</dt>
        <dd class={call.observed.threw ? 'bad' : 'good'}>
          {call.observed.threw
            ? `threw ${call.observed.name}: ${call.observed.message}`
            : 'returned (accepted)'}
        </dd>
        {call.verdicts && (
          <>
            <dt>Verdicts</dt>
            <dd>
              <table class="verdicts">
                <tbody>
                  {PROFILES.map((p) => {
                    const v = call.verdicts?.[p];
                    return v ? (
                      <tr key={p} class={p === call.engine ? 'current' : ''}>
                        <th>
                          {PROFILE_LABEL[p]}
                          {p === call.engine ? ' (this browser)' : ''}
                        </th>
                        <td>{verdictText(v)}</td>
                      </tr>
                    ) : null;
                  })}
                </tbody>
              </table>
            </dd>
          </>
        )}
        <dt>Called from</dt>
        <dd>
          <Stack frames={call.stack} mode={mode} />
        </dd>
      </dl>
    </section>
  );
}

function ReasonGauge({ bytes }: { bytes: number }) {
  return (
    <meter
      class="gauge"
      min={0}
      max={REASON_BYTE_LIMIT}
      high={REASON_BYTE_LIMIT}
      value={Math.min(bytes, REASON_BYTE_LIMIT)}
      aria-label="Reason bytes against the 123-byte limit"
    >
      {bytes} / {REASON_BYTE_LIMIT}
    </meter>
  );
}

export function DetailView({
  c,
  mode,
  onClose,
}: {
  c: Connection;
  mode: 'devtools' | 'tab';
  onClose(): void;
}) {
  const d = diagnoseCached(c);
  const effective = effectiveCloseCall(c);
  const connect = c.openedAt === null ? null : c.openedAt - c.createdAt;
  const lifetime = c.closed ? c.closed.t - c.createdAt : null;
  const handshake = effective && c.closed ? c.closed.t - effective.t : null;
  const timeline: { t: number; text: string }[] = [{ t: c.createdAt, text: 'created' }];
  if (c.openedAt !== null)
    timeline.push({ t: c.openedAt, text: `open${c.protocol ? ` (protocol ${c.protocol})` : ''}` });
  for (const call of c.closeCalls)
    timeline.push({
      t: call.t,
      text: `${formatCallArgs(call)} ${call.observed.threw ? `threw ${call.observed.name}` : 'accepted'}`,
    });
  for (const t of c.errors) timeline.push({ t, text: 'error event' });
  if (c.closed)
    timeline.push({ t: c.closed.t, text: `close event ${c.closed.code}, wasClean ${c.closed.wasClean}` });
  timeline.sort((a, b) => a.t - b.t);

  return (
    <aside class="detail" aria-label="Connection details">
      <header>
        <h3 title={c.url}>{c.url}</h3>
        <button
          type="button"
          onClick={() => void navigator.clipboard.writeText(JSON.stringify(exportConnection(c), null, 2))}
          aria-label="Copy as JSON"
        >
          Copy as JSON
        </button>
        <button type="button" onClick={onClose} aria-label="Close details">
          ✕
        </button>
      </header>
      <p class={`diagnosis sev-${d.severity}`} data-testid="detail-diagnosis">
        {d.summary}
      </p>
      {d.findings.length > 0 && (
        <ul class="findings">
          {d.findings.map((f, i) => (
            <li key={`${i}:${f.text}`} class={`sev-${f.severity}`}>
              {f.text}
              {f.link && <span class="muted"> ({f.link})</span>}
            </li>
          ))}
        </ul>
      )}
      <dl class="facts">
        <dt>Frame</dt>
        <dd>
          {c.frameUrl}
          {c.frameId === 0 ? ' (top)' : ` (frame ${c.frameId})`}
        </dd>
        <dt>Requested protocols</dt>
        <dd>{c.protocols.length ? c.protocols.join(', ') : '(none)'}</dd>
        <dt>Negotiated</dt>
        <dd>
          {c.protocol || '(no protocol)'}
          {c.extensions ? `; extensions: ${c.extensions}` : ''}
        </dd>
        <dt>Connect time</dt>
        <dd>{connect === null ? 'never opened' : duration(connect)}</dd>
        <dt>Lifetime</dt>
        <dd>{duration(lifetime)}</dd>
        <dt>Closing handshake</dt>
        <dd>{handshake === null ? '' : `${duration(handshake)} (close() → close event)`}</dd>
        {c.traffic && (
          <>
            <dt>Messages</dt>
            <dd>
              sent {c.traffic.sentMessages} ({c.traffic.sentBytes} bytes), received{' '}
              {c.traffic.receivedMessages} ({c.traffic.receivedBytes} bytes)
            </dd>
          </>
        )}
      </dl>
      {c.closed && (
        <section>
          <h4>Close event</h4>
          <dl>
            <dt>Code</dt>
            <dd>
              {closeCodeLabel(c.closed.code)} — {describeCloseCode(c.closed.code).meaning}
            </dd>
            <dt>Reason</dt>
            <dd class="reason-full">{c.closed.reason === '' ? '(empty)' : c.closed.reason}</dd>
            <dt>Reason size</dt>
            <dd>
              {c.closed.reasonBytes} / {REASON_BYTE_LIMIT} bytes <ReasonGauge bytes={c.closed.reasonBytes} />
            </dd>
            <dt>wasClean</dt>
            <dd>{String(c.closed.wasClean)}</dd>
          </dl>
        </section>
      )}
      <section>
        <h4>Timeline</h4>
        <ol class="timeline">
          {timeline.map((e, i) => (
            <li key={`${i}:${e.t}`}>
              <span class="muted">+{duration(e.t - c.createdAt)}</span> {e.text}
            </li>
          ))}
        </ol>
      </section>
      <section>
        <h4>
          close() calls ({c.closeCalls.length}
          {c.closeCallsDropped ? `, ${c.closeCallsDropped} more not kept` : ''})
        </h4>
        {c.closeCalls.length === 0 ? (
          <p class="muted">The page never called close() on this socket.</p>
        ) : (
          c.closeCalls.map((call) => <CallDetail key={call.callId} call={call} mode={mode} />)
        )}
      </section>
    </aside>
  );
}
