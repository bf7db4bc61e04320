/**
 * The network layer's handshakes beside the hook's sockets, once per store revision: each
 * socket's handshake for its details and diagnosis, and the handshakes no page socket claimed
 * (made where the hook does not run). An unclaimed handshake is only called unseen after a grace
 * period, so one re-render is scheduled for when the undecided ones settle.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Connection, ConnectionStore } from '../../src/model';
import { type HandshakeMatch, matchHandshakes, UNSEEN_GRACE_MS } from '../../src/networkHandshakes';

export function useHandshakes(store: ConnectionStore, all: readonly Connection[]): HandshakeMatch {
  const [settled, setSettled] = useState(0);
  const match = useMemo(
    () => matchHandshakes(all, store.handshakeList(), Date.now()),
    // `settled` re-runs the match when the grace period of undecided handshakes has passed.
    [store, store.revision, all, settled],
  );
  useEffect(() => {
    if (match.undecided === 0) return;
    const timer = setTimeout(() => setSettled((n) => n + 1), UNSEEN_GRACE_MS);
    return () => clearTimeout(timer);
  }, [match]);
  return match;
}
