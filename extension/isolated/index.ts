/**
 * The isolated-world relay (document_start, every frame). All a document without sockets ever
 * pays for: one event listener. The page's first event loads the bridge (./bridge.ts: polyfill,
 * validators, storage, messaging) and from then on every event goes to it; events that arrive
 * while it loads are kept, within a budget of batches and characters.
 */
import { BRIDGE_MODULE, PAGE_EVENT } from '../../src/protocolConstants';

interface Bridge {
  receive(detail: unknown): void;
  lostWhileLoading(batches: number): void;
}

const MAX_WAITING_CHARS = 32 * 1024 * 1024;
const MAX_WAITING_BATCHES = 1000;

let bridge: Bridge | null = null;
let loading = false;
let waiting: unknown[] = [];
let waitingChars = 0;
let lost = 0;

function load(): void {
  loading = true;
  const runtime = (globalThis as { chrome?: typeof chrome }).chrome?.runtime;
  if (!runtime) return;
  import(/* @vite-ignore */ runtime.getURL(BRIDGE_MODULE)).then(
    (module: Bridge) => {
      bridge = module;
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
}

window.addEventListener(PAGE_EVENT, onPageEvent, true);
