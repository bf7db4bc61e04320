/**
 * Which application protocol runs over a socket. Close codes 3000–4999 only mean something within
 * a protocol (4001 is "application does not exist" to Pusher and whatever the app likes elsewhere),
 * so the code tables in appCodes.ts need this first. A negotiated subprotocol proves the protocol;
 * a requested one or a URL shape only suggests it.
 */
import type { Certainty } from './certainty';

export type AppProtocolId =
  | 'graphql-ws'
  | 'subscriptions-transport-ws'
  | 'socket.io'
  | 'phoenix'
  | 'action-cable'
  | 'centrifugo'
  | 'pusher'
  | 'signalr'
  | 'stomp'
  | 'mqtt';

export const APP_PROTOCOL_NAMES: Readonly<Record<AppProtocolId, string>> = {
  'graphql-ws': 'GraphQL over WebSocket (graphql-ws)',
  'subscriptions-transport-ws': 'subscriptions-transport-ws (legacy Apollo)',
  'socket.io': 'Socket.IO / Engine.IO',
  phoenix: 'Phoenix Channels',
  'action-cable': 'Rails Action Cable',
  centrifugo: 'Centrifugo',
  pusher: 'Pusher Channels protocol',
  signalr: 'ASP.NET Core SignalR',
  stomp: 'STOMP',
  mqtt: 'MQTT over WebSocket',
};

export interface AppProtocolMatch {
  readonly protocol: AppProtocolId;
  readonly name: string;
  /** The fact it rests on, e.g. 'negotiated subprotocol "graphql-transport-ws"'. */
  readonly evidence: string;
  readonly certainty: Certainty;
}

export interface AppProtocolInput {
  readonly url: string;
  /** WebSocket.protocol after open ('' or null when none was negotiated). */
  readonly protocol?: string | null;
  /** The protocols argument of the constructor. */
  readonly requestedProtocols?: readonly string[];
}

interface SubprotocolRule {
  readonly protocol: AppProtocolId;
  readonly matches: (subprotocol: string) => boolean;
  readonly source: string;
}

const exact =
  (...names: string[]) =>
  (s: string) =>
    names.includes(s.toLowerCase());

/** Subprotocol names as the libraries send them. Each rule cites where the name is defined. */
export const SUBPROTOCOL_RULES: readonly SubprotocolRule[] = [
  {
    protocol: 'graphql-ws',
    matches: exact('graphql-transport-ws'),
    source: 'https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md',
  },
  {
    // The legacy library's subprotocol is confusingly named "graphql-ws".
    protocol: 'subscriptions-transport-ws',
    matches: exact('graphql-ws'),
    source: 'https://github.com/enisdenjo/graphql-ws/blob/master/src/common.ts',
  },
  {
    // actioncable-v1-json (Rails); AnyCable adds -msgpack, -protobuf and -ext-json variants.
    protocol: 'action-cable',
    matches: (s) => s.toLowerCase().startsWith('actioncable-v1-'),
    source: 'https://github.com/rails/rails/blob/main/actioncable/lib/action_cable.rb',
  },
  {
    protocol: 'stomp',
    matches: exact('v10.stomp', 'v11.stomp', 'v12.stomp'),
    source: 'https://stomp.github.io/stomp-specification-1.2.html',
  },
  {
    // "mqtt" for 3.1.1 and 5.0; "mqttv3.1" for 3.1.
    protocol: 'mqtt',
    matches: exact('mqtt', 'mqttv3.1'),
    source: 'https://docs.oasis-open.org/mqtt/mqtt/v5.0/mqtt-v5.0.html',
  },
];

function fromSubprotocol(subprotocol: string): SubprotocolRule | undefined {
  return SUBPROTOCOL_RULES.find((rule) => rule.matches(subprotocol));
}

function match(protocol: AppProtocolId, evidence: string, certainty: Certainty): AppProtocolMatch {
  return { protocol, name: APP_PROTOCOL_NAMES[protocol], evidence, certainty };
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** URL shapes the client libraries build by default. Order matters: the most specific first. */
function fromUrl(url: URL): AppProtocolMatch | null {
  const path = url.pathname;
  const q = url.searchParams;
  const host = url.hostname.toLowerCase();
  if (q.has('EIO') && (path.includes('/socket.io') || q.get('transport') === 'websocket')) {
    return match('socket.io', `URL ${path}?EIO=${q.get('EIO')} (Engine.IO handshake query)`, 'likely');
  }
  if (path.endsWith('/connection/websocket')) {
    return match('centrifugo', `URL path ${path} (Centrifugo's WebSocket endpoint)`, 'likely');
  }
  if (path.endsWith('/websocket') && q.has('vsn')) {
    return match('phoenix', `URL path ${path} with vsn=${q.get('vsn')} (Phoenix socket)`, 'likely');
  }
  if (/^ws(-[a-z0-9-]+)?\.pusher(app)?\.com$/.test(host)) {
    return match('pusher', `host ${host} (Pusher Channels)`, 'likely');
  }
  if (/^\/app\/[^/]+\/?$/.test(path) && q.has('protocol')) {
    // Pusher-compatible servers (Laravel Reverb, Soketi) use the same /app/<key>?protocol=7 URL.
    return match('pusher', `URL ${path}?protocol=${q.get('protocol')} (Pusher protocol URL)`, 'likely');
  }
  if (path === '/cable' || path.endsWith('/cable')) {
    return match('action-cable', `URL path ${path} (Action Cable's default mount path)`, 'likely');
  }
  // SignalR adds ?id=<connection token> after negotiating, and hubs are conventionally named *Hub;
  // both are only conventions, so this stays a guess.
  const last = path.split('/').filter(Boolean).pop() ?? '';
  if (q.has('id') && /hub/i.test(last)) {
    return match('signalr', `URL path ${path} with id= (SignalR connection token)`, 'possible');
  }
  return null;
}

/** The application protocol, or null when nothing identifies it. */
export function detectAppProtocol(input: AppProtocolInput): AppProtocolMatch | null {
  const negotiated = input.protocol?.trim();
  if (negotiated) {
    const rule = fromSubprotocol(negotiated);
    if (rule) return match(rule.protocol, `negotiated subprotocol "${negotiated}"`, 'certain');
  }
  for (const requested of input.requestedProtocols ?? []) {
    const rule = fromSubprotocol(requested);
    // The client library asked for it; the server may not have agreed (or the socket never opened).
    if (rule) return match(rule.protocol, `requested subprotocol "${requested}"`, 'likely');
  }
  const url = parseUrl(input.url);
  return url ? fromUrl(url) : null;
}

export type { AppCodeInfo, CodeRange, Reaction } from './appCodes';
export { describeAppCode, isDoNotRetry, terminalCodes } from './appCodes';
export type { AppProtocolNote } from './appProtocolNotes';
export { describeAppProtocol } from './appProtocolNotes';
