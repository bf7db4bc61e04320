/**
 * The opening handshake as a command to run outside the browser. Browsers hide why a handshake
 * failed (an HTTP 403, a 200 that is not an upgrade, a refused port all read "failed"); replaying
 * it with curl or websocat shows the server's real answer. Every value is single-quoted for POSIX
 * shells, so nothing in a URL or protocol name can run as a command.
 */
import type { Connection } from './model';

/** 'text' → `'text'`, with embedded quotes closed, escaped and reopened. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function originOf(url: string): string | null {
  try {
    const o = new URL(url).origin;
    return o === 'null' ? null : o;
  } catch {
    return null;
  }
}

/** A fixed key: any 16 bytes in base64 will do, the server only hashes it. */
const SAMPLE_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

export function handshakeAsCurl(c: Pick<Connection, 'url' | 'frameUrl' | 'protocols'>): string {
  const httpUrl = c.url.replace(/^ws(s?):/i, 'http$1:');
  const origin = originOf(c.frameUrl);
  const headers = [
    'Connection: Upgrade',
    'Upgrade: websocket',
    'Sec-WebSocket-Version: 13',
    `Sec-WebSocket-Key: ${SAMPLE_KEY}`,
    ...(origin ? [`Origin: ${origin}`] : []),
    ...(c.protocols.length ? [`Sec-WebSocket-Protocol: ${c.protocols.join(', ')}`] : []),
  ];
  return [
    // --globoff: [ ] { } in a URL are not ranges to expand (one request, whatever the page chose).
    'curl --http1.1 --include --no-buffer --globoff --max-time 10',
    ...headers.map((h) => `-H ${shellQuote(h)}`),
    shellQuote(httpUrl),
  ].join(' ');
}

export function handshakeAsWebsocat(c: Pick<Connection, 'url' | 'frameUrl' | 'protocols'>): string {
  const origin = originOf(c.frameUrl);
  return [
    'websocat -v',
    ...(origin ? [`--origin ${shellQuote(origin)}`] : []),
    ...(c.protocols.length ? [`--protocol ${shellQuote(c.protocols.join(', '))}`] : []),
    shellQuote(c.url),
  ].join(' ');
}
