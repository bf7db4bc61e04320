/**
 * "Copy handshake as cURL / websocat": the browser will not say why a handshake failed, the
 * server's own answer will. Cookies are not included (the panel cannot read them); the section
 * says so, so a 401 from a cookie-authenticated endpoint is not a surprise.
 */
import { useEffect, useState } from 'preact/hooks';
import { handshakeAsCurl, handshakeAsWebsocat } from '../../src/handshakeCommand';
import type { Connection } from '../../src/model';
import { copyText } from './files';

export function HandshakeCommands({ c }: { c: Connection }) {
  const [status, setStatus] = useState('');
  useEffect(() => setStatus(''), [c.key]);
  const copy = async (what: string, text: string): Promise<void> => {
    const how = await copyText(text);
    setStatus(
      how === null ? 'Could not copy: the clipboard is not available here.' : `Copied the ${what} command`,
    );
  };
  return (
    <section aria-label="Handshake commands" data-testid="handshake-commands">
      <h4>Handshake</h4>
      <p class="muted">
        Replay the opening handshake outside the browser to see the server's answer (status, headers, body).
        Cookies are not included.
      </p>
      <button type="button" onClick={() => void copy('cURL', handshakeAsCurl(c))}>
        Copy handshake as cURL
      </button>{' '}
      <button type="button" onClick={() => void copy('websocat', handshakeAsWebsocat(c))}>
        Copy handshake as websocat
      </button>{' '}
      <span role="status" data-testid="handshake-status">
        {status}
      </span>
    </section>
  );
}
