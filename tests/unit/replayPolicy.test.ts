import { describe, expect, it } from 'vitest';
import { replayRefusal, scopeOf } from '../../recorder/replayPolicy';

describe('handshake replay policy', () => {
  it.each([
    ['ws://127.0.0.1:8080/x', 'http://127.0.0.1:3000/'],
    ['wss://api.example.com/graphql', 'https://app.example.com/'],
    ['ws://10.0.0.5:8080/', 'http://10.0.0.9/'],
    ['ws://localhost:8080/', 'https://localhost:3000/'],
  ])('replays %s from %s', (socket, page) => {
    expect(replayRefusal(socket, page)).toBeNull();
  });

  it.each([
    ['ws://169.254.169.254/latest/meta-data/', 'http://127.0.0.1/', /link-local/],
    ['ws://10.0.0.5:8080/', 'https://app.example.com/', /a private address, from a public page/],
    ['ws://127.0.0.1:9000/', 'https://app.example.com/', /a loopback address/],
    ['ws://mail.example.com:25/', 'https://app.example.com/', /port 25/],
    ['ws://api.example.com/', 'https://app.example.com/', /mixed content/],
    ['http://api.example.com/', 'https://app.example.com/', /not a ws/],
  ])('refuses %s from %s', (socket, page, why) => {
    expect(replayRefusal(socket, page)).toMatch(why);
  });

  it('scopes', () => {
    expect(scopeOf('[::1]')).toBe('loopback');
    expect(scopeOf('192.168.1.2')).toBe('private');
    expect(scopeOf('db.internal')).toBe('private');
    expect(scopeOf('example.com')).toBe('public');
  });
});
