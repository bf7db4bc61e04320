import { describe, expect, it } from 'vitest';
import {
  CLOSE_LOG_FORMAT,
  CLOSE_LOG_VERSION,
  type CloseLogMeta,
  exportConnection,
  MAX_UNSEEN_SOCKETS,
  toCloseLog,
  toCsv,
} from '../../src/closeLog';
import {
  CloseLogError,
  type CloseLogError as CloseLogErrorType,
  MAX_LIFECYCLE_IN_FILE,
  readCloseLog,
} from '../../src/closeLogReader';
import { type Connection, totalCloseCalls } from '../../src/model';
import { LIMITS, type LogEvent, type TrafficEvent } from '../../src/protocol';
import {
  closeCallEvent,
  closed,
  connectionOf,
  created,
  errored,
  networkHandshake,
  objectArg,
  opened,
  SOCKET_URL,
  storeOf,
  threw,
  traffic,
} from './fixtures';

const T0 = Date.UTC(2026, 10, 25, 8, 0, 0);
const P = "Failed to execute 'close' on 'WebSocket': ";

const META: CloseLogMeta = {
  toolName: 'WebSocket Close Inspector',
  toolVersion: '0.1.0',
  engine: 'chromium',
  userAgent: 'Mozilla/5.0 Chrome/156.0.0.0',
  exportedAt: '2026-11-25T08:00:00.000Z',
  pageUrl: 'https://example.com/app',
  droppedConnections: 2,
  filtered: false,
};

const QUOTED_REASON = 'Server restarting, please "retry"';

/** Several connections covering every kind of field the log carries. */
function sampleConnections(): Connection[] {
  return storeOf([
    // 1: clean page close with a reason, traffic
    created(1, T0 + 100, 'wss://example.com/chat?room=1'),
    opened(1, T0 + 150),
    closeCallEvent({ sid: 1, args: [4001, 'bye'], t: T0 + 200 }),
    traffic(1, 3, 4),
    closed(1, T0 + 250, 4001, true, 'bye'),
    // 2: server close, reason with comma and quotes
    created(2, T0 + 300),
    opened(2, T0 + 350),
    closed(2, T0 + 400, 1001, true, QUOTED_REASON),
    // 3: invalid calls, an object argument, lone surrogate reason; dropped
    created(3, T0 + 500),
    opened(3, T0 + 550),
    closeCallEvent({
      sid: 3,
      callId: 1,
      args: [2999.5],
      t: T0 + 560,
      observed: threw(
        'InvalidAccessError',
        `${P}The close code must be either 1000, or between 3000 and 4999. 2999 is neither.`,
      ),
      repeat: 3,
    }),
    closeCallEvent({ sid: 3, callId: 2, args: [objectArg(3001), 'a\uD800'], t: T0 + 570 }),
    closed(3, T0 + 5000, 1006, false),
    // 4: never opened
    created(4, T0 + 600, 'wss://down.example.com/'),
    errored(4, T0 + 610),
    closed(4, T0 + 611, 1006, false),
    // 5: still open
    created(5, T0 + 700),
    opened(5, T0 + 750),
  ]).list();
}

/** A plain-data copy (what JSON keeps). */
const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

describe('close log round trip', () => {
  it('toCloseLog → JSON → readCloseLog yields identical exported connections', () => {
    const connections = sampleConnections();
    expect(connections).toHaveLength(5);
    const json = JSON.stringify(toCloseLog(connections, META));
    const { log, connections: imported } = readCloseLog(json);
    expect(plain(log)).toStrictEqual(JSON.parse(json));
    expect(imported).toHaveLength(5);
    expect(plain(imported.map((c) => exportConnection(c)))).toStrictEqual(
      plain(connections.map((c) => exportConnection(c))),
    );
  });

  it('an imported log re-exports to the same file', () => {
    const first = readCloseLog(JSON.stringify(toCloseLog(sampleConnections(), META)));
    const again = JSON.stringify(toCloseLog(first.connections, META));
    expect(plain(readCloseLog(again).log)).toStrictEqual(plain(first.log));
  });

  it('keeps the header and the derived fields', () => {
    const { log } = readCloseLog(JSON.stringify(toCloseLog(sampleConnections(), META)));
    expect(log).toMatchObject({
      format: CLOSE_LOG_FORMAT,
      version: CLOSE_LOG_VERSION,
      tool: { name: META.toolName, version: META.toolVersion },
      browser: { engine: 'chromium', userAgent: META.userAgent },
      exportedAt: META.exportedAt,
      page: { url: META.pageUrl },
      filtered: false,
      droppedConnections: 2,
    });
    expect(log.connections.map((c) => [c.state, c.initiator, c.codeName, c.invalidCall])).toEqual([
      ['closed', 'page', '4001 Private use', false],
      ['closed', 'server', '1001 Going Away', false],
      ['closed', 'page', '1006 Abnormal Closure', true],
      ['closed', 'failure', '1006 Abnormal Closure', false],
      ['open', null, null, false],
    ]);
    const third = log.connections[2];
    expect(third?.closeCalls[0]?.repeat).toBe(3);
    expect(third?.closeCalls[1]?.code).toMatchObject({ given: 'object', primitive: '3001' });
    expect(third?.closeCalls[1]?.reason.loneSurrogates).toBe(true);
    expect(third?.findings.some((f) => f.startsWith('error: '))).toBe(true);
  });

  it('accepts a log without traffic fields (optional)', () => {
    const log = plain(toCloseLog(sampleConnections(), META)) as { connections: Record<string, unknown>[] };
    for (const c of log.connections) delete c.traffic;
    const { connections } = readCloseLog(JSON.stringify(log));
    expect(connections.every((c) => c.traffic === null)).toBe(true);
  });
});

describe('readCloseLog: a lifecycle over the cap', () => {
  it('keeps the newest events and counts the rest as skipped: an export always imports back', () => {
    const lifecycle = Array.from({ length: MAX_LIFECYCLE_IN_FILE + 3 }, (_, i) => ({
      t: T0 + i,
      kind: 'hidden',
    }));
    const valid = plain(toCloseLog(sampleConnections(), META)) as Record<string, unknown>;
    const { log, skippedLifecycle } = readCloseLog(JSON.stringify({ ...valid, lifecycle }));
    expect(log.lifecycle).toHaveLength(MAX_LIFECYCLE_IN_FILE);
    expect(log.lifecycle[0]?.t).toBe(T0 + 3);
    expect(skippedLifecycle).toBe(3);
  });
});

describe('readCloseLog: malformed input', () => {
  const valid = () => plain(toCloseLog(sampleConnections(), META)) as Record<string, unknown>;
  const withConnections = (patch: (list: Record<string, unknown>[]) => void) => {
    const log = valid();
    patch(log.connections as Record<string, unknown>[]);
    return JSON.stringify(log);
  };

  it.each([
    { name: 'not JSON', text: '{"format": ', message: 'This file is not JSON.' },
    { name: 'empty file', text: '', message: 'This file is not JSON.' },
    {
      name: 'wrong format',
      text: JSON.stringify({ format: 'har', version: 1 }),
      message: `This is not a WebSocket Close Inspector close log (expected "format": "${CLOSE_LOG_FORMAT}").`,
    },
    {
      name: 'a JSON array',
      text: '[]',
      message: `This is not a WebSocket Close Inspector close log (expected "format": "${CLOSE_LOG_FORMAT}").`,
    },
    {
      name: 'a future version',
      text: JSON.stringify({ ...valid(), version: CLOSE_LOG_VERSION + 1 }),
      message: `Unsupported close log version ${CLOSE_LOG_VERSION + 1} (this build reads version ${CLOSE_LOG_VERSION}).`,
    },
    {
      name: 'version 0',
      text: JSON.stringify({ ...valid(), version: 0 }),
      message: `Unsupported close log version 0 (this build reads version ${CLOSE_LOG_VERSION}).`,
    },
    {
      name: 'missing version',
      text: JSON.stringify({ ...valid(), version: undefined }),
      message: `Unsupported close log version undefined (this build reads version ${CLOSE_LOG_VERSION}).`,
    },
    {
      name: 'bad header',
      text: JSON.stringify({ ...valid(), browser: { engine: 'presto', userAgent: '' } }),
      message: /header is malformed/,
    },
    {
      name: 'a lifecycle that is not a list',
      text: JSON.stringify({ ...valid(), lifecycle: { t: T0, kind: 'hidden' } }),
      message: `The close log's "lifecycle" is not a list of page lifecycle events.`,
    },
    {
      name: 'no connections list',
      text: JSON.stringify({ ...valid(), connections: {} }),
      message: 'The close log has no valid "connections" list.',
    },
  ])('$name → CloseLogError', ({ text, message }) => {
    let error: unknown;
    try {
      readCloseLog(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CloseLogError);
    expect(error).toBeInstanceOf(Error);
    const m = (error as CloseLogErrorType).message;
    if (typeof message === 'string') expect(m).toBe(message);
    else expect(m).toMatch(message);
  });

  it.each([
    {
      name: 'a bad close code in connection #2',
      text: withConnections((list) => {
        const c = list[1];
        if (c) c.closeEvent = { t: 1, code: 70000, reason: '', reasonBytes: 0, wasClean: true };
      }),
      skipped: 2,
    },
    {
      name: 'a close event before the socket was created, in connection #2',
      text: withConnections((list) => {
        const c = list[1];
        if (c?.closeEvent) c.closeEvent = { ...(c.closeEvent as object), t: Number(c.createdAt) - 4000 };
      }),
      skipped: 2,
    },
    {
      name: 'two close() calls with the same id in connection #1',
      text: withConnections((list) => {
        const calls = list[0]?.closeCalls as Record<string, unknown>[] | undefined;
        if (calls?.[0]) calls.push({ ...calls[0] });
      }),
      skipped: 1,
    },
    {
      name: 'a bad verdict in connection #1',
      text: withConnections((list) => {
        const calls = list[0]?.closeCalls as Record<string, unknown>[] | undefined;
        const call = calls?.[0];
        if (call) call.verdicts = { spec: { ok: false } };
      }),
      skipped: 1,
    },
    {
      name: 'a null connection #5',
      text: withConnections((list) => {
        list[4] = null as unknown as Record<string, unknown>;
      }),
      skipped: 5,
    },
    {
      name: 'an oversize URL in connection #3',
      text: withConnections((list) => {
        const c = list[2];
        if (c) c.url = `wss://x/${'a'.repeat(10_000)}`;
      }),
      skipped: 3,
    },
  ])('$name → that connection is skipped and counted, the others imported', ({ text, skipped }) => {
    const total = (JSON.parse(text) as { connections: unknown[] }).connections.length;
    const read = readCloseLog(text);
    expect(read.skipped).toEqual({ count: 1, first: [skipped] });
    expect(read.connections).toHaveLength(total - 1);
  });

  it('a log whose every connection is malformed is refused, saying so', () => {
    const text = withConnections((list) => {
      for (let i = 0; i < list.length; i++) list[i] = null as unknown as Record<string, unknown>;
    });
    expect(() => readCloseLog(text)).toThrow(
      /None of the \d+ connections in the close log is well-formed \(the first: #1\)\./,
    );
  });
});

describe('close log version 2: site, lifecycle, traffic timing, why', () => {
  const SITE = 'connectChat (https://example.com/app.js:88:14)';
  const HEARTBEAT = { direction: 'sent', periodMs: 15_000.5, lastAt: T0 + 45_200, beats: 4 } as const;
  const timedTraffic: TrafficEvent = {
    ...traffic(1, 12, 15),
    lastSentAt: T0 + 55_000.25,
    lastReceivedAt: T0 + 55_010.75,
    heartbeat: HEARTBEAT,
  };

  /** A v2 log: a socket with a call site and traffic timing, closed by the page; the page's lifecycle. */
  function v2Events(): LogEvent[] {
    return [
      { ...created(1, T0 + 100), site: SITE },
      opened(1, T0 + 150),
      timedTraffic,
      { kind: 'lifecycle', t: T0 + 20_000, state: 'hidden' },
      { kind: 'lifecycle', t: T0 + 50_000, state: 'visible' },
      { kind: 'lifecycle', t: T0 + 58_000, state: 'pagehide', persisted: true },
      closeCallEvent({ sid: 1, args: [4001, 'bye'], t: T0 + 60_000 }),
      closed(1, T0 + 60_030, 4001, true, 'bye'),
      // A second socket, never opened: no site, no traffic.
      created(2, T0 + 200),
      errored(2, T0 + 210),
      closed(2, T0 + 211, 1006, false),
    ];
  }

  function v2Log(events: LogEvent[] = v2Events()) {
    const store = storeOf(events);
    return toCloseLog(store.list(), { ...META, lifecycle: store.lifecycle() });
  }

  /** What a version 1 build wrote for the same connections: no site, lifecycle, why or traffic timing. */
  function asVersion1(log: unknown): Record<string, unknown> {
    const v1 = plain(log) as Record<string, unknown> & { connections: Record<string, unknown>[] };
    v1.version = 1;
    delete v1.lifecycle;
    for (const c of v1.connections) {
      delete c.site;
      delete c.why;
      const t = c.traffic as Record<string, unknown> | null;
      if (t) {
        delete t.lastSentAt;
        delete t.lastReceivedAt;
        delete t.heartbeat;
      }
    }
    return v1;
  }

  const whyIds = (text: string) => readCloseLog(text).log.connections.map((c) => c.why.map((f) => f.id));

  it('round-trips site, lifecycle and traffic lastSentAt/lastReceivedAt/heartbeat', () => {
    const json = JSON.stringify(v2Log());
    const { log, connections, skipped, skippedLifecycle } = readCloseLog(json);
    expect(skipped.count).toBe(0);
    expect(skippedLifecycle).toBe(0);
    expect(log.lifecycle).toEqual([
      { t: T0 + 20_000, kind: 'hidden' },
      { t: T0 + 50_000, kind: 'visible' },
      { t: T0 + 58_000, kind: 'pagehide', persisted: true },
    ]);
    expect(connections.map((c) => c.site)).toEqual([SITE, null]);
    expect(connections[0]?.traffic).toEqual({
      sentMessages: 12,
      sentBytes: 120,
      receivedMessages: 15,
      receivedBytes: 150,
      lastSentAt: T0 + 55_000.25,
      lastReceivedAt: T0 + 55_010.75,
      heartbeat: HEARTBEAT,
    });
    expect(plain(log)).toStrictEqual(JSON.parse(json));
    // Imported, then exported again with the imported lifecycle: the same log.
    const again = JSON.stringify(toCloseLog(connections, { ...META, lifecycle: log.lifecycle }));
    expect(JSON.parse(again)).toStrictEqual(JSON.parse(json));
  });

  it('a version 1 log still imports: site null, lifecycle [], why computed', () => {
    const v1 = asVersion1(v2Log());
    expect(Object.keys(v1)).not.toContain('lifecycle');
    const { log, connections, skipped, skippedLifecycle } = readCloseLog(JSON.stringify(v1));
    expect(skipped.count).toBe(0);
    expect(skippedLifecycle).toBe(0);
    expect(connections).toHaveLength(2);
    expect(connections.map((c) => c.site)).toEqual([null, null]);
    expect(connections[0]?.traffic).toEqual({
      sentMessages: 12,
      sentBytes: 120,
      receivedMessages: 15,
      receivedBytes: 150,
    });
    // Re-read as the current version.
    expect(log.version).toBe(CLOSE_LOG_VERSION);
    expect(log.lifecycle).toEqual([]);
    expect(log.connections.map((c) => c.site)).toEqual([null, null]);
    expect(log.connections.map((c) => c.why.map((f) => f.id))).toEqual([[], ['handshake-failed-unseen']]);
    // The version 1 primary fields are kept as they were.
    const reexported = plain(log) as { connections: Record<string, unknown>[] };
    const original = v1 as { connections: Record<string, unknown>[] };
    for (const [i, c] of reexported.connections.entries())
      expect(c).toEqual({ ...original.connections[i], site: null, why: c.why });
  });

  it('why is recomputed on import: a 1006 drop after open that nothing explains', () => {
    const log = plain(
      v2Log([created(1, T0 + 100), opened(1, T0 + 150), closed(1, T0 + 3000, 1006, false)]),
    ) as { connections: Record<string, unknown>[] };
    expect(log.connections[0]?.why).toMatchObject([{ id: 'drop-unexplained', certainty: 'possible' }]);
    // What the file says is ignored: a forged finding goes, the real one comes back.
    for (const c of log.connections)
      c.why = [{ id: 'forged', certainty: 'certain', text: 'x', evidence: [], severity: 'error' }];
    expect(whyIds(JSON.stringify(log))).toEqual([['drop-unexplained']]);
  });

  it('why is recomputed on import: graphql-ws closed by the server with 4401', () => {
    const log = plain(
      v2Log([
        { ...created(1, T0 + 100, 'wss://example.com/graphql'), protocols: ['graphql-transport-ws'] },
        { ...opened(1, T0 + 150), protocol: 'graphql-transport-ws' },
        closed(1, T0 + 900, 4401, true, 'Unauthorized'),
      ]),
    ) as { connections: Record<string, unknown>[] };
    for (const c of log.connections) c.why = [];
    const { log: imported } = readCloseLog(JSON.stringify(log));
    const c = imported.connections[0];
    expect(c?.initiator).toBe('server');
    expect(c?.why.map((f) => f.id)).toContain('app-close-code');
    expect(c?.why.find((f) => f.id === 'app-close-code')).toMatchObject({
      certainty: 'certain',
      evidence: [
        'negotiated subprotocol "graphql-transport-ws"',
        'close code 4401 with reason "Unauthorized"',
      ],
    });
  });

  it('why on import reads the file’s lifecycle: a drop just after going offline', () => {
    const events: LogEvent[] = [
      created(1, T0 + 100),
      opened(1, T0 + 150),
      { kind: 'lifecycle', t: T0 + 2000, state: 'offline' },
      closed(1, T0 + 3000, 1006, false),
    ];
    const text = JSON.stringify(v2Log(events));
    expect(whyIds(text)).toEqual([['went-offline']]);
    // Without the lifecycle (a version 1 log), nothing explains the drop.
    expect(whyIds(JSON.stringify(asVersion1(v2Log(events))))).toEqual([['drop-unexplained']]);
  });

  it('a malformed lifecycle entry is skipped and counted, the others kept in file order', () => {
    const log = plain(v2Log()) as Record<string, unknown>;
    const [hidden, visible, pagehide] = log.lifecycle as unknown[];
    log.lifecycle = [
      hidden,
      { t: T0 + 30_000, kind: 'teleport' },
      null,
      { t: -1, kind: 'online' },
      { t: T0 + 40_000, kind: 'online', persisted: 'yes' },
      visible,
      { kind: 'offline' },
      pagehide,
    ];
    const { log: imported, skippedLifecycle, skipped } = readCloseLog(JSON.stringify(log));
    expect(skippedLifecycle).toBe(5);
    expect(skipped.count).toBe(0);
    expect(imported.lifecycle).toEqual([hidden, visible, pagehide]);
  });

  it('a missing site or a malformed one: null is read, a wrong type skips the connection', () => {
    const log = plain(v2Log()) as { connections: Record<string, unknown>[] };
    const [first, second] = log.connections;
    if (first) delete first.site;
    if (second) second.site = 42;
    const { connections, skipped } = readCloseLog(JSON.stringify(log));
    expect(connections.map((c) => c.site)).toEqual([null]);
    expect(skipped).toEqual({ count: 1, first: [2] });
  });

  it('a malformed heartbeat skips the connection', () => {
    const log = plain(v2Log()) as { connections: Record<string, unknown>[] };
    const first = log.connections[0];
    if (first)
      first.traffic = { ...(first.traffic as object), heartbeat: { ...HEARTBEAT, direction: 'both' } };
    expect(readCloseLog(JSON.stringify(log)).skipped).toEqual({ count: 1, first: [1] });
  });
});

describe('close log: network handshakes (networkHandshake, unseenSockets)', () => {
  const CHAT = 'wss://example.com/chat';
  const DENIED = 'wss://example.com/denied';
  const hs = networkHandshake;
  const UPGRADED = hs('11', CHAT, T0 + 101, {
    endedAt: T0 + 149,
    status: 101,
    statusLine: 'HTTP/1.1 101 Switching Protocols',
  });
  const REFUSED = hs('12', DENIED, T0 + 201, {
    endedAt: T0 + 209,
    status: 403,
    statusLine: 'HTTP/1.1 403 Forbidden',
  });
  const WORKER = [
    hs('20', 'wss://example.com/worker', T0 + 300, {
      origin: 'https://example.com/worker.js',
      endedAt: T0 + 340,
      status: 101,
      statusLine: 'HTTP/1.1 101 Switching Protocols',
    }),
    hs('21', 'wss://example.com/worker', T0 + 400),
  ];

  /** An open socket and one refused at the handshake (1006, never opened). */
  function sockets(): Connection[] {
    return storeOf([
      created(1, T0 + 100, CHAT),
      opened(1, T0 + 150),
      created(2, T0 + 200, DENIED),
      errored(2, T0 + 210),
      closed(2, T0 + 211, 1006, false),
    ]).list();
  }
  /** As the live panel exports it: handshakes matched from its store, the unclaimed ones beside. */
  const handshakeOf = (c: Connection) => ({ [CHAT]: UPGRADED, [DENIED]: REFUSED })[c.url] ?? null;
  const LIVE_META: CloseLogMeta = { ...META, handshakeOf, unseenSockets: WORKER };
  const exported = () => plain(toCloseLog(sockets(), LIVE_META)) as Record<string, unknown>;
  const connectionsOf = (log: Record<string, unknown>) => log.connections as Record<string, unknown>[];

  it('export → import keeps each networkHandshake and the unseenSockets; re-export gives the same file', () => {
    const text = JSON.stringify(toCloseLog(sockets(), LIVE_META));
    const file = JSON.parse(text) as Record<string, unknown>;
    expect(connectionsOf(file).map((c) => c.networkHandshake)).toEqual([UPGRADED, REFUSED]);
    expect(file.unseenSockets).toEqual(WORKER);
    const { log, connections, skipped, unseenSockets } = readCloseLog(text);
    expect(skipped.count).toBe(0);
    expect(connections.map((c) => c.networkHandshake)).toEqual([UPGRADED, REFUSED]);
    expect(unseenSockets).toEqual(WORKER);
    expect(plain(log)).toStrictEqual(file);
    // Exported again from the imported connections: each carries its own handshake.
    const again = toCloseLog(connections, { ...META, unseenSockets });
    expect(plain(again)).toStrictEqual(file);
  });

  it('a refused handshake (HTTP 403) gives the "handshake-refused" finding, on export and on import', () => {
    const refusedWhy = (log: Record<string, unknown>) =>
      ((connectionsOf(log)[1]?.why ?? []) as { id: string }[]).map((f) => f.id);
    const file = exported();
    expect(refusedWhy(file)).toContain('handshake-refused');
    // The file's own why is ignored on import; the handshake alone brings the finding back.
    for (const c of connectionsOf(file)) c.why = [];
    const { log } = readCloseLog(JSON.stringify(file));
    const why = log.connections[1]?.why ?? [];
    expect(why.map((f) => f.id)).toContain('handshake-refused');
    expect(why.map((f) => f.id)).not.toContain('handshake-failed-unseen');
    expect(why.find((f) => f.id === 'handshake-refused')?.evidence).toContain(
      'network layer: HTTP 403 Forbidden',
    );
    // Without the handshake the same socket is a failure nobody can see into.
    delete connectionsOf(file)[1]?.networkHandshake;
    const bare = readCloseLog(JSON.stringify(file)).log.connections[1]?.why ?? [];
    expect(bare.map((f) => f.id)).toContain('handshake-failed-unseen');
  });

  it('a failed handshake: Chromium’s generic net::ERR_FAILED stays unseen, a named error is told', () => {
    const whyWith = (error: string) => {
      const file = exported();
      const second = connectionsOf(file)[1];
      if (second) second.networkHandshake = { ...REFUSED, status: null, statusLine: null, error };
      return (readCloseLog(JSON.stringify(file)).log.connections[1]?.why ?? []).map((f) => f.id);
    };
    expect(whyWith('net::ERR_FAILED')).toContain('handshake-failed-unseen');
    expect(whyWith('NS_ERROR_CONNECTION_REFUSED')).toContain('handshake-failed-network');
  });

  it.each<[string, (h: Record<string, unknown>) => unknown]>([
    ['a status over 999', (h) => ({ ...h, status: 1000 })],
    ['a fractional status', (h) => ({ ...h, status: 403.5 })],
    ['a missing member', ({ error: _e, ...h }) => h],
    ['an id over 64', (h) => ({ ...h, id: 'i'.repeat(65) })],
    ['a URL over the cap', (h) => ({ ...h, url: 'u'.repeat(LIMITS.url + 21) })],
    ['an origin over the cap', (h) => ({ ...h, origin: 'o'.repeat(LIMITS.url + 21) })],
    ['a status line over the cap', (h) => ({ ...h, statusLine: 's'.repeat(LIMITS.text + 21) })],
    ['a negative frameId', (h) => ({ ...h, frameId: -1 })],
    ['a string startedAt', (h) => ({ ...h, startedAt: String(T0) })],
    ['a number', () => 403],
    ['null', () => null],
  ])('a malformed networkHandshake (%s) is left out; the connection imports without it', (_, mutate) => {
    const file = exported();
    const second = connectionsOf(file)[1];
    if (second) second.networkHandshake = mutate(second.networkHandshake as Record<string, unknown>);
    const { connections, skipped, log } = readCloseLog(JSON.stringify(file));
    expect(skipped.count).toBe(0);
    expect(connections).toHaveLength(2);
    expect(connections[0]?.networkHandshake).toEqual(UPGRADED);
    expect(connections[1]).not.toHaveProperty('networkHandshake');
    expect(log.connections[1]).not.toHaveProperty('networkHandshake');
    expect(log.connections[1]?.why.map((f) => f.id)).toContain('handshake-failed-unseen');
  });

  it('the caps read exactly: a URL of 2068 and a status line of 1044 are kept', () => {
    const file = exported();
    const long = { ...REFUSED, url: 'u'.repeat(LIMITS.url + 20), statusLine: 's'.repeat(LIMITS.text + 20) };
    const second = connectionsOf(file)[1];
    if (second) second.networkHandshake = long;
    expect(readCloseLog(JSON.stringify(file)).connections[1]?.networkHandshake).toEqual(long);
  });

  it('malformed unseenSockets entries are skipped, the others kept in file order', () => {
    const file = exported();
    const [first, second] = WORKER;
    file.unseenSockets = [first, { ...first, status: 'x' }, 7, null, second, { id: '3' }];
    expect(readCloseLog(JSON.stringify(file)).unseenSockets).toEqual([first, second]);
    file.unseenSockets = { ...first };
    const notAList = readCloseLog(JSON.stringify(file));
    expect(notAList.unseenSockets).toEqual([]);
    expect(plain(notAList.log)).not.toHaveProperty('unseenSockets');
  });

  it('unseenSockets: the newest 1000, on export and on import; none written when there are none', () => {
    const many = Array.from({ length: MAX_UNSEEN_SOCKETS + 5 }, (_, i) =>
      hs(String(i), 'wss://example.com/w', T0 + i),
    );
    const log = toCloseLog(sockets(), { ...META, unseenSockets: [...many].reverse() });
    expect(log.unseenSockets).toEqual(many.slice(5));
    const file = exported();
    file.unseenSockets = many;
    const { unseenSockets } = readCloseLog(JSON.stringify(file));
    expect(unseenSockets).toHaveLength(MAX_UNSEEN_SOCKETS);
    expect(unseenSockets[0]?.id).toBe('5');
    expect(toCloseLog(sockets(), { ...META, unseenSockets: [] })).not.toHaveProperty('unseenSockets');
  });

  it('an earlier version 2 log (without either field) still imports, and re-exports without them', () => {
    const text = JSON.stringify(toCloseLog(sockets(), META));
    expect(text).not.toMatch(/networkHandshake|unseenSockets/);
    const { log, connections, skipped, unseenSockets } = readCloseLog(text);
    expect(skipped.count).toBe(0);
    expect(unseenSockets).toEqual([]);
    expect(connections.some((c) => 'networkHandshake' in c)).toBe(false);
    expect(plain(log)).toStrictEqual(JSON.parse(text));
    expect(log.connections[1]?.why.map((f) => f.id)).toContain('handshake-failed-unseen');
  });
});

/** RFC 4180 parser, enough to read toCsv's output back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

describe('toCsv', () => {
  const HEADER =
    'url,frameUrl,state,initiator,code,codeName,reason,reasonBytes,wasClean,createdAt,openedAt,closedAt,closeCalls,invalidCall,diagnosis';

  function csvOf(connections: Connection[]) {
    const text = toCsv(connections);
    const [header, ...rows] = parseCsv(text);
    const columns = header ?? [];
    const cell = (row: string[] | undefined, name: string) => row?.[columns.indexOf(name)];
    return { text, rows, cell };
  }

  it('has a header, one CRLF-terminated row per connection, and consistent columns', () => {
    const { text, rows } = csvOf(sampleConnections());
    expect(text.startsWith(`${HEADER}\r\n`)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(rows).toHaveLength(5);
    for (const row of rows) expect(row).toHaveLength(HEADER.split(',').length);
  });

  it('counts every close() call, with repeats and the calls past the per-connection cap', () => {
    const c = connectionOf([
      created(1, 100),
      opened(1, 110),
      closeCallEvent({ sid: 1, callId: 1, args: [1000], repeat: 3 }),
      { kind: 'calls-dropped', sid: 1, count: 7 },
    ]);
    expect(totalCloseCalls(c)).toBe(10);
    const { rows, cell } = csvOf([c]);
    expect(cell(rows[0], 'closeCalls')).toBe('10');
  });

  it('fills the cells from the connection', () => {
    const { rows, cell } = csvOf(sampleConnections());
    const first = rows[0];
    expect(cell(first, 'url')).toBe('wss://example.com/chat?room=1');
    expect(cell(first, 'state')).toBe('closed');
    expect(cell(first, 'initiator')).toBe('page');
    expect(cell(first, 'code')).toBe('4001');
    expect(cell(first, 'reason')).toBe('bye');
    expect(cell(first, 'reasonBytes')).toBe('3');
    expect(cell(first, 'wasClean')).toBe('true');
    expect(cell(first, 'createdAt')).toBe(new Date(T0 + 100).toISOString());
    expect(cell(first, 'closedAt')).toBe(new Date(T0 + 250).toISOString());
    expect(cell(rows[2], 'closeCalls')).toBe('4'); // repeat 3 + 1
    expect(cell(rows[2], 'invalidCall')).toBe('true');
    const open = rows[4];
    expect(cell(open, 'code')).toBe('');
    expect(cell(open, 'closedAt')).toBe('');
    expect(cell(open, 'initiator')).toBe('');
  });

  it('quotes cells with commas and doubles embedded quotes', () => {
    const { text, rows, cell } = csvOf(sampleConnections());
    expect(text).toContain('"Server restarting, please ""retry"""');
    expect(cell(rows[1], 'reason')).toBe(QUOTED_REASON);
    // The 1001 diagnosis carries the code meaning, which has commas.
    expect(cell(rows[1], 'diagnosis')).toMatch(/^Closed cleanly by the server with 1001 Going Away: /);
  });

  it.each([
    { reason: '=1+2', cell: "'=1+2", raw: "'=1+2" },
    {
      reason: '=HYPERLINK("https://evil.example","x")',
      cell: '\'=HYPERLINK("https://evil.example","x")',
      raw: '"\'=HYPERLINK(""https://evil.example"",""x"")"',
    },
    { reason: '+SUM(A1,A2)', cell: "'+SUM(A1,A2)", raw: '"\'+SUM(A1,A2)"' },
    { reason: '-2+3', cell: "'-2+3", raw: "'-2+3" },
    { reason: '@cmd', cell: "'@cmd", raw: "'@cmd" },
    { reason: '\t=1', cell: "'\t=1", raw: "'\t=1" },
    { reason: 'fine =1', cell: 'fine =1', raw: 'fine =1' },
  ])('neutralises a leading formula character: $reason', ({ reason, cell: expected, raw }) => {
    const connections = storeOf([
      created(1, T0),
      opened(1, T0 + 1),
      closed(1, T0 + 2, 4000, true, reason),
    ]).list();
    const { text, rows, cell } = csvOf(connections);
    expect(cell(rows[0], 'reason')).toBe(expected);
    expect(text).toContain(`,${raw},`);
  });

  it('neutralises a page-controlled URL too', () => {
    const connections = storeOf([created(1, T0, '=cmd|" /C calc"!A0')]).list();
    const { rows, cell } = csvOf(connections);
    expect(cell(rows[0], 'url')).toBe('\'=cmd|" /C calc"!A0');
  });

  it('an empty list gives only the header', () => {
    expect(toCsv([])).toBe(`${HEADER}\r\n`);
  });

  it('uses the default socket URL from the fixtures verbatim', () => {
    const { rows, cell } = csvOf(storeOf([created(1, T0)]).list());
    expect(cell(rows[0], 'url')).toBe(SOCKET_URL);
  });
});
