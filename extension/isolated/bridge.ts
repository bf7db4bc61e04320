/**
 * The isolated-world bridge, loaded by the relay (./index.ts) when the page's first socket
 * event arrives, never before: validates what the page hook sends, enriches it, keeps this
 * document's log, forwards it to the background, replays it on request, and sends console
 * warnings back to the hook. Importing this module starts it; the relay then hands it every
 * page event through `receive`.
 */
import browser from 'webextension-polyfill';
import { newDocId } from '../../src/docId';
import { DocumentLog } from '../../src/documentLog';
import { engineFromUserAgent } from '../../src/engine';
import { PageIntake } from '../../src/pageIntake';
import {
  BRIDGE_EVENT,
  type FrameEventsMessage,
  LIMITS,
  PROTOCOL_VERSION,
  readReplayRequest,
  type Sequenced,
  SOURCE,
} from '../../src/protocol';
import { WarningCollapser } from '../../src/warnings';
import { loadSettings, onSettingsChanged } from '../shared/settings';

const docId = newDocId();
const log = new DocumentLog(LIMITS.connections);
const intake = new PageIntake({
  engine: engineFromUserAgent(navigator.userAgent),
  extensionOrigin: browser.runtime.getURL('').replace(/\/$/, ''),
  log,
  onWarning: warn,
});

// ---- to the background ---------------------------------------------------------------------
let outgoing: Sequenced[] = [];
let sendScheduled = false;

function post(events: Sequenced[], replay: boolean): void {
  for (let i = 0; i < events.length; i += LIMITS.eventsPerBatch) {
    const message: FrameEventsMessage = {
      source: SOURCE.bridge,
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

function forward(kept: Sequenced[]): void {
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

/** The private line to the page hook, from the relay. */
let line: EventTarget | null = null;

function toPage(message: object): void {
  line?.dispatchEvent(
    new CustomEvent(BRIDGE_EVENT, {
      detail: JSON.stringify({ source: SOURCE.bridge, v: PROTOCOL_VERSION, ...message }),
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
  if (e.isTrusted && e.persisted) documentStart(Date.now());
});

/** One page batch (the CustomEvent's detail, as the relay received it). */
export function receive(detail: unknown): void {
  forward(intake.receive(detail));
}

/** Page batches the relay could not keep while this module loaded. */
export function lostWhileLoading(batches: number): void {
  forward(intake.lostWhileLoading(batches));
}
