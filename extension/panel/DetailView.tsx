import { useEffect, useState } from 'preact/hooks';
import { formatCallArgs } from '../../src/callFindings';
import { closeCodeLabel, describeCloseCode, REASON_BYTE_LIMIT } from '../../src/closeCodes';
import { exportConnection } from '../../src/closeLog';
import { diagnoseCached } from '../../src/diagnosis';
import { type Connection, effectiveCloseCall, totalCloseCalls } from '../../src/model';
import { describeHandshake, type NetworkHandshake } from '../../src/networkHandshakes';
import type { WhyFinding } from '../../src/why/certainty';
import { CallDetail, type Mode } from './CallDetail';
import { copyText } from './files';
import { clock, count, duration } from './format';
import { HandshakeCommands } from './HandshakeCommands';
import { WhySection } from './WhySection';

function ReasonGauge({ bytes }: { bytes: number }) {
  return (
    <meter
      class="gauge"
      min={0}
      max={REASON_BYTE_LIMIT}
      low={Math.floor(REASON_BYTE_LIMIT * 0.75)}
      high={REASON_BYTE_LIMIT - 1}
      optimum={0}
      value={Math.min(bytes, REASON_BYTE_LIMIT)}
      aria-label={`Reason size: ${bytes} of ${REASON_BYTE_LIMIT} bytes`}
      data-testid="reason-gauge"
    >
      {bytes} / {REASON_BYTE_LIMIT}
    </meter>
  );
}

interface TimelineEntry {
  readonly t: number;
  readonly kind: 'created' | 'open' | 'close-call' | 'error' | 'close';
  readonly text: string;
}

function timelineOf(c: Connection): TimelineEntry[] {
  const timeline: TimelineEntry[] = [{ t: c.createdAt, kind: 'created', text: 'created' }];
  if (c.openedAt !== null)
    timeline.push({
      t: c.openedAt,
      kind: 'open',
      text: `open${c.protocol ? ` (protocol ${c.protocol})` : ''}`,
    });
  for (const call of c.closeCalls)
    timeline.push({
      t: call.t,
      kind: 'close-call',
      text: `${formatCallArgs(call)} ${call.observed.threw ? `threw ${call.observed.name}` : 'accepted'}${
        call.repeat > 1 ? ` (×${call.repeat})` : ''
      }`,
    });
  for (const t of c.errors) timeline.push({ t, kind: 'error', text: 'error event' });
  if (c.closed)
    timeline.push({
      t: c.closed.t,
      kind: 'close',
      text: `close event ${closeCodeLabel(c.closed.code)}, wasClean ${c.closed.wasClean}`,
    });
  // Stable: events at the same instant keep their causal order (created, open, calls, error, close).
  return timeline.sort((a, b) => a.t - b.t);
}

/** The opening handshake as the network layer reported it; undefined for an imported log. */
function networkHandshakeText(c: Connection, h: NetworkHandshake | null | undefined): string {
  if (h === undefined) return 'not recorded in this log';
  if (h === null) return 'not reported by the network layer';
  return `${describeHandshake(h)} (+${duration(Math.max(0, h.startedAt - c.createdAt))} after the constructor)`;
}

export function DetailView({
  c,
  why,
  networkHandshake,
  mode,
  onClose,
}: {
  c: Connection;
  why: readonly WhyFinding[];
  networkHandshake: NetworkHandshake | null | undefined;
  mode: Mode;
  onClose(): void;
}) {
  const [copyStatus, setCopyStatus] = useState<{ key: string; text: string; ok: boolean } | null>(null);
  useEffect(() => setCopyStatus(null), [c.key]);
  const d = diagnoseCached(c);
  const effective = effectiveCloseCall(c);
  const connect = c.openedAt === null ? null : c.openedAt - c.createdAt;
  const lifetime = c.closed ? c.closed.t - c.createdAt : null;
  // Only a close() on an OPEN socket starts a closing handshake; while CONNECTING it fails the connection.
  const handshakeCall = effective && effective.readyState === 1 ? effective : null;
  const handshake = handshakeCall && c.closed ? c.closed.t - handshakeCall.t : null;
  const timeline = timelineOf(c);
  const info = c.closed ? describeCloseCode(c.closed.code) : null;

  const copy = async (): Promise<void> => {
    const json = JSON.stringify(exportConnection(c, why, networkHandshake ?? null), null, 2);
    const how = await copyText(json);
    setCopyStatus({
      key: c.key,
      ok: how !== null,
      text:
        how === null
          ? 'Could not copy: the clipboard is not available here.'
          : `Copied as JSON (${json.length} characters)`,
    });
  };

  return (
    <aside class="detail" aria-label="Connection details" data-testid="detail">
      <header>
        <h3 title={c.url}>{c.url}</h3>
        <span
          class={`copy-status${copyStatus?.ok === false ? ' bad' : ''}`}
          role="status"
          data-testid="copy-status"
        >
          {copyStatus?.key === c.key ? copyStatus.text : ''}
        </span>
        <button type="button" onClick={() => void copy()} aria-label="Copy as JSON">
          Copy as JSON
        </button>
        <button type="button" onClick={onClose} aria-label="Close details" title="Close details (Esc)">
          ✕
        </button>
      </header>
      <p class={`diagnosis sev-${d.severity}`} data-testid="detail-diagnosis">
        {d.summary}
      </p>
      {d.findings.length > 0 && (
        <ul class="findings" data-testid="findings">
          {d.findings.map((f, i) => (
            <li key={`${i}:${f.text}`} class={`sev-${f.severity}`}>
              {f.text}
              {f.link && <span class="muted"> ({f.link})</span>}
            </li>
          ))}
        </ul>
      )}
      <WhySection why={why} />
      <HandshakeCommands c={c} />
      <dl class="facts">
        <dt>Frame</dt>
        <dd>
          {c.frameUrl}
          {c.frameId === 0 ? ' (top)' : ` (frame ${c.frameId})`}
        </dd>
        <dt>Opening handshake</dt>
        <dd data-testid="network-handshake">{networkHandshakeText(c, networkHandshake)}</dd>
        <dt>Requested protocols</dt>
        <dd>{c.protocols.length ? c.protocols.join(', ') : '(none)'}</dd>
        <dt>Negotiated</dt>
        <dd>
          {c.protocol || '(no protocol)'}
          {c.extensions ? `; extensions: ${c.extensions}` : ''}
        </dd>
        {c.traffic && (
          <>
            <dt>Messages</dt>
            <dd>
              sent {c.traffic.sentMessages} ({count(c.traffic.sentBytes, 'byte')}), received{' '}
              {c.traffic.receivedMessages} ({count(c.traffic.receivedBytes, 'byte')})
            </dd>
          </>
        )}
      </dl>
      <section aria-label="Durations">
        <h4>Durations</h4>
        <dl data-testid="durations">
          <dt>Connect time</dt>
          <dd data-testid="connect-time">{connect === null ? 'never opened' : duration(connect)}</dd>
          <dt>Lifetime</dt>
          <dd data-testid="lifetime">{lifetime === null ? 'still open' : duration(lifetime)}</dd>
          <dt>Closing handshake</dt>
          <dd data-testid="handshake">
            {handshake === null
              ? handshakeCall
                ? 'waiting for the close event'
                : effective
                  ? 'none: close() was called before the connection opened'
                  : 'no close() started the closing'
              : `${duration(handshake)} (close() → close event)`}
          </dd>
        </dl>
      </section>
      {c.closed && info && (
        <section aria-label="Close event" data-testid="close-event">
          <h4>Close event</h4>
          <dl>
            <dt>Code</dt>
            <dd data-testid="close-code">
              {closeCodeLabel(c.closed.code)} — {info.meaning}
            </dd>
            <dt>Registry</dt>
            <dd data-testid="close-code-registry">
              {info.registered ? 'in the IANA registry' : 'not in the IANA registry'}; a page{' '}
              {info.allowedInClose ? 'may' : 'may not'} pass it to close()
            </dd>
            <dt>Reason</dt>
            <dd class="reason-full" data-testid="close-reason">
              {c.closed.reason === '' ? '(empty)' : c.closed.reason}
            </dd>
            <dt>Reason size</dt>
            <dd data-testid="reason-size">
              {c.closed.reasonBytes} / {REASON_BYTE_LIMIT} UTF-8 bytes (
              {count(c.closed.reason.length, 'UTF-16 unit')}) <ReasonGauge bytes={c.closed.reasonBytes} />
            </dd>
            <dt>wasClean</dt>
            <dd data-testid="was-clean">{String(c.closed.wasClean)}</dd>
            <dt>At</dt>
            <dd>{clock(c.closed.t)}</dd>
          </dl>
        </section>
      )}
      <section aria-label="Events">
        <h4>Events</h4>
        <ol class="timeline" data-testid="timeline">
          {timeline.map((e, i) => (
            <li key={`${i}:${e.t}`} data-kind={e.kind}>
              <span class="muted">+{duration(e.t - c.createdAt)}</span> {e.text}
            </li>
          ))}
        </ol>
      </section>
      <section aria-label="close() calls">
        <h4>
          close() calls ({totalCloseCalls(c)}
          {c.closeCallsDropped
            ? `; the first ${c.closeCalls.length} are shown, ${c.closeCallsDropped} more were counted`
            : ''}
          )
        </h4>
        {c.closeCalls.length === 0 ? (
          <p class="muted">The page never called close() on this socket.</p>
        ) : (
          c.closeCalls.map((call, i) => <CallDetail key={call.callId} call={call} index={i} mode={mode} />)
        )}
      </section>
    </aside>
  );
}
