import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { handshakeAsCurl, handshakeAsWebsocat, shellQuote } from '../../src/handshakeCommand';

const c = {
  url: 'wss://api.example.com/graphql?token=a b',
  frameUrl: 'https://app.example.com/page?x=1',
  protocols: ['graphql-transport-ws'],
};

describe('handshake commands', () => {
  it('curl: http(s) URL, upgrade headers, the page origin and the requested subprotocols', () => {
    const cmd = handshakeAsCurl(c);
    expect(cmd).toContain(`'https://api.example.com/graphql?token=a b'`);
    expect(cmd).toContain(`-H 'Upgrade: websocket'`);
    expect(cmd).toContain(`-H 'Origin: https://app.example.com'`);
    expect(cmd).toContain(`-H 'Sec-WebSocket-Protocol: graphql-transport-ws'`);
    expect(handshakeAsCurl({ ...c, url: 'ws://h/', protocols: [] })).not.toContain('Sec-WebSocket-Protocol');
  });

  it('websocat: the ws URL as the page used it', () => {
    expect(handshakeAsWebsocat(c)).toBe(
      `websocat -v --origin 'https://app.example.com' --protocol 'graphql-transport-ws' 'wss://api.example.com/graphql?token=a b'`,
    );
  });

  it('quotes hostile text so a shell reads it as one word and runs nothing', () => {
    const hostile = `x'; touch /tmp/pwned; echo '$(id)\`id\``;
    const out = execFileSync('sh', ['-c', `printf '%s' ${shellQuote(hostile)}`], { encoding: 'utf8' });
    expect(out).toBe(hostile);
  });
});
