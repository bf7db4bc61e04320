/**
 * Wraps the page's WebSocket constructor and WebSocket.prototype.close. The page must not be
 * able to tell: same values, same exceptions (the browser's own objects), same call counts of
 * its valueOf/toString, same property shapes. All bookkeeping is deferred to the outbox.
 */
import type { ObservedOutcome, RawArg, RawCloseCall, ReadyState } from '../../src/protocol';
import { LIMITS, TRUNCATION_MARK } from '../../src/protocolConstants';
import { convertObject, givenKind, isObjectLike, primitiveArg } from './arguments';
import { hideWrapperFrames, nativeLike } from './disguise';
import { bareArray, call, NativeWebSocket, natives, now, privateWeakMap } from './natives';
import { beforeFlush, emit, schedule } from './outbox';
import { argKey, sameArg } from './stringFacts';
import { type Counters, countReceived, finalTraffic, newCounters } from './traffic';

interface LastCall {
  readonly argc: number;
  /** argKey of each argument: the value, or a fingerprint of a long string (never the string). */
  readonly code: unknown;
  readonly reason: unknown;
  readonly readyState: number;
  readonly observed: ObservedOutcome;
  readonly record: { repeat: number; flushed: boolean; readonly callId: number };
}

interface SocketState {
  readonly sid: number;
  last: LastCall | null;
  repeatDirty: boolean;
  readonly counters: Counters;
  /** The close event fired: readyState is CLOSED from now on. */
  closedSeen: boolean;
}

/** For the send() hook: the socket's counters, tracking it first if need be. */
export function trafficOf(ws: unknown): { sid: number; counters: Counters } | undefined {
  if (typeof ws !== 'object' || ws === null) return undefined;
  const st = stateOf(ws);
  return { sid: st.sid, counters: st.counters };
}

const sockets = privateWeakMap<object, SocketState>();
let nextSid = 1;
let nextCallId = 1;
const dirtyRepeats = bareArray<{ st: SocketState; record: LastCall['record'] }>();

const ABSENT: RawArg = { given: 'absent' };
const NO_PAGE_ERROR = {};
const CONSTRUCT_PREFIX = "Failed to construct 'WebSocket': ";

function stateOf(ws: object): SocketState {
  let st = sockets.get(ws);
  if (!st) {
    // A socket made before the hook, or in another frame: start tracking it now.
    st = { sid: nextSid++, last: null, repeatDirty: false, counters: newCounters(), closedSeen: false };
    sockets.set(ws, st);
    announce(ws, st, null);
  }
  return st;
}

function announce(ws: object, st: SocketState, protocols: unknown): void {
  const url = safeGet<string>(natives.wsUrl, ws, '');
  emit({
    kind: 'created',
    sid: st.sid,
    t: now(),
    url: cut(url, LIMITS.url),
    urlLength: url.length,
    protocols: requestedProtocols(protocols),
  });
  listen(ws);
}

/** capText with the captured String methods (the page may have replaced String.prototype.slice). */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  const c = call<number>(natives.charCodeAt, s, [end - 1]);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${call<string>(natives.stringSlice, s, [0, end])}${TRUNCATION_MARK}`;
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

function observe(error: unknown): ObservedOutcome {
  try {
    if (isObjectLike(error)) {
      const proto = natives.getPrototypeOf(error);
      if (proto === natives.DOMExceptionProto) {
        return {
          threw: true,
          name: call<string>(natives.domExceptionName, error),
          message: call<string>(natives.domExceptionMessage, error),
        };
      }
      // Index loop: for-of would call the page's replaceable %ArrayIteratorPrototype%.next.
      for (let i = 0; i < natives.errorProtos.length; i++) {
        const p = natives.errorProtos[i];
        if (p && proto === p) {
          const m = natives.getOwnPropertyDescriptor(error, 'message');
          const n = natives.getOwnPropertyDescriptor(p, 'name');
          return {
            threw: true,
            name: typeof n?.value === 'string' ? n.value : 'Error',
            message: typeof m?.value === 'string' ? m.value : '',
          };
        }
      }
    }
  } catch {
    // fall through
  }
  return { threw: true, name: '(non-error value)', message: '' };
}

function sameOutcome(a: ObservedOutcome, b: ObservedOutcome): boolean {
  if (!a.threw || !b.threw) return a.threw === b.threw;
  return a.name === b.name && a.message === b.message;
}

function stackAllowed(): boolean {
  // A page that customises stack formatting would see our frames (and we would run its code):
  // skip the stack then. V8 looks prepareStackTrace up with an ordinary get, so one inherited
  // from Function.prototype or Object.prototype counts too; the walk itself reads descriptors only.
  try {
    for (let o: object | null = natives.Error; o !== null; o = natives.getPrototypeOf(o) as object | null) {
      const d = natives.getOwnPropertyDescriptor(o, 'prepareStackTrace');
      if (d !== undefined && (d.value !== undefined || d.get !== undefined || d.set !== undefined))
        return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The caller's stack, captured onto a prototype-less holder where the engine can: formatting
 * its header then reads no `name` or `message` through the page's Error.prototype.
 */
function captureStack(): object | null {
  if (natives.captureStackTrace) {
    const holder = natives.create(null) as object;
    call(natives.captureStackTrace as (e: object) => void, natives.Error, [holder]);
    return holder;
  }
  return new natives.Error();
}

function readStack(err: object | null): string | null {
  // V8 formats the stack when it is first read: if the page installed prepareStackTrace since the
  // call, reading now would hand it our frames.
  if (!err || !stackAllowed()) return null;
  try {
    // V8: an own accessor on the error; SpiderMonkey: an accessor on Error.prototype.
    const own = natives.getOwnPropertyDescriptor(err, 'stack');
    const getter = own ? own.get : natives.errorStackGetter;
    const s = getter ? call<unknown>(getter as () => unknown, err) : own?.value;
    return typeof s === 'string' ? cut(s, LIMITS.rawStack) : null;
  } catch {
    return null;
  }
}

beforeFlush(() => {
  for (let i = 0; i < dirtyRepeats.length; i++) {
    const d = dirtyRepeats[i];
    if (!d) continue;
    // Sent: later repeats of the same call must be queued again.
    d.st.repeatDirty = false;
    emit({ kind: 'close-repeat', sid: d.st.sid, callId: d.record.callId, repeat: d.record.repeat });
  }
  dirtyRepeats.length = 0;
});

export function installCloseHook(nativeClose: (...a: unknown[]) => unknown): (...a: unknown[]) => unknown {
  const handler: ProxyHandler<(...a: unknown[]) => unknown> = {
    apply(target, thisArg: unknown, args: unknown[]): unknown {
      try {
        return closeTrap(target, thisArg, args);
      } catch (error) {
        // Only engine errors get here from the native call; the page's own thrown values are
        // rethrown untouched by closeTrap's page-error path below.
        if (!isPageError(error)) hideWrapperFrames(error, handler.apply);
        throw error;
      }
    },
  };
  return nativeLike(nativeClose, handler);
}

let lastPageError: unknown = NO_PAGE_ERROR;
function isPageError(error: unknown): boolean {
  const hit = lastPageError === error;
  lastPageError = NO_PAGE_ERROR;
  return hit;
}

function closeTrap(nativeClose: (...a: unknown[]) => unknown, thisArg: unknown, args: unknown[]): unknown {
  {
    // A socket whose close event we saw is CLOSED for good: skip the getter on the hot path
    // (close() in a loop on a dead socket). Only sockets we track are in the map.
    const known = typeof thisArg === 'object' && thisArg !== null ? sockets.get(thisArg) : undefined;
    let readyState: number;
    if (known?.closedSeen) {
      readyState = 3;
    } else {
      try {
        readyState = call<number>(natives.wsReadyState, thisArg);
      } catch {
        // Not a WebSocket: the native method throws its own "Illegal invocation" before looking at the arguments.
        return natives.apply(nativeClose, thisArg, args);
      }
    }
    const ws = thisArg as object;
    const argc = args.length;
    const code = argc > 0 ? args[0] : undefined;
    const reason = argc > 1 ? args[1] : undefined;
    let st: SocketState | undefined = known;
    if (!st) {
      try {
        st = stateOf(ws);
      } catch {
        st = undefined;
      }
    }

    // Fast path: the same primitive arguments as the previous call, in the same state.
    const last = st?.last;
    if (
      last &&
      last.argc === argc &&
      last.readyState === readyState &&
      !isObjectLike(code) &&
      !isObjectLike(reason) &&
      sameArg(last.code, code) &&
      sameArg(last.reason, reason)
    ) {
      let observed: ObservedOutcome = RETURNED;
      let result: unknown;
      try {
        result = natives.apply(nativeClose, ws, args);
      } catch (error) {
        observed = observe(error);
        repeatOrRecord(ws, st as SocketState, last, observed, argc, code, reason, readyState);
        throw error;
      }
      // The common case (a repeated call that returned again) without allocating anything.
      if (!last.observed.threw) countRepeat(st as SocketState, last, RETURNED);
      else repeatOrRecord(ws, st as SocketState, last, observed, argc, code, reason, readyState);
      return result;
    }
    let stackError: object | null = null;
    try {
      if (stackAllowed()) stackError = captureStack();
    } catch {
      stackError = null;
    }
    const t = now();

    // Take object arguments to primitives once, code before reason, as WebIDL does.
    let codeRaw: RawArg = ABSENT;
    let reasonRaw: RawArg = ABSENT;
    let codePass: unknown = code;
    let reasonPass: unknown = reason;
    let pageError: { error: unknown } | undefined;
    let codeThrowsOnConversion = false;
    if (argc > 0) {
      if (isObjectLike(code)) {
        const c = convertObject(code, 'number');
        codeRaw = c.raw;
        pageError = c.pageError;
        codePass = c.raw.conversion === 'ok' && c.pass === undefined ? Number.NaN : c.pass;
        codeThrowsOnConversion = c.raw.conversion !== 'ok';
      } else {
        codeRaw = primitiveArg(code);
      }
      const tc = typeof codePass;
      if (tc === 'symbol' || tc === 'bigint') codeThrowsOnConversion = true;
    }
    if (argc > 1 && !pageError && !codeThrowsOnConversion) {
      if (isObjectLike(reason)) {
        const r = convertObject(reason, 'string');
        reasonRaw = r.raw;
        pageError = r.pageError;
        reasonPass = r.raw.conversion === 'ok' && r.pass === undefined ? 'undefined' : r.pass;
      } else {
        reasonRaw = primitiveArg(reason);
      }
    } else if (argc > 1 && !isObjectLike(reason)) {
      reasonRaw = primitiveArg(reason);
    } else if (argc > 1) {
      // Never converted: the code's conversion threw first.
      reasonRaw = { given: givenKind(reason) };
    }

    let observed: ObservedOutcome = { threw: false };
    try {
      if (pageError) {
        lastPageError = pageError.error;
        throw pageError.error;
      }
      const passArgs = argc === 0 ? [] : argc === 1 ? [codePass] : [codePass, reasonPass];
      return natives.apply(nativeClose, ws, passArgs);
    } catch (error) {
      // Never inspect the page's own thrown value: a Proxy would see our property reads.
      observed = pageError
        ? { threw: true, name: '(exception from the page\u2019s own conversion)', message: '' }
        : observe(error);
      throw error;
    } finally {
      if (st) record(ws, st, { argc, code, reason, t, readyState, codeRaw, reasonRaw, observed, stackError });
    }
  }
}

const RETURNED: ObservedOutcome = { threw: false };

/** A repeat of the last call is counted; with another outcome it is a call of its own (no stack). */
function repeatOrRecord(
  ws: object,
  st: SocketState,
  last: LastCall,
  observed: ObservedOutcome,
  argc: number,
  code: unknown,
  reason: unknown,
  readyState: number,
): void {
  try {
    if (countRepeat(st, last, observed)) return;
  } catch {
    return;
  }
  record(ws, st, {
    argc,
    code,
    reason,
    t: now(),
    readyState,
    codeRaw: argc > 0 ? primitiveArg(code) : ABSENT,
    reasonRaw: argc > 1 ? primitiveArg(reason) : ABSENT,
    observed,
    stackError: null,
  });
}

/** Counts a repeat of the last call; false when the outcome differed (the caller records it). */
function countRepeat(st: SocketState, last: LastCall, observed: ObservedOutcome): boolean {
  try {
    if (!sameOutcome(last.observed, observed)) {
      st.last = null;
      return false;
    }
    last.record.repeat++;
    if (last.record.flushed) {
      if (!st.repeatDirty) {
        st.repeatDirty = true;
        dirtyRepeats[dirtyRepeats.length] = { st, record: last.record };
      }
      schedule();
    }
  } catch {
    // ignore
  }
  return true;
}

interface CallFacts {
  argc: number;
  code: unknown;
  reason: unknown;
  t: number;
  readyState: number;
  codeRaw: RawArg;
  reasonRaw: RawArg;
  observed: ObservedOutcome;
  stackError: object | null;
}

function record(_ws: object, st: SocketState, f: CallFacts): void {
  try {
    const rec = { repeat: 1, flushed: false, callId: nextCallId++ };
    const primitiveArgs = !isObjectLike(f.code) && !isObjectLike(f.reason);
    st.last = primitiveArgs
      ? {
          argc: f.argc,
          code: argKey(f.code),
          reason: argKey(f.reason),
          readyState: f.readyState,
          observed: f.observed,
          record: rec,
        }
      : null;
    st.repeatDirty = false;
    // The thunk keeps the facts only, never the page's arguments (a 50 MB reason, for one).
    const { t, readyState, argc, codeRaw, reasonRaw, observed, stackError } = f;
    emit((): RawCloseCall => {
      rec.flushed = true;
      st.repeatDirty = false;
      return {
        kind: 'close-call',
        sid: st.sid,
        callId: rec.callId,
        t,
        readyState: readyState as ReadyState,
        argc,
        code: codeRaw,
        reason: reasonRaw,
        observed,
        stack: readStack(stackError),
        repeat: rec.repeat,
      };
    });
  } catch {
    // ignore
  }
}

export function installConstructorHook(): typeof WebSocket | null {
  const Native = NativeWebSocket;
  if (!Native) return null;
  const handler: ProxyHandler<typeof WebSocket> = {
    construct(target, args, newTarget) {
      let ws: object;
      try {
        ws = natives.construct(target, args, newTarget === proxy ? target : newTarget) as object;
      } catch (error) {
        if (isEngineConstructError(error)) hideWrapperFrames(error, handler.construct);
        throw error;
      }
      try {
        const st: SocketState = {
          sid: nextSid++,
          last: null,
          repeatDirty: false,
          counters: newCounters(),
          closedSeen: false,
        };
        sockets.set(ws, st);
        announce(ws, st, args.length > 1 ? args[1] : undefined);
      } catch {
        // never let bookkeeping break the page's socket
      }
      return ws;
    },
  };
  const proxy = nativeLike(Native, handler);
  return proxy;
}

/**
 * The URL and protocols are converted by the native constructor, which may run the page's own
 * toString: only errors the engine made itself get their stack fixed.
 */
function isEngineConstructError(error: unknown): boolean {
  if (!isObjectLike(error)) return false;
  const proto = natives.getPrototypeOf(error);
  if (proto === natives.DOMExceptionProto) return true;
  if (proto !== natives.errorProtos[0]) return false;
  const m = natives.getOwnPropertyDescriptor(error, 'message');
  return (
    typeof m?.value === 'string' &&
    call<string>(natives.stringSlice, m.value, [0, CONSTRUCT_PREFIX.length]) === CONSTRUCT_PREFIX
  );
}
