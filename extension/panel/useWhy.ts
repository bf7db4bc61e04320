/**
 * "Why it closed" for the rows on screen and the open details: the tab's history (storms,
 * double connects, reconnects after terminal codes) is analysed once per store revision, and
 * each connection's findings only when a row or the details ask for them.
 */
import { useMemo } from 'preact/hooks';
import type { Connection, ConnectionStore } from '../../src/model';
import type { HandshakeMatch } from '../../src/networkHandshakes';
import type { WhyFinding } from '../../src/why/certainty';
import { historyOf, whyItClosed } from '../../src/why/explain';

export type WhyOf = (c: Connection) => readonly WhyFinding[];

export function useWhy(
  store: ConnectionStore,
  all: readonly Connection[],
  handshakes: HandshakeMatch,
): WhyOf {
  return useMemo(() => {
    const lifecycleOf = (c: Connection) => store.lifecycleOf(c);
    const history = historyOf(all, lifecycleOf);
    const cache = new Map<string, { revision: number; why: readonly WhyFinding[] }>();
    return (c: Connection) => {
      const hit = cache.get(c.key);
      if (hit && hit.revision === c.revision) return hit.why;
      const why = whyItClosed(c, {
        lifecycle: lifecycleOf(c),
        history,
        handshake: handshakes.byConnection.get(c.key) ?? c.networkHandshake ?? null,
      });
      cache.set(c.key, { revision: c.revision, why });
      return why;
    };
  }, [store, store.revision, all, handshakes]);
}
