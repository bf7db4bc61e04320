import { describe, expect, it } from 'vitest';
import { judgeEvents } from '../../src/judge';
import type { RawLogEvent, Sequenced } from '../../src/protocol';
import { UNKNOWN_SOCKET, WarningDesk } from '../../src/warningDesk';
import { closed, created, EXTENSION_ORIGIN, rawCloseCall, SOCKET_URL } from './fixtures';

const judged = (events: readonly RawLogEvent[], start = 0): Sequenced[] =>
  judgeEvents(
    events.map((e, i) => ({ ...e, seq: start + i })),
    { engine: 'chromium', extensionOrigin: EXTENSION_ORIGIN },
  );

describe('judgeEvents', () => {
  it('judges raw close() calls under the bridge’s numbers and passes every other event through', () => {
    const [c, call] = judged([created(1, 10), rawCloseCall({ args: [2999] })], 7);
    expect(c).toEqual({ ...created(1, 10), seq: 7 });
    expect(call?.kind === 'close-call' && call.seq).toBe(8);
    expect(call?.kind === 'close-call' && call.verdicts?.chromium.ok).toBe(false);
    expect(call?.kind === 'close-call' && call.engine).toBe('chromium');
  });
});

describe('WarningDesk', () => {
  it('warns once per call site and arguments, names the socket, and sums repeats up in the next drain', () => {
    const desk = new WarningDesk<string>();
    const first = desk.take('d1', 'frame', judged([created(1, 10), rawCloseCall({ args: [2999] })]), true);
    expect(first).toHaveLength(1);
    expect(first[0]).toContain('2999');
    expect(first[0]).toContain(SOCKET_URL);
    expect(
      desk.take('d1', 'frame', judged([rawCloseCall({ callId: 2, args: [2999], repeat: 3 })]), true),
    ).toEqual([]);
    const [summary] = desk.drain();
    expect(summary?.docId).toBe('d1');
    expect(summary?.target).toBe('frame');
    expect(summary?.lines[0]).toMatch(/repeated 3 more times/);
    expect(desk.drain()).toEqual([]);
  });

  it('learns sockets from replays without warning about them again', () => {
    const desk = new WarningDesk<number>();
    expect(desk.take('d1', 1, judged([created(1, 10), rawCloseCall({ args: [1001] })]), false)).toEqual([]);
    expect(desk.take('d1', 1, judged([rawCloseCall({ callId: 2, args: [2999] })]), true)[0]).toContain(
      SOCKET_URL,
    );
  });

  it('says when it never saw the socket, and valid calls are not warned about', () => {
    const desk = new WarningDesk<number>();
    expect(desk.take('d1', 1, judged([rawCloseCall({ args: [1000] })]), true)).toEqual([]);
    expect(desk.take('d1', 1, judged([rawCloseCall({ callId: 2, args: [5000] })]), true)[0]).toContain(
      UNKNOWN_SOCKET,
    );
  });

  it('is bounded: oldest documents and sockets go first, and a closed tab is forgotten', () => {
    const desk = new WarningDesk<number>({ documents: 2, socketsPerDocument: 1 });
    desk.take('a', 1, judged([created(1, 10)]), true);
    desk.take('b', 2, judged([created(1, 10)]), true);
    desk.take('c', 2, judged([created(1, 10, 'wss://one.test/'), created(2, 11, 'wss://two.test/')]), true);
    expect(desk.documentCount).toBe(2);
    const [line] = desk.take('c', 2, judged([rawCloseCall({ sid: 1, args: [5000] })]), true);
    expect(line).toContain(UNKNOWN_SOCKET);
    desk.forget((tab) => tab === 2);
    expect(desk.documentCount).toBe(0);
  });
});

describe('WarningDesk: patterns across sockets', () => {
  const at = (
    sid: number,
    t: number,
    url = 'wss://a.test/live?try=1',
    site = 'at connect (https://a.test/app.js:3:9)',
  ) => ({
    ...created(sid, t, url),
    site,
  });

  it('a reconnect storm is one line, and its growth a summary', () => {
    const desk = new WarningDesk<number>();
    // Each socket closes before the next is made: reconnects.
    const events = [1, 2, 3, 4, 5, 6].flatMap((i) => [
      at(i, i * 100, `wss://a.test/live?try=${i}`, `s${i}`),
      closed(i, i * 100 + 50, 1006, false),
    ]);
    const lines = desk.take('d', 1, judged(events), true);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /reconnect storm: 5 connections to wss:\/\/a\.test\/live, 4 of them reconnects within 0\.3 s/,
    );
    expect(desk.drain()[0]?.lines[0]).toMatch(/repeated 1 more time/);
  });

  it('sockets a page opens side by side are not a storm', () => {
    const desk = new WarningDesk<number>();
    const events = [1, 2, 3, 4, 5, 6, 7, 8].map((i) => at(i, i, `wss://a.test/live?channel=${i}`, `s${i}`));
    expect(desk.take('d', 1, judged(events), true)).toEqual([]);
  });

  it('closed while CONNECTING and made again from the same site within a second: the StrictMode double mount', () => {
    const desk = new WarningDesk<number>();
    const events = judged([at(1, 100), rawCloseCall({ sid: 1, readyState: 0, args: [] }), at(2, 150)]);
    const lines = desk.take('d', 1, events, true);
    expect(lines.some((l) => /closed while CONNECTING and made again from the same call site/.test(l))).toBe(
      true,
    );
  });

  it('no double mount from another site, or when the first socket was not closed while CONNECTING', () => {
    const double = /made again from the same call site/;
    const desk = new WarningDesk<number>();
    const other = desk.take(
      'd',
      1,
      judged([at(1, 100), rawCloseCall({ sid: 1, readyState: 0, args: [] }), at(2, 150, undefined, 'other')]),
      true,
    );
    expect(other.filter((l) => double.test(l))).toEqual([]);
    expect(desk.take('e', 1, judged([at(1, 100), at(2, 150)]), true)).toEqual([]);
  });

  it('a library’s calls say which library, and collapse together whatever line made them', () => {
    const desk = new WarningDesk<number>();
    const lib = (line: number) => `    at x (https://a.test/node_modules/mqtt/dist/mqtt.js:${line}:1)`;
    const first = desk.take(
      'd',
      1,
      judged([
        created(1, 10),
        rawCloseCall({
          args: [5000],
          stack: `Error\n${lib(1)}`,
          observed: { threw: true, name: 'InvalidAccessError', message: 'm' },
        }),
      ]),
      true,
    );
    expect(first[0]).toMatch(/from mqtt: its warnings are grouped/);
    const second = desk.take(
      'd',
      1,
      judged([
        rawCloseCall({
          callId: 2,
          args: [5000],
          stack: `Error\n${lib(99)}`,
          observed: { threw: true, name: 'InvalidAccessError', message: 'm' },
        }),
      ]),
      true,
    );
    expect(second).toEqual([]);
  });
});
