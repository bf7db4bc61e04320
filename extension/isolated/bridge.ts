/**
 * The isolated-world bridge, loaded by the relay (./index.ts) when the page's first socket
 * event arrives, never before: validates what the page hook sends, enriches it, keeps this
 * document's log, forwards it to the background, replays it on request, and sends console
 * warnings back to the hook. Importing this module starts it; the relay then hands it every
 * page event through `receive`.
 */
import browser from 'webextension-polyfill';
import { DocumentLog } from '../../src/documentLog';
import { engineFromUserAgent } from '../../src/engine';
import { enrichCloseCall } from '../../src/enrich';
import {
  BRIDGE_EVENT,
  capText,
  type FrameEventsMessage,
  LIMITS,
  type LogEvent,
  type PageEvent,
  PROTOCOL_VERSION,
  readPageMessage,
  readReplayRequest,
  type Sequenced,
} from '../../src/protocol';
import { formatWarning, WarningCollapser, warningKey } from '../../src/warnings';
import { utf8ByteLength } from '../../src/webidl';
import { loadSettings, onSettingsChanged } from '../shared/settings';

const docId = crypto.randomUUID();
const engine = engineFromUserAgent(navigator.userAgent);
const extensionOrigin = browser.runtime.getURL('').replace(/\/$/, '');
const log = new DocumentLog(LIMITS.connections);
const MAX_DETAIL_LENGTH = 100 * 1024 * 1024;

// ---- to the background ---------------------------------------------------------------------
let outgoing: Sequenced[] = [];
let sendScheduled = false;

function post(events: Sequenced[], replay: boolean): void {
  for (let i = 0; i < events.length; i += LIMITS.eventsPerBatch) {
    const message: FrameEventsMessage = {
      source: 'wsci-bridge',
      type: 'frame-events',
      docId,
      replay,
      events: events.slice(i, i + LIMITS.eventsPerBatch),
    };
    try {
      browser.runtime.sendMessage(message).catch(() => {
        // No listener yet (service worker starting) or extension reloaded: a replay recovers it.
      });
    } catch {
      // extension context invalidated
    }
  }
}

function record(event: LogEvent): void {
  const kept = log.add(event);
  if (kept.length === 0) return;
  outgoing.push(...kept);
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
window.addEventListener('pagehide', flushOutgoing);

browser.runtime.onMessage.addListener((message: unknown) => {
  if (readReplayRequest(message)) post(log.all(), true);
  return undefined;
});

// ---- warnings back to the page --------------------------------------------------------------
let warningsEnabled: boolean | null = null; // null until the setting is loaded
const pendingWarnings: { key: string; text: string; count: number }[] = [];
const collapser = new WarningCollapser();
let drainTimer: ReturnType<typeof setTimeout> | null = null;

function toPage(message: object): void {
  window.dispatchEvent(
    new CustomEvent(BRIDGE_EVENT, {
      detail: JSON.stringify({ source: 'wsci-bridge', v: PROTOCOL_VERSION, ...message }),
    }),
  );
}

function warn(key: string, text: string, count: number): void {
  if (warningsEnabled === null) {
    if (pendingWarnings.length < 200) pendingWarnings.push({ key, text, count });
    return;
  }
  if (!warningsEnabled) return;
  const line = collapser.offer(key, text, count);
  if (line) toPage({ type: 'warn', lines: [line] });
  if (count > 1 || !line) scheduleDrain();
}

function scheduleDrain(): void {
  if (drainTimer) return;
  drainTimer = setTimeout(() => {
    drainTimer = null;
    const lines = collapser.drain();
    if (lines.length > 0 && warningsEnabled) toPage({ type: 'warn', lines });
  }, 1000);
}

loadSettings()
  .then((settings) => {
    warningsEnabled = settings.warnings;
    log.setMaxConnections(settings.maxConnections);
    for (const w of pendingWarnings.splice(0)) warn(w.key, w.text, w.count);
  })
  .catch(() => {
    warningsEnabled = true;
  });
onSettingsChanged((settings) => {
  warningsEnabled = settings.warnings;
  log.setMaxConnections(settings.maxConnections);
});

// ---- from the page ---------------------------------------------------------------------------
function enrich(event: PageEvent): LogEvent {
  switch (event.kind) {
    case 'created':
      return event;
    case 'closed':
      return {
        ...event,
        reason: capText(event.reason, LIMITS.text),
        reasonBytes: utf8ByteLength(event.reason),
      };
    case 'close-call': {
      const call = enrichCloseCall(event, engine, extensionOrigin);
      const text = formatWarning(capText(log.urlOf(event.sid) ?? '(unknown socket)', 200), call);
      if (text) warn(warningKey(call), text, call.repeat);
      return call;
    }
    case 'close-repeat':
      return event;
    case 'note':
      // Notes come through the page's world, where a page can make them: never in our voice.
      return { ...event, t: Date.now(), text: capText(`reported from the page: ${event.text}`, LIMITS.text) };
    default:
      return event;
  }
}

/** A whole batch was refused: say so in the panel, so that a gap in the log is never silent. */
function rejectBatch(why: string): void {
  record({ kind: 'note', t: Date.now(), text: `a batch of page events was rejected: ${why}` });
}

/** The page's batch as JSON, or why it is refused. */
function parseBatch(detail: unknown): { parsed: unknown } | { refused: string } {
  if (typeof detail !== 'string') return { refused: 'not a string' };
  if (detail.length > MAX_DETAIL_LENGTH) return { refused: `larger than ${MAX_DETAIL_LENGTH} characters` };
  try {
    return { parsed: JSON.parse(detail) };
  } catch {
    return { refused: 'not JSON' };
  }
}

/** One page batch (the CustomEvent's detail, as the relay received it). */
export function receive(detail: unknown): void {
  const batch = parseBatch(detail);
  if ('refused' in batch) {
    rejectBatch(batch.refused);
    return;
  }
  const { parsed } = batch;
  const message = readPageMessage(parsed);
  if (!message) {
    rejectBatch(`the wrong shape or protocol version, or more than ${LIMITS.eventsPerBatch} events`);
    return;
  }
  for (const event of message.events) {
    try {
      record(enrich(event));
    } catch {
      // a malformed event must not stop the others
    }
  }
  if (message.rejected > 0)
    record({
      kind: 'note',
      t: Date.now(),
      text: `${message.rejected} malformed event(s) from the page were rejected`,
    });
}

function documentStart(t: number): void {
  record({
    kind: 'document',
    t,
    url: capText(location.href, LIMITS.url),
    top: window === window.top,
    engine,
    userAgent: capText(navigator.userAgent, LIMITS.text),
  });
}
documentStart(performance.timeOrigin);
// A page restored from the back/forward cache is a new page view for the panel (as a navigation
// is); without this, its new sockets would look older than the page the user left.
window.addEventListener('pageshow', (e) => {
  if (e.persisted) documentStart(Date.now());
});

/** Page batches the relay could not keep while this module loaded. */
export function lostWhileLoading(batches: number): void {
  record({
    kind: 'note',
    t: Date.now(),
    text: `${batches} batch(es) of page events were lost while the inspector's bridge loaded`,
  });
}
