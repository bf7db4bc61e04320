/**
 * One close() call in the details: the arguments as given and as converted, what this browser
 * did, the verdict of the standard and of every engine, and the caller's stack (a frame opens
 * in Sources where the browser lets extensions do that).
 */
import { formatCallArgs } from '../../src/callFindings';
import { PROFILE_LABEL, PROFILES } from '../../src/closeRules';
import type { CloseCall } from '../../src/model';
import { type ArgSnapshot, READY_STATE_NAMES, type VerdictRecord } from '../../src/protocol';
import { clock, count, splitFrame } from './format';

export type Mode = 'devtools' | 'tab';

function verdictText(v: VerdictRecord): string {
  if (!v.ok) return `throws ${v.errorName}: ${v.message}`;
  const code = v.code === null ? 'no code' : `code ${v.code}`;
  const wire =
    v.wireCode === null
      ? 'empty Close frame (server sees 1005)'
      : `sends ${v.wireCode}${v.wireReason ? ` "${v.wireReason}"` : ''}`;
  return `ok: ${code} → ${wire}`;
}

/** Chromium can open a stack frame's location in Sources; Firefox has no openResource for extensions. */
function canOpenSources(mode: Mode): boolean {
  return (
    mode === 'devtools' &&
    typeof chrome !== 'undefined' &&
    typeof chrome.devtools?.panels?.openResource === 'function'
  );
}

function openInSources(url: string, line: number, column: number): void {
  // DevTools counts lines and columns from 0; stack traces from 1.
  chrome.devtools?.panels?.openResource?.(
    url,
    Math.max(0, line - 1),
    Math.max(0, column - 1),
    () => undefined,
  );
}

function Stack({ frames, mode }: { frames: readonly string[]; mode: Mode }) {
  if (frames.length === 0)
    return (
      <div class="muted">
        No stack (the page customises Error stack formatting, or the call came from a browser extension).
      </div>
    );
  return (
    <ol class="stack" data-testid="stack">
      {frames.map((f, i) => {
        const part = splitFrame(f);
        return (
          <li key={`${i}:${f}`}>
            {part ? (
              <>
                {part.before}
                {canOpenSources(mode) ? (
                  <button
                    type="button"
                    class="link source-link"
                    onClick={() => openInSources(part.url, part.line, part.column)}
                    title="Open in the Sources panel"
                    aria-label={`Open ${part.location} in the Sources panel`}
                  >
                    {part.location}
                  </button>
                ) : (
                  <span
                    class="source-location"
                    title={
                      mode === 'devtools'
                        ? 'This browser does not let extensions open a source location: find it in the Debugger'
                        : 'Open the panel from DevTools to jump to the source'
                    }
                  >
                    {part.location}
                  </span>
                )}
                {part.after}
              </>
            ) : (
              <span>{f}</span>
            )}
          </li>
        );
      })}
    </ol>
  );
}

function argRaw(a: ArgSnapshot): string {
  if (a.given === 'absent') return '(not passed)';
  let text = `${a.text} (${a.given})`;
  if (a.primitive !== undefined) text += ` → ${a.threw ? 'its conversion threw' : a.primitive}`;
  if (a.length !== undefined) text += `, ${count(a.length, 'UTF-16 unit')}`;
  if (a.loneSurrogates) text += ', lone surrogates (sent as U+FFFD)';
  return text;
}

/** The values after this browser's WebIDL conversions ([Clamp] unsigned short, USVString). */
function convertedText(call: CloseCall): string {
  const v = call.verdicts?.[call.engine];
  if (!v) return 'not modelled (the argument’s own conversion failed)';
  const code = v.code === null ? 'no code' : `code ${v.code}`;
  const reason =
    v.reason === null
      ? 'no reason'
      : `reason ${JSON.stringify(v.reason)}${v.reasonBytes === null ? '' : ` (${count(v.reasonBytes, 'UTF-8 byte')})`}`;
  return `${code}, ${reason}`;
}

export function CallDetail({ call, index, mode }: { call: CloseCall; index: number; mode: Mode }) {
  return (
    <section class="call" data-testid="close-call" aria-label={`close() call ${index + 1}`}>
      <h4>
        {clock(call.t)} {formatCallArgs(call)} on a {READY_STATE_NAMES[call.readyState]} socket
        {call.repeat > 1 ? ` (×${call.repeat})` : ''}
      </h4>
      <dl>
        <dt>Arguments ({call.argc})</dt>
        <dd data-testid="call-args">
          code: {argRaw(call.code)}; reason: {argRaw(call.reason)}
        </dd>
        <dt>Converted</dt>
        <dd data-testid="call-converted">{convertedText(call)}</dd>
        <dt>In this browser</dt>
        <dd class={call.observed.threw ? 'bad' : 'good'} data-testid="call-observed">
          {call.observed.threw
            ? `threw ${call.observed.name}: ${call.observed.message}`
            : 'returned (accepted)'}
        </dd>
        {call.verdicts && (
          <>
            <dt>Verdicts</dt>
            <dd>
              <table class="verdicts" data-testid="verdicts">
                <tbody>
                  {PROFILES.map((p) => {
                    const v = call.verdicts?.[p];
                    return v ? (
                      <tr key={p} class={p === call.engine ? 'current' : ''}>
                        <th scope="row">
                          {PROFILE_LABEL[p]}
                          {p === call.engine ? ' (this browser)' : ''}
                        </th>
                        <td class={v.ok ? 'good' : 'bad'}>{verdictText(v)}</td>
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
