/**
 * Batches the hook's events and hands them to the bridge once per microtask, as one JSON string
 * in a CustomEvent on the private line (./privateLine.ts). Serialisation reads own properties only,
 * so a page's Object.prototype.toJSON or getters never run.
 */
import type { PageEvent } from '../../src/protocol';
import { BRIDGE_EVENT, PAGE_EVENT, PROTOCOL_VERSION } from '../../src/protocolConstants';
import { bareArray, call, natives } from './natives';
import { privateLine } from './privateLine';

interface Node {
  readonly event: PageEvent | (() => PageEvent | null);
  next: Node | null;
}

let head: Node | null = null;
let tail: Node | null = null;
let queued = 0;
let scheduled = false;
let listening = false;
const objectKeys = Object.keys;

/** Queue an event, or a thunk evaluated at flush time (to defer work off the page's hot path). */
export function emit(event: PageEvent | (() => PageEvent | null)): void {
  const node: Node = { event, next: null };
  if (tail) tail.next = node;
  else head = node;
  tail = node;
  queued++;
  // The relay has listened on the line since document_start, before any page script could make
  // an event; the way back (warnings) is only needed once there is something to warn about.
  if (!listening) listenToBridge();
  schedule();
}

export function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  call(natives.queueMicrotask, window, [flush]);
}

const flushHooks = bareArray<() => void>();
/** Runs before every flush (e.g. to emit collapsed repeat counts). */
export function beforeFlush(hook: () => void): void {
  flushHooks[flushHooks.length] = hook;
}

function flush(): void {
  scheduled = false;
  try {
    for (let i = 0; i < flushHooks.length; i++) flushHooks[i]?.();
    while (head) {
      let json = '';
      let count = 0;
      while (head && count < 2000) {
        const item = head.event;
        const event = typeof item === 'function' ? item() : item;
        head = head.next;
        queued--;
        if (event === null) continue;
        json += (count === 0 ? '' : ',') + toJson(event);
        count++;
      }
      if (!head) tail = null;
      if (count > 0) send(`{"source":"wsci-page","v":${PROTOCOL_VERSION},"events":[${json}]}`);
    }
  } catch {
    // Never let a failure here reach the page. The queue is given up (a batch too large to
    // serialise, for one), but not silently: the panel gets a note with the count.
    const lost = queued;
    head = tail = null;
    queued = 0;
    try {
      send(
        `{"source":"wsci-page","v":${PROTOCOL_VERSION},"events":[{"kind":"note","t":0,"text":"${lost} queued events were lost: the inspector could not serialise them"}]}`,
      );
    } catch {
      // nothing more can be done without risking the page
    }
  }
}

function send(json: string): void {
  // Every init member given as an own property of a prototype-less object: Blink reads absent
  // members through Object.prototype, where the page may have put getters.
  const init = {
    __proto__: null,
    bubbles: false,
    cancelable: false,
    composed: false,
    detail: json,
  } as CustomEventInit;
  const line = privateLine();
  // Without a relay there is nobody to tell: never fall back to window, where pages listen.
  if (!line) return;
  const event = new natives.CustomEvent(PAGE_EVENT, init);
  call(natives.dispatchEvent, line, [event]);
}

/** JSON of plain data built by the hook: own keys only, no toJSON, no getters. */
function toJson(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return natives.jsonStringify(v);
    case 'number':
      // biome-ignore lint/suspicious/noSelfCompare: NaN test without touching the page's Number.isNaN
      return v === v && v !== Infinity && v !== -Infinity ? `${v}` : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object': {
      if (v === null) return 'null';
      if (natives.isArray(v)) {
        const a = v as unknown[];
        let s = '[';
        for (let i = 0; i < a.length; i++) s += (i === 0 ? '' : ',') + toJson(a[i]);
        return `${s}]`;
      }
      const o = v as Record<string, unknown>;
      const keys = objectKeys(o);
      let s = '{';
      let first = true;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i] as string;
        const value = o[k];
        if (value === undefined) continue;
        s += `${first ? '' : ','}${natives.jsonStringify(k)}:${toJson(value)}`;
        first = false;
      }
      return `${s}}`;
    }
    default:
      return 'null';
  }
}

/** Messages from the bridge: warnings to print in the page's own console. */
function listenToBridge(): void {
  const line = privateLine();
  if (!line) return;
  listening = true;
  const onBridge = (e: Event): void => {
    try {
      const detail = call<unknown>(natives.customEventDetail, e);
      if (typeof detail !== 'string' || detail.length > 1_000_000) return;
      const msg = natives.jsonParse(detail) as { type?: unknown; lines?: unknown };
      if (msg === null || typeof msg !== 'object') return;
      if (msg.type === 'warn' && natives.isArray(msg.lines)) {
        const lines = msg.lines as unknown[];
        for (let i = 0; i < lines.length && i < 50; i++) {
          const line = lines[i];
          if (typeof line === 'string') call(natives.consoleWarn, natives.console, [line]);
        }
      }
    } catch {
      // ignore malformed messages
    }
  };
  call(natives.addEventListener, line, [BRIDGE_EVENT, onBridge]);
}
