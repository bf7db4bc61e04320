/**
 * Which sockets the hook knows, by a private WeakMap (never a property the page could see): each
 * one's id, traffic counters and last close() call, and the browser's own events on it.
 */
import type { ObservedOutcome, RawCreatedEvent } from '../../src/protocol';
import { LIMITS } from '../../src/protocolConstants';
import { readStack } from './callerStack';
import { bareArray, call, cut, natives, now, privateWeakMap } from './natives';
import { emit } from './outbox';
import { type Counters, countReceived, finalTraffic, newCounters } from './sendHook';

export interface LastCall {
  readonly argc: number;
  /** argKey of each argument: the value, or a fingerprint of a long string (never the string). */
  readonly code: unknown;
  readonly reason: unknown;
  readonly readyState: number;
  readonly observed: ObservedOutcome;
  readonly record: { repeat: number; flushed: boolean; readonly callId: number };
}

export interface SocketState {
  readonly sid: number;
  last: LastCall | null;
  repeatDirty: boolean;
  readonly counters: Counters;
  /** The close event fired: readyState is CLOSED from now on. */
  closedSeen: boolean;
}

export function trafficOf(ws: unknown): { sid: number; counters: Counters } | undefined {
  if (typeof ws !== 'object' || ws === null) return undefined;
  const st = stateOf(ws);
  return { sid: st.sid, counters: st.counters };
}

export const sockets = privateWeakMap<object, SocketState>();
let nextSid = 1;

function newState(): SocketState {
  return { sid: nextSid++, last: null, repeatDirty: false, counters: newCounters(), closedSeen: false };
}

/** A socket the hooked constructor just made: announced with the protocols it asked for. */
export function trackConstructed(ws: object, protocols: unknown, stack: object | null): void {
  const st = newState();
  sockets.set(ws, st);
  announce(ws, st, protocols, stack);
}

export function stateOf(ws: object): SocketState {
  let st = sockets.get(ws);
  if (!st) {
    // A socket made before the hook, or in another frame: start tracking it now.
    st = newState();
    sockets.set(ws, st);
    announce(ws, st, null, null);
  }
  return st;
}

const CREATED_STACK_CHARS = 4096;

function announce(ws: object, st: SocketState, protocols: unknown, stack: object | null): void {
  const url = safeGet<string>(natives.wsUrl, ws, '');
  const created: RawCreatedEvent = {
    kind: 'created',
    sid: st.sid,
    t: now(),
    url: cut(url, LIMITS.url),
    urlLength: url.length,
    protocols: requestedProtocols(protocols),
  };
  // Only the top page frame is kept (by the background): the first few frames are plenty.
  emit(stack ? () => ({ ...created, stack: readStack(stack, CREATED_STACK_CHARS) }) : created);
  listen(ws);
}

function safeGet<T>(getter: unknown, self: unknown, fallback: T): T {
  try {
    return call<T>(getter as () => T, self);
  } catch {
    return fallback;
  }
}

function requestedProtocols(p: unknown): string[] {
  if (typeof p === 'string') return [cut(p, LIMITS.protocol)];
  if (!natives.isArray(p)) return [];
  // Read own data properties only: a getter on an element must not run a second time.
  const out = bareArray<string>();
  try {
    const lengthDesc = natives.getOwnPropertyDescriptor(p, 'length');
    const n = typeof lengthDesc?.value === 'number' ? lengthDesc.value : 0;
    for (let i = 0; i < n && i < LIMITS.protocols; i++) {
      const d = natives.getOwnPropertyDescriptor(p, i);
      if (d && typeof d.value === 'string') out[out.length] = cut(d.value, LIMITS.protocol);
    }
  } catch {
    // a revoked proxy or exotic array: leave the list empty
  }
  return out;
}

/**
 * Only events the browser fired count: a page may dispatch its own `close` or `message` events on
 * a socket. `isTrusted` is an own, unforgeable property of every Event, so reading it is safe.
 */
function trusted(e: Event): boolean {
  try {
    return e.isTrusted === true;
  } catch {
    return false;
  }
}

function onOpen(this: object, e: Event): void {
  try {
    if (!trusted(e)) return;
    const st = sockets.get(this);
    if (!st) return;
    emit({
      kind: 'open',
      sid: st.sid,
      t: now(),
      protocol: cut(safeGet(natives.wsProtocol, this, ''), LIMITS.protocol),
      extensions: cut(safeGet(natives.wsExtensions, this, ''), LIMITS.protocol),
    });
  } catch {
    // never throw into the page's event dispatch
  }
}

function onError(this: object, e: Event): void {
  try {
    if (!trusted(e)) return;
    const st = sockets.get(this);
    if (st) emit({ kind: 'error', sid: st.sid, t: now() });
  } catch {
    // ignore
  }
}

function onClose(this: object, e: Event): void {
  try {
    if (!trusted(e)) return;
    const st = sockets.get(this);
    if (!st) return;
    st.closedSeen = true;
    finalTraffic(st.sid, st.counters);
    const reason = safeGet<string>(natives.closeEventReason, e, '');
    emit({
      kind: 'closed',
      sid: st.sid,
      t: now(),
      code: safeGet<number>(natives.closeEventCode, e, 0),
      reason,
      reasonBytes: 0, // the bridge replaces it with the exact UTF-8 length
      wasClean: safeGet<boolean>(natives.closeEventWasClean, e, false),
    });
  } catch {
    // ignore
  }
}

function listen(ws: object): void {
  call(natives.addEventListener, ws, ['open', onOpen]);
  call(natives.addEventListener, ws, ['error', onError]);
  call(natives.addEventListener, ws, ['close', onClose]);
  call(natives.addEventListener, ws, ['message', onMessage]);
}

function onMessage(this: object, e: Event): void {
  try {
    if (!trusted(e)) return;
    const st = sockets.get(this);
    if (st) countReceived(st.sid, st.counters, e);
  } catch {
    // ignore
  }
}
