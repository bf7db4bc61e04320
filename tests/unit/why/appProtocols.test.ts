import { describe, expect, it } from 'vitest';
import {
  type AppProtocolId,
  describeAppCode,
  describeAppProtocol,
  detectAppProtocol,
  isDoNotRetry,
  terminalCodes,
} from '../../../src/why/appProtocols';

describe('detectAppProtocol: subprotocols', () => {
  it.each<[string, AppProtocolId]>([
    ['graphql-transport-ws', 'graphql-ws'],
    ['graphql-ws', 'subscriptions-transport-ws'],
    ['actioncable-v1-json', 'action-cable'],
    ['v10.stomp', 'stomp'],
    ['v12.stomp', 'stomp'],
    ['mqtt', 'mqtt'],
    ['mqttv3.1', 'mqtt'],
  ])('negotiated %s → %s (certain)', (subprotocol, protocol) => {
    const m = detectAppProtocol({ url: 'wss://example.com/ws', protocol: subprotocol });
    expect(m).toMatchObject({ protocol, certainty: 'certain' });
    expect(m?.evidence).toBe(`negotiated subprotocol "${subprotocol}"`);
  });

  it('takes a requested subprotocol as likely when none was negotiated', () => {
    const m = detectAppProtocol({
      url: 'wss://example.com/graphql',
      protocol: '',
      requestedProtocols: ['graphql-transport-ws'],
    });
    expect(m).toMatchObject({ protocol: 'graphql-ws', certainty: 'likely' });
  });

  it('prefers the negotiated subprotocol over requested ones and the URL', () => {
    const m = detectAppProtocol({
      url: 'wss://example.com/socket.io/?EIO=4&transport=websocket',
      protocol: 'v12.stomp',
      requestedProtocols: ['graphql-ws'],
    });
    expect(m?.protocol).toBe('stomp');
  });

  it('ignores unknown subprotocols', () => {
    expect(
      detectAppProtocol({ url: 'wss://example.com/ws', protocol: 'chat', requestedProtocols: ['json'] }),
    ).toBeNull();
  });
});

describe('detectAppProtocol: URL shapes', () => {
  it.each<[string, AppProtocolId, 'likely' | 'possible']>([
    ['wss://example.com/socket.io/?EIO=4&transport=websocket', 'socket.io', 'likely'],
    ['wss://example.com/custom/?EIO=3&transport=websocket', 'socket.io', 'likely'],
    ['wss://example.com/socket/websocket?token=x&vsn=2.0.0', 'phoenix', 'likely'],
    ['wss://example.com/live/websocket?_csrf_token=x&vsn=2.0.0', 'phoenix', 'likely'],
    ['wss://centrifugo.example.com/connection/websocket', 'centrifugo', 'likely'],
    ['wss://ws-eu.pusher.com/app/abc123?protocol=7&client=js&version=8.4.0', 'pusher', 'likely'],
    ['wss://reverb.example.com/app/my-key?protocol=7&client=js', 'pusher', 'likely'],
    ['wss://example.com/cable', 'action-cable', 'likely'],
    ['wss://example.com/chatHub?id=abc123', 'signalr', 'possible'],
  ])('%s → %s (%s)', (url, protocol, certainty) => {
    expect(detectAppProtocol({ url })).toMatchObject({ protocol, certainty });
  });

  it.each([
    'wss://example.com/ws',
    'wss://example.com/socket.io/', // no EIO query
    'wss://example.com/websocket', // no vsn
    'wss://example.com/app/key', // no protocol query
    'wss://example.com/events?id=1', // id= without a hub path
    'not a url',
  ])('%s → null', (url) => {
    expect(detectAppProtocol({ url })).toBeNull();
  });
});

describe('describeAppCode', () => {
  it('knows graphql-ws codes and what the reference client does after them', () => {
    expect(describeAppCode('graphql-ws', 4401)).toMatchObject({
      name: 'Unauthorized',
      reaction: 'do not reconnect',
      sentBy: 'server',
    });
    expect(describeAppCode('graphql-ws', 4403)?.reaction).toBe('reconnect after backoff');
    expect(describeAppCode('graphql-ws', 4408)?.name).toBe('Connection initialisation timeout');
    expect(describeAppCode('graphql-ws', 4499)).toMatchObject({ name: 'Terminated', sentBy: 'local' });
    expect(describeAppCode('graphql-ws', 4504)?.sentBy).toBe('client');
    expect(describeAppCode('graphql-ws', 4999)).toBeNull();
  });

  it('knows Pusher codes and the reaction of each range', () => {
    expect(describeAppCode('pusher', 4000)?.reaction).toBe('reconnect using wss://');
    expect(describeAppCode('pusher', 4004)).toMatchObject({
      name: 'Over connection quota',
      reaction: 'do not reconnect',
    });
    expect(describeAppCode('pusher', 4100)?.reaction).toBe('reconnect after backoff');
    expect(describeAppCode('pusher', 4201)).toMatchObject({
      name: 'Pong reply not received',
      reaction: 'reconnect at once',
    });
    // Unlisted codes take their range's reaction.
    expect(describeAppCode('pusher', 4050)?.reaction).toBe('do not reconnect');
    expect(describeAppCode('pusher', 4150)?.reaction).toBe('reconnect after backoff');
    expect(describeAppCode('pusher', 4250)?.reaction).toBe('reconnect at once');
    expect(describeAppCode('pusher', 4400)).toBeNull();
  });

  it('knows Centrifugo codes and its ranges', () => {
    expect(describeAppCode('centrifugo', 3500)).toMatchObject({
      name: 'Invalid token',
      reaction: 'do not reconnect',
    });
    expect(describeAppCode('centrifugo', 3012)).toMatchObject({
      name: 'No pong',
      reaction: 'reconnect after backoff',
    });
    expect(describeAppCode('centrifugo', 3777)?.reaction).toBe('do not reconnect');
    expect(describeAppCode('centrifugo', 4100)?.reaction).toBe('reconnect after backoff');
    expect(describeAppCode('centrifugo', 4600)?.reaction).toBe('do not reconnect');
  });

  it('explains phoenix.js and 1000, and has no custom codes for the others', () => {
    expect(describeAppCode('phoenix', 1000)?.reaction).toBe('do not reconnect');
    expect(describeAppCode('phoenix', 4000)).toBeNull();
    for (const p of ['socket.io', 'signalr', 'stomp', 'mqtt', 'action-cable'] as const) {
      expect(describeAppCode(p, 4001)).toBeNull();
      expect(describeAppProtocol(p).closeCodes).toMatch(/no custom close codes/);
    }
  });

  it('cites an https source for every listed code', () => {
    const codes: [AppProtocolId, number][] = [
      ['graphql-ws', 4400],
      ['graphql-ws', 4504],
      ['pusher', 4009],
      ['pusher', 4350],
      ['centrifugo', 3505],
      ['phoenix', 1000],
    ];
    for (const [p, c] of codes) expect(describeAppCode(p, c)?.source).toMatch(/^https:\/\//);
  });
});

describe('isDoNotRetry / terminalCodes', () => {
  it('treats 1008 as terminal everywhere, and not 1000, 1001, 1006, 1011 or 1012', () => {
    for (const p of [null, 'graphql-ws', 'pusher', 'socket.io'] as const)
      expect(isDoNotRetry(p, 1008)).toBe(true);
    for (const code of [1000, 1001, 1003, 1006, 1011, 1012]) expect(isDoNotRetry(null, code)).toBe(false);
  });

  it('follows graphql-ws: 4400, 4401, 4406, 4409, 4429, 4500 terminal; 4403 and 4408 retried', () => {
    for (const code of [4400, 4401, 4406, 4409, 4429, 4500])
      expect(isDoNotRetry('graphql-ws', code)).toBe(true);
    for (const code of [4403, 4408, 4499, 4504]) expect(isDoNotRetry('graphql-ws', code)).toBe(false);
  });

  it('follows the Pusher and Centrifugo ranges', () => {
    expect(isDoNotRetry('pusher', 4001)).toBe(true);
    expect(isDoNotRetry('pusher', 4099)).toBe(true);
    expect(isDoNotRetry('pusher', 4100)).toBe(false);
    expect(isDoNotRetry('pusher', 4200)).toBe(false);
    expect(isDoNotRetry('centrifugo', 3499)).toBe(false);
    expect(isDoNotRetry('centrifugo', 3500)).toBe(true);
    expect(isDoNotRetry('centrifugo', 3999)).toBe(true);
    expect(isDoNotRetry('centrifugo', 4499)).toBe(false);
    expect(isDoNotRetry('centrifugo', 4500)).toBe(true);
  });

  it('does not carry one protocol\u2019s codes into another', () => {
    expect(isDoNotRetry(null, 4401)).toBe(false);
    expect(isDoNotRetry('socket.io', 4001)).toBe(false);
  });

  it('lists ranges with from ≤ to', () => {
    for (const r of terminalCodes('centrifugo')) expect(r.from).toBeLessThanOrEqual(r.to);
    expect(terminalCodes(null)).toEqual([{ from: 1008, to: 1008 }]);
  });
});
