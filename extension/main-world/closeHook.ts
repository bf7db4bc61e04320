/**
 * Wraps WebSocket.prototype.close. The page must not be able to tell: same values, same
 * exceptions (the browser's own objects), same call counts of its valueOf/toString. Object
 * arguments are taken to primitives once, here, as WebIDL does, and the native gets primitives.
 */
import type { ObservedOutcome, RawArg } from '../../src/protocol';
import { convertObject, givenKind, isObjectLike, primitiveArg } from './arguments';
import { captureStack, stackAllowed } from './callerStack';
import { ABSENT, countRepeat, observe, RETURNED, record, repeatOrRecord } from './closeRecord';
import { hideWrapperFrames, nativeLike } from './disguise';
import { call, natives, now } from './natives';
import { type SocketState, sockets, stateOf } from './sockets';
import { sameArg } from './stringFacts';

const NO_PAGE_ERROR = {};

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
        repeatOrRecord(st as SocketState, last, { argc, code, reason, readyState, observed });
        throw error;
      }
      // The common case (a repeated call that returned again) without allocating anything.
      if (!last.observed.threw) countRepeat(st as SocketState, last, RETURNED);
      else repeatOrRecord(st as SocketState, last, { argc, code, reason, readyState, observed });
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
      if (st) record(st, { argc, code, reason, t, readyState, codeRaw, reasonRaw, observed, stackError });
    }
  }
}
