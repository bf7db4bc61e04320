/**
 * Which failed handshakes the recorder may make again from Node. Node is not a browser: it
 * ignores blocked ports, mixed content, the page's CSP and Private Network Access. So a page (a
 * hostile one too) must not be able to aim it at what the browser would never have reached: an
 * internal address from a public page, a cloud metadata service, a mail port. At most a few
 * replays per recording, each URL once.
 */
import { isIP } from 'node:net';

export const MAX_REPLAYS = 20;

/** Ports Chromium and Firefox refuse to connect to (the Fetch standard's "bad ports"). */
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104,
  109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515,
  526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
  3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

type Scope = 'loopback' | 'private' | 'link-local' | 'public';

/** How far out an address is, from its literal host name (names are resolved by Node later). */
export function scopeOf(host: string): Scope {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return 'loopback';
  const v = isIP(h);
  if (v === 4) {
    const [a = 0, b = 0] = h.split('.').map(Number);
    if (a === 127) return 'loopback';
    if (a === 169 && b === 254) return 'link-local';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || a === 0)
      return 'private';
    return 'public';
  }
  if (v === 6) {
    if (h === '::1') return 'loopback';
    if (h.startsWith('fe80:')) return 'link-local';
    if (h.startsWith('fc') || h.startsWith('fd') || h === '::') return 'private';
    return 'public';
  }
  return h.endsWith('.internal') || h.endsWith('.local') || !h.includes('.') ? 'private' : 'public';
}

const RANK: Readonly<Record<Scope, number>> = { public: 0, private: 1, loopback: 2, 'link-local': 3 };

/** Why a replay of `socketUrl` from a page at `pageUrl` is not made, or null when it may be. */
export function replayRefusal(socketUrl: string, pageUrl: string): string | null {
  let target: URL;
  try {
    target = new URL(socketUrl);
  } catch {
    return 'not a valid URL';
  }
  if (target.protocol !== 'ws:' && target.protocol !== 'wss:') return 'not a ws: or wss: URL';
  const port = Number(target.port || (target.protocol === 'wss:' ? 443 : 80));
  if (BAD_PORTS.has(port)) return `port ${port} is one browsers never connect to`;
  let page: URL | null = null;
  try {
    page = new URL(pageUrl);
  } catch {
    // a page without a URL (about:blank): judged as a public page
  }
  const to = scopeOf(target.hostname);
  if (to === 'link-local') return 'a link-local address (e.g. a cloud metadata service)';
  const from = page && /^https?:$/.test(page.protocol) ? scopeOf(page.hostname) : 'public';
  // Private Network Access: a page may reach its own scope or a more public one, never further in.
  if (RANK[to] > RANK[from]) return `a ${to} address, from a ${from} page`;
  if (page?.protocol === 'https:' && target.protocol === 'ws:' && to !== 'loopback')
    return 'ws:// from an https page (mixed content: the browser never sent it)';
  return null;
}
