/**
 * The recorder is not bound by the browser's silence about failed handshakes: for each socket
 * that never opened, it makes the same opening handshake from Node (the page's Origin, the
 * browser's User-Agent, the requested subprotocols) and reports what the server really said —
 * the status line, a few telling headers and the start of the body — or the network error. The
 * connection is never used: an answer of 101 is closed at once.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import type { HandshakeReplay } from '../src/closeLog';

export interface ReplayRequest {
  readonly url: string;
  readonly origin: string | null;
  readonly userAgent: string;
  readonly protocols: readonly string[];
  readonly cookie?: string;
  readonly timeoutMs?: number;
}

const BODY_BYTES = 512;
const KEPT_HEADERS = [
  'content-type',
  'www-authenticate',
  'location',
  'retry-after',
  'server',
  'sec-websocket-protocol',
] as const;

function keptHeaders(h: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of KEPT_HEADERS) {
    const v = h[k];
    if (v !== undefined) out[k] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

export function replayHandshake(r: ReplayRequest): Promise<HandshakeReplay> {
  return new Promise((resolve) => {
    let settled = false;
    let req: http.ClientRequest | null = null;
    // One deadline for the whole exchange: a server that trickles its answer cannot hold it open.
    const deadline = setTimeout(() => {
      req?.destroy();
      done({ outcome: 'no complete answer within the timeout', status: null, headers: {}, body: '' });
    }, r.timeoutMs ?? 5000);
    const done = (x: Omit<HandshakeReplay, 'summary'> & { summary?: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve({ ...x, summary: x.summary ?? x.outcome });
    };
    let target: URL;
    try {
      target = new URL(r.url.replace(/^ws(s?):/i, 'http$1:'));
    } catch {
      done({ outcome: 'not a valid URL', status: null, headers: {}, body: '' });
      return;
    }
    const headers: Record<string, string> = {
      Connection: 'Upgrade',
      Upgrade: 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      'User-Agent': r.userAgent,
      ...(r.origin ? { Origin: r.origin } : {}),
      ...(r.protocols.length ? { 'Sec-WebSocket-Protocol': r.protocols.join(', ') } : {}),
      ...(r.cookie ? { Cookie: r.cookie } : {}),
    };
    const lib = target.protocol === 'https:' ? https : http;
    try {
      req = lib.request(target, { headers });
    } catch (e) {
      // A header Node refuses (a cookie with characters outside Latin-1, …).
      const code = (e as NodeJS.ErrnoException).code ?? 'ERROR';
      done({ outcome: code, status: null, headers: {}, body: '', summary: `${code}: not replayed` });
      return;
    }
    req.on('upgrade', (res: http.IncomingMessage, socket: Socket) => {
      socket.destroy();
      done({
        outcome: `HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim(),
        status: res.statusCode ?? null,
        headers: keptHeaders(res.headers),
        body: '',
        summary: `HTTP ${res.statusCode} ${res.statusMessage ?? ''} — the server accepts the handshake now`,
      });
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = (): void => {
        res.destroy();
        const body = Buffer.concat(chunks).subarray(0, BODY_BYTES).toString('utf8');
        const outcome = `HTTP ${res.statusCode} ${res.statusMessage ?? ''}`.trim();
        done({
          outcome,
          status: res.statusCode ?? null,
          headers: keptHeaders(res.headers),
          body,
          summary: body ? `${outcome} — ${oneLine(body).slice(0, 200)}` : outcome,
        });
      };
      res.on('data', (c: Buffer) => {
        chunks.push(c);
        size += c.length;
        if (size >= BODY_BYTES) finish();
      });
      res.on('end', finish);
      res.on('error', finish);
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      const code = e.code ?? 'ERROR';
      done({ outcome: code, status: null, headers: {}, body: '', summary: `${code}: ${oneLine(e.message)}` });
    });
    req.end();
  });
}
