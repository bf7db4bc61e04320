import { describe, expect, it } from 'vitest';
import { liveTimelineInput } from '../../src/timelineInputs';
import { countBy, endpointOf, layoutTimeline, timeTicks } from '../../src/timelineLayout';
import { closeCallEvent, closed, connectionOf, created, errored, opened, threw } from './fixtures';

describe('timeline layout', () => {
  it('one lane per connection, grouped by endpoint then by start, each named by URL, code and outcome', () => {
    const storm = [3, 1, 2].map((i) =>
      liveTimelineInput({
        ...connectionOf([
          created(1, 100 * i, `wss://h/feed?n=${i}`),
          opened(1, 100 * i + 5),
          closed(1, 100 * i + 50, 1013, true),
        ]),
        key: `s${i}`,
      }),
    );
    const invalid = liveTimelineInput({
      ...connectionOf([
        created(1, 50, 'wss://h/chat'),
        opened(1, 60),
        closeCallEvent({ args: [1001], observed: threw('InvalidAccessError', 'x'), t: 70 }),
        closeCallEvent({ args: [4000], callId: 2, t: 80 }),
        errored(1, 85),
        closed(1, 90, 4000, true),
      ]),
      key: 'chat',
    });
    const open = liveTimelineInput({
      ...connectionOf([created(1, 10, 'wss://h/live'), opened(1, 1000)]),
      key: 'live',
    });
    const { lanes, from, to } = layoutTimeline([...storm, invalid, open]);
    expect(lanes.map((l) => l.key)).toEqual(['chat', 's1', 's2', 's3', 'live']);
    expect(from).toBe(10);
    expect(to).toBe(1000);
    const chat = lanes[0];
    expect(chat?.outcome).toBe('invalid');
    expect(chat?.label).toBe('wss://h/chat: 4000 Private use, an invalid close() call');
    expect(chat?.closingAt).toBe(80);
    expect(chat?.calls.map((k) => [k.t, k.threw])).toEqual([
      [70, true],
      [80, false],
    ]);
    expect(chat?.errors).toEqual([85]);
    expect(chat?.name).toBe('/chat');
    expect(lanes[1]?.label).toBe('wss://h/feed?n=1: 1013 Try Again Later, closed cleanly');
    expect(lanes[4]?.outcome).toBe('open');
    expect(lanes[4]?.endAt).toBeNull();
    expect(lanes[4]?.label).toBe('wss://h/live: open, still open');
  });

  it('an empty log has a range and no lanes; many connections never overflow the stack', () => {
    expect(layoutTimeline([])).toEqual({ lanes: [], from: 0, to: 1 });
    const one = liveTimelineInput(connectionOf([created(1, 5, 'wss://h/x')]));
    const many = Array.from({ length: 200_000 }, (_, i) => ({ ...one, key: String(i), createdAt: i }));
    const layout = layoutTimeline(many);
    expect(layout.lanes).toHaveLength(200_000);
    expect(layout.to).toBe(199_999);
  });

  it('endpoints drop query and fragment; ticks land on 1, 2, 5 × 10^n', () => {
    expect(endpointOf('wss://h/feed?n=1#x')).toBe('wss://h/feed');
    expect(endpointOf('wss://h/feed#x')).toBe('wss://h/feed');
    expect(timeTicks(0, 1000, 5)).toEqual([0, 200, 400, 600, 800, 1000]);
    expect(timeTicks(130, 870, 4)).toEqual([200, 400, 600, 800]);
    // Never finer than the 1 ms the layout's range is at least.
    expect(timeTicks(0, 0.5, 5)).toEqual([0, 0.2, 0.4]);
  });

  it('counts by label, most frequent first', () => {
    expect(countBy(['b', 'a', 'b', 'c', 'a', 'b'], (x) => x)).toEqual([
      ['b', 3],
      ['a', 2],
      ['c', 1],
    ]);
  });
});
