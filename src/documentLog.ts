/**
 * The log the bridge keeps for one document: every event numbered, at most `maxConnections`
 * connections and `LIMITS.documentBytes` approximate bytes (oldest closed ones dropped first),
 * replayable in full to a panel that connects late.
 *
 * Each connection has fixed slots (one created, one open, one closed, one traffic record, one
 * calls-dropped total) and capped lists (close() calls, their repeat counts, errors), so a page
 * that forges events cannot grow a connection without bound, and adding an event never scans
 * the connection's other events.
 */
import { approxBytes } from './approxBytes';
import { LIMITS, type RawLogEvent, type Sequenced } from './protocol';

/** A kept event: numbered, close() calls still raw (the background judges them). */
type Kept = Sequenced<RawLogEvent>;

interface ConnectionSlots {
  readonly created: Kept;
  open: Kept | null;
  closed: Kept | null;
  traffic: Kept | null;
  callsDropped: Kept | null;
  readonly errors: Kept[];
  readonly calls: Kept[];
  /** callId → the latest repeat count of a kept call. */
  readonly repeats: Map<number, Kept>;
  bytes: number;
}

export class DocumentLog {
  private seq = 0;
  private readonly documentEvents: Kept[] = [];
  private notes = 0;
  private lifecycle = 0;
  private readonly connections = new Map<number, ConnectionSlots>();
  private droppedEvent: Kept | null = null;
  /** Per socket: close() calls past the cap, and the last of them (only it can still repeat). */
  private readonly droppedCalls = new Map<number, { total: number; callId: number; repeat: number }>();
  private bytes = 0;
  /** Connections dropped to respect the caps. */
  dropped = 0;

  constructor(
    private maxConnections: number = LIMITS.connections,
    private readonly maxBytes: number = LIMITS.documentBytes,
  ) {}

  /** Changes the cap; extra connections go at the next addition. */
  setMaxConnections(n: number): void {
    this.maxConnections = n;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Approximate bytes held (see approxBytes). */
  get byteSize(): number {
    return this.bytes;
  }

  /**
   * Numbers and stores an event. Returns the events to forward now (the event itself, and
   * "dropped" markers when a cap pushed connections out), or [] when it was not kept.
   */
  add(event: RawLogEvent): Kept[] {
    const out: Kept[] = [];
    switch (event.kind) {
      case 'document':
      case 'lifecycle':
      case 'note': {
        if (event.kind === 'note' && this.notes++ >= LIMITS.notesPerDocument) return out;
        // The newest lifecycle events matter most (the state a close happened in): drop the oldest.
        if (event.kind === 'lifecycle' && this.lifecycle++ >= LIMITS.lifecyclePerDocument) {
          const oldest = this.documentEvents.findIndex((e) => e.kind === 'lifecycle');
          if (oldest >= 0) this.bytes -= approxBytes(this.documentEvents.splice(oldest, 1)[0]);
        }
        const s = this.number(event);
        this.documentEvents.push(s);
        this.bytes += approxBytes(s);
        out.push(s);
        return out;
      }
      case 'dropped':
      case 'calls-dropped':
        return out;
      case 'created': {
        if (this.connections.has(event.sid)) return out;
        const s = this.number(event);
        const size = approxBytes(s);
        this.connections.set(event.sid, {
          created: s,
          open: null,
          closed: null,
          traffic: null,
          callsDropped: null,
          errors: [],
          calls: [],
          repeats: new Map(),
          bytes: size,
        });
        this.bytes += size;
        out.push(s);
        this.enforceCaps(out, event.sid);
        return out;
      }
      default: {
        const slots = this.connections.get(event.sid);
        if (!slots) return out;
        const kept = this.keep(slots, event, out);
        if (kept) this.enforceCaps(out, event.sid);
        return out;
      }
    }
  }

  /** Stores a connection event in its slot; false when it was not kept. */
  private keep(slots: ConnectionSlots, event: RawLogEvent & { sid: number }, out: Kept[]): boolean {
    switch (event.kind) {
      case 'open':
        if (slots.open) return false;
        slots.open = this.store(slots, event, out);
        return true;
      case 'closed':
        if (slots.closed) return false;
        slots.closed = this.store(slots, event, out);
        return true;
      case 'error':
        if (slots.errors.length >= LIMITS.errorsPerConnection) return false;
        slots.errors.push(this.store(slots, event, out));
        return true;
      case 'traffic':
        slots.traffic = this.replace(slots, slots.traffic, event, out);
        return true;
      case 'close-repeat': {
        const dropped = this.droppedCalls.get(event.sid);
        if (dropped && dropped.callId === event.callId) {
          dropped.total += event.repeat - dropped.repeat;
          dropped.repeat = event.repeat;
          this.countDroppedCalls(slots, event.sid, dropped.total, out);
          return true;
        }
        // Repeats of a call that was never kept are not stored (a page could forge them endlessly).
        if (!slots.repeats.has(event.callId)) return false;
        slots.repeats.set(
          event.callId,
          this.replace(slots, slots.repeats.get(event.callId) ?? null, event, out),
        );
        return true;
      }
      case 'close-call': {
        // A call id seen before is a forgery or a replay: nothing new to keep.
        if (slots.repeats.has(event.callId) || this.droppedCalls.get(event.sid)?.callId === event.callId)
          return false;
        if (slots.calls.length >= LIMITS.closeCallsPerConnection) {
          // Past the cap the call is counted, not kept: the panel still shows every call's count.
          const d = this.droppedCalls.get(event.sid) ?? { total: 0, callId: 0, repeat: 0 };
          d.total += event.repeat;
          d.callId = event.callId;
          d.repeat = event.repeat;
          this.droppedCalls.set(event.sid, d);
          this.countDroppedCalls(slots, event.sid, d.total, out);
          return true;
        }
        const s = this.store(slots, event, out);
        slots.calls.push(s);
        // A placeholder until the first repeat: marks the call id as kept.
        slots.repeats.set(event.callId, s);
        return true;
      }
      default:
        return false;
    }
  }

  private store(slots: ConnectionSlots, event: RawLogEvent, out: Kept[]): Kept {
    const s = this.number(event);
    const size = approxBytes(s);
    slots.bytes += size;
    this.bytes += size;
    out.push(s);
    return s;
  }

  /** Stores `event` in place of `previous` (a running total or the latest count). */
  private replace(slots: ConnectionSlots, previous: Kept | null, event: RawLogEvent, out: Kept[]): Kept {
    if (previous && previous.kind === event.kind) {
      const size = approxBytes(previous);
      slots.bytes -= size;
      this.bytes -= size;
    }
    return this.store(slots, event, out);
  }

  /** Stores the socket's running count of dropped calls in place of the previous one, and forwards it. */
  private countDroppedCalls(slots: ConnectionSlots, sid: number, count: number, out: Kept[]): void {
    slots.callsDropped = this.replace(slots, slots.callsDropped, { kind: 'calls-dropped', sid, count }, out);
  }

  /** The URL of a kept connection (for warnings). */
  urlOf(sid: number): string | undefined {
    const created = this.connections.get(sid)?.created;
    return created?.kind === 'created' ? created.url : undefined;
  }

  /** Every kept event in order, for a full replay (built without spreading: there may be many). */
  all(): Kept[] {
    const events: Kept[] = [];
    const add = (e: Kept | null): void => {
      if (e) events[events.length] = e;
    };
    for (const e of this.documentEvents) add(e);
    add(this.droppedEvent);
    for (const slots of this.connections.values()) {
      add(slots.created);
      add(slots.open);
      for (const e of slots.errors) add(e);
      for (const e of slots.calls) add(e);
      for (const e of slots.repeats.values()) if (e.kind === 'close-repeat') add(e);
      add(slots.callsDropped);
      add(slots.traffic);
      add(slots.closed);
    }
    return events.sort((a, b) => a.seq - b.seq);
  }

  private number<E extends RawLogEvent>(event: E): Sequenced<E> {
    return { ...event, seq: this.seq++ };
  }

  /** Drops the oldest connections (closed ones first) while a cap is exceeded; never `keep`. */
  private enforceCaps(out: Kept[], keep: number): void {
    while (this.connections.size > this.maxConnections || this.bytes > this.maxBytes) {
      if (!this.dropOldest(out, keep)) return;
    }
  }

  private dropOldest(out: Kept[], keep: number): boolean {
    let victim: number | undefined;
    let oldest: number | undefined;
    for (const [sid, slots] of this.connections) {
      if (sid === keep) continue;
      oldest ??= sid;
      if (slots.closed) {
        victim = sid;
        break;
      }
    }
    victim ??= oldest;
    if (victim === undefined) return false;
    this.bytes -= this.connections.get(victim)?.bytes ?? 0;
    this.connections.delete(victim);
    this.droppedCalls.delete(victim);
    this.dropped++;
    this.droppedEvent = this.number({ kind: 'dropped', connections: this.dropped, sid: victim });
    out.push(this.droppedEvent);
    return true;
  }
}
