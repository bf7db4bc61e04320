/**
 * Readers for the messages between the extension's sides. Each accepts one sender (its SOURCE
 * tag) and one type; everything else in a message is checked field by field.
 */

import { HANDOFF_LIMITS, LIMITS, SOURCE, TRUNCATION_MARK } from '../protocolConstants';
import {
  optional,
  type Reader,
  readArray,
  readBool,
  readInt,
  readLiteral,
  readObject,
  readString,
} from '../validate';
import { readCount, readDocId, readTabId, readText, readTime, readUrl, readVersion } from './fields';
import type {
  BackgroundToPanel,
  BridgeWarnings,
  FrameEventsMessage,
  PanelHello,
  PanelOpenInTab,
  RelayHandoff,
  ReplayRequest,
} from './messages';
import { readLogEvent, readRawLogEvent } from './readEvents';
import { networkHandshakeReader } from './readHandshake';

type Source = (typeof SOURCE)[keyof typeof SOURCE];
type Fields = Record<string, Reader<unknown>>;

/** A message from `source` of type `type` with these other fields. */
/*@__NO_SIDE_EFFECTS__*/
function message<const S extends Source, const T extends string, F extends Fields>(
  source: S,
  type: T,
  fields: F,
) {
  return readObject({ source: readLiteral(source), type: readLiteral(type), ...fields });
}

const readEvents = readArray(readLogEvent, LIMITS.eventsPerBatch);

export const readFrameEventsMessage: Reader<FrameEventsMessage> = message(SOURCE.bridge, 'frame-events', {
  docId: readDocId,
  replay: readBool,
  events: readArray(readRawLogEvent, LIMITS.eventsPerBatch),
});

/** Warning lines are the background's own text about capped page data: this bounds them anyway. */
const MAX_WARNING_LINE = 8 * LIMITS.text;

export const readBridgeWarnings: Reader<BridgeWarnings> = message(SOURCE.background, 'warn', {
  docId: readDocId,
  lines: readArray(readString(MAX_WARNING_LINE), 100),
});

const readHandoffShape = message(SOURCE.relay, 'handoff', {
  docId: readDocId,
  start: readTime,
  batches: readArray(readString(HANDOFF_LIMITS.chars), HANDOFF_LIMITS.batches),
  lost: readCount,
});

export function readRelayHandoff(v: unknown): RelayHandoff | undefined {
  const handoff = readHandoffShape(v);
  if (!handoff) return undefined;
  let chars = 0;
  for (const batch of handoff.batches) chars += batch.length;
  return chars <= HANDOFF_LIMITS.chars ? handoff : undefined;
}

export const readPanelHello: Reader<PanelHello> = message(SOURCE.panel, 'subscribe', {
  v: readVersion,
  tabId: readTabId,
});

export const readPanelOpenInTab: Reader<PanelOpenInTab> = message(SOURCE.panel, 'open-in-tab', {
  tabId: readTabId,
});

export const readReplayRequest: Reader<ReplayRequest> = message(SOURCE.background, 'replay', {});

/** At most this many handshakes per message; the background sends more in several. */
export const HANDSHAKES_PER_MESSAGE = 200;

const backgroundToPanelReaders: { readonly [T in BackgroundToPanel['type']]: Reader<BackgroundToPanel> } = {
  'frame-events': message(SOURCE.background, 'frame-events', {
    tabId: readTabId,
    frameId: readInt(0, Number.MAX_SAFE_INTEGER),
    frameUrl: readUrl,
    docId: readDocId,
    replay: readBool,
    events: readEvents,
  }),
  welcome: message(SOURCE.background, 'welcome', {
    v: readVersion,
    tabId: readTabId,
    error: optional(readText),
  }),
  'tab-closed': message(SOURCE.background, 'tab-closed', { tabId: readTabId }),
  handshakes: message(SOURCE.background, 'handshakes', {
    tabId: readTabId,
    handshakes: readArray(
      networkHandshakeReader(LIMITS.url + TRUNCATION_MARK.length, LIMITS.text + TRUNCATION_MARK.length),
      HANDSHAKES_PER_MESSAGE,
    ),
  }),
  navigated: message(SOURCE.background, 'navigated', {
    tabId: readTabId,
    url: readUrl,
    t: readTime,
    committed: readTime,
  }),
};

export function readBackgroundToPanel(v: unknown): BackgroundToPanel | undefined {
  const head = readObject({ source: readLiteral(SOURCE.background), type: readString(64) })(v);
  if (!head || !Object.hasOwn(backgroundToPanelReaders, head.type)) return undefined;
  return backgroundToPanelReaders[head.type as BackgroundToPanel['type']](v);
}
