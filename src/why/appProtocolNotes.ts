/**
 * How each application protocol uses WebSocket close codes, in one sentence with its source. Most
 * protocols define none and carry their reasons in messages; saying so stops users hunting for a
 * meaning in a 1006 or 1000.
 */
import { CENTRIFUGO_DOCS, GRAPHQL_WS_COMMON, PHOENIX_JS, PUSHER_DOCS } from './appCodes';
import type { AppProtocolId } from './appProtocols';

export interface AppProtocolNote {
  /** How the protocol uses WebSocket close codes, in one sentence. */
  readonly closeCodes: string;
  readonly source: string;
}

const NOTES: Readonly<Record<AppProtocolId, AppProtocolNote>> = {
  'graphql-ws': {
    closeCodes: 'Defines its own close codes in 4000\u20134999 (CloseCode enum).',
    source: GRAPHQL_WS_COMMON,
  },
  'subscriptions-transport-ws': {
    closeCodes: 'Defines no custom close codes; errors travel as connection_error and error messages.',
    source: 'https://github.com/apollographql/subscriptions-transport-ws/blob/master/PROTOCOL.md',
  },
  'socket.io': {
    closeCodes:
      'Uses no custom close codes; reasons travel in Engine.IO/Socket.IO packets, and after the server calls socket.disconnect() ("io server disconnect") the client does not reconnect by itself.',
    source: 'https://socket.io/docs/v4/client-socket-instance/#disconnect',
  },
  phoenix: {
    closeCodes:
      'Uses no custom close codes; phoenix.js stops reconnecting after 1000 and reconnects after any other code.',
    source: PHOENIX_JS,
  },
  'action-cable': {
    closeCodes:
      'Uses no custom close codes; the server sends a "disconnect" message with a reason and a reconnect flag before closing.',
    source: 'https://github.com/rails/rails/blob/main/actioncable/lib/action_cable.rb',
  },
  centrifugo: {
    closeCodes:
      'Client should reconnect after 3000\u20133499 and 4000\u20134499, and not after 3500\u20133999 and 4500\u20134999.',
    source: CENTRIFUGO_DOCS,
  },
  pusher: {
    closeCodes:
      '4000\u20134099: do not reconnect; 4100\u20134199: reconnect after backoff; 4200\u20134299: reconnect at once; 4300\u20134399: other errors.',
    source: PUSHER_DOCS,
  },
  signalr: {
    closeCodes:
      'Uses no custom close codes; the server sends a Close message (optional error and allowReconnect) before closing.',
    source: 'https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md',
  },
  stomp: {
    closeCodes: 'Uses no custom close codes; the server sends an ERROR frame before closing.',
    source: 'https://stomp.github.io/stomp-specification-1.2.html#ERROR',
  },
  mqtt: {
    closeCodes: 'Uses no custom close codes; MQTT 5 reason codes travel in CONNACK and DISCONNECT packets.',
    source: 'https://docs.oasis-open.org/mqtt/mqtt/v5.0/mqtt-v5.0.html',
  },
};

export function describeAppProtocol(protocol: AppProtocolId): AppProtocolNote {
  return NOTES[protocol];
}
