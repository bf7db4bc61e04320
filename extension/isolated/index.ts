/**
 * The isolated-world relay (document_start, every frame). All a document without sockets ever
 * pays for: the handshake that gives the page hook its private line (an EventTarget only the two
 * of them hold; see extension/main-world/privateLine.ts) and a few listeners. The page's first
 * event loads the bridge (./bridge.ts: polyfill,
 * validators, storage, messaging) and from then on every event goes to it; events that arrive
 * while it loads are kept, within a budget of batches and characters. A document that unloads
 * before the bridge has loaded hands what it kept to the background, which takes it in as the
 * bridge would have: a page that opens a socket and leaves at once must not lose it.
 */
import { newDocId } from '../../src/docId';
import {
  BRIDGE_MODULE,
  HANDOFF_LIMITS,
  HANDSHAKE_EVENT,
  HOOK_READY_EVENT,
  LINE_ACK_EVENT,
  PAGE_EVENT,
  SOURCE,
} from '../../src/protocolConstants';

interface Bridge {
  begin(start: number, line: EventTarget): void;
  receive(detail: unknown): void;
  lostWhileLoading(batches: number): void;
}

const MAX_WAITING_CHARS = 32 * 1024 * 1024;
const MAX_WAITING_BATCHES = 1000;

let bridge: Bridge | null = null;
let loading = false;
let leaving = false;
let waiting: unknown[] = [];
let waitingChars = 0;
let lost = 0;
let start = 0;
/**
 * Read only when needed: in Chromium the first read of chrome.runtime builds the extension API
 * bindings for the frame, about a millisecond, which a document without sockets must not pay.
 */
function extensionRuntime(): typeof chrome.runtime | undefined {
  return (globalThis as { chrome?: typeof chrome }).chrome?.runtime;
}

function load(): void {
  loading = true;
  start = performance.timeOrigin;
  const runtime = extensionRuntime();
  if (!runtime) return;
  window.addEventListener('pageshow', (e) => {
    // Back from the back/forward cache: a new page view, and the bridge may still load.
    if (e.isTrusted && e.persisted) {
      leaving = false;
      start = performance.timeOrigin + performance.now();
    }
  });
  import(/* @vite-ignore */ runtime.getURL(BRIDGE_MODULE)).then(
    (module: Bridge) => {
      bridge = module;
      module.begin(start, line);
      const queued = waiting;
      waiting = [];
      waitingChars = 0;
      for (const detail of queued) module.receive(detail);
      if (lost > 0) module.lostWhileLoading(lost);
    },
    () => {
      // The bridge could not load (the extension was updated or removed): stay inert.
      waiting = [];
    },
  );
}

/** The document is going and the bridge is not there: give what was kept to the background. */
function handOff(): void {
  if (bridge || (waiting.length === 0 && lost === 0)) return;
  const runtime = extensionRuntime();
  if (!runtime) return;
  const batches: string[] = [];
  let chars = 0;
  for (const detail of waiting) {
    if (
      typeof detail !== 'string' ||
      batches.length >= HANDOFF_LIMITS.batches ||
      chars + detail.length > HANDOFF_LIMITS.chars
    )
      lost++;
    else {
      batches.push(detail);
      chars += detail.length;
    }
  }
  const message = { source: SOURCE.relay, type: 'handoff', docId: newDocId(), start, batches, lost };
  waiting = [];
  waitingChars = 0;
  lost = 0;
  try {
    runtime.sendMessage(message, () => void runtime.lastError);
  } catch {
    // extension context invalidated
  }
}

function onPageEvent(e: Event): void {
  const detail: unknown = (e as CustomEvent<unknown>).detail;
  if (bridge) {
    bridge.receive(detail);
    return;
  }
  const size = typeof detail === 'string' ? detail.length : 0;
  if (waiting.length >= MAX_WAITING_BATCHES || waitingChars + size > MAX_WAITING_CHARS) lost++;
  else {
    waiting.push(detail);
    waitingChars += size;
  }
  if (!loading) load();
  // A socket made while the page unloads (a pagehide handler): the bridge could never load.
  if (leaving) handOff();
}

// ---- the private line ------------------------------------------------------------------------
const line = new EventTarget();
line.addEventListener(PAGE_EVENT, onPageEvent);

function offerLine(): void {
  window.dispatchEvent(new MouseEvent(HANDSHAKE_EVENT, { relatedTarget: line }));
}
/** The hook ran first and asks: answer once, then never again (a page could ask later). */
function onHookReady(): void {
  window.removeEventListener(HOOK_READY_EVENT, onHookReady, true);
  offerLine();
}
line.addEventListener(LINE_ACK_EVENT, () => window.removeEventListener(HOOK_READY_EVENT, onHookReady, true), {
  once: true,
});
window.addEventListener(HOOK_READY_EVENT, onHookReady, true);
offerLine();
window.addEventListener('pagehide', (e) => {
  if (!e.isTrusted) return;
  leaving = true;
  handOff();
});
