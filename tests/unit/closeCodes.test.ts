import { describe, expect, it } from 'vitest';
import {
  type CloseCodeRange,
  closeCodeLabel,
  closeCodeRange,
  describeCloseCode,
  isAllowedInClose,
  REASON_BYTE_LIMIT,
} from '../../src/closeCodes';

describe('registered codes 1000–1015 (RFC 6455 §7.4.1, IANA)', () => {
  it.each([
    { code: 1000, name: /^normal closure$/i, sendable: true },
    { code: 1001, name: /^going away$/i, sendable: true },
    { code: 1002, name: /^protocol error$/i, sendable: true },
    { code: 1003, name: /^unsupported data$/i, sendable: true },
    { code: 1004, name: /^reserved$/i, sendable: true },
    { code: 1005, name: /^no status (rcvd|received)$/i, sendable: false },
    { code: 1006, name: /^abnormal closure$/i, sendable: false },
    { code: 1007, name: /^invalid frame payload data$/i, sendable: true },
    { code: 1008, name: /^policy violation$/i, sendable: true },
    { code: 1009, name: /^message too big$/i, sendable: true },
    { code: 1010, name: /^mandatory ext(\.|ension)$/i, sendable: true },
    { code: 1011, name: /^internal (server )?error$/i, sendable: true },
    { code: 1012, name: /^service restart$/i, sendable: true },
    { code: 1013, name: /^try again later$/i, sendable: true },
    { code: 1014, name: /^bad gateway$/i, sendable: true },
    { code: 1015, name: /^tls handshake$/i, sendable: false },
  ])('$code has its registered name; sendable: $sendable', ({ code, name, sendable }) => {
    const info = describeCloseCode(code);
    expect(info.code).toBe(code);
    expect(info.name).toMatch(name);
    expect(info.meaning.length).toBeGreaterThan(0);
    expect(info.registered).toBe(true);
    expect(info.range).toBe('protocol');
    expect(info.sendable).toBe(sendable);
  });

  it.each([1005, 1006, 1015])('%i must never go on the wire and cannot be passed to close()', (code) => {
    const info = describeCloseCode(code);
    expect(info.sendable).toBe(false);
    expect(info.allowedInClose).toBe(false);
  });
});

describe('isAllowedInClose (1000, or 3000–4999)', () => {
  it.each([
    { code: 0, allowed: false },
    { code: 999, allowed: false },
    { code: 1000, allowed: true },
    { code: 1001, allowed: false },
    { code: 1005, allowed: false },
    { code: 2999, allowed: false },
    { code: 3000, allowed: true },
    { code: 3999, allowed: true },
    { code: 4000, allowed: true },
    { code: 4999, allowed: true },
    { code: 5000, allowed: false },
    { code: 65535, allowed: false },
  ])('$code → $allowed', ({ code, allowed }) => {
    expect(isAllowedInClose(code)).toBe(allowed);
    expect(describeCloseCode(code).allowedInClose).toBe(allowed);
  });
});

describe('closeCodeRange (RFC 6455 §7.4.2)', () => {
  it.each<{ code: number; range: CloseCodeRange }>([
    { code: 0, range: 'unused' },
    { code: 999, range: 'unused' },
    { code: 1000, range: 'protocol' },
    { code: 1016, range: 'protocol' },
    { code: 2999, range: 'protocol' },
    { code: 3000, range: 'registered' },
    { code: 3999, range: 'registered' },
    { code: 4000, range: 'private' },
    { code: 4999, range: 'private' },
    { code: 5000, range: 'invalid' },
    { code: 65535, range: 'invalid' },
  ])('$code → $range', ({ code, range }) => {
    expect(closeCodeRange(code)).toBe(range);
    expect(describeCloseCode(code).range).toBe(range);
  });
});

describe('codes outside the registry', () => {
  it.each([
    { code: 3000, name: 'Unauthorized' },
    { code: 3003, name: 'Forbidden' },
    { code: 3008, name: 'Timeout' },
  ])('$code is the registered "$name"', ({ code, name }) => {
    const info = describeCloseCode(code);
    expect(info.name).toBe(name);
    expect(info.registered).toBe(true);
    expect(info.range).toBe('registered');
    expect(info.allowedInClose).toBe(true);
  });

  it.each([3001, 3002, 3500, 3999])('%i is not claimed as registered (registrants unconfirmed)', (code) => {
    const info = describeCloseCode(code);
    expect(info.registered).toBe(false);
    expect(info.range).toBe('registered');
    expect(info.sendable).toBe(true);
  });

  it('4001 is private use', () => {
    expect(describeCloseCode(4001)).toMatchObject({
      range: 'private',
      registered: false,
      allowedInClose: true,
      sendable: true,
    });
  });

  it.each([1016, 2000, 2999])('%i is an unassigned protocol code', (code) => {
    expect(describeCloseCode(code)).toMatchObject({
      range: 'protocol',
      registered: false,
      allowedInClose: false,
    });
  });

  it.each([999, 5000, 65535])('%i is neither registered nor usable in close()', (code) => {
    expect(describeCloseCode(code)).toMatchObject({
      registered: false,
      allowedInClose: false,
      sendable: false,
    });
  });
});

describe('closeCodeLabel', () => {
  it.each([
    { code: 1000, label: '1000 Normal Closure' },
    { code: 1001, label: '1001 Going Away' },
    { code: 3003, label: '3003 Forbidden' },
  ])('$code → "$label"', ({ code, label }) => {
    expect(closeCodeLabel(code)).toBe(label);
  });

  it('starts with the code for any code', () => {
    for (const code of [0, 1006, 2500, 3500, 4001, 5000]) {
      expect(closeCodeLabel(code)).toMatch(new RegExp(`^${code} \\S`));
    }
  });
});

it('the reason limit is 123 bytes (125-byte control payload minus the 2-byte code)', () => {
  expect(REASON_BYTE_LIMIT).toBe(123);
});
