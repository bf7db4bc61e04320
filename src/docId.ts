/**
 * A random id for one document's log. Not crypto.randomUUID: that exists only in secure
 * contexts, and pages on plain http (an intranet host, a LAN address) are not one.
 */
export function newDocId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let id = '';
  for (const b of bytes) id += b.toString(16).padStart(2, '0');
  return id;
}
