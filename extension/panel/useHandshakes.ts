/**
 * The network layer's handshakes beside the hook's sockets, once per store revision: each
 * socket's handshake for its details and diagnosis, and the handshakes no page socket claimed
 * (made where the hook does not run). An unclaimed handshake is only called unseen after a grace
 * period, so one re-render is scheduled for when the undecided ones settle.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { Connection, ConnectionStore } from '../../src/model';
import {
  type HandshakeMatch,
  MATCH_BEFORE_MS,
  matchHandshakes,
  UNSEEN_GRACE_MS,
} from '../../src/networkHandshakes';

export function useHandshakes(
  store: ConnectionStore,
  all: readonly Connection[],
  imported: boolean,
): HandshakeMatch {
  const [settled, setSettled] = useState(0);
  const match = useMemo(() => {
    // An imported log was matched when it was exported: its sockets carry their handshakes and
    // its unseen list stays as it was.
    if (imported) return { byConnection: new Map(), unseen: store.handshakeList(), undecided: 0 };
    const m = matchHandshakes(all, store.handshakeList(), Date.now());
    if (store.droppedConnections === 0 || all.length === 0) return m;
    // Rows dropped by the cap took their sockets with them: their handshakes are not "unseen".
    let oldest = Number.POSITIVE_INFINITY;
    for (const c of all) oldest = Math.min(oldest, c.createdAt);
    return { ...m, unseen: m.unseen.filter((h) => h.startedAt >= oldest - MATCH_BEFORE_MS) };
    // `settled` re-runs the match when the grace period of undecided handshakes has passed.
  }, [store, store.revision, all, imported, settled]);
  useEffect(() => {
    if (match.undecided === 0) return;
    const timer = setTimeout(() => setSettled((n) => n + 1), UNSEEN_GRACE_MS);
    return () => clearTimeout(timer);
  }, [match]);
  return match;
}
