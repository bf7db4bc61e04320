/**
 * Local test servers on 127.0.0.1: an HTTP server for test pages (two origins) and a `ws`
 * WebSocket server whose behaviour is chosen by the path, plus a real graphql-ws server on
 * /graphql (the `graphql-ws` package) that accepts only `{ token: 'valid' }`. Loopback only.
 */
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { type WebSocket as ServerSocket, WebSocketServer } from 'ws';

export interface ReceivedClose {
  readonly path: string;
  readonly code: number;
  readonly reason: string;
}

export interface TestServers {
  /** http://127.0.0.1:<port> — pages registered with `page()`. */
  readonly origin: string;
  /** A second origin (another port) for cross-origin frames. */
  readonly otherOrigin: string;
  /** ws://127.0.0.1:<port> */
  readonly wsOrigin: string;
  /** A port where nothing listens (connection refused). */
  readonly refusedPort: number;
  page(path: string, html: string, headers?: Record<string, string>): void;
  /** Close frames the WebSocket server received, by request path (with query). */
  readonly received: ReceivedClose[];
  waitForReceived(predicate: (r: ReceivedClose) => boolean, timeoutMs?: number): Promise<ReceivedClose>;
  close(): Promise<void>;
}

/**
 * The server acts when the page says so, never "N ms after the upgrade": under load a timer can
 * fire before the page has seen `open`, and the scenario would end another way (a drop before
 * open reads as "never opened"). Pages send a message from their `open` handler; the first one
 * received is the signal.
 */
function onFirstMessage(socket: ServerSocket, act: () => void): void {
  socket.once('message', act);
}

function behave(socket: ServerSocket, url: URL): void {
  const q = url.searchParams;
  switch (url.pathname) {
    case '/server-close': {
      // code=0: a Close frame without a status code (the page sees 1005).
      const code = Number(q.get('code') ?? 1000);
      const reason = q.get('reason') ?? '';
      onFirstMessage(socket, () => (code === 0 ? socket.close() : socket.close(code, reason)));
      break;
    }
    case '/drop':
      onFirstMessage(socket, () => socket.terminate());
      break;
    case '/silent-drop': {
      // Answers the first message, then says nothing and drops the TCP connection `after` ms
      // later: an idle timeout as a proxy would enforce it.
      const after = Number(q.get('after') ?? 6000);
      onFirstMessage(socket, () => {
        socket.send('pong');
        setTimeout(() => socket.terminate(), after);
      });
      break;
    }
    case '/no-close-reply':
      // Never answer the client's Close frame: drop the TCP connection later instead.
      socket.on('close', () => undefined);
      break;
    default:
      socket.on('message', (data) => socket.send(data));
      break;
  }
}

export async function startServers(): Promise<TestServers> {
  const pages = new Map<string, { html: string; headers: Record<string, string> }>();
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const p = pages.get(path);
    if (!p) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      ...p.headers,
    });
    res.end(p.html);
  };
  const main = http.createServer(handler);
  const other = http.createServer(handler);
  const wsHttp = http.createServer((_req, res) => {
    res.writeHead(426);
    res.end();
  });
  const refused = http.createServer();
  for (const s of [main, other, wsHttp, refused]) {
    s.listen(0, '127.0.0.1');
    await once(s, 'listening');
  }
  const refusedPort = (refused.address() as AddressInfo).port;
  await new Promise<void>((r) => refused.close(() => r()));

  const received: ReceivedClose[] = [];
  const waiters: { predicate: (r: ReceivedClose) => boolean; resolve: (r: ReceivedClose) => void }[] = [];
  const wss = new WebSocketServer({
    noServer: true,
    // 'chat' for the tests; graphql-transport-ws so a page can speak (the start of) graphql-ws.
    handleProtocols: (protocols) =>
      protocols.has('chat') ? 'chat' : protocols.has('graphql-transport-ws') ? 'graphql-transport-ws' : false,
  });
  // A real graphql-ws server: connection_init without a valid token is closed 4403 Forbidden, as
  // the package does when onConnect says no.
  const graphql = new WebSocketServer({ noServer: true });
  useServer(
    {
      schema: buildSchema('type Query { hello: String }'),
      roots: { query: { hello: () => 'world' } },
      onConnect: (ctx) => ctx.connectionParams?.token === 'valid',
    },
    graphql,
  );
  // /forbidden answers the upgrade as many auth layers do: 403 with a JSON body (the browser
  // shows neither; the recorder's handshake replay does).
  wsHttp.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').split('?')[0] === '/forbidden') {
      const body = '{"error":"token expired"}';
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      );
      return;
    }
    if ((req.url ?? '').split('?')[0] === '/graphql') {
      graphql.handleUpgrade(req, socket, head, (ws) => {
        track(ws, req);
        graphql.emit('connection', ws, req);
      });
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  /** Records the Close frame the server receives (by request path) and resolves its waiters. */
  function track(socket: ServerSocket, req: http.IncomingMessage): void {
    const path = req.url ?? '/';
    socket.on('close', (code, reason) => {
      const r = { path, code, reason: reason.toString('utf8') };
      received.push(r);
      for (const w of [...waiters]) {
        if (w.predicate(r)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(r);
        }
      }
    });
    socket.on('error', () => undefined);
  }
  wss.on('connection', (socket, req) => {
    const url = new URL(req.url ?? '/', 'ws://127.0.0.1');
    if (url.pathname === '/reject') {
      socket.terminate();
      return;
    }
    track(socket, req);
    behave(socket, url);
  });

  const port = (s: http.Server): number => (s.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port(main)}`,
    otherOrigin: `http://127.0.0.1:${port(other)}`,
    wsOrigin: `ws://127.0.0.1:${port(wsHttp)}`,
    refusedPort,
    received,
    page(path, html, headers = {}) {
      pages.set(path, { html, headers });
    },
    waitForReceived(predicate, timeoutMs = 60_000) {
      const hit = received.find(predicate);
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve, reject) => {
        const w = { predicate, resolve };
        waiters.push(w);
        setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) {
            waiters.splice(i, 1);
            reject(new Error('timed out waiting for a Close frame at the server'));
          }
        }, timeoutMs);
      });
    },
    async close() {
      for (const server of [wss, graphql]) {
        for (const c of server.clients) c.terminate();
        server.close();
      }
      await Promise.all([main, other, wsHttp].map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
