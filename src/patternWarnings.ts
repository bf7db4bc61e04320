/**
 * Console warnings about patterns across one document's sockets, as they happen: a reconnect
 * storm, and a socket closed while CONNECTING then made again from the same call site (React
 * StrictMode's double mount). The panel explains them in full (src/why/history.ts); the console
 * gets one collapsed line each. Memory is bounded per document.
 */
import type { Sequenced } from './protocol';
import { formatDuration } from './why/duration';
import { endpointOf, STORM_MIN_CONNECTIONS, STORM_WINDOW_MS } from './why/history';

export const DOUBLE_CONNECT_MS = 1000;
const MAX_ENDPOINTS = 100;
const MAX_SITES = 200;

export interface PatternWarning {
  readonly key: string;
  readonly text: string;
}

export class PatternWatch {
  /** Per endpoint: when a socket to it first closed, and the reconnects since within the storm window. */
  private readonly endpoints = new Map<string, { closedAt: number | null; reconnects: number[] }>();
  /** Socket → endpoint, for its close event. */
  private readonly endpointOfSid = new Map<number, string>();
  /** Per URL and call site: the last socket made there. */
  private readonly sites = new Map<string, { sid: number; t: number; closedConnecting: boolean }>();
  private readonly siteOf = new Map<number, string>();

  /** Takes one judged event; returns a warning when it completes a pattern. */
  take(e: Sequenced, prefix: string): PatternWarning | null {
    if (e.kind === 'closed') {
      const endpoint = this.endpointOfSid.get(e.sid);
      const state = endpoint ? this.endpoints.get(endpoint) : undefined;
      if (state && (state.closedAt === null || e.t < state.closedAt)) state.closedAt = e.t;
      return null;
    }
    if (e.kind === 'close-call' && e.readyState === 0 && !e.observed.threw) {
      const key = this.siteOf.get(e.sid);
      const site = key ? this.sites.get(key) : undefined;
      if (site && site.sid === e.sid) site.closedConnecting = true;
      return null;
    }
    if (e.kind !== 'created') return null;
    return this.double(e, prefix) ?? this.storm(e, prefix);
  }

  private storm(e: Sequenced & { kind: 'created' }, prefix: string): PatternWarning | null {
    const endpoint = endpointOf(e.url);
    this.endpointOfSid.set(e.sid, endpoint);
    if (this.endpointOfSid.size > MAX_SITES)
      this.endpointOfSid.delete(this.endpointOfSid.keys().next().value ?? 0);
    const state = this.endpoints.get(endpoint) ?? { closedAt: null, reconnects: [] };
    this.endpoints.delete(endpoint);
    this.endpoints.set(endpoint, state);
    if (this.endpoints.size > MAX_ENDPOINTS) this.endpoints.delete(this.endpoints.keys().next().value ?? '');
    // Only reconnects count: sockets a page opens side by side are not a storm.
    if (state.closedAt === null || state.closedAt > e.t) return null;
    state.reconnects = state.reconnects.filter((t) => e.t - t <= STORM_WINDOW_MS);
    state.reconnects.push(e.t);
    // The reconnects and the connection whose close they follow.
    const count = state.reconnects.length + 1;
    if (count < STORM_MIN_CONNECTIONS) return null;
    const span = e.t - (state.reconnects[0] ?? e.t);
    return {
      key: `storm|${endpoint}`,
      text: `${prefix} reconnect storm: ${count} connections to ${endpoint}, ${count - 1} of them reconnects within ${formatDuration(span)}. Back off exponentially between attempts, with random jitter (details in the WS Closes panel).`,
    };
  }

  private double(e: Sequenced & { kind: 'created' }, prefix: string): PatternWarning | null {
    if (!e.site) return null;
    const key = `${e.url}\n${e.site}`;
    const previous = this.sites.get(key);
    this.sites.delete(key);
    this.sites.set(key, { sid: e.sid, t: e.t, closedConnecting: false });
    this.siteOf.set(e.sid, key);
    if (this.sites.size > MAX_SITES) this.sites.delete(this.sites.keys().next().value ?? '');
    if (this.siteOf.size > MAX_SITES) this.siteOf.delete(this.siteOf.keys().next().value ?? 0);
    if (!previous?.closedConnecting || e.t - previous.t > DOUBLE_CONNECT_MS) return null;
    return {
      key: `double|${key}`,
      text: `${prefix} a socket to ${e.url} was closed while CONNECTING and made again from the same call site ${formatDuration(e.t - previous.t)} later (${e.site}): React StrictMode's development double mount? Make the effect's cleanup close the socket it opened.`,
    };
  }
}
