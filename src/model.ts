/**
 * The connection model: folds the event stream of a tab into one record per WebSocket.
 * Pure and deterministic; the panel, the exports and the recorder all use it.
 */
import { approxBytes } from './approxBytes';
import type { Engine } from './closeRules';
import { pickEvictions } from './fairEviction';
import type { NetworkHandshake } from './networkHandshakes';
import type { CloseCallEvent, ClosedEvent, LogEvent, Sequenced, TrafficEvent } from './protocol';
import { LIMITS } from './protocol';
import type { PageLifecycleEvent } from './why/pageLifecycle';

const ORPHAN = Symbol('orphan');

export type ConnectionState = 'connecting' | 'open' | 'closing' | 'closed';
export type Initiator = 'page' | 'server' | 'failure';

export interface CloseCall extends Omit<CloseCallEvent, 'kind' | 'sid' | 'repeat'> {
  repeat: number;
}

export interface Connection {
  readonly key: string;
  readonly docId: string;
  readonly sid: number;
  readonly frameId: number;
  readonly frameUrl: string;
  /** URL of the top document when the socket was created (the page it belongs to). */
  readonly pageUrl: string;
  /** Increments with every top-level navigation the store has seen. */
  readonly pageIndex: number;
  readonly url: string;
  readonly urlLength: number;
  readonly protocols: readonly string[];
  /** The constructor's caller (top page frame), when the hook could take it. */
  readonly site: string | null;
  readonly createdAt: number;
  openedAt: number | null;
  protocol: string;
  extensions: string;
  readonly closeCalls: CloseCall[];
  closeCallsDropped: number;
  readonly errors: number[];
  closed: Omit<ClosedEvent, 'kind' | 'sid'> | null;
  traffic: Omit<TrafficEvent, 'kind' | 'sid'> | null;
  /**
   * The opening handshake as the network layer reported it; set on import, the live panel
   * matches it from the store. Kept apart from the hook's events: it never comes from the page.
   */
  networkHandshake?: NetworkHandshake;
  /** Bumped on every change, so views can memoise per row. */
  revision: number;
}

export function connectionState(c: Connection): ConnectionState {
  if (c.closed) return 'closed';
  if (c.closeCalls.some((call) => !call.observed.threw && call.readyState <= 1)) return 'closing';
  return c.openedAt === null ? 'connecting' : 'open';
}

/** The close() call that started the closing (the first accepted call while CONNECTING or OPEN). */
export function effectiveCloseCall(c: Connection): CloseCall | null {
  return c.closeCalls.find((call) => !call.observed.threw && call.readyState <= 1) ?? null;
}

export function initiator(c: Connection): Initiator | null {
  if (effectiveCloseCall(c)) return 'page';
  if (!c.closed) return null;
  if (c.closed.code === 1006 || (!c.closed.wasClean && c.closed.code !== 1000)) return 'failure';
  return 'server';
}

export function hasInvalidCall(c: Connection): boolean {
  return c.closeCalls.some((call) => call.observed.threw);
}

export function totalCloseCalls(c: Connection): number {
  return c.closeCalls.reduce((n, call) => n + call.repeat, 0) + c.closeCallsDropped;
}

export interface FrameBatch {
  readonly frameId: number;
  readonly frameUrl: string;
  readonly docId: string;
  readonly events: readonly Sequenced[];
}

export interface StoreOptions {
  maxConnections: number;
  /** Approximate bytes (see approxBytes) the tab's connections may hold, whatever their count. */
  maxBytes: number;
  preserveLog: boolean;
}

/**
 * The seqs applied for one document: everything below `floor`, plus the few above it. The bridge
 * numbers events in order, so the set stays small however long the page runs.
 */
class SeqSet {
  private floor = 0;
  private readonly above = new Set<number>();

  has(seq: number): boolean {
    return seq < this.floor || this.above.has(seq);
  }

  add(seq: number): void {
    if (seq < this.floor) return;
    this.above.add(seq);
    while (this.above.delete(this.floor)) this.floor++;
  }
}

interface DocInfo {
  readonly seen: SeqSet;
  top: boolean;
  /** The document's start, from the bridge's own 'document' event (never page-provided). */
  start: number | null;
  /** Judged to belong to a page the tab has left (its later events are not shown). */
  left: boolean;
  /** Highest socket id whose 'created' was seen: events for lower ids of unknown sockets are for dropped ones. */
  maxSid: number;
  /** The page's lifecycle as this document saw it (from the bridge, never page-provided). */
  readonly lifecycle: PageLifecycleEvent[];
}

/**
 * How much earlier than the browser's navigation start a document's own start may be: a
 * navigation the page starts is timed in the page (before its beforeunload handlers run), the
 * browser's signal a little later.
 */
export const NAVIGATION_SLACK_MS = 250;
/** Network-layer handshakes kept per tab view (the background keeps 500 per tab). */
export const MAX_HANDSHAKES = 1000;

/** All connections of one inspected tab. */
export class ConnectionStore {
  readonly options: StoreOptions;
  private readonly byKey = new Map<string, Connection>();
  /** Approximate bytes of each connection's events, and their total. */
  private readonly sizes = new Map<string, number>();
  private bytes = 0;
  private readonly docs = new Map<string, DocInfo>();
  /** Connections dropped to respect the cap (here and in the frames' bridges). */
  private readonly bridgeDropped = new Map<string, number>();
  private readonly ownDropped = new Map<string, number>();
  /** Dropped count carried by an imported close log. */
  importedDropped = 0;
  /** The page lifecycle carried by an imported close log. */
  importedLifecycle: PageLifecycleEvent[] = [];
  engine: Engine | null = null;
  userAgent = '';
  pageUrl = '';
  pageIndex = 0;
  /** Start time of the current top document: older documents belong to earlier pages. */
  private pageStart = 0;
  /**
   * Documents that started before this time (browser clock) belong to pages the tab has left:
   * the start of the last top-frame navigation the browser reported, less NAVIGATION_SLACK_MS.
   * Compared with each document's own start (from the bridge, never the page), this tells pages
   * apart whatever order the navigation signal and the new page's events arrive in.
   */
  private cutoff = 0;
  /** The current top document, and the last one tied to a navigation signal. */
  private topDocId: string | null = null;
  private announcedTopDocId: string | null = null;
  /** A navigation signal came and its top document has not (it makes no page view of its own). */
  private awaitingTopDoc = false;
  /** The commit time and URL of the last navigation signal applied. */
  private lastCommitted = 0;
  private lastNavigatedUrl = '';
  readonly notes: string[] = [];
  /** The tab's handshakes from the network layer, by request id, oldest first. */
  private readonly handshakes = new Map<string, NetworkHandshake>();
  /** Bumped on every change. */
  revision = 0;

  constructor(options: Partial<StoreOptions> = {}) {
    this.options = {
      maxConnections: options.maxConnections ?? LIMITS.connections,
      maxBytes: options.maxBytes ?? LIMITS.tabBytes,
      preserveLog: options.preserveLog ?? false,
    };
  }

  /**
   * Connections dropped to respect the caps. The bridge and this store may drop the same
   * connection, so per document the larger of the two counts is taken (a lower bound).
   */
  get droppedConnections(): number {
    let n = this.importedDropped;
    const docs = new Set([...this.bridgeDropped.keys(), ...this.ownDropped.keys()]);
    for (const d of docs) n += Math.max(this.bridgeDropped.get(d) ?? 0, this.ownDropped.get(d) ?? 0);
    return n;
  }

  get size(): number {
    return this.byKey.size;
  }

  /** The page's lifecycle as the connection's document saw it (an imported log's, for imported rows). */
  lifecycleOf(c: Connection): readonly PageLifecycleEvent[] {
    return this.docs.get(c.docId)?.lifecycle ?? this.importedLifecycle;
  }

  /**
   * The top documents' lifecycle events in time order, the newest `limit` (what an export keeps).
   * Frames' own events stay out: an iframe's pagehide is not the page leaving.
   */
  lifecycle(limit = 10_000): PageLifecycleEvent[] {
    const all = [...this.importedLifecycle];
    for (const doc of this.docs.values()) if (doc.top) all.push(...doc.lifecycle);
    return all.sort((a, b) => a.t - b.t).slice(-limit);
  }

  /** Approximate bytes held (see approxBytes). */
  get byteSize(): number {
    return this.bytes;
  }

  private grow(key: string, n: number): void {
    this.sizes.set(key, (this.sizes.get(key) ?? 0) + n);
    this.bytes += n;
  }

  private remove(key: string): void {
    if (!this.byKey.delete(key)) return;
    this.bytes -= this.sizes.get(key) ?? 0;
    this.sizes.delete(key);
  }

  /** Connections in creation order. */
  list(): Connection[] {
    return [...this.byKey.values()];
  }

  get(key: string): Connection | undefined {
    return this.byKey.get(key);
  }

  clear(): void {
    this.byKey.clear();
    this.sizes.clear();
    this.bytes = 0;
    this.bridgeDropped.clear();
    this.ownDropped.clear();
    this.importedDropped = 0;
    this.importedLifecycle = [];
    this.handshakes.clear();
    this.notes.length = 0;
    this.revision++;
  }

  /** Applies a batch; duplicates (same docId and seq, e.g. from a replay) are ignored. Returns whether anything changed. */
  apply(batch: FrameBatch): boolean {
    let doc = this.docs.get(batch.docId);
    if (!doc) {
      doc = {
        seen: new SeqSet(),
        top: batch.frameId === 0,
        maxSid: 0,
        start: null,
        left: false,
        lifecycle: [],
      };
      this.docs.set(batch.docId, doc);
    }
    let changed = false;
    for (const event of batch.events) {
      if (doc.seen.has(event.seq)) continue;
      const result = this.applyEvent(batch, doc, event);
      // An event for a connection not seen yet (a live batch that overtook the replay carrying
      // its 'created') stays unseen, so the replay applies it again in order.
      if (result === ORPHAN) continue;
      doc.seen.add(event.seq);
      changed = result || changed;
    }
    if (changed) {
      this.enforceCap();
      this.revision++;
    }
    return changed;
  }

  private applyEvent(batch: FrameBatch, doc: DocInfo, event: LogEvent): boolean | typeof ORPHAN {
    switch (event.kind) {
      case 'document': {
        this.engine = event.engine;
        this.userAgent = event.userAgent;
        doc.start = event.t;
        if (!event.top) return false;
        doc.top = true;
        if (event.t <= this.pageStart) return false;
        // A newer top document. If its navigation signal came first, that made the page view.
        const announced = this.awaitingTopDoc && event.t >= this.cutoff;
        this.awaitingTopDoc = false;
        if (!announced && (this.pageUrl !== '' || this.pageStart !== 0)) this.pageIndex++;
        if (announced) this.announcedTopDocId = batch.docId;
        doc.left = false;
        this.topDocId = batch.docId;
        this.pageStart = event.t;
        this.pageUrl = event.url;
        if (!this.options.preserveLog) this.dropDocuments((d) => this.isEarlierPage(d));
        return true;
      }
      case 'dropped': {
        // The bridge dropped this connection: drop it here too (it would stay 'open' forever).
        if (event.sid !== undefined) this.remove(`${batch.docId}:${event.sid}`);
        // The bridge reports its running total per document.
        this.bridgeDropped.set(
          batch.docId,
          Math.max(this.bridgeDropped.get(batch.docId) ?? 0, event.connections),
        );
        return true;
      }
      case 'note':
        if (this.notes.length < 50 && !this.notes.includes(event.text)) this.notes.push(event.text);
        return true;
      case 'lifecycle':
        // The newest matter most (the state a close happened in): the oldest make room.
        if (doc.lifecycle.length >= LIMITS.lifecyclePerDocument) doc.lifecycle.shift();
        doc.lifecycle.push({
          t: event.t,
          kind: event.state,
          ...(event.persisted === undefined ? {} : { persisted: event.persisted }),
        });
        return true;
      case 'created': {
        doc.maxSid = Math.max(doc.maxSid, event.sid);
        if (!this.options.preserveLog && this.isEarlierPage(doc)) return false;
        const key = `${batch.docId}:${event.sid}`;
        if (this.byKey.has(key)) return false;
        this.byKey.set(key, {
          key,
          docId: batch.docId,
          sid: event.sid,
          frameId: batch.frameId,
          frameUrl: batch.frameUrl,
          pageUrl: this.pageUrl || batch.frameUrl,
          pageIndex: this.pageIndex,
          url: event.url,
          urlLength: event.urlLength,
          protocols: event.protocols,
          site: event.site ?? null,
          createdAt: event.t,
          openedAt: null,
          protocol: '',
          extensions: '',
          closeCalls: [],
          closeCallsDropped: 0,
          errors: [],
          closed: null,
          traffic: null,
          revision: 0,
        });
        this.grow(key, approxBytes(event));
        return true;
      }
      default:
        break;
    }
    const c = this.byKey.get(`${batch.docId}:${event.sid}`);
    // Unknown socket: dropped already (its id is below one we saw created), or not created yet.
    if (!c) return event.sid <= doc.maxSid ? false : ORPHAN;
    const changed = this.applyToConnection(c, event);
    // Counted as received (a repeat or a replaced record costs little more than its first).
    if (changed && event.kind !== 'close-repeat' && event.kind !== 'traffic')
      this.grow(c.key, approxBytes(event));
    return changed;
  }

  private applyToConnection(
    c: Connection,
    event: Exclude<LogEvent, { kind: 'document' | 'dropped' | 'note' | 'created' | 'lifecycle' }>,
  ): boolean {
    c.revision++;
    switch (event.kind) {
      // A socket opens and closes once, never before it was created: page-made events that say
      // otherwise must not give it negative durations (which no importer would accept).
      case 'open':
        if (c.openedAt !== null) return false;
        c.openedAt = Math.max(event.t, c.createdAt);
        c.protocol = event.protocol;
        c.extensions = event.extensions;
        return true;
      case 'error':
        if (c.errors.length < LIMITS.errorsPerConnection) c.errors.push(Math.max(event.t, c.createdAt));
        return true;
      case 'closed': {
        if (c.closed !== null) return false;
        const { kind: _k, sid: _s, seq: _q, ...closed } = event as Sequenced<ClosedEvent>;
        c.closed = { ...closed, t: Math.max(closed.t, c.createdAt) };
        return true;
      }
      case 'traffic': {
        const { kind: _k, sid: _s, seq: _q, ...traffic } = event as Sequenced<TrafficEvent>;
        c.traffic = traffic;
        return true;
      }
      case 'close-call': {
        if (c.closeCalls.length >= LIMITS.closeCallsPerConnection) {
          c.closeCallsDropped += event.repeat;
          return true;
        }
        const { kind: _k, sid: _s, seq: _q, ...call } = event as Sequenced<CloseCallEvent>;
        c.closeCalls.push({ ...call });
        return true;
      }
      case 'close-repeat': {
        const call = c.closeCalls.find((x) => x.callId === event.callId);
        if (call) call.repeat = Math.max(call.repeat, event.repeat);
        return true;
      }
      case 'calls-dropped':
        // The bridge's running total of calls past the cap (a replay may repeat an older one).
        c.closeCallsDropped = Math.max(c.closeCallsDropped, event.count);
        return true;
    }
  }

  /**
   * The tab's top frame committed a new document whose navigation started at `started` and
   * committed at `committed` (both from the browser, not the page): a new page view. Without
   * Preserve log the rows of documents that started before it go, by document, whatever times
   * their events claim. The same signal told again (to a panel that reconnects) changes nothing, and one
   * whose start is only an estimate older than the last cutoff still starts the new page.
   */
  navigated(url: string, started: number, committed: number): void {
    // The same signal told again; never "older than the last", which a clock set back would break.
    if (committed === this.lastCommitted && url === this.lastNavigatedUrl) return;
    this.lastCommitted = committed;
    this.lastNavigatedUrl = url;
    const cutoff = Math.max(this.cutoff, started - NAVIGATION_SLACK_MS);
    this.cutoff = cutoff;
    // The page's top document may already be here (its events overtook this signal): a top
    // document newer than the cutoff that no earlier signal claimed. Start times come from
    // different processes, so one that an earlier signal claimed is never taken for it.
    const alreadyHere =
      this.topDocId !== null && this.pageStart >= cutoff && this.topDocId !== this.announcedTopDocId;
    if (alreadyHere) {
      this.announcedTopDocId = this.topDocId;
    } else {
      if (this.pageUrl !== '' || this.pageStart !== 0 || this.byKey.size > 0) this.pageIndex++;
      this.pageUrl = url;
    }
    this.awaitingTopDoc = !alreadyHere;
    if (!this.options.preserveLog) {
      // Without its top document here yet, every top document seen so far is of an earlier page.
      this.dropDocuments((d) => this.isEarlierPage(d) || (!alreadyHere && d.top));
      for (const [id, h] of this.handshakes) if (h.startedAt < cutoff) this.handshakes.delete(id);
    }
    this.revision++;
  }

  /**
   * Handshakes the network layer reported (new ones and updates). Without Preserve log, those of
   * pages the tab has left stay out; the oldest go past MAX_HANDSHAKES.
   */
  applyHandshakes(handshakes: readonly NetworkHandshake[]): void {
    for (const h of handshakes) {
      if (!this.options.preserveLog && h.startedAt < this.cutoff) continue;
      this.handshakes.delete(h.id);
      this.handshakes.set(h.id, h);
    }
    for (const id of this.handshakes.keys()) {
      if (this.handshakes.size <= MAX_HANDSHAKES) break;
      this.handshakes.delete(id);
    }
    this.revision++;
  }

  handshakeList(): NetworkHandshake[] {
    return [...this.handshakes.values()];
  }

  /** A document of a page the tab has left, by the documents' own (trusted) start times. */
  private isEarlierPage(doc: DocInfo): boolean {
    if (doc.left) return true;
    if (doc.start === null) return false;
    return doc.start < this.pageStart || doc.start < this.cutoff;
  }

  private dropDocuments(old: (doc: DocInfo) => boolean): void {
    for (const d of this.docs.values()) if (!d.left && old(d)) d.left = true;
    for (const [key, c] of this.byKey) {
      if (this.docs.get(c.docId)?.left) this.remove(key);
    }
    this.bridgeDropped.clear();
    this.ownDropped.clear();
  }

  private enforceCap(): void {
    if (this.byKey.size <= this.options.maxConnections && this.bytes <= this.options.maxBytes) return;
    const victims = pickEvictions(this.byKey.values(), (key) => this.sizes.get(key) ?? 0, this.options);
    for (const { key, docId } of victims) {
      this.remove(key);
      this.ownDropped.set(docId, (this.ownDropped.get(docId) ?? 0) + 1);
    }
  }

  /** Changes the cap and drops what is now over it. */
  setMaxConnections(n: number): void {
    if (n === this.options.maxConnections) return;
    this.options.maxConnections = n;
    this.enforceCap();
    this.revision++;
  }

  /** Adds already-built connections (an imported log). */
  addConnections(connections: readonly Connection[]): void {
    for (const c of connections) {
      this.byKey.set(c.key, c);
      this.grow(c.key, approxBytes(c));
    }
    this.revision++;
  }
}
