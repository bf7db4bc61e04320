/**
 * Opening handshakes as the browser's network layer reports them (webRequest), beside the
 * sockets the page hook saw. Two uses: a page socket's handshake outcome (Firefox tells a 403
 * from a refused port; Chromium says net::ERR_FAILED for every failure), and the sockets the hook
 * cannot see at all — a worker's, above all — which must not go missing silently.
 */

/** One handshake, from webRequest: never page-provided. */
export interface NetworkHandshake {
  /** The browser's request id (unique per browser session). */
  readonly id: string;
  readonly url: string;
  readonly frameId: number;
  /** The document or worker script that made the request, when the browser says (Firefox). */
  readonly origin: string | null;
  readonly startedAt: number;
  readonly endedAt: number | null;
  /** The HTTP answer: 101 for an upgrade, anything else is a refusal. */
  readonly status: number | null;
  readonly statusLine: string | null;
  /** The network error, when the handshake failed without an answer the browser reports. */
  readonly error: string | null;
}

export type HandshakeOutcome = 'pending' | 'upgraded' | 'refused' | 'failed';

export function handshakeOutcome(h: NetworkHandshake): HandshakeOutcome {
  if (h.status === 101) return 'upgraded';
  if (h.status !== null && h.status !== 101) return 'refused';
  if (h.error !== null) return 'failed';
  return 'pending';
}

/** "101 Switching Protocols", "HTTP 403 Forbidden", "failed: net::ERR_FAILED", "waiting". */
export function describeHandshake(h: NetworkHandshake): string {
  const line = h.statusLine?.replace(/^HTTP\/\d(?:\.\d)?\s+/, '').trim();
  switch (handshakeOutcome(h)) {
    case 'upgraded':
      return line || '101 Switching Protocols';
    case 'refused':
      return `HTTP ${line || h.status}${h.error ? ` (then ${h.error})` : ''}`;
    case 'failed':
      return `failed: ${h.error}`;
    case 'pending':
      return 'waiting for an answer';
  }
}

/** ws/wss and http/https name the same socket (browsers differ in which they report). */
export function socketUrlKey(url: string): string {
  const hash = url.indexOf('#');
  const bare = hash < 0 ? url : url.slice(0, hash);
  return bare.replace(/^http(s?):/i, (_, s: string) => `ws${s}:`).toLowerCase();
}

/**
 * The request starts after the constructor ran; the two clocks (page hook, network layer) differ
 * by far less than this. Narrow, so a socket never claims an earlier socket's handshake.
 */
export const MATCH_BEFORE_MS = 100;
export const MATCH_AFTER_MS = 30_000;
/** A handshake no page socket claimed this long after it started is taken as unseen by the hook. */
export const UNSEEN_GRACE_MS = 3000;

export interface HookSocket {
  readonly key: string;
  readonly url: string;
  readonly frameId: number;
  readonly createdAt: number;
}

export interface HandshakeMatch {
  /** Each hook socket's handshake, by connection key. */
  readonly byConnection: Map<string, NetworkHandshake>;
  /** Handshakes no hook socket claimed, oldest first: made where the hook does not run. */
  readonly unseen: NetworkHandshake[];
  /** Unclaimed handshakes still inside the grace period (a page socket may claim them yet). */
  readonly undecided: number;
}

/**
 * Pairs hook sockets with handshakes: same frame, same URL, the handshake started no earlier than
 * MATCH_BEFORE_MS before the socket and within MATCH_AFTER_MS after it; in order, first come first
 * paired, so two sockets to one URL take one handshake each.
 */
export function matchHandshakes(
  sockets: readonly HookSocket[],
  handshakes: readonly NetworkHandshake[],
  now: number,
): HandshakeMatch {
  const free = new Map<string, NetworkHandshake[]>();
  for (const h of [...handshakes].sort((a, b) => a.startedAt - b.startedAt)) {
    const key = `${h.frameId} ${socketUrlKey(h.url)}`;
    const list = free.get(key);
    if (list) list.push(h);
    else free.set(key, [h]);
  }
  const byConnection = new Map<string, NetworkHandshake>();
  for (const s of [...sockets].sort((a, b) => a.createdAt - b.createdAt)) {
    const list = free.get(`${s.frameId} ${socketUrlKey(s.url)}`);
    if (!list) continue;
    const i = list.findIndex(
      (h) => h.startedAt >= s.createdAt - MATCH_BEFORE_MS && h.startedAt <= s.createdAt + MATCH_AFTER_MS,
    );
    if (i < 0) continue;
    const [h] = list.splice(i, 1);
    if (h) byConnection.set(s.key, h);
  }
  const unseen: NetworkHandshake[] = [];
  let undecided = 0;
  for (const list of free.values())
    for (const h of list) {
      if (now - h.startedAt >= UNSEEN_GRACE_MS) unseen.push(h);
      else undecided++;
    }
  unseen.sort((a, b) => a.startedAt - b.startedAt);
  return { byConnection, unseen, undecided };
}
