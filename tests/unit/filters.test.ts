import { describe, expect, it } from 'vitest';
import {
  codeCell,
  EMPTY_FILTER,
  type Filter,
  isFilterActive,
  matchesFilter,
  sortConnections,
  summarize,
} from '../../src/filters';
import { closeCallEvent, closed, created, opened, storeOf, threw } from './fixtures';

/** 1: clean page close 1000; 2: server 1001 with reason; 3: dropped 1006 after an invalid call; 4: open. */
function sample() {
  return storeOf([
    created(1, 100, 'wss://a.example/chat'),
    opened(1, 110),
    closeCallEvent({ sid: 1, args: [1000], t: 120 }),
    closed(1, 130, 1000, true),
    created(2, 200, 'wss://b.example/feed'),
    opened(2, 210),
    closed(2, 900, 1001, true, 'Maintenance'),
    created(3, 300, 'wss://a.example/feed'),
    opened(3, 310),
    closeCallEvent({ sid: 3, args: [5000], t: 320, observed: threw('InvalidAccessError', 'x'), repeat: 2 }),
    closed(3, 400, 1006, false),
    created(4, 500, 'wss://c.example/'),
    opened(4, 510),
  ]).list();
}

const sids = (list: { sid: number }[]) => list.map((c) => c.sid);

describe('matchesFilter', () => {
  it.each<{ name: string; filter: Partial<Filter>; expected: number[] }>([
    { name: 'empty filter', filter: {}, expected: [1, 2, 3, 4] },
    { name: 'text in URL', filter: { text: 'A.EXAMPLE' }, expected: [1, 3] },
    { name: 'text in reason', filter: { text: 'maintenance' }, expected: [2] },
    { name: 'clean', filter: { outcome: 'clean' }, expected: [1, 2] },
    { name: 'unclean', filter: { outcome: 'unclean' }, expected: [3] },
    { name: 'invalid calls', filter: { outcome: 'invalid' }, expected: [3] },
    { name: 'open', filter: { outcome: 'open' }, expected: [4] },
    { name: 'initiated by the page', filter: { initiator: 'page' }, expected: [1] },
    { name: 'initiated by the server', filter: { initiator: 'server' }, expected: [2] },
    { name: 'failures', filter: { initiator: 'failure' }, expected: [3] },
    { name: 'code 1001', filter: { code: ' 1001 ' }, expected: [2] },
    { name: 'text and outcome', filter: { text: 'feed', outcome: 'clean' }, expected: [2] },
  ])('$name', ({ filter, expected }) => {
    const f: Filter = { ...EMPTY_FILTER, ...filter };
    expect(sids(sample().filter((c) => matchesFilter(c, f)))).toEqual(expected);
    expect(isFilterActive(f)).toBe(Object.keys(filter).length > 0);
  });
});

describe('sortConnections', () => {
  it.each([
    { key: 'created' as const, descending: false, expected: [1, 2, 3, 4] },
    { key: 'created' as const, descending: true, expected: [4, 3, 2, 1] },
    { key: 'code' as const, descending: false, expected: [4, 1, 2, 3] },
    { key: 'url' as const, descending: false, expected: [1, 3, 2, 4] },
    { key: 'duration' as const, descending: false, expected: [1, 3, 2, 4] },
  ])('by $key (descending: $descending)', ({ key, descending, expected }) => {
    expect(sids(sortConnections(sample(), { key, descending }))).toEqual(expected);
  });
});

describe('summarize / codeCell', () => {
  it('counts connections by outcome and invalid calls with repeats', () => {
    expect(summarize(sample())).toEqual({
      connections: 4,
      open: 1,
      clean: 2,
      unclean: 1,
      invalidCalls: 2,
      warnings: 0,
    });
  });

  it('labels the close code', () => {
    expect(sample().map(codeCell)).toEqual([
      '1000 Normal Closure',
      '1001 Going Away',
      '1006 Abnormal Closure',
      '',
    ]);
  });
});

describe('edge cases found in review', () => {
  it('a code filter of spaces only is no filter', () => {
    expect(isFilterActive({ ...EMPTY_FILTER, code: '   ' })).toBe(false);
    expect(sids(sample().filter((c) => matchesFilter(c, { ...EMPTY_FILTER, code: '   ' })))).toEqual([
      1, 2, 3, 4,
    ]);
  });

  it('a descending sort reverses rows with equal keys too', () => {
    const list = storeOf([created(1, 100), created(2, 100), created(3, 100)]).list();
    const asc = sids(sortConnections([...list], { key: 'state', descending: false }));
    const desc = sids(sortConnections([...list], { key: 'state', descending: true }));
    expect(asc).toEqual([1, 2, 3]);
    expect(desc).toEqual([3, 2, 1]);
  });
});
