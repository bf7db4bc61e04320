/**
 * The log the bridge keeps for one document: every event numbered, at most `maxConnections`
 * connections (oldest closed ones dropped first), replayable in full to a panel that connects late.
 */
import { LIMITS, type LogEvent, type Sequenced } from './protocol';

export class DocumentLog {
  private seq = 0;
  private readonly documentEvents: Sequenced[] = [];
  private readonly connections = new Map<number, Sequenced[]>();
  private readonly closed = new Set<number>();
  private droppedEvent: Sequenced | null = null;
  /** Per socket: close() calls past the cap, and the last of them (only it can still repeat). */
  private readonly droppedCalls = new Map<number, { total: number; callId: number; repeat: number }>();
  /** Connections dropped to respect the cap. */
  dropped = 0;

  constructor(private maxConnections: number = LIMITS.connections) {}

  /** Changes the cap; extra connections go at the next addition. */
  setMaxConnections(n: number): void {
    this.maxConnections = n;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /**
   * Numbers and stores an event. Returns the events to forward now (the event itself, and a
   * "dropped" marker when the cap pushed a connection out), or [] when it was not kept.
   */
  add(event: LogEvent): Sequenced[] {
    const out: Sequenced[] = [];
    switch (event.kind) {
      case 'document':
      case 'note': {
        if (event.kind === 'note' && this.documentEvents.length > 50) return out;
        const s = this.number(event);
        this.documentEvents.push(s);
        out.push(s);
        return out;
      }
      case 'dropped':
        return out;
      case 'created': {
        if (this.connections.has(event.sid)) return out;
        const s = this.number(event);
        this.connections.set(event.sid, [s]);
        out.push(s);
        while (this.connections.size > this.maxConnections) out.push(...this.dropOldest());
        return out;
      }
      default: {
        const list = this.connections.get(event.sid);
        if (!list) return out;
        if (event.kind === 'close-repeat') {
          const dropped = this.droppedCalls.get(event.sid);
          if (dropped && dropped.callId === event.callId) {
            dropped.total += event.repeat - dropped.repeat;
            dropped.repeat = event.repeat;
            return this.replaceCallsDropped(list, event.sid, dropped.total, out);
          }
          // Repeats of a call that was never kept are not stored (a page could forge them endlessly).
          if (!list.some((e) => e.kind === 'close-call' && e.callId === event.callId)) return out;
          // Keep only the latest count for a call: replace the previous repeat record.
          const i = list.findIndex((e) => e.kind === 'close-repeat' && e.callId === event.callId);
          const s = this.number(event);
          if (i >= 0) list[i] = s;
          else list.push(s);
          out.push(s);
          return out;
        }
        if (
          event.kind === 'close-call' &&
          list.filter((e) => e.kind === 'close-call').length >= LIMITS.closeCallsPerConnection
        ) {
          // Past the cap the call is counted, not kept: the panel still shows every call's count.
          const d = this.droppedCalls.get(event.sid) ?? { total: 0, callId: 0, repeat: 0 };
          d.total += event.repeat;
          d.callId = event.callId;
          d.repeat = event.repeat;
          this.droppedCalls.set(event.sid, d);
          return this.replaceCallsDropped(list, event.sid, d.total, out);
        }
        if (event.kind === 'traffic') {
          const i = list.findIndex((e) => e.kind === 'traffic');
          const s = this.number(event);
          if (i >= 0) list[i] = s;
          else list.push(s);
          out.push(s);
          return out;
        }
        if (event.kind === 'closed') this.closed.add(event.sid);
        const s = this.number(event);
        list.push(s);
        out.push(s);
        return out;
      }
    }
  }

  /** The URL of a kept connection (for warnings), without a second map to keep in step. */
  urlOf(sid: number): string | undefined {
    const first = this.connections.get(sid)?.[0];
    return first?.kind === 'created' ? first.url : undefined;
  }

  /** Every kept event in order, for a full replay. */
  all(): Sequenced[] {
    const events = [...this.documentEvents];
    if (this.droppedEvent) events.push(this.droppedEvent);
    for (const list of this.connections.values()) events.push(...list);
    return events.sort((a, b) => a.seq - b.seq);
  }

  /** Stores the socket's running count of dropped calls in place of the previous one, and forwards it. */
  private replaceCallsDropped(list: Sequenced[], sid: number, count: number, out: Sequenced[]): Sequenced[] {
    const s = this.number({ kind: 'calls-dropped', sid, count });
    const i = list.findIndex((e) => e.kind === 'calls-dropped');
    if (i >= 0) list[i] = s;
    else list.push(s);
    out.push(s);
    return out;
  }

  private number<E extends LogEvent>(event: E): Sequenced<E> {
    return { ...event, seq: this.seq++ };
  }

  private dropOldest(): Sequenced[] {
    let victim: number | undefined;
    for (const sid of this.connections.keys()) {
      if (this.closed.has(sid)) {
        victim = sid;
        break;
      }
    }
    if (victim === undefined) victim = this.connections.keys().next().value;
    if (victim === undefined) return [];
    this.connections.delete(victim);
    this.closed.delete(victim);
    this.droppedCalls.delete(victim);
    this.dropped++;
    this.droppedEvent = this.number({ kind: 'dropped', connections: this.dropped, sid: victim });
    return [this.droppedEvent];
  }
}
