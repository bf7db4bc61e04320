import { describe, expect, it } from 'vitest';
import { sortFindings, type WhyFinding } from '../../../src/why/certainty';
import { formatDuration, formatLimit, formatOffset } from '../../../src/why/duration';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [45, '45 ms'],
    [99.4, '99 ms'],
    [100, '0.1 s'],
    [200, '0.2 s'],
    [60_000, '60.0 s'],
    [61_234, '61.2 s'],
    [119_940, '119.9 s'],
    [119_960, '2 min 0 s'],
    [372_000, '6 min 12 s'],
    [3_599_400, '59 min 59 s'],
    [3_599_700, '1 h 0 min'],
    [7_500_000, '2 h 5 min'],
    [-5, '0 ms'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('prints non-finite input without throwing', () => {
    expect(formatDuration(Number.NaN)).toBe('?');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('\u221e');
  });
});

describe('formatLimit / formatOffset', () => {
  it.each([
    [30, '30 s'],
    [55, '55 s'],
    [100, '100 s'],
    [240, '4 min'],
    [350, '350 s'],
    [600, '10 min'],
    [7200, '2 h'],
  ])('%d s → %s', (s, text) => {
    expect(formatLimit(s)).toBe(text);
  });

  it('signs offsets', () => {
    expect(formatOffset(400)).toBe('+0.4 s');
    expect(formatOffset(-800)).toBe('-0.8 s');
  });
});

describe('sortFindings', () => {
  const f = (
    id: string,
    certainty: WhyFinding['certainty'],
    severity: WhyFinding['severity'],
  ): WhyFinding => ({
    id,
    certainty,
    severity,
    text: id,
    evidence: [],
  });

  it('puts surer findings first, then more severe ones, and keeps ties stable', () => {
    const sorted = sortFindings([
      f('a', 'possible', 'error'),
      f('b', 'likely', 'info'),
      f('c', 'certain', 'info'),
      f('d', 'likely', 'warning'),
      f('e', 'likely', 'info'),
    ]);
    expect(sorted.map((x) => x.id)).toEqual(['c', 'd', 'b', 'e', 'a']);
  });
});
