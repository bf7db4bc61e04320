/**
 * Which connections a tab's store drops when it is over its caps (a count and a byte budget):
 * fair between documents, so a frame that opens thousands of sockets, or a few with huge
 * reasons, cannot evict another frame's rows. Each step takes from the document holding the
 * most of what is over (rows for the count, bytes for the budget) its oldest closed connection,
 * else its oldest.
 */
export interface Evictable {
  readonly key: string;
  readonly docId: string;
  readonly closed: unknown;
}

export interface Caps {
  readonly maxConnections: number;
  readonly maxBytes: number;
}

/** Keys to drop, in order, from `connections` (in creation order) whose sizes are `bytesOf`. */
export function pickEvictions(
  connections: Iterable<Evictable>,
  bytesOf: (key: string) => number,
  caps: Caps,
): Array<{ key: string; docId: string }> {
  const perDoc = new Map<string, { items: Evictable[]; bytes: number }>();
  let count = 0;
  let bytes = 0;
  for (const c of connections) {
    const size = bytesOf(c.key);
    const doc = perDoc.get(c.docId);
    if (doc) {
      doc.items.push(c);
      doc.bytes += size;
    } else perDoc.set(c.docId, { items: [c], bytes: size });
    count++;
    bytes += size;
  }
  const out: Array<{ key: string; docId: string }> = [];
  while (count > caps.maxConnections || (bytes > caps.maxBytes && count > 0)) {
    const byRows = count > caps.maxConnections;
    let victimDoc: { items: Evictable[]; bytes: number } | undefined;
    for (const doc of perDoc.values()) {
      if (doc.items.length === 0) continue;
      const better = byRows
        ? !victimDoc || doc.items.length > victimDoc.items.length
        : !victimDoc || doc.bytes > victimDoc.bytes;
      if (better) victimDoc = doc;
    }
    if (!victimDoc) break;
    let i = victimDoc.items.findIndex((c) => c.closed !== null);
    if (i < 0) i = 0;
    const [victim] = victimDoc.items.splice(i, 1);
    if (!victim) break;
    const size = bytesOf(victim.key);
    victimDoc.bytes -= size;
    bytes -= size;
    count--;
    out.push({ key: victim.key, docId: victim.docId });
  }
  return out;
}
