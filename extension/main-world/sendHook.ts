/**
 * Message counts per socket (messages and bytes sent and received), when the last message went
 * each way, and a heartbeat recognised from timing alone, so the panel can tell an idle timeout
 * from a busy connection and say when a heartbeat stopped. Counting happens after the native
 * send() returned and in a listener added at construction; the page sees nothing different, and
 * no payload is kept.
 */
import type { TrafficEvent } from '../../src/protocol';
import { HeartbeatTracker } from '../../src/why/heartbeat';
import { convertObject } from './arguments';
import { hideWrapperFrames, nativeLike } from './disguise';
import { bareArray, call, natives, now } from './natives';
import { emit } from './outbox';

export interface Counters {
  sentMessages: number;
  sentBytes: number;
  receivedMessages: number;
  receivedBytes: number;
  /** 0 until a message went that way. */
  lastSentAt: number;
  lastReceivedAt: number;
  beats: HeartbeatTracker;
  /** Counters changed since the last traffic event. */
  dirty: boolean;
}

export function newCounters(): Counters {
  return {
    sentMessages: 0,
    sentBytes: 0,
    receivedMessages: 0,
    receivedBytes: 0,
    lastSentAt: 0,
    lastReceivedAt: 0,
    beats: new HeartbeatTracker(),
    dirty: false,
  };
}

/** Made on first use (not at page start): reused for encodeInto, so short strings allocate nothing. */
let encoder: TextEncoder | null = null;
let scratch: Uint8Array | null = null;
const SCRATCH_BYTES = 48 * 1024;

/** UTF-8 bytes of a string or the size of binary data, without the page's prototypes. */
export function byteSize(data: unknown): number {
  try {
    if (typeof data === 'string') {
      encoder ??= new natives.TextEncoder();
      if (data.length * 3 <= SCRATCH_BYTES) {
        scratch ??= new natives.Uint8Array(SCRATCH_BYTES);
        // encodeInto's result is a fresh object with own properties: no page getters involved.
        return call<{ written: number }>(natives.textEncodeInto, encoder, [data, scratch]).written;
      }
      const bytes = call<Uint8Array>(natives.textEncode, encoder, [data]);
      return call<number>(natives.typedArrayByteLength, bytes);
    }
    if (typeof data !== 'object' || data === null) return 0;
    if (natives.isView(data)) {
      try {
        return call<number>(natives.typedArrayByteLength, data);
      } catch {
        return call<number>(natives.dataViewByteLength, data);
      }
    }
    try {
      return call<number>(natives.arrayBufferByteLength, data);
    } catch {
      return call<number>(natives.blobSize, data);
    }
  } catch {
    return 0;
  }
}

const dirty = bareArray<{ sid: number; counters: Counters }>();
let timerSet = false;
const REPORT_EVERY_MS = 1000;

function trafficEvent(sid: number, c: Counters): TrafficEvent {
  c.dirty = false;
  const heartbeat = c.beats.primary();
  return {
    kind: 'traffic',
    sid,
    sentMessages: c.sentMessages,
    sentBytes: c.sentBytes,
    receivedMessages: c.receivedMessages,
    receivedBytes: c.receivedBytes,
    ...(c.lastSentAt ? { lastSentAt: c.lastSentAt } : {}),
    ...(c.lastReceivedAt ? { lastReceivedAt: c.lastReceivedAt } : {}),
    ...(heartbeat ? { heartbeat } : {}),
  };
}

function report(): void {
  timerSet = false;
  try {
    for (let i = 0; i < dirty.length; i++) {
      const d = dirty[i];
      if (d?.counters.dirty) emit(trafficEvent(d.sid, d.counters));
    }
  } catch {
    // ignore
  }
  dirty.length = 0;
}

function markDirty(sid: number, c: Counters): void {
  if (c.dirty) return;
  c.dirty = true;
  dirty[dirty.length] = { sid, counters: c };
  if (!timerSet) {
    timerSet = true;
    call(natives.setTimeout, window, [report, REPORT_EVERY_MS]);
  }
}

/** The final counts, emitted just before the close event's record. */
export function finalTraffic(sid: number, c: Counters): void {
  if (c.sentMessages || c.receivedMessages) emit(trafficEvent(sid, c));
}

export function countReceived(sid: number, c: Counters, e: Event): void {
  const bytes = byteSize(call<unknown>(natives.messageEventData, e));
  const t = now();
  c.receivedMessages++;
  c.receivedBytes += bytes;
  c.lastReceivedAt = t;
  c.beats.observe(t, 'received', bytes);
  markDirty(sid, c);
}

/**
 * Wraps WebSocket.prototype.send: the native call first, counting only when it returned. The bytes
 * are the growth of bufferedAmount during the call: exactly what the browser queued, whatever the
 * argument's type (a string's UTF-8, a Blob, a view), without converting the argument again.
 */
export function installSendHook(
  nativeSend: (...a: unknown[]) => unknown,
  countersOf: (ws: unknown) => { sid: number; counters: Counters } | undefined,
): (...a: unknown[]) => unknown {
  const handler: ProxyHandler<(...a: unknown[]) => unknown> = {
    apply(target, thisArg: unknown, args: unknown[]): unknown {
      let before = -1;
      try {
        before = call<number>(natives.wsBufferedAmount, thisArg);
      } catch {
        // not a WebSocket: the native call throws its own error below
      }
      // An object that is not binary data is taken to a string here, once, as WebIDL would
      // (its toString/valueOf/@@toPrimitive run exactly as without us): the native then never
      // runs page code, so whatever it throws is the engine's, and what the page's own code
      // throws is rethrown untouched.
      let passArgs = args;
      if (before >= 0 && mayRunPageCode(args)) {
        const converted = convertObject(args[0] as object, 'string');
        if (converted.pageError) throw converted.pageError.error;
        passArgs = natives.setPrototypeOf([converted.pass], null) as unknown[];
        for (let i = 1; i < args.length; i++) passArgs[i] = args[i];
      }
      let result: unknown;
      try {
        result = natives.apply(target, thisArg, passArgs);
      } catch (error) {
        hideWrapperFrames(error, handler.apply);
        throw error;
      }
      try {
        const entry = before >= 0 ? countersOf(thisArg) : undefined;
        if (entry) {
          const after = call<number>(natives.wsBufferedAmount, thisArg);
          const bytes = after >= before ? after - before : byteSize(args[0]);
          const t = now();
          const c = entry.counters;
          c.sentMessages++;
          c.sentBytes += bytes;
          c.lastSentAt = t;
          c.beats.observe(t, 'sent', bytes);
          markDirty(entry.sid, c);
        }
      } catch {
        // counting must never disturb the page
      }
      return result;
    },
  };
  return nativeLike(nativeSend, handler);
}

/** Brand checks only (no property reads, so no Proxy traps): is it ArrayBuffer, a view or a Blob? */
function isBinary(v: object): boolean {
  if (natives.isView(v)) return true;
  try {
    call(natives.arrayBufferByteLength, v);
    return true;
  } catch {
    // not an ArrayBuffer
  }
  try {
    call(natives.blobSize, v);
    return true;
  } catch {
    return false;
  }
}

function mayRunPageCode(args: readonly unknown[]): boolean {
  if (args.length === 0) return false;
  const v = args[0];
  return ((typeof v === 'object' && v !== null) || typeof v === 'function') && !isBinary(v);
}
