import { describe, expect, it } from 'vitest';
import { enrichCloseCall } from '../../src/enrich';
import {
  capText,
  HANDOFF_LIMITS,
  LIMITS,
  PROTOCOL_VERSION,
  type RawCloseCall,
  type RawLogEvent,
  readBackgroundToPanel,
  readBridgeWarnings,
  readConnectionEvent,
  readFrameEventsMessage,
  readLogEvent,
  readPageEvent,
  readPageMessage,
  readPanelHello,
  readPanelOpenInTab,
  readRelayHandoff,
  type Sequenced,
  TRUNCATION_MARK,
} from '../../src/protocol';
import { toUSVString } from '../../src/webidl';
import {
  closeCallEvent,
  closed,
  created,
  documentEvent,
  EXTENSION_ORIGIN,
  objectArg,
  opened,
  rawCloseCall,
  sequence,
  threw,
} from './fixtures';

function pageMessage(events: readonly unknown[], overrides: Record<string, unknown> = {}): unknown {
  return JSON.parse(JSON.stringify({ source: 'wsci-page', v: PROTOCOL_VERSION, events, ...overrides }));
}

describe('readPageMessage', () => {
  it('accepts a valid raw close-call, with the other events around it', () => {
    const call = rawCloseCall({ args: [4001, 'bye'] });
    const r = readPageMessage(
      pageMessage([created(1, 100), opened(1, 150), call, closed(1, 250, 4001, true)]),
    );
    expect(r).toBeDefined();
    expect(r?.rejected).toBe(0);
    expect(r?.events.map((e) => e.kind)).toEqual(['created', 'open', 'close-call', 'closed']);
    expect(r?.events[2]).toEqual(call);
  });

  it.each([
    { name: 'wrong source', message: pageMessage([], { source: 'wsci-bridge' }) },
    { name: 'future version', message: pageMessage([], { v: PROTOCOL_VERSION + 1 }) },
    { name: 'version 0', message: pageMessage([], { v: 0 }) },
    { name: 'missing version', message: { source: 'wsci-page', events: [] } },
    { name: 'events not an array', message: pageMessage([], { events: {} }) },
    {
      name: 'too many events',
      message: {
        source: 'wsci-page',
        v: PROTOCOL_VERSION,
        events: new Array(LIMITS.eventsPerBatch + 1).fill(null),
      },
    },
    { name: 'not an object', message: 'wsci-page' },
    { name: 'null', message: null },
    { name: 'an array', message: [] },
  ])('rejects the whole message: $name', ({ message }) => {
    expect(readPageMessage(message)).toBeUndefined();
  });

  it('skips and counts malformed events, keeping the valid ones in order', () => {
    const good1 = created(1, 100);
    const good2 = rawCloseCall({ args: [1000] });
    const r = readPageMessage(
      pageMessage([
        { kind: 'created', sid: 2, t: 100 }, // missing url
        good1,
        { ...created(3, 100), sid: 0 }, // sid must be ≥ 1
        { kind: 'teleport', sid: 1, t: 1 }, // unknown kind
        { ...rawCloseCall(), readyState: 7 },
        { ...rawCloseCall(), repeat: 0 },
        { ...rawCloseCall(), observed: { threw: true } }, // no name/message
        { ...rawCloseCall(), code: { given: 'number', value: { type: 'number', v: 'nan' } } },
        { ...rawCloseCall(), code: { given: 'bigint', value: { type: 'bigint', v: '12abc' } } },
        { ...created(4, 100), url: 'x'.repeat(LIMITS.url + TRUNCATION_MARK.length + 1) },
        'not an event',
        good2,
      ]),
    );
    expect(r?.rejected).toBe(10);
    expect(r?.events).toEqual([good1, good2]);
  });

  it('keeps special numbers encoded as strings', () => {
    for (const v of ['NaN', 'Infinity', '-Infinity', '-0'] as const) {
      const call = { ...rawCloseCall(), code: { given: 'number', value: { type: 'number', v } } };
      expect(readPageEvent(call)).toEqual(call);
    }
  });

  it('refuses a long string sent whole: the hook sends a prefix and the measured facts', () => {
    const reason = 'é'.repeat(200_000);
    const r = readPageMessage(pageMessage([rawCloseCall({ args: [1000, reason] })]));
    expect(r?.events).toEqual([]);
    expect(r?.rejected).toBe(1);
  });

  it('accepts a long string as its prefix plus facts, and enriches with the measured bytes', () => {
    const call = rawCloseCall({ args: [1000, 'x'] });
    const withFacts = {
      ...call,
      reason: {
        given: 'string',
        value: {
          type: 'string',
          v: 'é'.repeat(1024),
          full: { length: 200_000, bytes: 400_000, lone: false },
        },
      },
    };
    const r = readPageMessage(pageMessage([withFacts as unknown as RawCloseCall]));
    const e = r?.events[0];
    expect(e?.kind).toBe('close-call');
    if (e?.kind !== 'close-call') return;
    const enriched = enrichCloseCall(e, 'chromium', EXTENSION_ORIGIN);
    expect(enriched.reason.length).toBe(200_000);
    expect(enriched.verdicts?.chromium).toMatchObject({
      ok: false,
      errorName: 'SyntaxError',
      reasonBytes: 400_000,
    });
    expect(enriched.verdicts?.spec).toMatchObject({
      ok: false,
      errorName: 'SyntaxError',
      reasonBytes: 400_000,
    });
  });

  it('refuses string facts that cannot be true', () => {
    const call = rawCloseCall({ args: [1000, 'x'] });
    const forged = {
      ...call,
      reason: {
        given: 'string',
        value: { type: 'string', v: 'a', full: { length: 5000, bytes: 10, lone: false } },
      },
    };
    expect(readPageMessage(pageMessage([forged as unknown as RawCloseCall]))?.rejected).toBe(1);
  });

  it('accepts an object argument with its conversion', () => {
    const call = rawCloseCall({ args: [objectArg(3001)] });
    expect(readPageEvent(JSON.parse(JSON.stringify(call)))).toEqual(call);
  });

  it('drops unknown extra fields', () => {
    const r = readPageEvent({ ...created(1, 100), injected: '<img onerror=alert(1)>' });
    expect(r).toEqual(created(1, 100));
    expect(r).not.toHaveProperty('injected');
  });
});

/** Raw events numbered as a bridge numbers them. */
const numbered = (events: readonly RawLogEvent[]): Sequenced<RawLogEvent>[] =>
  events.map((e, seq) => ({ ...e, seq }));

describe('readFrameEventsMessage', () => {
  const valid = () => ({
    source: 'wsci-bridge',
    type: 'frame-events',
    docId: 'doc-1',
    replay: false,
    events: numbered([documentEvent(10), created(1, 100), rawCloseCall({ args: [1000] })]),
  });

  it('accepts a valid batch', () => {
    const m = valid();
    expect(readFrameEventsMessage(JSON.parse(JSON.stringify(m)))).toEqual(m);
  });

  it('accepts a URL capped by capText (exactly at the limit)', () => {
    const url = capText(`wss://example.com/${'a'.repeat(5000)}`, LIMITS.url);
    const m = { ...valid(), events: sequence([created(1, 100, url)]) };
    expect(readFrameEventsMessage(m)?.events[0]).toMatchObject({ url });
  });

  it.each([
    { name: 'docId over 64 characters', patch: { docId: 'd'.repeat(65) } },
    {
      name: 'an uncapped URL',
      patch: {
        events: sequence([created(1, 100, `wss://x/${'a'.repeat(LIMITS.url + TRUNCATION_MARK.length)}`)]),
      },
    },
    {
      name: 'an oversize note',
      patch: {
        events: sequence([
          { kind: 'note', t: 1, text: 'n'.repeat(LIMITS.text + TRUNCATION_MARK.length + 1) },
        ]),
      },
    },
    {
      name: 'an oversize raw stack',
      patch: {
        events: numbered([
          { ...rawCloseCall(), stack: 'f'.repeat(LIMITS.rawStack + TRUNCATION_MARK.length + 1) },
        ]),
      },
    },
    {
      // The bridge never judges: a judged call from a bridge is a forgery.
      name: 'a judged close() call',
      patch: { events: sequence([closeCallEvent()]) },
    },
    {
      name: 'an oversize protocol',
      patch: {
        events: sequence([
          { ...created(1, 100), protocols: ['p'.repeat(LIMITS.protocol + TRUNCATION_MARK.length + 1)] },
        ]),
      },
    },
    {
      name: 'one bad event',
      patch: { events: [...sequence([created(1, 100)]), { seq: 1, kind: 'open', sid: 1 }] },
    },
    { name: 'wrong source', patch: { source: 'wsci-page' } },
    { name: 'replay not boolean', patch: { replay: 'yes' } },
  ])('rejects $name', ({ patch }) => {
    expect(readFrameEventsMessage({ ...valid(), ...patch })).toBeUndefined();
  });
});

describe('readRelayHandoff', () => {
  const handoff = {
    source: 'wsci-relay',
    type: 'handoff',
    docId: 'a'.repeat(32),
    start: 1,
    batches: ['{}'],
    lost: 0,
  };

  it('accepts what the relay sends', () => {
    expect(readRelayHandoff(handoff)).toEqual(handoff);
  });

  it('refuses more batches or characters than the relay may hand over, and batches that are not strings', () => {
    const many = Array.from({ length: HANDOFF_LIMITS.batches + 1 }, () => '{}');
    expect(readRelayHandoff({ ...handoff, batches: many })).toBeUndefined();
    const half = 'x'.repeat(HANDOFF_LIMITS.chars / 2 + 1);
    expect(readRelayHandoff({ ...handoff, batches: [half, half] })).toBeUndefined();
    expect(readRelayHandoff({ ...handoff, batches: [{}] })).toBeUndefined();
    expect(readRelayHandoff({ ...handoff, lost: -1 })).toBeUndefined();
    expect(readRelayHandoff({ ...handoff, source: 'wsci-bridge' })).toBeUndefined();
  });
});

describe('readLogEvent', () => {
  it.each([
    { name: 'document', event: { ...documentEvent(10), seq: 0 } },
    { name: 'dropped', event: { kind: 'dropped', connections: 3, seq: 5 } },
    { name: 'created', event: { ...created(1, 100), seq: 1 } },
    { name: 'closed', event: { ...closed(1, 300, 1000, true, 'done'), seq: 2 } },
    { name: 'enriched close-call', event: { ...closeCallEvent({ args: [4001, 'bye'] }), seq: 3 } },
    {
      name: 'close-call that threw',
      event: {
        ...closeCallEvent({ args: [5000], observed: threw('InvalidAccessError', 'nope') }),
        seq: 4,
      },
    },
    { name: 'close-call without verdicts', event: { ...closeCallEvent(), verdicts: null, seq: 6 } },
  ])('reads a $name event', ({ event }) => {
    expect(readLogEvent(JSON.parse(JSON.stringify(event)))).toEqual(event);
  });

  it.each([
    { name: 'missing seq', event: created(1, 100) },
    { name: 'negative seq', event: { ...created(1, 100), seq: -1 } },
    { name: 'fractional seq', event: { ...created(1, 100), seq: 1.5 } },
    { name: 'unknown kind', event: { kind: 'teleport', seq: 0 } },
    { name: 'document with unknown engine', event: { ...documentEvent(10), engine: 'presto', seq: 0 } },
    { name: 'dropped with negative count', event: { kind: 'dropped', connections: -1, seq: 0 } },
    { name: 'raw (unenriched) close-call', event: { ...rawCloseCall(), seq: 0 } },
    {
      name: 'close-call with a verdict missing',
      event: (() => {
        const e = closeCallEvent();
        const v = e.verdicts;
        return {
          ...e,
          verdicts: v ? { spec: v.spec, chromium: v.chromium, firefox: v.firefox } : null,
          seq: 0,
        };
      })(),
    },
    { name: 'closed with code 70000', event: { ...closed(1, 300, 1000, true), code: 70000, seq: 0 } },
  ])('rejects $name', ({ event }) => {
    expect(readLogEvent(event)).toBeUndefined();
  });

  it('readConnectionEvent rejects document events (bridge-only)', () => {
    expect(readConnectionEvent(documentEvent(10))).toBeUndefined();
  });
});

describe('capText', () => {
  const M = TRUNCATION_MARK;
  it.each([
    { name: 'short enough', s: 'abc', max: 5, expected: 'abc' },
    { name: 'exactly max', s: 'abcde', max: 5, expected: 'abcde' },
    { name: 'cut ASCII', s: 'abcdef', max: 3, expected: `abc${M}` },
    { name: 'would split a pair after 1 unit', s: 'a😀b', max: 2, expected: `a${M}` },
    { name: 'would split the second pair', s: '😀😀', max: 3, expected: `😀${M}` },
    { name: 'cut right after a pair', s: '😀😀x', max: 4, expected: `😀😀${M}` },
    { name: 'pairs fit exactly', s: '😀😀', max: 4, expected: '😀😀' },
    { name: 'cut before a pair', s: 'ab😀', max: 2, expected: `ab${M}` },
  ])('$name', ({ s, max, expected }) => {
    expect(capText(s, max)).toBe(expected);
  });

  it('never leaves a lone surrogate and always marks the cut', () => {
    const s = '😀'.repeat(50);
    for (let max = 1; max < s.length; max++) {
      const r = capText(s, max);
      expect(r.endsWith(M)).toBe(true);
      const kept = r.slice(0, -M.length);
      expect(toUSVString(kept)).toBe(kept);
      expect(kept.length).toBeLessThanOrEqual(max);
      expect(s.startsWith(kept)).toBe(true);
    }
  });
});

describe('background → panel', () => {
  it('a navigation carries its start and its commit; one without a commit time is refused', () => {
    const navigated = {
      source: 'wsci-background',
      type: 'navigated',
      tabId: 3,
      url: 'https://example.com/',
      t: 1000,
      committed: 1020,
    };
    expect(readBackgroundToPanel(navigated)).toEqual(navigated);
    expect(readBackgroundToPanel({ ...navigated, committed: undefined })).toBeUndefined();
    expect(readBackgroundToPanel({ ...navigated, committed: Number.NaN })).toBeUndefined();
  });
});

describe('panel requests', () => {
  it('accept a subscription and an open-in-tab request for a valid tab id', () => {
    expect(
      readPanelHello({ source: 'wsci-panel', type: 'subscribe', v: PROTOCOL_VERSION, tabId: 7 }),
    ).toEqual({
      source: 'wsci-panel',
      type: 'subscribe',
      v: PROTOCOL_VERSION,
      tabId: 7,
    });
    expect(readPanelOpenInTab({ source: 'wsci-panel', type: 'open-in-tab', tabId: 7 })).toEqual({
      source: 'wsci-panel',
      type: 'open-in-tab',
      tabId: 7,
    });
  });

  it.each([
    ['a string tab id', { source: 'wsci-panel', type: 'open-in-tab', tabId: '7' }],
    ['a fractional tab id', { source: 'wsci-panel', type: 'open-in-tab', tabId: 7.5 }],
    ['a negative tab id', { source: 'wsci-panel', type: 'open-in-tab', tabId: -1 }],
    ['a tab id smuggling a query', { source: 'wsci-panel', type: 'open-in-tab', tabId: '7&x=1' }],
    ['another source', { source: 'wsci-page', type: 'open-in-tab', tabId: 7 }],
    ['another type', { source: 'wsci-panel', type: 'subscribe', tabId: 7 }],
    ['not an object', 'open-in-tab'],
  ])('reject %s', (_what, message) => {
    expect(readPanelOpenInTab(message)).toBeUndefined();
  });
});

describe('values the hook cut still pass the readers', () => {
  it('a protocol and a stack cut to their limit, with the truncation mark', () => {
    const cutProtocol = `${'p'.repeat(LIMITS.protocol)}${TRUNCATION_MARK}`;
    const message = pageMessage([{ ...created(1, 100), protocols: [cutProtocol] }]);
    expect(readPageMessage(message)?.rejected).toBe(0);
    const call = {
      ...rawCloseCall({ args: [1000] }),
      stack: `${'s'.repeat(LIMITS.rawStack)}${TRUNCATION_MARK}`,
    };
    expect(readPageMessage(pageMessage([created(1, 100), call]))).toMatchObject({ rejected: 0 });
  });
});

describe('readBridgeWarnings', () => {
  const valid = {
    source: 'wsci-background',
    type: 'warn',
    docId: 'doc-1',
    lines: ['[WS Close Inspector] close(2999)'],
  };
  it('accepts the background’s lines for one document', () => {
    expect(readBridgeWarnings(valid)).toEqual(valid);
  });
  it.each([
    { name: 'from a bridge', patch: { source: 'wsci-bridge' } },
    { name: 'without a document', patch: { docId: undefined } },
    { name: 'lines that are not strings', patch: { lines: [1] } },
    { name: 'too many lines', patch: { lines: new Array(101).fill('x') } },
  ])('rejects $name', ({ patch }) => {
    expect(readBridgeWarnings({ ...valid, ...patch })).toBeUndefined();
  });
});
