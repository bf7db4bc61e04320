import { describe, expect, it } from 'vitest';
import {
  closedAsExpected,
  connectionsSeen,
  describeExpectation,
  describeInvalidCalls,
  uncleanCloses,
} from '../../recorder/closeLogMatchers';
import { toCloseLog } from '../../src/closeLog';
import { closeCallEvent, closed, connectionOf, created, LOG_META, opened, threw } from './fixtures';

function log() {
  const bye = connectionOf([
    created(1, 100, 'wss://example.com/chat?room=1'),
    opened(1, 110),
    closeCallEvent({
      args: [1001],
      observed: threw(
        'InvalidAccessError',
        'The close code must be either 1000, or between 3000 and 4999. 1001 is neither.',
      ),
      t: 115,
    }),
    closeCallEvent({ args: [4001, 'bye'], callId: 2, t: 120 }),
    closed(1, 130, 4001, true, 'bye'),
  ]);
  const server = connectionOf([
    created(1, 200, 'wss://example.com/feed'),
    opened(1, 210),
    closed(1, 300, 1001, true, 'restart'),
  ]);
  const drop = connectionOf([
    created(1, 400, 'wss://example.com/live'),
    opened(1, 410),
    closed(1, 900, 1006, false),
  ]);
  return toCloseLog([bye, server, drop], LOG_META);
}

describe('close log matchers: toHaveClosed', () => {
  it('matches every given field and nothing it was not given', () => {
    const [bye, server, drop] = log().connections;
    if (!bye || !server || !drop) throw new Error('three connections');
    expect(closedAsExpected(bye, { code: 4001, reason: 'bye', by: 'page', wasClean: true })).toBe(true);
    expect(closedAsExpected(bye, { url: /room=1/, reason: /^by/ })).toBe(true);
    expect(closedAsExpected(bye, { code: 4001, by: 'server' })).toBe(false);
    expect(closedAsExpected(bye, { reason: 'by' })).toBe(false);
    expect(closedAsExpected(server, { url: '/feed', code: 1001, by: 'server' })).toBe(true);
    expect(closedAsExpected(drop, { wasClean: false, by: 'failure' })).toBe(true);
    expect(closedAsExpected(drop, {})).toBe(true);
  });

  it('says what it looked for and what it saw', () => {
    expect(describeExpectation({ url: /chat/, code: 4001, reason: 'bye', wasClean: true, by: 'page' })).toBe(
      'url /chat/, code 4001, reason "bye", wasClean true, closed by page',
    );
    expect(describeExpectation({})).toBe('any close');
    expect(connectionsSeen(log())).toBe(
      [
        'connections seen:',
        '  wss://example.com/chat?room=1: 4001 Private use "bye" wasClean true, closed by page',
        '  wss://example.com/feed: 1001 Going Away "restart" wasClean true, closed by server',
        '  wss://example.com/live: 1006 Abnormal Closure "" wasClean false, closed by failure',
      ].join('\n'),
    );
    expect(connectionsSeen(toCloseLog([], LOG_META))).toBe('no connections seen');
  });
});

describe('close log matchers: invalid calls and unclean closes', () => {
  it('lists each invalid call with its arguments, the exception and the caller', () => {
    const lines = describeInvalidCalls(log());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^ {2}close\(1001\) on wss:\/\/example\.com\/chat\?room=1 threw InvalidAccessError: The close code must be .+ at .+/,
    );
  });

  it('finds the unclean closes', () => {
    expect(uncleanCloses(log()).map((c) => c.url)).toEqual(['wss://example.com/live']);
  });
});
