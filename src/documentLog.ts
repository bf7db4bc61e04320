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
          return out;
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
    this.dropped++;
    this.droppedEvent = this.number({ kind: 'dropped', connections: this.dropped, sid: victim });
    return [this.droppedEvent];
  }
}
