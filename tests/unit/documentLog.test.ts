import { describe, expect, it } from 'vitest';
import { DocumentLog } from '../../src/documentLog';
import { LIMITS, type RawLogEvent, type Sequenced } from '../../src/protocol';
import {
  closed,
  closeRepeat,
  created,
  documentEvent,
  errored,
  note,
  opened,
  rawCloseCall,
  traffic,
} from './fixtures';

const seqs = (events: readonly Sequenced<RawLogEvent>[]) => events.map((e) => e.seq);
const sidsIn = (events: readonly Sequenced<RawLogEvent>[]) =>
  [...new Set(events.flatMap((e) => (e.kind !== 'dropped' && 'sid' in e ? [e.sid] : [])))].sort(
    (a, b) => a - b,
  );

describe('DocumentLog.add', () => {
  it('numbers every kept event with an increasing seq, starting at 0', () => {
    const log = new DocumentLog();
    const out = [
      ...log.add(documentEvent(1)),
      ...log.add(created(1, 100)),
      ...log.add(opened(1, 150)),
      ...log.add(rawCloseCall({ args: [1000] })),
      ...log.add(closed(1, 250, 1000, true)),
    ];
    expect(seqs(out)).toEqual([0, 1, 2, 3, 4]);
    expect(out.map((e) => e.kind)).toEqual(['document', 'created', 'open', 'close-call', 'closed']);
    expect(out[1]).toEqual({ ...created(1, 100), seq: 1 });
  });

  it('drops events of unknown sockets, duplicate creations and incoming "dropped" markers without using a seq', () => {
    const log = new DocumentLog();
    expect(log.add(opened(9, 150))).toEqual([]);
    expect(log.add(created(1, 100))).toHaveLength(1);
    expect(log.add(created(1, 100))).toEqual([]);
    expect(log.add({ kind: 'dropped', connections: 5 })).toEqual([]);
    expect(seqs(log.add(opened(1, 150)))).toEqual([1]);
    expect(log.connectionCount).toBe(1);
  });

  it(`keeps at most ${LIMITS.closeCallsPerConnection} close() calls per connection`, () => {
    const log = new DocumentLog();
    log.add(created(1, 100));
    for (let i = 1; i <= LIMITS.closeCallsPerConnection; i++) {
      expect(log.add(rawCloseCall({ args: [1000], callId: i }))).toHaveLength(1);
    }
    const past = log.add(rawCloseCall({ args: [1000], callId: 999 }));
    expect(past).toMatchObject([{ kind: 'calls-dropped', sid: 1, count: 1 }]);
    expect(log.all().filter((e) => e.kind === 'close-call')).toHaveLength(LIMITS.closeCallsPerConnection);
  });

  it('counts the calls past the cap, with the repeats of the last one, in one replaceable record', () => {
    const log = new DocumentLog();
    log.add(created(1, 100));
    for (let i = 1; i <= LIMITS.closeCallsPerConnection; i++)
      log.add(rawCloseCall({ args: [1000], callId: i }));
    for (let i = 0; i < 50; i++) log.add(rawCloseCall({ args: [1000], callId: 1000 + i }));
    // The last dropped call repeats: 1 → 4 (three more calls), reported twice as running totals.
    log.add(closeRepeat(1, 1049, 2));
    expect(log.add(closeRepeat(1, 1049, 4))).toMatchObject([{ kind: 'calls-dropped', count: 53 }]);
    const records = log.all().filter((e) => e.kind === 'calls-dropped');
    expect(records).toMatchObject([{ sid: 1, count: 53 }]);
  });

  it('does not store repeats of calls it never kept', () => {
    const log = new DocumentLog();
    log.add(created(1, 100));
    expect(log.add(closeRepeat(1, 77, 5))).toEqual([]);
    expect(log.all().map((e) => e.kind)).toEqual(['created']);
  });
});

describe('DocumentLog.all (replay)', () => {
  it('returns every kept event sorted by seq, across document and connection events', () => {
    const log = new DocumentLog();
    log.add(documentEvent(1));
    log.add(created(1, 100));
    log.add(created(2, 110));
    log.add(opened(1, 150));
    log.add(note(160, 'hook installed'));
    log.add(opened(2, 170));
    const all = log.all();
    expect(seqs(all)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(all.map((e) => e.kind)).toEqual(['document', 'created', 'created', 'open', 'note', 'open']);
  });

  it('replaces a close-repeat for the same call in place, with a new seq', () => {
    const log = new DocumentLog();
    log.add(created(1, 100));
    log.add(rawCloseCall({ args: [5000], callId: 1 }));
    log.add(closeRepeat(1, 1, 2));
    log.add(rawCloseCall({ args: [5001], callId: 2 }));
    log.add(closeRepeat(1, 2, 3));
    const out = log.add(closeRepeat(1, 1, 7));
    expect(out).toEqual([{ ...closeRepeat(1, 1, 7), seq: 5 }]);
    const repeats = log.all().filter((e) => e.kind === 'close-repeat');
    expect(repeats).toEqual([
      { ...closeRepeat(1, 2, 3), seq: 4 },
      { ...closeRepeat(1, 1, 7), seq: 5 },
    ]);
    expect(seqs(log.all())).toEqual([...seqs(log.all())].sort((a, b) => a - b));
  });

  it('keeps only the latest traffic record', () => {
    const log = new DocumentLog();
    log.add(created(1, 100));
    log.add(traffic(1, 1, 1));
    log.add(traffic(1, 5, 6));
    const t = log.all().filter((e) => e.kind === 'traffic');
    expect(t).toHaveLength(1);
    expect(t[0]).toMatchObject({ sentMessages: 5, receivedMessages: 6 });
  });
});

describe('DocumentLog cap', () => {
  it('drops the oldest closed connection first and emits a "dropped" event', () => {
    const log = new DocumentLog(2);
    log.add(created(1, 100));
    log.add(created(2, 200));
    log.add(closed(2, 250, 1000, true));
    const out = log.add(created(3, 300));
    expect(out.map((e) => e.kind)).toEqual(['created', 'dropped']);
    expect(out[1]).toMatchObject({ kind: 'dropped', connections: 1 });
    expect(log.dropped).toBe(1);
    expect(log.connectionCount).toBe(2);
    expect(sidsIn(log.all())).toEqual([1, 3]);
  });

  it('then the oldest of any state; the replay carries only the latest "dropped" total', () => {
    const log = new DocumentLog(2);
    log.add(created(1, 100));
    log.add(created(2, 200));
    const first = log.add(created(3, 300));
    expect(first[1]).toMatchObject({ kind: 'dropped', connections: 1 });
    expect(sidsIn(log.all())).toEqual([2, 3]);
    const second = log.add(created(4, 400));
    expect(second[1]).toMatchObject({ kind: 'dropped', connections: 2 });
    expect(sidsIn(log.all())).toEqual([3, 4]);

    const dropped = log.all().filter((e) => e.kind === 'dropped');
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toMatchObject({ connections: 2 });
    expect(seqs(log.all())).toEqual([...seqs(log.all())].sort((a, b) => a - b));
  });

  it('events of a dropped connection are no longer kept', () => {
    const log = new DocumentLog(1);
    log.add(created(1, 100));
    log.add(created(2, 200));
    expect(log.add(closed(1, 300, 1000, true))).toEqual([]);
  });
});

describe('DocumentLog bounds against forged events', () => {
  it('200,000 forged events on one socket: the replay still works and stays small', () => {
    const log = new DocumentLog();
    log.add(created(1, 100));
    for (let i = 0; i < 50_000; i++) {
      log.add(opened(1, 150 + i));
      log.add(errored(1, 150 + i));
      log.add(closed(1, 200 + i, 1000, true));
      log.add(closeRepeat(1, 424242, i));
    }
    const all = log.all();
    expect(all.filter((e) => e.kind === 'open')).toHaveLength(1);
    expect(all.filter((e) => e.kind === 'closed')).toHaveLength(1);
    expect(all.filter((e) => e.kind === 'error')).toHaveLength(LIMITS.errorsPerConnection);
    expect(all.filter((e) => e.kind === 'close-repeat')).toHaveLength(0);
    expect(all.length).toBe(2 + 1 + LIMITS.errorsPerConnection);
  });

  it('the replay of 10,000 kept events does not spread them into one call', () => {
    const log = new DocumentLog(20_000);
    for (let i = 1; i <= 10_000; i++) log.add(created(i, i));
    expect(log.all()).toHaveLength(10_000);
  });

  it('a close() call id seen before is not kept twice', () => {
    const log = new DocumentLog();
    log.add(created(1, 100));
    expect(log.add(rawCloseCall({ args: [1000], callId: 7 }))).toHaveLength(1);
    expect(log.add(rawCloseCall({ args: [4000], callId: 7 }))).toEqual([]);
    expect(log.all().filter((e) => e.kind === 'close-call')).toHaveLength(1);
  });

  it('a byte budget drops the oldest closed connections, whatever the count cap allows', () => {
    const log = new DocumentLog(5000, 200_000);
    const reason = 'r'.repeat(1000);
    for (let sid = 1; sid <= 200; sid++) {
      log.add(created(sid, sid));
      log.add(closed(sid, sid + 1, 4000, true, reason));
    }
    expect(log.byteSize).toBeLessThanOrEqual(200_000);
    expect(log.dropped).toBeGreaterThan(0);
    expect(log.connectionCount + log.dropped).toBe(200);
    // The newest survive.
    expect(sidsIn(log.all())).toContain(200);
    expect(sidsIn(log.all())).not.toContain(1);
  });

  it('bytes held go down again when a running record is replaced', () => {
    const log = new DocumentLog();
    log.add(created(1, 100));
    log.add(traffic(1, 1, 1));
    const before = log.byteSize;
    for (let i = 0; i < 1000; i++) log.add(traffic(1, i, i));
    expect(log.byteSize).toBe(before);
  });
});
