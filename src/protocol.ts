/**
 * The one message protocol between the page hook (MAIN world), the relay and bridge (isolated
 * content scripts), the background service worker and the panel: every side imports this module.
 * Its pieces, in ./protocol/:
 *
 *   events.ts        connection and document events as the extension keeps them (trusted)
 *   pageEvents.ts    what the page hook sends (untrusted until read)
 *   messages.ts      the messages between the sides, tagged with their sender
 *   fields.ts        field readers and their caps
 *   readCloseCall.ts readEvents.ts readMessages.ts   validation of everything received
 *
 * The page hook itself imports only ./protocolConstants (no validators in the page's world).
 */
import { TRUNCATION_MARK } from './protocolConstants';

export * from './protocol/events';
export * from './protocol/messages';
export * from './protocol/pageEvents';
export { RAW_STRING_LIMIT, readArgSnapshot } from './protocol/readCloseCall';
export {
  readConnectionEvent,
  readHeartbeat,
  readLogEvent,
  readPageEvent,
  readPageMessage,
  readRawLogEvent,
} from './protocol/readEvents';
export { networkHandshakeReader } from './protocol/readHandshake';
export {
  HANDSHAKES_PER_MESSAGE,
  readBackgroundToPanel,
  readBridgeWarnings,
  readFrameEventsMessage,
  readPanelHello,
  readPanelOpenInTab,
  readRelayHandoff,
  readReplayRequest,
} from './protocol/readMessages';
export {
  BRIDGE_EVENT,
  HANDOFF_LIMITS,
  LIMITS,
  PAGE_EVENT,
  PROTOCOL_VERSION,
  SOURCE,
  TRUNCATION_MARK,
} from './protocolConstants';

/** Cap `s` to `max` UTF-16 units with a visible marker; the caller records the exact length. */
export function capText(s: string, max: number): string {
  if (s.length <= max) return s;
  let cut = max;
  const c = s.charCodeAt(cut - 1);
  if (c >= 0xd800 && c <= 0xdbff) cut--; // never split a surrogate pair
  return s.slice(0, cut) + TRUNCATION_MARK;
}
