import { describe, expect, it } from 'vitest';
import {
  describeHandshake,
  handshakeOutcome,
  MATCH_BEFORE_MS,
  matchHandshakes,
  socketUrlKey,
  UNSEEN_GRACE_MS,
} from '../../src/networkHandshakes';
import { networkHandshake } from './fixtures';

const hs = networkHandshake;
const socket = (key: string, url: string, createdAt: number, frameId = 0) => ({
  key,
  url,
  createdAt,
  frameId,
});

describe('network handshakes: outcome and wording', () => {
  it('tells an upgrade, a refusal with its status line, a failure and a wait apart', () => {
    const up = hs('1', 'ws://a/', 0, { status: 101, statusLine: 'HTTP/1.1 101 Switching Protocols' });
    const refused = hs('2', 'ws://a/', 0, { status: 403, statusLine: 'HTTP/1.1 403 Forbidden' });
    const failed = hs('3', 'ws://a/', 0, { error: 'net::ERR_FAILED' });
    expect([up, refused, failed, hs('4', 'ws://a/', 0)].map(handshakeOutcome)).toEqual([
      'upgraded',
      'refused',
      'failed',
      'pending',
    ]);
    expect(describeHandshake(up)).toBe('101 Switching Protocols');
    expect(describeHandshake(refused)).toBe('HTTP 403 Forbidden');
    expect(describeHandshake({ ...refused, statusLine: null })).toBe('HTTP 403');
    expect(describeHandshake({ ...refused, error: 'NS_ERROR_NET_RESET' })).toBe(
      'HTTP 403 Forbidden (then NS_ERROR_NET_RESET)',
    );
    expect(describeHandshake(failed)).toBe('failed: net::ERR_FAILED');
  });

  it('names a socket the same whether the browser reports ws: or http:, without its fragment', () => {
    expect(socketUrlKey('http://Host:1/x?y#z')).toBe(socketUrlKey('ws://host:1/x?y'));
    expect(socketUrlKey('https://h/')).toBe(socketUrlKey('wss://h/'));
    expect(socketUrlKey('ws://h/')).not.toBe(socketUrlKey('wss://h/'));
  });
});

describe('network handshakes: pairing with the hook’s sockets', () => {
  it('pairs in order, one handshake per socket, by frame and URL', () => {
    const m = matchHandshakes(
      [socket('a', 'ws://h/x', 1000), socket('b', 'ws://h/x', 1005), socket('c', 'ws://h/x', 1010, 3)],
      [hs('1', 'ws://h/x', 1001), hs('2', 'ws://h/x', 1006), hs('3', 'ws://h/x', 1011, { frameId: 3 })],
      1020,
    );
    expect([...m.byConnection].map(([k, h]) => [k, h.id])).toEqual([
      ['a', '1'],
      ['b', '2'],
      ['c', '3'],
    ]);
    expect(m.unseen).toEqual([]);
    expect(m.undecided).toBe(0);
  });

  it('a handshake no socket claims is undecided for a grace period, then unseen', () => {
    const worker = hs('9', 'ws://h/worker', 5000);
    const early = matchHandshakes([socket('a', 'ws://h/x', 1000)], [worker], 5000 + UNSEEN_GRACE_MS - 1);
    expect(early.unseen).toEqual([]);
    expect(early.undecided).toBe(1);
    const late = matchHandshakes([socket('a', 'ws://h/x', 1000)], [worker], 5000 + UNSEEN_GRACE_MS);
    expect(late.unseen.map((h) => h.id)).toEqual(['9']);
  });

  it('never pairs across frames, nor with a handshake long before the socket', () => {
    const m = matchHandshakes(
      [socket('a', 'ws://h/x', 10_000, 1)],
      [
        hs('1', 'ws://h/x', 10_001, { frameId: 2 }),
        hs('2', 'ws://h/x', 10_000 - MATCH_BEFORE_MS - 1, { frameId: 1 }),
      ],
      60_000,
    );
    expect(m.byConnection.size).toBe(0);
    expect(m.unseen.map((h) => h.id)).toEqual(['2', '1']);
  });
});
