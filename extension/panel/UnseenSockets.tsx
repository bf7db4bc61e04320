/**
 * Handshakes the browser's network layer reported that no page socket claimed: sockets made where
 * the page hook does not run (a dedicated worker, above all) or through Chromium's WebSocketStream,
 * which the hook does not wrap. Their close is invisible to this extension; the list says so
 * instead of leaving them out silently.
 */
import type { Engine } from '../../src/engine';
import { describeHandshake, type NetworkHandshake } from '../../src/networkHandshakes';
import { clock } from './format';

const WHY_UNSEEN: Record<Engine, string> = {
  chromium:
    'Opened where the page hook does not run (a worker, most likely) or through an API it does not wrap (WebSocketStream): the network layer saw the handshake, but its close() calls and close event are out of reach. Chrome DevTools’ Network panel (filter “WS”) shows its frames.',
  firefox:
    'Opened where the page hook does not run (a worker, most likely): the network layer saw the handshake, but its close() calls and close event are out of reach, and Firefox gives extensions no other way in. Firefox DevTools’ Network panel shows its frames.',
  webkit: 'Opened where the page hook does not run: its close is out of reach.',
};

export function UnseenSockets({ unseen, engine }: { unseen: readonly NetworkHandshake[]; engine: Engine }) {
  if (unseen.length === 0) return null;
  const n = unseen.length;
  return (
    <details class="unseen" data-testid="unseen-sockets">
      <summary>
        {n} {n === 1 ? 'socket' : 'sockets'} the page hook did not see (network layer only)
      </summary>
      <p class="muted">{WHY_UNSEEN[engine]}</p>
      <ul>
        {unseen.map((h) => (
          <li key={h.id} data-testid="unseen-socket">
            <span class="muted">{clock(h.startedAt)}</span> <span class="url">{h.url}</span> —{' '}
            <span data-testid="unseen-outcome">{describeHandshake(h)}</span>
          </li>
        ))}
      </ul>
    </details>
  );
}
