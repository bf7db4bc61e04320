import { describe, expect, it } from 'vitest';
import {
  ConnectionStore,
  connectionState,
  effectiveCloseCall,
  hasInvalidCall,
  initiator,
  totalCloseCalls,
} from '../../src/model';
import { LIMITS, type LogEvent } from '../../src/protocol';
import {
  batch,
  closeCallEvent,
  closed,
  closeRepeat,
  connectionOf,
  created,
  DOC_ID,
  documentEvent,
  errored,
  note,
  opened,
  PAGE_URL,
  sequence,
  storeOf,
  threw,
  traffic,
} from './fixtures';

describe('connection lifecycle', () => {
  it('created → open → close-call → closed', () => {
    const store = new ConnectionStore();
    const steps: { event: LogEvent; state: string; initiator: string | null; effective: boolean }[] = [
      { event: created(1, 100), state: 'connecting', initiator: null, effective: false },
      { event: opened(1, 150), state: 'open', initiator: null, effective: false },
      {
        event: closeCallEvent({ args: [1000], readyState: 1, t: 200 }),
        state: 'closing',
        initiator: 'page',
        effective: true,
      },
      { event: closed(1, 250, 1000, true), state: 'closed', initiator: 'page', effective: true },
    ];
    steps.forEach((step, seq) => {
      expect(store.apply(batch([{ ...step.event, seq }]))).toBe(true);
      const [c] = store.list();
      expect(c).toBeDefined();
      if (!c) return;
      expect(connectionState(c)).toBe(step.state);
      expect(initiator(c)).toBe(step.initiator);
      expect(effectiveCloseCall(c) !== null).toBe(step.effective);
    });
    const c = store.list()[0];
    expect(c?.openedAt).toBe(150);
    expect(c?.closed).toMatchObject({ t: 250, code: 1000, reason: '', reasonBytes: 0, wasClean: true });
    expect(c && effectiveCloseCall(c)?.t).toBe(200);
  });

  it('close() while CONNECTING starts the closing', () => {
    const c = connectionOf([created(1, 100), closeCallEvent({ args: [], readyState: 0 })]);
    expect(connectionState(c)).toBe('closing');
    expect(effectiveCloseCall(c)?.readyState).toBe(0);
  });

  it('a close() that threw does not start the closing', () => {
    const c = connectionOf([
      created(1, 100),
      opened(1, 150),
      closeCallEvent({ args: [5000], observed: threw('InvalidAccessError', 'x') }),
    ]);
    expect(connectionState(c)).toBe('open');
    expect(effectiveCloseCall(c)).toBeNull();
    expect(hasInvalidCall(c)).toBe(true);
    expect(initiator(c)).toBeNull();
  });

  it('a close() on a CLOSING/CLOSED socket is not the effective call', () => {
    const c = connectionOf([
      created(1, 100),
      opened(1, 150),
      closeCallEvent({ args: [4001], readyState: 2, callId: 1, t: 300 }),
      closed(1, 400, 1001, true),
      closeCallEvent({ args: [4002], readyState: 3, callId: 2, t: 500 }),
    ]);
    expect(effectiveCloseCall(c)).toBeNull();
    expect(initiator(c)).toBe('server');
    expect(c.closeCalls).toHaveLength(2);
  });

  it('the first accepted call is the effective one', () => {
    const c = connectionOf([
      created(1, 100),
      opened(1, 150),
      closeCallEvent({ args: [5000], callId: 1, observed: threw('InvalidAccessError', 'x') }),
      closeCallEvent({ args: [4001], callId: 2 }),
      closeCallEvent({ args: [4002], callId: 3 }),
    ]);
    expect(effectiveCloseCall(c)?.callId).toBe(2);
  });

  it.each([
    { name: 'server 1001 clean', code: 1001, wasClean: true, expected: 'server' },
    { name: 'server 1000 clean', code: 1000, wasClean: true, expected: 'server' },
    { name: '1006 dropped', code: 1006, wasClean: false, expected: 'failure' },
    { name: '1002 unclean', code: 1002, wasClean: false, expected: 'failure' },
  ])('initiator without a close() call: $name → $expected', ({ code, wasClean, expected }) => {
    const c = connectionOf([created(1, 100), opened(1, 150), closed(1, 300, code, wasClean)]);
    expect(initiator(c)).toBe(expected);
    expect(connectionState(c)).toBe('closed');
  });

  it('keeps only the event fields in the record, not the bridge log seq', () => {
    // Connection.closed / traffic / closeCalls are typed without `seq`; a leaked seq ends up in exported close logs.
    const c = connectionOf([
      created(1, 100),
      opened(1, 150),
      closeCallEvent({ args: [1000] }),
      traffic(1, 1, 1),
      closed(1, 300, 1000, true),
    ]);
    expect(c.closed).not.toHaveProperty('seq');
    expect(c.traffic).not.toHaveProperty('seq');
    expect(c.closeCalls[0]).not.toHaveProperty('seq');
  });

  it('records errors and traffic, ignores events for unknown sockets', () => {
    const store = storeOf([
      created(1, 100),
      errored(1, 120),
      traffic(1, 3, 4),
      opened(99, 150),
      errored(99, 160),
    ]);
    expect(store.size).toBe(1);
    const c = store.list()[0];
    expect(c?.errors).toEqual([120]);
    expect(c?.traffic).toMatchObject({
      sentMessages: 3,
      sentBytes: 30,
      receivedMessages: 4,
      receivedBytes: 40,
    });
    expect(c?.openedAt).toBeNull();
  });
});

describe('ConnectionStore.apply: duplicates', () => {
  it('ignores an event with the same docId and seq (a replay)', () => {
    const events = sequence([created(1, 100), opened(1, 150), closeCallEvent({ args: [1000] })]);
    const store = new ConnectionStore();
    expect(store.apply(batch(events))).toBe(true);
    const revision = store.revision;
    expect(store.apply(batch(events))).toBe(false);
    expect(store.revision).toBe(revision);
    expect(store.list()[0]?.closeCalls).toHaveLength(1);
  });

  it('a replay with new events applies only the new ones', () => {
    const first = sequence([created(1, 100), closeCallEvent({ args: [1000], readyState: 0 })]);
    const store = new ConnectionStore();
    store.apply(batch(first));
    const replay = sequence([
      created(1, 100),
      closeCallEvent({ args: [1000], readyState: 0 }),
      closed(1, 300, 1006, false),
    ]);
    expect(store.apply(batch(replay))).toBe(true);
    const c = store.list()[0];
    expect(c?.closeCalls).toHaveLength(1);
    expect(c?.closed?.code).toBe(1006);
  });

  it('a live batch that overtakes the replay is applied again when its connection arrives', () => {
    const all = sequence([created(1, 100), closeCallEvent({ args: [4000] }), closed(1, 300, 4000, true)]);
    const store = new ConnectionStore();
    // The live batch (call and close) arrives before the replay that carries 'created'.
    expect(store.apply(batch(all.slice(1)))).toBe(false);
    expect(store.size).toBe(0);
    store.apply(batch(all));
    const c = store.list()[0];
    expect(c?.closeCalls).toHaveLength(1);
    expect(c?.closed?.code).toBe(4000);
  });

  it('a drop reported by the bridge removes the same connection (it would stay open forever)', () => {
    const store = new ConnectionStore();
    store.apply(
      batch(sequence([created(1, 100), created(2, 110), { kind: 'dropped', connections: 1, sid: 1 }])),
    );
    expect(store.list().map((c) => c.sid)).toEqual([2]);
    expect(store.droppedConnections).toBe(1);
  });

  it('events for a connection dropped earlier are not kept waiting for a replay', () => {
    const store = new ConnectionStore({ maxConnections: 1 });
    const events = sequence([created(1, 100), created(2, 110), closed(1, 120, 1000, true)]);
    store.apply(batch(events));
    // Socket 1 was dropped by the cap; its close event was applied as "nothing to do" (seen).
    expect(store.apply(batch(events))).toBe(false);
    expect(store.list().map((c) => c.sid)).toEqual([2]);
  });

  it('the same seq in another document is another event', () => {
    const store = new ConnectionStore();
    store.apply(batch(sequence([created(1, 100)]), 'doc-a'));
    store.apply(batch(sequence([created(1, 100)]), 'doc-b', 3));
    expect(store.list().map((c) => c.key)).toEqual(['doc-a:1', 'doc-b:1']);
    expect(store.get('doc-b:1')?.frameId).toBe(3);
  });
});

describe('ConnectionStore: top-level navigation', () => {
  it('a top document event clears older connections', () => {
    const store = storeOf([documentEvent(10, 'https://a.example/'), created(1, 100), created(2, 200)]);
    store.apply(batch(sequence([documentEvent(500, 'https://b.example/'), created(3, 600)], 10), 'doc-2'));
    expect(store.list().map((c) => c.sid)).toEqual([3]);
    expect(store.pageUrl).toBe('https://b.example/');
    expect(store.pageIndex).toBe(1);
    expect(store.list()[0]?.pageUrl).toBe('https://b.example/');
  });

  it('keeps older connections with preserveLog', () => {
    const store = storeOf([documentEvent(10, 'https://a.example/'), created(1, 100)], { preserveLog: true });
    store.apply(batch(sequence([documentEvent(500, 'https://b.example/'), created(3, 600)], 10), 'doc-2'));
    expect(store.list().map((c) => [c.sid, c.pageIndex, c.pageUrl])).toEqual([
      [1, 0, 'https://a.example/'],
      [3, 1, 'https://b.example/'],
    ]);
  });

  it('a document event of a subframe clears nothing', () => {
    const store = storeOf([documentEvent(10), created(1, 100)]);
    store.apply(batch(sequence([documentEvent(500, 'https://ads.example/', false)]), 'doc-frame', 5));
    expect(store.size).toBe(1);
    expect(store.pageIndex).toBe(0);
  });

  it('drops late connections of a document older than the current page, whatever time they claim', () => {
    const store = storeOf([documentEvent(500)]);
    store.apply(batch(sequence([documentEvent(100, PAGE_URL, false), created(1, 1e15)]), 'doc-old', 1));
    expect(store.size).toBe(0);
  });

  it('a navigation signal drops the rows of documents that started before it, whatever their events claim', () => {
    const store = storeOf([documentEvent(100), created(1, 1e15), closed(1, 1e15, 1000, true)]);
    store.apply(batch(sequence([documentEvent(150, PAGE_URL, false), created(1, 200)]), 'doc-frame', 1));
    expect(store.size).toBe(2);
    store.navigated('https://example.com/next', 1000, 1020);
    expect(store.size).toBe(0);
    expect(store.pageUrl).toBe('https://example.com/next');
    expect(store.pageIndex).toBe(1);
    // The new page's documents start after the navigation did, and are kept.
    store.apply(
      batch(sequence([documentEvent(1001, 'https://example.com/next'), created(1, 1050)]), 'doc-new'),
    );
    store.apply(
      batch(sequence([documentEvent(1100, PAGE_URL, false), created(1, 1150)]), 'doc-new-frame', 1),
    );
    expect(store.list().map((c) => c.docId)).toEqual(['doc-new', 'doc-new-frame']);
    expect(store.pageIndex).toBe(1);
    // A late event of an old document (its unload, say) does not bring a row back.
    store.apply(batch(sequence([created(2, 2000)], 2), DOC_ID));
    expect(store.list().map((c) => c.docId)).toEqual(['doc-new', 'doc-new-frame']);
  });

  it('the same when the new page’s events overtake the navigation signal', () => {
    const store = storeOf([documentEvent(100), created(1, 110)]);
    store.apply(batch(sequence([documentEvent(150, PAGE_URL, false), created(1, 200)]), 'doc-frame', 1));
    store.apply(
      batch(sequence([documentEvent(1001, 'https://example.com/next'), created(1, 1050)]), 'doc-new'),
    );
    expect(store.list().map((c) => c.docId)).toEqual(['doc-new']);
    store.navigated('https://example.com/next', 1000, 1020);
    expect(store.list().map((c) => c.docId)).toEqual(['doc-new']);
    expect(store.pageIndex).toBe(1);
  });

  it('a top document its own navigation claimed is never taken for the next page’s, even when process clocks disagree', () => {
    const store = new ConnectionStore();
    store.navigated('https://example.com/a', 1000, 1020);
    store.apply(batch(sequence([documentEvent(1001, 'https://example.com/a'), created(1, 1010)]), 'doc-a'));
    expect(store.size).toBe(1);
    // The next navigation's start, by the browser's clock, is before page A's own start by its
    // renderer's clock (skew): A must still go, and its late events stay out.
    store.navigated('https://example.com/quiet', 1100, 1120);
    expect(store.size).toBe(0);
    expect(store.pageUrl).toBe('https://example.com/quiet');
    store.apply(batch(sequence([created(2, 1200)], 2), 'doc-a'));
    expect(store.size).toBe(0);
  });

  it('a navigation whose start is only an estimate, older than the last cutoff, still starts the new page', () => {
    const store = new ConnectionStore();
    store.navigated('https://example.com/a', 1000, 1020);
    store.apply(batch(sequence([documentEvent(1001, 'https://example.com/a'), created(1, 1010)]), 'doc-a'));
    // The worker lost this navigation's start: commit less a margin, before A's own cutoff.
    store.navigated('https://example.com/quiet', 1500 - 5000, 1500);
    expect(store.size).toBe(0);
    expect(store.pageUrl).toBe('https://example.com/quiet');
    expect(store.pageIndex).toBe(1);
  });

  it('the same navigation told again (a panel that reconnects) changes nothing', () => {
    const store = new ConnectionStore({ preserveLog: true });
    store.navigated('https://example.com/a', 1000, 1020);
    store.apply(batch(sequence([documentEvent(1001, 'https://example.com/a'), created(1, 1010)]), 'doc-a'));
    const revision = store.revision;
    store.navigated('https://example.com/a', 1000, 1020);
    expect(store.revision).toBe(revision);
    expect(store.pageIndex).toBe(0);
    expect(store.size).toBe(1);
    // Told before the replay of its own page (a panel opened late): the page's documents stay.
    const late = new ConnectionStore();
    late.navigated('https://example.com/a', 1000, 1020);
    late.apply(batch(sequence([documentEvent(1001, 'https://example.com/a'), created(1, 1010)]), 'doc-a'));
    late.apply(batch(sequence([documentEvent(1200, PAGE_URL, false), created(1, 1210)]), 'doc-frame', 1));
    expect(late.list().map((c) => c.docId)).toEqual(['doc-a', 'doc-frame']);
    expect(late.pageIndex).toBe(0);
  });

  it('with Preserve log a navigation starts a new page view and keeps the rows', () => {
    const store = storeOf([documentEvent(100), created(1, 110)], { preserveLog: true });
    store.navigated('https://example.com/next', 1000, 1020);
    store.apply(
      batch(sequence([documentEvent(1001, 'https://example.com/next'), created(1, 1050)]), 'doc-new'),
    );
    expect(store.list().map((c) => [c.docId, c.pageIndex])).toEqual([
      [DOC_ID, 0],
      ['doc-new', 1],
    ]);
    expect(store.pageUrl).toBe('https://example.com/next');
  });
});

describe('ConnectionStore: cap', () => {
  it('drops the oldest closed connection first, then the oldest of any state', () => {
    const store = new ConnectionStore({ maxConnections: 3 });
    store.apply(
      batch(sequence([created(1, 100), created(2, 200), created(3, 300), closed(2, 350, 1000, true)])),
    );
    store.apply(batch(sequence([created(4, 400)], 4)));
    expect(store.list().map((c) => c.sid)).toEqual([1, 3, 4]);
    expect(store.droppedConnections).toBe(1);

    store.apply(batch(sequence([created(5, 500)], 5)));
    expect(store.list().map((c) => c.sid)).toEqual([3, 4, 5]);
    expect(store.droppedConnections).toBe(2);
  });

  it('adds the bridge running totals of dropped connections', () => {
    const store = storeOf([created(1, 100)]);
    store.apply(batch(sequence([{ kind: 'dropped', connections: 3 }], 10)));
    store.apply(batch(sequence([{ kind: 'dropped', connections: 5 }], 11)));
    store.apply(batch(sequence([{ kind: 'dropped', connections: 2 }], 0), 'doc-other'));
    expect(store.droppedConnections).toBe(7);
  });

  it(`keeps at most ${LIMITS.closeCallsPerConnection} close calls and counts the rest`, () => {
    const calls = Array.from({ length: LIMITS.closeCallsPerConnection + 2 }, (_, i) =>
      closeCallEvent({ args: [1000], callId: i + 1, readyState: 3, repeat: 2 }),
    );
    const c = connectionOf([created(1, 100), ...calls]);
    expect(c.closeCalls).toHaveLength(LIMITS.closeCallsPerConnection);
    expect(c.closeCallsDropped).toBe(4);
    expect(totalCloseCalls(c)).toBe((LIMITS.closeCallsPerConnection + 2) * 2);
  });
});

describe('ConnectionStore: close-repeat and notes', () => {
  it('updates the repeat count of the matching call, never lowering it', () => {
    const store = storeOf([
      created(1, 100),
      closeCallEvent({ args: [5000], callId: 1, observed: threw('InvalidAccessError', 'x') }),
      closeCallEvent({ args: [4001], callId: 2 }),
      closeRepeat(1, 1, 5),
      closeRepeat(1, 1, 3),
      closeRepeat(1, 42, 9),
    ]);
    const c = store.list()[0];
    expect(c?.closeCalls.map((x) => [x.callId, x.repeat])).toEqual([
      [1, 5],
      [2, 1],
    ]);
    expect(c && totalCloseCalls(c)).toBe(6);
  });

  it('keeps distinct notes once each', () => {
    const store = storeOf([note(1, 'a'), note(2, 'a'), note(3, 'b')]);
    expect(store.notes).toEqual(['a', 'b']);
  });

  it('clear() empties the store', () => {
    const store = storeOf([created(1, 100), { kind: 'dropped', connections: 3 }]);
    store.clear();
    expect(store.size).toBe(0);
    expect(store.droppedConnections).toBe(0);
  });

  it('revisions move on every change', () => {
    const store = storeOf([created(1, 100)]);
    const c = store.get(`${DOC_ID}:1`);
    const before = c?.revision ?? -1;
    const storeBefore = store.revision;
    store.apply(batch(sequence([opened(1, 150)], 1)));
    expect(c?.revision).toBeGreaterThan(before);
    expect(store.revision).toBeGreaterThan(storeBefore);
  });
});

describe('page-made events cannot give a connection impossible times', () => {
  it('open and close before creation are clamped to the creation time; only the first of each counts', () => {
    const c = connectionOf([
      created(1, 1000),
      opened(1, 10),
      opened(1, 2000),
      errored(1, 5),
      closed(1, 20, 4000, true, 'first'),
      closed(1, 3000, 1000, true, 'second'),
    ]);
    expect(c.openedAt).toBe(1000);
    expect(c.errors).toEqual([1000]);
    expect(c.closed).toMatchObject({ t: 1000, code: 4000, reason: 'first' });
  });

  it('what such a store exports imports back whole', async () => {
    const { toCloseLog } = await import('../../src/closeLog');
    const { readCloseLog } = await import('../../src/closeLogReader');
    const store = storeOf([created(1, 1000), opened(1, 10), closed(1, 20, 4000, true)]);
    const log = toCloseLog(store.list(), {
      toolName: 't',
      toolVersion: '1',
      engine: 'chromium',
      userAgent: 'ua',
      exportedAt: '2026-01-01T00:00:00.000Z',
      pageUrl: 'https://example.com/',
      filtered: false,
      droppedConnections: 0,
    });
    const read = readCloseLog(JSON.stringify(log));
    expect(read.skipped.count).toBe(0);
    expect(read.connections).toHaveLength(1);
  });
});

describe('ConnectionStore: the cap is fair between frames', () => {
  it('a frame with thousands of sockets loses its own rows, not the top document’s', () => {
    const store = new ConnectionStore({ maxConnections: 50 });
    store.apply(batch(sequence([documentEvent(100), created(1, 110), created(2, 120)])));
    const forged = Array.from({ length: 500 }, (_, i) => created(i + 1, 200 + i));
    store.apply(batch(sequence([documentEvent(150, PAGE_URL, false), ...forged]), 'doc-frame', 1));
    expect(store.size).toBe(50);
    expect(store.list().filter((c) => c.docId === DOC_ID)).toHaveLength(2);
    expect(store.droppedConnections).toBe(452);
  });
});

describe('ConnectionStore: the byte budget is per tab and fair between frames', () => {
  it('a frame whose sockets carry huge URLs loses its own rows to stay within the budget', () => {
    const store = new ConnectionStore({ maxBytes: 200_000 });
    store.apply(batch(sequence([documentEvent(100), created(1, 110), created(2, 120)])));
    const topBytes = store.byteSize;
    const huge = (sid: number): LogEvent => created(sid, 200 + sid, `wss://a.test/${'x'.repeat(2000)}`);
    const forged = Array.from({ length: 200 }, (_, i) => huge(i + 1));
    store.apply(batch(sequence([documentEvent(150, PAGE_URL, false), ...forged]), 'doc-frame', 1));
    expect(store.byteSize).toBeLessThanOrEqual(200_000);
    // The top document's two small rows stay; the frame keeps what still fits, newest first.
    expect(store.list().filter((c) => c.docId === DOC_ID)).toHaveLength(2);
    const frameRows = store.list().filter((c) => c.docId === 'doc-frame');
    expect(frameRows.length).toBeGreaterThan(0);
    expect(frameRows.length).toBeLessThan(200);
    expect(frameRows.at(-1)?.sid).toBe(200);
    expect(store.droppedConnections).toBe(200 - frameRows.length);
    expect(topBytes).toBeGreaterThan(0);
  });

  it('counts what later events add, and gives it back when connections go', () => {
    const store = new ConnectionStore();
    store.apply(batch(sequence([documentEvent(100), created(1, 110)])));
    const afterCreate = store.byteSize;
    store.apply(batch([{ ...closed(1, 200, 4000, true, 'r'.repeat(100)), seq: 3 }]));
    expect(store.byteSize).toBeGreaterThan(afterCreate + 200);
    store.clear();
    expect(store.byteSize).toBe(0);
  });
});
