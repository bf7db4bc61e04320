/**
 * The isolated-world bridge, loaded by the relay (./index.ts) when the page's first socket
 * event arrives, never before. Wiring only: the page's events go through the intake (read, cap,
 * number, keep: src/pageIntake.ts) to the background, which judges them; the document's log is
 * replayed on request; warning lines the background writes go back to the page hook.
 */
import { newDocId } from '../../src/docId';
import { DocumentLog } from '../../src/documentLog';
import { engineFromUserAgent } from '../../src/engine';
import { PageIntake } from '../../src/pageIntake';
import type { FrameEventsMessage, RawLogEvent, Sequenced } from '../../src/protocol';
import { readBridgeWarnings, readReplayRequest } from '../../src/protocol/readMessages';
import { BRIDGE_EVENT, LIMITS, PROTOCOL_VERSION, SOURCE } from '../../src/protocolConstants';
import { extensionRuntime } from './extensionRuntime';
import { watchLifecycle } from './pageLifecycle';

type Kept = Sequenced<RawLogEvent>;

const docId = newDocId();
const runtime = extensionRuntime();
const intake = new PageIntake({
  engine: engineFromUserAgent(navigator.userAgent),
  log: new DocumentLog(LIMITS.connectionsMax),
  // The hook's clock, so lifecycle times compare with socket times.
  now: () => performance.timeOrigin + performance.now(),
});
/** The private line to the page hook, from the relay. */
let line: EventTarget | null = null;

// ---- to the background ---------------------------------------------------------------------
let outgoing: Kept[] = [];
let sendScheduled = false;

function post(events: Kept[], replay: boolean): void {
  for (let i = 0; i < events.length; i += LIMITS.eventsPerBatch) {
    const message: FrameEventsMessage = {
      source: SOURCE.bridge,
      type: 'frame-events',
      docId,
      replay,
      events: events.slice(i, i + LIMITS.eventsPerBatch),
    };
    try {
      runtime?.sendMessage(message).catch(() => {
        // No listener yet (service worker starting) or extension reloaded: a replay recovers it.
      });
    } catch {
      // extension context invalidated
    }
  }
}

function forward(kept: Kept[]): void {
  if (kept.length === 0) return;
  for (const k of kept) outgoing[outgoing.length] = k;
  if (!sendScheduled) {
    sendScheduled = true;
    // A microtask, not a timer: a timer may never fire when the page navigates away right after
    // the last close event, and those events would be lost.
    queueMicrotask(flushOutgoing);
  }
}

function flushOutgoing(): void {
  sendScheduled = false;
  if (outgoing.length === 0) return;
  const batch = outgoing;
  outgoing = [];
  post(batch, false);
}
// Before the flush below: the pagehide record goes out with the last batch.
const recheckLifecycle = watchLifecycle((state, persisted) => forward(intake.lifecycle(state, persisted)));
window.addEventListener('pagehide', flushOutgoing);

runtime?.onMessage.addListener((message: unknown) => {
  if (readReplayRequest(message)) post(intake.all(), true);
  const warnings = readBridgeWarnings(message);
  if (warnings && warnings.docId === docId)
    line?.dispatchEvent(
      new CustomEvent(BRIDGE_EVENT, {
        detail: JSON.stringify({
          source: SOURCE.bridge,
          v: PROTOCOL_VERSION,
          type: 'warn',
          lines: warnings.lines,
        }),
      }),
    );
  return undefined;
});

// ---- from the page (through the relay) --------------------------------------------------------
function documentStart(t: number): void {
  forward(
    intake.documentStart({
      t,
      url: location.href,
      top: window === window.top,
      userAgent: navigator.userAgent,
    }),
  );
}

/**
 * Called once by the relay before any page batch: when this document (or page view) started, and
 * the private line to the page hook (warnings go back on it).
 */
export function begin(start: number, privateLine: EventTarget): void {
  line = privateLine;
  documentStart(start);
}
// A page restored from the back/forward cache is a new page view for the panel (as a navigation
// is); without this, its new sockets would look older than the page the user left.
window.addEventListener('pageshow', (e) => {
  if (e.isTrusted && e.persisted) documentStart(performance.timeOrigin + performance.now());
});

/** One page batch (the line event's detail, as the relay received it). */
export function receive(detail: unknown): void {
  forward(intake.receive(detail));
  // A page can stop a lifecycle event before our listener sees it: with each batch (a close
  // among them) the current state is checked, and a change the listeners missed is recorded.
  recheckLifecycle();
}

/** Page batches the relay could not keep while this module loaded. */
export function lostWhileLoading(batches: number): void {
  forward(intake.lostWhileLoading(batches));
}
