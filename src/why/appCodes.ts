/**
 * Close codes per application protocol, and what the protocol expects the client to do next.
 * "Reaction" follows the protocol's reference client where there is one (graphql-ws client.ts,
 * pusher-js protocol.ts, Centrifuge disconnect.go), because that is what a correct client does
 * and what the reconnect analysis holds the page to. Every table entry cites its source.
 */
import type { AppProtocolId } from './appProtocols';

export type Reaction =
  | 'do not reconnect'
  | 'reconnect after backoff'
  | 'reconnect at once'
  | 'reconnect using wss://';

export interface AppCodeInfo {
  readonly code: number;
  readonly name: string;
  readonly meaning: string;
  readonly reaction: Reaction;
  /** Who puts the code in the Close frame; 'local' codes are made up by the client library and never sent. */
  readonly sentBy: 'server' | 'client' | 'local';
  readonly source: string;
}

export interface CodeRange {
  readonly from: number;
  readonly to: number;
}

type Entry = readonly [
  code: number,
  name: string,
  meaning: string,
  reaction: Reaction,
  sentBy?: 'client' | 'local',
];

export const GRAPHQL_WS_COMMON = 'https://github.com/enisdenjo/graphql-ws/blob/master/src/common.ts';
const GRAPHQL_WS_CLIENT = 'https://github.com/enisdenjo/graphql-ws/blob/master/src/client.ts';
export const PUSHER_DOCS =
  'https://pusher.com/docs/channels/library_auth_reference/pusher-websockets-protocol/#error-codes';
const PUSHER_JS = 'https://github.com/pusher/pusher-js/blob/master/src/core/connection/protocol/protocol.ts';
const CENTRIFUGE = 'https://github.com/centrifugal/centrifuge/blob/master/disconnect.go';
export const CENTRIFUGO_DOCS = 'https://centrifugal.dev/docs/server/codes';
export const PHOENIX_JS = 'https://github.com/phoenixframework/phoenix/blob/main/assets/js/phoenix/socket.js';

// Reactions from shouldRetryConnectOrThrow in client.ts: 4403 and the two timeouts are retried
// ("might grant access after retry"), the other protocol codes are fatal.
const GRAPHQL_WS: readonly Entry[] = [
  [4400, 'Bad request', 'A message was invalid or unexpected.', 'do not reconnect'],
  [
    4401,
    'Unauthorized',
    'The client subscribed before the server acknowledged the connection.',
    'do not reconnect',
  ],
  [
    4403,
    'Forbidden',
    'The server refused the connection (e.g. onConnect returned false).',
    'reconnect after backoff',
  ],
  [
    4406,
    'Subprotocol not acceptable',
    'The socket did not negotiate graphql-transport-ws.',
    'do not reconnect',
  ],
  [
    4408,
    'Connection initialisation timeout',
    'The client sent no connection_init in time.',
    'reconnect after backoff',
  ],
  [4409, 'Subscriber already exists', 'A subscription id was reused while still active.', 'do not reconnect'],
  [
    4429,
    'Too many initialisation requests',
    'The client sent connection_init more than once.',
    'do not reconnect',
  ],
  [4500, 'Internal server error', 'The server failed while handling the connection.', 'do not reconnect'],
  [4004, 'Bad response', 'The client received a message it could not accept.', 'do not reconnect', 'client'],
  [
    4005,
    'Internal client error',
    'The client failed while handling the connection.',
    'do not reconnect',
    'client',
  ],
  [
    4504,
    'Connection acknowledgement timeout',
    'The server sent no connection_ack in time.',
    'reconnect after backoff',
    'client',
  ],
  [
    4499,
    'Terminated',
    'client.terminate() gave up on a stuck socket; never sent on the wire.',
    'reconnect after backoff',
    'local',
  ],
];

// Ranges from the protocol documentation; reactions as pusher-js getCloseAction applies them.
const PUSHER: readonly Entry[] = [
  [4000, 'SSL only', 'The application only accepts TLS connections.', 'reconnect using wss://'],
  [4001, 'Application does not exist', 'The app key is unknown.', 'do not reconnect'],
  [4003, 'Application disabled', 'The application is disabled.', 'do not reconnect'],
  [4004, 'Over connection quota', 'The application has reached its connection limit.', 'do not reconnect'],
  [4005, 'Path not found', 'The connection URL path is wrong.', 'do not reconnect'],
  [4006, 'Invalid version string format', 'The protocol version parameter is malformed.', 'do not reconnect'],
  [
    4007,
    'Unsupported protocol version',
    'The server does not speak the requested protocol version.',
    'do not reconnect',
  ],
  [4008, 'No protocol version supplied', 'The URL lacks the protocol parameter.', 'do not reconnect'],
  [4009, 'Connection is unauthorized', 'The connection was not authorized.', 'do not reconnect'],
  [
    4100,
    'Over capacity',
    'The server is over capacity; reconnect after 1 s or more.',
    'reconnect after backoff',
  ],
  [
    4200,
    'Generic reconnect immediately',
    'The server asks the client to reconnect now.',
    'reconnect at once',
  ],
  [4201, 'Pong reply not received', 'The server pinged and no pong came back in time.', 'reconnect at once'],
  [
    4202,
    'Closed after inactivity',
    'The client was inactive too long and does not support ping.',
    'reconnect at once',
  ],
  [
    4301,
    'Client event rejected due to rate limit',
    'Client events exceeded the rate limit.',
    'do not reconnect',
  ],
];

const CENTRIFUGO: readonly Entry[] = [
  [3001, 'Shutdown', 'The server node is shutting down.', 'reconnect after backoff'],
  [
    3004,
    'Internal server error',
    'The server failed while handling the connection.',
    'reconnect after backoff',
  ],
  [
    3005,
    'Connection expired',
    'The connection token expired; reconnect with a fresh token.',
    'reconnect after backoff',
  ],
  [3006, 'Subscription expired', 'A subscription token expired.', 'reconnect after backoff'],
  [3008, 'Slow', 'The client did not read messages fast enough.', 'reconnect after backoff'],
  [3009, 'Write error', 'The server failed to write to the connection.', 'reconnect after backoff'],
  [
    3010,
    'Insufficient state',
    'The client missed publications; reconnect to recover them.',
    'reconnect after backoff',
  ],
  [3011, 'Force reconnect', 'The server asked the client to reconnect.', 'reconnect after backoff'],
  [3012, 'No pong', 'The client did not answer the server\u2019s pings in time.', 'reconnect after backoff'],
  [3500, 'Invalid token', 'The connection token is invalid.', 'do not reconnect'],
  [3501, 'Bad request', 'Malformed frames or commands in the wrong order.', 'do not reconnect'],
  [3502, 'Stale', 'The connection did not authenticate in time after dialing.', 'do not reconnect'],
  [
    3503,
    'Force disconnect',
    'The server disconnected the client and asks it not to return.',
    'do not reconnect',
  ],
  [3504, 'Connection limit', 'The user exceeded the connection limit.', 'do not reconnect'],
  [3505, 'Channel limit', 'The connection exceeded the channel limit.', 'do not reconnect'],
];

const TABLES: Partial<Record<AppProtocolId, { entries: readonly Entry[]; source: string }>> = {
  'graphql-ws': { entries: GRAPHQL_WS, source: GRAPHQL_WS_COMMON },
  pusher: { entries: PUSHER, source: PUSHER_DOCS },
  centrifugo: { entries: CENTRIFUGO, source: CENTRIFUGE },
};

/** Ranges whose reaction the protocol fixes for every code inside, listed or not. */
const RANGES: Partial<
  Record<AppProtocolId, readonly (CodeRange & { reaction: Reaction; source: string })[]>
> = {
  pusher: [
    { from: 4000, to: 4099, reaction: 'do not reconnect', source: PUSHER_DOCS },
    { from: 4100, to: 4199, reaction: 'reconnect after backoff', source: PUSHER_DOCS },
    { from: 4200, to: 4299, reaction: 'reconnect at once', source: PUSHER_DOCS },
    // The docs only say "any other type of error"; pusher-js refuses to reconnect.
    { from: 4300, to: 4399, reaction: 'do not reconnect', source: PUSHER_JS },
  ],
  centrifugo: [
    { from: 3000, to: 3499, reaction: 'reconnect after backoff', source: CENTRIFUGE },
    { from: 3500, to: 3999, reaction: 'do not reconnect', source: CENTRIFUGE },
    { from: 4000, to: 4499, reaction: 'reconnect after backoff', source: CENTRIFUGE },
    { from: 4500, to: 4999, reaction: 'do not reconnect', source: CENTRIFUGE },
  ],
};

function inRange(code: number, r: CodeRange): boolean {
  return code >= r.from && code <= r.to;
}

/** The protocol's meaning of a close code, or null when the protocol says nothing about it. */
export function describeAppCode(protocol: AppProtocolId, code: number): AppCodeInfo | null {
  const table = TABLES[protocol];
  const entry = table?.entries.find(([c]) => c === code);
  if (table && entry) {
    const [, name, meaning, reaction, sentBy] = entry;
    const source = protocol === 'graphql-ws' && sentBy !== undefined ? GRAPHQL_WS_CLIENT : table.source;
    return { code, name, meaning, reaction, sentBy: sentBy ?? 'server', source };
  }
  const range = RANGES[protocol]?.find((r) => inRange(code, r));
  if (range) {
    return {
      code,
      name: `${protocol === 'pusher' ? 'Pusher' : 'Centrifugo'} ${range.from}\u2013${range.to}`,
      meaning: `Not listed by name; the protocol fixes the reaction for the whole ${range.from}\u2013${range.to} range.`,
      reaction: range.reaction,
      sentBy: 'server',
      source: range.source,
    };
  }
  if (protocol === 'phoenix' && code === 1000) {
    return {
      code,
      name: 'Normal Closure',
      meaning:
        'phoenix.js treats 1000 as final, whoever sent it, and stops reconnecting; it reconnects after any other code.',
      reaction: 'do not reconnect',
      sentBy: 'server',
      source: PHOENIX_JS,
    };
  }
  return null;
}

/**
 * Codes after which reconnecting with the same parameters cannot succeed. Of the standard codes
 * only 1008 Policy Violation qualifies: 1002/1003 can follow a one-off bad message and clients such
 * as pusher-js legitimately back off and retry them.
 */
const STANDARD_TERMINAL: readonly CodeRange[] = [{ from: 1008, to: 1008 }];

/** The standard terminal codes plus the protocol's own, as ranges (a single code is from = to). */
export function terminalCodes(protocol: AppProtocolId | null): readonly CodeRange[] {
  const ranges: CodeRange[] = [...STANDARD_TERMINAL];
  if (!protocol) return ranges;
  for (const [code, , , reaction, sentBy] of TABLES[protocol]?.entries ?? []) {
    // Only what a server sends can tell the client to stay away.
    if (reaction === 'do not reconnect' && sentBy === undefined) ranges.push({ from: code, to: code });
  }
  for (const r of RANGES[protocol] ?? []) {
    if (r.reaction === 'do not reconnect') ranges.push({ from: r.from, to: r.to });
  }
  return ranges;
}

/** True when a reconnect after `code` is a mistake under `protocol` (or the standard rules when null). */
export function isDoNotRetry(protocol: AppProtocolId | null, code: number): boolean {
  return terminalCodes(protocol).some((r) => inRange(code, r));
}
