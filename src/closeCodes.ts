/**
 * The one close-code table (RFC 6455 §7.4, IANA "WebSocket Close Code Number Registry").
 * Used by the panel, the page-console warnings and the exports.
 */

export type CloseCodeRange =
  | 'unused' // 0–999: never used
  | 'protocol' // 1000–2999: RFC 6455 and extensions
  | 'registered' // 3000–3999: libraries/frameworks, registered with IANA
  | 'private' // 4000–4999: private use
  | 'invalid'; // ≥ 5000: outside every range

export interface CloseCodeInfo {
  readonly code: number;
  readonly name: string;
  readonly meaning: string;
  readonly range: CloseCodeRange;
  /** May an endpoint put it in a Close frame? (1005, 1006, 1015 never go on the wire.) */
  readonly sendable: boolean;
  /** May a page pass it to WebSocket.close()? Only 1000 and 3000–4999. */
  readonly allowedInClose: boolean;
  /** True when the code is in the registry (not just inside a range). */
  readonly registered: boolean;
}

interface Entry {
  readonly name: string;
  readonly meaning: string;
  readonly sendable?: boolean;
}

const REGISTERED: ReadonlyMap<number, Entry> = new Map<number, Entry>([
  [
    1000,
    {
      name: 'Normal Closure',
      meaning: 'The purpose for which the connection was established has been fulfilled.',
    },
  ],
  [
    1001,
    {
      name: 'Going Away',
      meaning: 'An endpoint is going away: a server going down, or a browser navigating away from the page.',
    },
  ],
  [
    1002,
    { name: 'Protocol Error', meaning: 'An endpoint is terminating the connection due to a protocol error.' },
  ],
  [
    1003,
    {
      name: 'Unsupported Data',
      meaning:
        'An endpoint received a type of data it cannot accept (e.g. binary when it only understands text).',
    },
  ],
  [1004, { name: 'Reserved', meaning: 'Reserved; a meaning might be defined in the future.' }],
  [
    1005,
    {
      name: 'No Status Received',
      meaning: 'The Close frame carried no status code. Reported locally; never sent on the wire.',
      sendable: false,
    },
  ],
  [
    1006,
    {
      name: 'Abnormal Closure',
      meaning:
        'The connection closed without a Close frame (dropped, refused or failed). Reported locally; never sent on the wire.',
      sendable: false,
    },
  ],
  [
    1007,
    {
      name: 'Invalid Frame Payload Data',
      meaning: 'A message contained data inconsistent with its type (e.g. non-UTF-8 text).',
    },
  ],
  [1008, { name: 'Policy Violation', meaning: 'A message violated the endpoint\u2019s policy.' }],
  [1009, { name: 'Message Too Big', meaning: 'A message was too big to process.' }],
  [
    1010,
    {
      name: 'Mandatory Extension',
      meaning: 'The client expected the server to negotiate an extension it did not (sent by clients only).',
    },
  ],
  [
    1011,
    {
      name: 'Internal Error',
      meaning: 'The server met an unexpected condition that prevented it from fulfilling the request.',
    },
  ],
  [1012, { name: 'Service Restart', meaning: 'The service is restarting.' }],
  [
    1013,
    {
      name: 'Try Again Later',
      meaning: 'The service is overloaded or temporarily unavailable; try again later.',
    },
  ],
  [
    1014,
    {
      name: 'Bad Gateway',
      meaning: 'A gateway or proxy received an invalid response from the upstream server.',
    },
  ],
  [
    1015,
    {
      name: 'TLS Handshake',
      meaning: 'The TLS handshake failed. Reported locally; never sent on the wire.',
      sendable: false,
    },
  ],
  [3000, { name: 'Unauthorized', meaning: 'Registered (IANA): the endpoint is not authorized.' }],
  [3003, { name: 'Forbidden', meaning: 'Registered (IANA): the endpoint is authenticated but not allowed.' }],
  [3008, { name: 'Timeout', meaning: 'Registered (IANA): a timeout occurred.' }],
]);

export function closeCodeRange(code: number): CloseCodeRange {
  if (code < 1000) return 'unused';
  if (code < 3000) return 'protocol';
  if (code < 4000) return 'registered';
  if (code < 5000) return 'private';
  return 'invalid';
}

/** The rule WebSocket.close() enforces (WHATWG): 1000, or 3000–4999. */
export function isAllowedInClose(code: number): boolean {
  return code === 1000 || (code >= 3000 && code <= 4999);
}

export function describeCloseCode(code: number): CloseCodeInfo {
  const entry = REGISTERED.get(code);
  const range = closeCodeRange(code);
  const allowedInClose = isAllowedInClose(code);
  if (entry) {
    return {
      code,
      name: entry.name,
      meaning: entry.meaning,
      range,
      sendable: entry.sendable ?? true,
      allowedInClose,
      registered: true,
    };
  }
  switch (range) {
    case 'unused':
      return {
        code,
        name: 'Unused',
        meaning: 'Codes below 1000 are not used.',
        range,
        sendable: false,
        allowedInClose,
        registered: false,
      };
    case 'protocol':
      return {
        code,
        name: 'Unassigned (protocol range)',
        meaning: 'Reserved for the WebSocket protocol and its extensions; not assigned.',
        range,
        sendable: false,
        allowedInClose,
        registered: false,
      };
    case 'registered':
      return {
        code,
        name: 'Library/framework code',
        meaning: 'In the range that libraries and frameworks register with IANA (3000–3999).',
        range,
        sendable: true,
        allowedInClose,
        registered: false,
      };
    case 'private':
      return {
        code,
        name: 'Private use',
        meaning: 'Application-defined (4000–4999): its meaning is agreed between your client and server.',
        range,
        sendable: true,
        allowedInClose,
        registered: false,
      };
    default:
      return {
        code,
        name: 'Invalid',
        meaning: 'Outside every close-code range (above 4999).',
        range,
        sendable: false,
        allowedInClose,
        registered: false,
      };
  }
}

/** "1000 Normal Closure", "4001 Private use". */
export function closeCodeLabel(code: number): string {
  return `${code} ${describeCloseCode(code).name}`;
}

export const REASON_BYTE_LIMIT = 123;
