/**
 * What the hook keeps of close() calls: each distinct call once (facts, never the page's
 * arguments), identical repeats counted, and the outcome as the page saw it.
 */
import type { ObservedOutcome, RawArg, RawCloseCall, ReadyState } from '../../src/protocol';
import { isObjectLike, primitiveArg } from './arguments';
import { readStack } from './callerStack';
import { bareArray, call, natives, now } from './natives';
import { beforeFlush, emit, schedule } from './outbox';
import type { LastCall, SocketState } from './sockets';
import { argKey } from './stringFacts';

export const ABSENT: RawArg = { given: 'absent' };
let nextCallId = 1;
const dirtyRepeats = bareArray<{ st: SocketState; record: LastCall['record'] }>();

export function observe(error: unknown): ObservedOutcome {
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

export const RETURNED: ObservedOutcome = { threw: false };

/** One close() call as the trap saw it, before anything about it is recorded. */
export interface CallSeen {
  readonly argc: number;
  readonly code: unknown;
  readonly reason: unknown;
  readonly readyState: number;
  readonly observed: ObservedOutcome;
}

/** A repeat of the last call is counted; with another outcome it is a call of its own (no stack). */
export function repeatOrRecord(st: SocketState, last: LastCall, seen: CallSeen): void {
  try {
    if (countRepeat(st, last, seen.observed)) return;
  } catch {
    return;
  }
  const { argc, code, reason, readyState, observed } = seen;
  record(st, {
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
export function countRepeat(st: SocketState, last: LastCall, observed: ObservedOutcome): boolean {
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

export interface CallFacts {
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

export function record(st: SocketState, f: CallFacts): void {
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
