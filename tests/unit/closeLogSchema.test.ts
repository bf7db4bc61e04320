/**
 * docs/close-log.schema.json and docs/close-log-format.md against the real producer: logs are
 * built through ConnectionStore (fed with Sequenced events) and toCloseLog, then validated.
 */
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import schema from '../../docs/close-log.schema.json';
import {
  CLOSE_LOG_FORMAT,
  CLOSE_LOG_VERSION,
  type CloseLog,
  type CloseLogMeta,
  MAX_UNSEEN_SOCKETS,
  toCloseLog,
  toCsv,
} from '../../src/closeLog';
import { CloseLogError, MAX_LIFECYCLE_IN_FILE, readCloseLog } from '../../src/closeLogReader';
import { ENGINES, PROFILES } from '../../src/closeRules';
import { ConnectionStore, type StoreOptions } from '../../src/model';
import {
  capText,
  GIVEN_KINDS,
  LIMITS,
  type LogEvent,
  PAGE_LIFECYCLE_KINDS,
  TRUNCATION_MARK,
} from '../../src/protocol';
import {
  batch,
  closeCallEvent,
  closed,
  created,
  documentEvent,
  encode,
  errored,
  failedObjectArg,
  networkHandshake,
  objectArg,
  opened,
  sequence,
  threw,
  traffic,
} from './fixtures';

const T0 = Date.UTC(2026, 10, 25, 8, 0, 0);
const P = "Failed to execute 'close' on 'WebSocket': ";

// ---- helpers ------------------------------------------------------------------------------------

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const ajv = new Ajv2020({ allErrors: true, strict: true });
// Ajv knows no formats without ajv-formats; check the one the schema uses ourselves.
ajv.addFormat('date-time', {
  type: 'string',
  validate: (s) => ISO_UTC.test(s) && !Number.isNaN(Date.parse(s)),
});
const validate = ajv.compile(schema);

function schemaErrors(data: unknown): string {
  return validate(data) ? '' : ajv.errorsText(validate.errors, { separator: '\n' });
}

/** A plain-data copy (what the file holds). */
function plain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v));
}

function asRecord(v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('expected an object');
  return v as Record<string, unknown>;
}

function asArray(v: unknown): unknown[] {
  if (!Array.isArray(v)) throw new Error('expected an array');
  return v;
}

/** Paths of properties whose value is undefined (JSON.stringify would silently drop them). */
function undefinedPaths(v: unknown, path = '$'): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => undefinedPaths(x, `${path}[${i}]`));
  if (typeof v !== 'object' || v === null) return [];
  return Object.entries(v).flatMap(([k, x]) =>
    x === undefined ? [`${path}.${k}`] : undefinedPaths(x, `${path}.${k}`),
  );
}

function collectKeys(v: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(v)) for (const x of v) collectKeys(x, into);
  else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      into.add(k);
      collectKeys(x, into);
    }
  }
  return into;
}

function storeOf(events: readonly LogEvent[], options: Partial<StoreOptions> = {}): ConnectionStore {
  const store = new ConnectionStore(options);
  store.apply(batch(sequence(events)));
  return store;
}

/** The log the panel's Export JSON writes for `store` (with the network layer's handshakes, if given). */
function logOf(store: ConnectionStore, handshakes: Partial<CloseLogMeta> = {}): CloseLog {
  return toCloseLog(store.list(), {
    toolName: 'WebSocket Close Inspector',
    toolVersion: '0.1.0',
    engine: store.engine,
    userAgent: store.userAgent,
    exportedAt: new Date(T0 + 120_000).toISOString(),
    pageUrl: store.pageUrl,
    droppedConnections: store.droppedConnections,
    filtered: false,
    lifecycle: store.lifecycle(),
    ...handshakes,
  });
}

const withDocument = (events: readonly LogEvent[]): LogEvent[] => [documentEvent(T0), ...events];

const LONG_URL = `wss://example.com/${'a'.repeat(3000)}`;
const LONG_REASON = 'x'.repeat(5000);
const LONG_FRAME = `${'f'.repeat(1000)} (https://example.com/app.js:1:1)`;
const TEXT_CAP = LIMITS.text + TRUNCATION_MARK.length;
const URL_CAP = LIMITS.url + TRUNCATION_MARK.length;

interface Case {
  readonly name: string;
  readonly store: () => ConnectionStore;
  /** What the live panel adds from the network layer (webRequest). */
  readonly handshakes?: Partial<CloseLogMeta>;
  readonly check: (log: CloseLog) => void;
}

const handshake = networkHandshake;
const REFUSED_HANDSHAKE = handshake('7', 'wss://example.com/denied', T0 + 100.5, {
  endedAt: T0 + 108.25,
  status: 403,
  statusLine: 'HTTP/1.1 403 Forbidden',
});
const WORKER_HANDSHAKE = handshake('8', capText(LONG_URL, LIMITS.url), T0 + 500, {
  frameId: 3,
  origin: 'https://example.com/worker.js',
  error: capText('E'.repeat(2000), LIMITS.text),
  endedAt: T0 + 520,
});

const CASES: readonly Case[] = [
  {
    name: 'a clean page close with close calls and verdicts',
    store: () =>
      storeOf(
        withDocument([
          created(1, T0 + 100.25, 'wss://example.com/chat?room=1'),
          opened(1, T0 + 150.5),
          closeCallEvent({ sid: 1, args: [4001, 'bye'], t: T0 + 200.75 }),
          traffic(1, 3, 4),
          closed(1, T0 + 250.125, 4001, true, 'bye'),
        ]),
      ),
    check: (log) => {
      const c = log.connections[0];
      expect(c).toMatchObject({ state: 'closed', initiator: 'page', codeName: '4001 Private use' });
      expect(c?.createdAt).toBe(T0 + 100.25);
      expect(c?.traffic).toMatchObject({ sentMessages: 3, receivedMessages: 4 });
      const verdicts = c?.closeCalls[0]?.verdicts;
      expect(verdicts).not.toBeNull();
      for (const p of PROFILES) expect(verdicts?.[p]).toMatchObject({ ok: true, wireCode: 4001 });
    },
  },
  {
    name: 'an invalid call (code range and conversion errors)',
    store: () =>
      storeOf(
        withDocument([
          created(1, T0 + 100),
          opened(1, T0 + 150),
          closeCallEvent({
            sid: 1,
            callId: 1,
            args: [1001, 'going'],
            t: T0 + 200,
            observed: threw(
              'InvalidAccessError',
              `${P}The close code must be either 1000, or between 3000 and 4999. 1001 is neither.`,
            ),
            repeat: 3,
          }),
          closeCallEvent({
            sid: 1,
            callId: 2,
            args: [Symbol('x')],
            t: T0 + 210,
            observed: threw('TypeError', `${P}Cannot convert a Symbol value to a number`),
          }),
          closeCallEvent({ sid: 1, callId: 3, args: [1000], t: T0 + 220 }),
          closed(1, T0 + 230, 1000, true),
        ]),
      ),
    check: (log) => {
      const c = log.connections[0];
      expect(c?.invalidCall).toBe(true);
      expect(c?.closeCalls[0]?.repeat).toBe(3);
      expect(c?.closeCalls[0]?.verdicts?.spec).toMatchObject({
        ok: false,
        rule: 'code',
        errorName: 'InvalidAccessError',
      });
      expect(c?.closeCalls[1]?.verdicts?.chromium).toMatchObject({ ok: false, rule: 'conversion' });
      expect(c?.findings.some((f) => f.startsWith('error: '))).toBe(true);
    },
  },
  {
    name: 'a server close',
    store: () =>
      storeOf(
        withDocument([
          created(1, T0 + 100),
          opened(1, T0 + 150),
          closed(1, T0 + 5000, 1001, true, 'Server restarting, please "retry"'),
        ]),
      ),
    check: (log) => {
      expect(log.connections[0]).toMatchObject({
        closeCalls: [],
        initiator: 'server',
        codeName: '1001 Going Away',
        invalidCall: false,
      });
    },
  },
  {
    name: 'a never-opened connection',
    store: () =>
      storeOf(
        withDocument([
          created(1, T0 + 100, 'wss://down.example.com/'),
          errored(1, T0 + 110.5),
          closed(1, T0 + 111, 1006, false),
        ]),
      ),
    check: (log) => {
      expect(log.connections[0]).toMatchObject({
        openedAt: null,
        errors: [T0 + 110.5],
        traffic: null,
        state: 'closed',
        initiator: 'failure',
      });
      expect(log.connections[0]?.diagnosis).toMatch(/^Never opened/);
    },
  },
  {
    name: 'object arguments (converted, and the page’s own conversion throwing)',
    store: () =>
      storeOf(
        withDocument([
          created(1, T0 + 100),
          opened(1, T0 + 150),
          closeCallEvent({
            sid: 1,
            callId: 1,
            args: [4000, failedObjectArg('page-threw')],
            t: T0 + 200,
            // What the hook records when the page's own valueOf/toString threw.
            observed: threw('(exception from the page\u2019s own conversion)', ''),
          }),
          closeCallEvent({ sid: 1, callId: 2, args: [objectArg(3001), 'a\uD800'], t: T0 + 210 }),
          closed(1, T0 + 260, 3001, true, 'a\uFFFD'),
        ]),
      ),
    check: (log) => {
      const [first, second] = log.connections[0]?.closeCalls ?? [];
      expect(first?.reason).toEqual({ given: 'object', text: '[object]', threw: true });
      expect(first?.verdicts).toBeNull();
      expect(second?.code).toEqual({ given: 'object', text: '[object]', primitive: '3001' });
      expect(second?.reason).toMatchObject({ given: 'string', length: 2, loneSurrogates: true });
    },
  },
  {
    name: 'a truncated long reason (and a long URL and stack frame)',
    store: () =>
      storeOf(
        withDocument([
          // As the page hook announces it: capped with the marker, exact length kept.
          { ...created(1, T0 + 100, capText(LONG_URL, LIMITS.url)), urlLength: LONG_URL.length },
          opened(1, T0 + 150),
          closeCallEvent({
            sid: 1,
            args: [4000, LONG_REASON],
            t: T0 + 200,
            observed: threw('SyntaxError', `${P}The close reason must not be greater than 123 UTF-8 bytes.`),
            stack: `Error\n    at ${LONG_FRAME}`,
          }),
        ]),
      ),
    check: (log) => {
      const c = log.connections[0];
      expect(c?.url).toHaveLength(URL_CAP);
      expect(c?.url.endsWith(TRUNCATION_MARK)).toBe(true);
      expect(c?.urlLength).toBe(LONG_URL.length);
      const call = c?.closeCalls[0];
      expect(call?.reason.text).toHaveLength(TEXT_CAP);
      expect(call?.reason.text.endsWith(TRUNCATION_MARK)).toBe(true);
      expect(call?.reason.length).toBe(LONG_REASON.length);
      expect(call?.verdicts?.spec).toMatchObject({
        ok: false,
        rule: 'reason',
        reasonBytes: LONG_REASON.length,
      });
      expect(call?.verdicts?.spec.reason).toHaveLength(TEXT_CAP);
      expect(call?.stack[0]).toHaveLength(LIMITS.stackFrame + TRUNCATION_MARK.length);
      expect(c?.state).toBe('open'); // a call that threw does not start the closing
    },
  },
  {
    name: 'version 2: call site, page lifecycle, traffic timing with a heartbeat, why findings',
    store: () =>
      storeOf(
        withDocument([
          { ...created(1, T0 + 100), site: `connect (https://example.com/app.js:1:1)` },
          opened(1, T0 + 150),
          {
            ...traffic(1, 40, 41),
            lastSentAt: T0 + 600_150.5,
            lastReceivedAt: T0 + 600_160.5,
            heartbeat: { direction: 'sent', periodMs: 15_000.25, lastAt: T0 + 600_150.5, beats: 40 },
          },
          { kind: 'lifecycle', t: T0 + 10_000, state: 'hidden' },
          { kind: 'lifecycle', t: T0 + 700_000, state: 'freeze' },
          { kind: 'lifecycle', t: T0 + 701_000, state: 'pagehide', persisted: true },
          closed(1, T0 + 702_000, 1006, false),
          // Long site: capped as the background cuts it.
          { ...created(2, T0 + 200), site: capText(LONG_FRAME, LIMITS.stackFrame) },
          opened(2, T0 + 250),
          closed(2, T0 + 3000, 1006, false),
        ]),
      ),
    check: (log) => {
      expect(log.lifecycle.map((e) => e.kind)).toEqual(['hidden', 'freeze', 'pagehide']);
      expect(log.lifecycle[2]).toEqual({ t: T0 + 701_000, kind: 'pagehide', persisted: true });
      const [first, second] = log.connections;
      expect(first?.site).toBe('connect (https://example.com/app.js:1:1)');
      expect(first?.traffic?.heartbeat).toMatchObject({ direction: 'sent', beats: 40 });
      expect(first?.why.map((f) => f.id)).toEqual(expect.arrayContaining(['page-frozen']));
      for (const f of first?.why ?? [])
        expect(f.source === undefined || f.source.startsWith('https://')).toBe(true);
      expect(second?.site).toHaveLength(LIMITS.stackFrame + TRUNCATION_MARK.length);
      expect(second?.traffic).toBeNull();
    },
  },
  {
    name: 'network handshakes: a refused one matched to its socket, and an unseen worker socket',
    store: () =>
      storeOf(
        withDocument([
          created(1, T0 + 100, 'wss://example.com/denied'),
          errored(1, T0 + 110),
          closed(1, T0 + 111, 1006, false),
          created(2, T0 + 200),
          opened(2, T0 + 250),
        ]),
      ),
    handshakes: {
      handshakeOf: (c) => (c.url === REFUSED_HANDSHAKE.url ? REFUSED_HANDSHAKE : null),
      unseenSockets: [WORKER_HANDSHAKE],
    },
    check: (log) => {
      const [refused, open] = log.connections;
      expect(refused?.networkHandshake).toEqual(REFUSED_HANDSHAKE);
      expect(refused?.why.map((f) => f.id)).toContain('handshake-refused');
      expect(open).not.toHaveProperty('networkHandshake');
      expect(log.unseenSockets).toEqual([WORKER_HANDSHAKE]);
      expect(log.unseenSockets?.[0]?.url).toHaveLength(URL_CAP);
      expect(log.unseenSockets?.[0]?.error).toHaveLength(TEXT_CAP);
    },
  },
  {
    name: 'connections not closed yet, a dropped one, and no document seen (engine null)',
    store: () =>
      storeOf(
        [
          created(1, T0 + 100),
          opened(1, T0 + 110),
          closed(1, T0 + 120, 1000, true),
          created(2, T0 + 200),
          created(3, T0 + 300),
          closeCallEvent({ sid: 3, args: [], readyState: 0, t: T0 + 310 }),
        ],
        { maxConnections: 2 },
      ),
    check: (log) => {
      expect(log.browser).toEqual({ engine: null, userAgent: '' });
      expect(log.lifecycle).toEqual([]);
      expect(log.page.url).toBe('');
      expect(log.droppedConnections).toBe(1);
      expect(log.connections.map((c) => [c.state, c.initiator, c.codeName, c.closeEvent])).toEqual([
        ['connecting', null, null, null],
        ['closing', 'page', null, null],
      ]);
    },
  },
];

// ---- the produced logs validate --------------------------------------------------------------------

describe('close log schema: what toCloseLog produces validates', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const log = logOf(c.store(), c.handshakes);
      c.check(log);
      expect(undefinedPaths(log)).toEqual([]);
      // The object itself (an undefined-valued property would fail here) and the file text.
      expect(schemaErrors(log)).toBe('');
      const text = JSON.stringify(log, null, 2);
      expect(schemaErrors(JSON.parse(text))).toBe('');
      // What the importer rebuilds and re-exports validates too.
      const imported = readCloseLog(text);
      expect(schemaErrors(plain(imported.log))).toBe('');
      expect(plain(imported.log)).toEqual(JSON.parse(text));
    });
  }

  // V8's bad-@@toPrimitive text quotes the page's value: the verdict message must be capped, or a
  // page could make the bridge drop a whole batch (readers reject over-long text).
  it('a long non-callable @@toPrimitive still gives a capped verdict message', () => {
    const log = logOf(
      storeOf(
        withDocument([
          created(1, T0 + 100),
          opened(1, T0 + 150),
          closeCallEvent({
            sid: 1,
            args: [{ given: 'object', conversion: 'bad-to-primitive', value: encode('p'.repeat(2000)) }],
            t: T0 + 200,
            observed: threw('TypeError', 'not a function'),
          }),
        ]),
      ),
    );
    expect(schemaErrors(plain(log))).toBe('');
  });
});

// ---- the schema rejects what the format forbids -------------------------------------------------

describe('close log schema: rejects malformed logs', () => {
  const valid = (): Record<string, unknown> =>
    asRecord(plain(logOf(CASES[0]?.store() ?? new ConnectionStore())));
  const firstConnection = (log: Record<string, unknown>) => asRecord(asArray(log.connections)[0]);
  const firstCall = (log: Record<string, unknown>) => asRecord(asArray(firstConnection(log).closeCalls)[0]);

  it('the unmodified log is valid (control)', () => {
    expect(schemaErrors(valid())).toBe('');
  });

  it.each<{ name: string; mutate: (log: Record<string, unknown>) => void; error: RegExp }>([
    {
      name: 'a missing format',
      mutate: (log) => {
        delete log.format;
      },
      error: /must have required property 'format'/,
    },
    {
      name: 'a bad engine',
      mutate: (log) => {
        asRecord(log.browser).engine = 'presto';
      },
      error: /browser\/engine/,
    },
    {
      name: 'readyState 7',
      mutate: (log) => {
        firstCall(log).readyState = 7;
      },
      error: /readyState must be equal to one of the allowed values/,
    },
    {
      name: 'a connection missing url',
      mutate: (log) => {
        delete firstConnection(log).url;
      },
      error: /connections\/0 must have required property 'url'/,
    },
    {
      name: 'a lifecycle that is not a list',
      mutate: (log) => {
        log.lifecycle = { t: T0, kind: 'hidden' };
      },
      error: /lifecycle must be array/,
    },
  ])('$name (readCloseLog rejects it too)', ({ mutate, error }) => {
    const log = valid();
    mutate(log);
    expect(schemaErrors(log)).toMatch(error);
    expect(() => readCloseLog(JSON.stringify(log))).toThrow(CloseLogError);
  });

  it.each<{ name: string; mutate: (log: Record<string, unknown>) => void }>([
    {
      name: 'a newer version',
      mutate: (log) => {
        log.version = CLOSE_LOG_VERSION + 1;
      },
    },
    {
      name: 'a close-call engine outside the enum',
      mutate: (log) => {
        firstCall(log).engine = 'presto';
      },
    },
    {
      name: 'a fractional readyState',
      mutate: (log) => {
        firstCall(log).readyState = 1.5;
      },
    },
    {
      name: 'an unknown connection field',
      mutate: (log) => {
        firstConnection(log).extra = 1;
      },
    },
    {
      name: 'an argument text one unit over the cap',
      mutate: (log) => {
        asRecord(firstCall(log).reason).text = 'x'.repeat(TEXT_CAP + 1);
      },
    },
    {
      name: 'a URL one unit over the cap',
      mutate: (log) => {
        firstConnection(log).url = 'u'.repeat(URL_CAP + 1);
      },
    },
    {
      name: 'a negative timestamp',
      mutate: (log) => {
        firstConnection(log).createdAt = -1;
      },
    },
    {
      name: 'verdicts missing a profile',
      mutate: (log) => {
        delete asRecord(firstCall(log).verdicts).webkit;
      },
    },
    {
      name: 'an ok verdict with an error field',
      mutate: (log) => {
        asRecord(asRecord(firstCall(log).verdicts).spec).rule = 'code';
      },
    },
    {
      name: 'a connection without traffic (the reader tolerates it; the producer always writes it)',
      mutate: (log) => {
        delete firstConnection(log).traffic;
      },
    },
    {
      name: 'state inconsistent with closeEvent',
      mutate: (log) => {
        firstConnection(log).state = 'open';
      },
    },
    {
      name: 'invalidCall without a call that threw',
      mutate: (log) => {
        firstConnection(log).invalidCall = true;
      },
    },
    {
      name: 'a missing lifecycle (the reader reads it as [], as in version 1)',
      mutate: (log) => {
        delete log.lifecycle;
      },
    },
    {
      name: 'a lifecycle event of an unknown kind (the reader skips it)',
      mutate: (log) => {
        log.lifecycle = [{ t: T0, kind: 'teleport' }];
      },
    },
    {
      name: 'a lifecycle event with a non-boolean persisted',
      mutate: (log) => {
        log.lifecycle = [{ t: T0, kind: 'pagehide', persisted: 1 }];
      },
    },
    {
      name: 'a connection without site (the reader reads null, as in version 1)',
      mutate: (log) => {
        delete firstConnection(log).site;
      },
    },
    {
      name: 'a site one unit over the cap',
      mutate: (log) => {
        firstConnection(log).site = 's'.repeat(LIMITS.stackFrame + TRUNCATION_MARK.length + 1);
      },
    },
    {
      name: 'a heartbeat without beats',
      mutate: (log) => {
        const traffic = asRecord(firstConnection(log).traffic);
        traffic.heartbeat = { direction: 'sent', periodMs: 1000, lastAt: T0 };
      },
    },
    {
      name: 'an unknown traffic member',
      mutate: (log) => {
        asRecord(firstConnection(log).traffic).lastAt = T0;
      },
    },
    {
      name: 'a why finding with an unknown certainty',
      mutate: (log) => {
        firstConnection(log).why = [
          { id: 'idle-timeout', certainty: 'probable', text: 'x', evidence: [], severity: 'warning' },
        ];
      },
    },
    {
      name: 'a why finding without evidence',
      mutate: (log) => {
        firstConnection(log).why = [
          { id: 'idle-timeout', certainty: 'likely', text: 'x', severity: 'warning' },
        ];
      },
    },
    {
      name: 'a version 1 log (the reader accepts it; this schema pins version 2)',
      mutate: (log) => {
        log.version = 1;
      },
    },
    {
      name: 'a networkHandshake with a status over 999 (the reader leaves it out)',
      mutate: (log) => {
        firstConnection(log).networkHandshake = { ...REFUSED_HANDSHAKE, status: 1000 };
      },
    },
    {
      name: 'a networkHandshake missing a member',
      mutate: (log) => {
        const { error: _e, ...rest } = REFUSED_HANDSHAKE;
        firstConnection(log).networkHandshake = rest;
      },
    },
    {
      name: 'a networkHandshake with an unknown member',
      mutate: (log) => {
        firstConnection(log).networkHandshake = { ...REFUSED_HANDSHAKE, tabId: 1 };
      },
    },
    {
      name: 'an empty unseenSockets (the producer leaves it out)',
      mutate: (log) => {
        log.unseenSockets = [];
      },
    },
    {
      name: 'an unseenSockets entry with an error over the cap (the reader skips it)',
      mutate: (log) => {
        log.unseenSockets = [{ ...WORKER_HANDSHAKE, error: 'e'.repeat(TEXT_CAP + 1) }];
      },
    },
    {
      name: 'a non-ISO exportedAt',
      mutate: (log) => {
        log.exportedAt = 'yesterday';
      },
    },
  ])('also: $name', ({ mutate }) => {
    const log = valid();
    mutate(log);
    expect(schemaErrors(log)).not.toBe('');
  });
});

// ---- the schema, the code and the doc stay in step ------------------------------------------------

describe('close log schema and doc stay in step with the code', () => {
  const sample = CASES.map((c) => plain(logOf(c.store(), c.handshakes)));

  it('constants: format, version, enums, caps', () => {
    const defs = schema.$defs;
    expect(schema.properties.format.const).toBe(CLOSE_LOG_FORMAT);
    expect(schema.properties.version.const).toBe(CLOSE_LOG_VERSION);
    expect(defs.engine.enum).toEqual([...ENGINES]);
    expect(defs.verdicts.required).toEqual([...PROFILES]);
    expect(defs.argSnapshot.properties.given.enum).toEqual([...GIVEN_KINDS]);
    expect(defs.text.maxLength).toBe(LIMITS.text + TRUNCATION_MARK.length);
    expect(defs.url.maxLength).toBe(LIMITS.url + TRUNCATION_MARK.length);
    expect(defs.protocolString.maxLength).toBe(LIMITS.protocol);
    expect(defs.connection.properties.protocols.maxItems).toBe(LIMITS.protocols);
    expect(defs.connection.properties.closeCalls.maxItems).toBe(LIMITS.closeCallsPerConnection);
    expect(defs.connection.properties.errors.maxItems).toBe(LIMITS.closeCallsPerConnection);
    expect(defs.closeCall.properties.stack.maxItems).toBe(LIMITS.stackFrames);
    expect(defs.closeCall.properties.stack.items.maxLength).toBe(LIMITS.stackFrame + TRUNCATION_MARK.length);
    expect(defs.stackFrame.maxLength).toBe(LIMITS.stackFrame + TRUNCATION_MARK.length);
    expect(schema.properties.lifecycle.maxItems).toBe(MAX_LIFECYCLE_IN_FILE);
    expect(defs.lifecycleEvent.properties.kind.enum).toEqual([...PAGE_LIFECYCLE_KINDS]);
    expect(schema.properties.unseenSockets.maxItems).toBe(MAX_UNSEEN_SOCKETS);
    expect([...defs.networkHandshake.required].sort()).toEqual(
      Object.keys(handshake('1', 'wss://x/', T0)).sort(),
    );
  });

  it('required keys are exactly the keys the producer writes', () => {
    const log = asRecord(sample[0]);
    expect([...schema.required].sort()).toEqual(Object.keys(log).sort());
    expect([...schema.$defs.connection.required].sort()).toEqual(
      Object.keys(asRecord(asArray(log.connections)[0])).sort(),
    );
    expect([...schema.$defs.closeCall.required].sort()).toEqual(
      Object.keys(asRecord(asArray(asRecord(asArray(log.connections)[0]).closeCalls)[0])).sort(),
    );
  });

  const doc = readFileSync(new URL('../../docs/close-log-format.md', import.meta.url), 'utf8');

  it('docs/close-log-format.md mentions every key of the produced JSON', () => {
    const topLevel = new Set(sample.flatMap((log) => Object.keys(asRecord(log))));
    const connectionKeys = new Set(
      sample.flatMap((log) => asArray(asRecord(log).connections).flatMap((c) => Object.keys(asRecord(c)))),
    );
    expect(topLevel.size).toBe(11);
    expect(connectionKeys.size).toBe(24);
    const allKeys = collectKeys(sample);
    const missing = [...new Set([...topLevel, ...connectionKeys, ...allKeys])].filter(
      (k) => !doc.includes(`\`${k}\``),
    );
    expect(missing).toEqual([]);
  });

  it('the full example in docs/close-log-format.md is a valid log with correct derived fields', () => {
    const example = /## Example\n[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const json: unknown = JSON.parse(example ?? '');
    expect(schemaErrors(json)).toBe('');
    // readCloseLog recomputes the derived fields: the example must already hold those values.
    expect(plain(readCloseLog(example ?? '').log)).toEqual(json);
  });

  it('the example read as a version 1 log re-exports as a valid version 2 log', () => {
    const example = /## Example\n[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const v1 = asRecord(JSON.parse(example));
    v1.version = 1;
    delete v1.lifecycle;
    for (const c of asArray(v1.connections)) {
      delete asRecord(c).site;
      delete asRecord(c).why;
    }
    const { log, skipped } = readCloseLog(JSON.stringify(v1));
    expect(skipped.count).toBe(0);
    expect(schemaErrors(plain(log))).toBe('');
    expect(log).toMatchObject({ version: CLOSE_LOG_VERSION, lifecycle: [] });
    expect(log.connections.map((c) => c.site)).toEqual(log.connections.map(() => null));
  });

  it('the CSV example in docs/close-log-format.md is what toCsv writes for that log', () => {
    const example = /## Example\n[\s\S]*?```json\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const csv = /```csv\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    expect(toCsv(readCloseLog(example).connections)).toBe(csv.replace(/\n/g, '\r\n'));
  });
});
