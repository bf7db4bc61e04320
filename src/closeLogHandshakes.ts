/**
 * Reading a close log's network-layer handshakes (each connection's `networkHandshake`, the
 * top-level `unseenSockets`). Both are optional extras from webRequest: a bad one is left out,
 * never the connection or the file (as with `handshakeReplay`, which the reader ignores).
 */
import { MAX_UNSEEN_SOCKETS } from './closeLog';
import type { NetworkHandshake } from './networkHandshakes';
import { LIMITS, networkHandshakeReader } from './protocol';
import { isRecord } from './validate';

/** Exactly the fields of NetworkHandshake, each within its cap (+20 slack, as for every URL in a log). */
export const readNetworkHandshake = networkHandshakeReader(LIMITS.url + 20, LIMITS.text + 20);

/** A connection's `networkHandshake`: absent or malformed reads as undefined (left out). */
export function readConnectionHandshake(connection: unknown): NetworkHandshake | undefined {
  if (!isRecord(connection) || !Object.hasOwn(connection, 'networkHandshake')) return undefined;
  return readNetworkHandshake(connection.networkHandshake);
}

/**
 * The top-level `unseenSockets`: absent, or anything but a list, reads as []; past the cap the
 * newest (the last) are kept; a malformed entry is left out.
 */
export function readUnseenSockets(raw: unknown): NetworkHandshake[] {
  if (!Array.isArray(raw)) return [];
  const unseen: NetworkHandshake[] = [];
  for (let i = Math.max(0, raw.length - MAX_UNSEEN_SOCKETS); i < raw.length; i++) {
    const h = readNetworkHandshake(raw[i]);
    if (h) unseen.push(h);
  }
  return unseen;
}
