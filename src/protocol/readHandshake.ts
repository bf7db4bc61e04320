/**
 * A WebSocket opening handshake as the network layer reported it: the background sends these to
 * the panel, and close logs carry them. Exactly the fields of NetworkHandshake, each capped.
 */
import type { NetworkHandshake } from '../networkHandshakes';
import { type Reader, readInt, readNullable, readObject, readString } from '../validate';
import { readTime } from './fields';

/** A reader with these caps on the URLs and the texts (messages and close logs allow different slack). */
/*@__NO_SIDE_EFFECTS__*/
export function networkHandshakeReader(urlMax: number, textMax: number): Reader<NetworkHandshake> {
  const url = readString(urlMax);
  const text = readNullable(readString(textMax));
  return readObject({
    id: readString(64),
    url,
    frameId: readInt(0, Number.MAX_SAFE_INTEGER),
    origin: readNullable(url),
    startedAt: readTime,
    endedAt: readNullable(readTime),
    status: readNullable(readInt(0, 999)),
    statusLine: text,
    error: text,
  });
}
