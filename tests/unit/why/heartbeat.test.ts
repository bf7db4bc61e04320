import { describe, expect, it } from 'vitest';
import { HeartbeatTracker } from '../../../src/why/heartbeat';

function feed(
  tracker: HeartbeatTracker,
  times: readonly number[],
  direction: 'sent' | 'received',
  bytes = 20,
) {
  for (const t of times) tracker.observe(t, direction, bytes);
}

describe('HeartbeatTracker', () => {
  it('recognises four small messages at a steady period (three intervals)', () => {
    const hb = new HeartbeatTracker();
    feed(hb, [0, 25_000, 50_100, 74_900], 'sent');
    const facts = hb.facts('sent');
    expect(facts).not.toBeNull();
    expect(facts?.direction).toBe('sent');
    expect(facts?.periodMs).toBeCloseTo(74_900 / 3);
    expect(facts?.lastAt).toBe(74_900);
    expect(facts?.beats).toBe(4);
    expect(hb.facts('received')).toBeNull();
  });

  it('needs three intervals: two are not enough', () => {
    const hb = new HeartbeatTracker();
    feed(hb, [0, 25_000, 50_000], 'sent');
    expect(hb.facts('sent')).toBeNull();
  });

  it('ignores large messages', () => {
    const hb = new HeartbeatTracker();
    feed(hb, [0, 25_000, 50_000, 75_000], 'sent', 257);
    expect(hb.facts('sent')).toBeNull();
    feed(hb, [100_000, 125_000, 150_000, 175_000], 'sent', 256);
    expect(hb.facts('sent')?.beats).toBe(4);
  });

  it('rejects intervals outside ±20 % of their mean', () => {
    const hb = new HeartbeatTracker();
    // Mean of 10, 10, 15 s is 11.67 s; 15 s is 29 % above it.
    feed(hb, [0, 10_000, 20_000, 35_000], 'received');
    expect(hb.facts('received')).toBeNull();
  });

  it('accepts jitter within ±20 %', () => {
    const hb = new HeartbeatTracker();
    feed(hb, [0, 9_000, 20_000, 30_000], 'received');
    expect(hb.facts('received')?.periodMs).toBeCloseTo(10_000);
  });

  it.each([
    ['below 1 s', 900],
    ['above 10 min', 601_000],
  ])('rejects periods %s', (_name, period) => {
    const hb = new HeartbeatTracker();
    feed(hb, [0, period, 2 * period, 3 * period, 4 * period], 'sent');
    expect(hb.facts('sent')).toBeNull();
  });

  it('keeps following a recognised heartbeat across small messages in between', () => {
    const hb = new HeartbeatTracker();
    feed(hb, [0, 30_000, 60_000, 90_000], 'sent');
    hb.observe(100_000, 'sent', 40); // an application message, not a beat
    feed(hb, [120_000, 150_000], 'sent');
    const facts = hb.facts('sent');
    expect(facts?.lastAt).toBe(150_000);
    expect(facts?.beats).toBe(6);
    expect(facts?.periodMs).toBeCloseTo(30_000);
  });

  it('remembers the last beat when the heartbeat stops', () => {
    const hb = new HeartbeatTracker();
    feed(hb, [0, 25_000, 50_000, 75_000], 'sent');
    hb.observe(200_000, 'sent', 10);
    expect(hb.facts('sent')?.lastAt).toBe(75_000);
  });

  it('ignores out-of-order timestamps', () => {
    const hb = new HeartbeatTracker();
    feed(hb, [0, 25_000, 50_000], 'sent');
    hb.observe(10_000, 'sent', 10);
    hb.observe(75_000, 'sent', 10);
    expect(hb.facts('sent')?.beats).toBe(4);
  });

  it('reports as primary the direction that stopped first, the sent side on a tie', () => {
    const hb = new HeartbeatTracker();
    feed(hb, [0, 20_000, 40_000, 60_000], 'received');
    feed(hb, [10, 20_010, 40_010, 60_010, 80_010], 'sent');
    expect(hb.primary()?.direction).toBe('received');

    const tie = new HeartbeatTracker();
    feed(tie, [0, 20_000, 40_000, 60_000], 'received');
    feed(tie, [0, 20_000, 40_000, 60_000], 'sent');
    expect(tie.primary()?.direction).toBe('sent');
    expect(new HeartbeatTracker().primary()).toBeNull();
  });
});
