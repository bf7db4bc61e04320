import { describe, expect, it } from 'vitest';
import {
  type CloseArgs,
  type CloseErrorName,
  evaluateAllProfiles,
  evaluateClose,
  modelAgrees,
  PROFILES,
  type Profile,
  type Verdict,
} from '../../src/closeRules';
import type { ArgPrimitive } from '../../src/webidl';

const P = "Failed to execute 'close' on 'WebSocket': ";
const chromiumCode = (n: number) =>
  `${P}The close code must be either 1000, or between 3000 and 4999. ${n} is neither.`;
const CHROMIUM_REASON = `${P}The close reason must not be greater than 123 UTF-8 bytes.`;
const FIREFOX_CODE = 'A parameter or an operation is not supported by the underlying object';
const FIREFOX_REASON = 'An invalid or illegal string was specified';

function args(...list: ArgPrimitive[]): CloseArgs {
  return { argc: list.length, code: list[0], reason: list[1] };
}

type Outcome =
  | { readonly ok: true; readonly code: number | null }
  | { readonly ok: false; readonly errorName: CloseErrorName; readonly code?: number };

const ok = (code: number | null): Outcome => ({ ok: true, code });
const invalidAccess = (code: number): Outcome => ({ ok: false, errorName: 'InvalidAccessError', code });
const SYNTAX: Outcome = { ok: false, errorName: 'SyntaxError' };
const TYPE: Outcome = { ok: false, errorName: 'TypeError' };

interface Row {
  readonly call: string;
  readonly args: CloseArgs;
  readonly spec: Outcome;
  readonly chromium: Outcome;
  readonly firefox: Outcome;
  /** WebKit: validates the reason only with a code; [Clamp] truncated historically (spec-notes §3). */
  readonly webkit: Outcome;
  /** Expected converted reason / byte count for the profiles where the call is accepted. */
  readonly reason?: string | null;
  readonly reasonBytes?: number | null;
}

const all = (o: Outcome) => ({ spec: o, chromium: o, firefox: o, webkit: o });

const LONG_124 = 'x'.repeat(124);

// Every row of the spec-notes tables (§2 and "Observed in real browsers"), plus the range boundaries.
const ROWS: readonly Row[] = [
  { call: 'close(3000.5)', args: args(3000.5), ...all(ok(3000)) },
  {
    call: 'close(2999.5)',
    args: args(2999.5),
    spec: ok(3000),
    chromium: invalidAccess(2999),
    firefox: ok(3000),
    webkit: invalidAccess(2999),
  },
  {
    call: 'close(4999.5)',
    args: args(4999.5),
    spec: invalidAccess(5000),
    chromium: ok(4999),
    firefox: invalidAccess(5000),
    webkit: ok(4999),
  },
  {
    call: 'close(3000.7)',
    args: args(3000.7),
    spec: ok(3001),
    chromium: ok(3000),
    firefox: ok(3001),
    webkit: ok(3000),
  },
  { call: 'close(-0)', args: args(-0), ...all(invalidAccess(0)) },
  { call: 'close(-1)', args: args(-1), ...all(invalidAccess(0)) },
  { call: 'close(null)', args: args(null), ...all(invalidAccess(0)) },
  { call: 'close(NaN)', args: args(Number.NaN), ...all(invalidAccess(0)) },
  { call: 'close(1000.4)', args: args(1000.4), ...all(ok(1000)) },
  { call: 'close(true)', args: args(true), ...all(invalidAccess(1)) },
  { call: "close('1000')", args: args('1000'), ...all(ok(1000)) },
  { call: "close('abc')", args: args('abc'), ...all(invalidAccess(0)) },
  { call: "close([]) → close('')", args: args(''), ...all(invalidAccess(0)) },
  { call: "close([3000]) → close('3000')", args: args('3000'), ...all(ok(3000)) },
  { call: 'close({valueOf(){return 3001}}) → close(3001)', args: args(3001), ...all(ok(3001)) },
  { call: 'close(1e10)', args: args(1e10), ...all(invalidAccess(65535)) },
  { call: 'close(Infinity)', args: args(Number.POSITIVE_INFINITY), ...all(invalidAccess(65535)) },
  { call: 'close(-Infinity)', args: args(Number.NEGATIVE_INFINITY), ...all(invalidAccess(0)) },
  { call: 'close(10n)', args: args(10n), ...all(TYPE) },
  { call: 'close(Symbol())', args: args(Symbol()), ...all(TYPE) },
  { call: 'close(1000, 123)', args: args(1000, 123), ...all(ok(1000)), reason: '123', reasonBytes: 3 },
  { call: 'close(1000, null)', args: args(1000, null), ...all(ok(1000)), reason: 'null', reasonBytes: 4 },
  {
    call: 'close(1000, undefined)',
    args: args(1000, undefined),
    ...all(ok(1000)),
    reason: null,
    reasonBytes: null,
  },
  {
    call: "close(1000, '\\uD800')",
    args: args(1000, '\uD800'),
    ...all(ok(1000)),
    reason: '\uFFFD',
    reasonBytes: 3,
  },
  { call: "close(1000, 'é' × 62)", args: args(1000, 'é'.repeat(62)), ...all(SYNTAX) },
  {
    call: "close(1000, '😀' × 30)",
    args: args(1000, '😀'.repeat(30)),
    ...all(ok(1000)),
    reason: '😀'.repeat(30),
    reasonBytes: 120,
  },
  { call: "close(1000, '😀' × 31)", args: args(1000, '😀'.repeat(31)), ...all(SYNTAX) },
  { call: "close(1000, '\\uD800' × 42)", args: args(1000, '\uD800'.repeat(42)), ...all(SYNTAX) },
  {
    call: "close(1000, 'x' × 123)",
    args: args(1000, 'x'.repeat(123)),
    ...all(ok(1000)),
    reasonBytes: 123,
  },
  { call: "close(1000, 'x' × 124)", args: args(1000, LONG_124), ...all(SYNTAX) },
  {
    call: "close(5000, 'x' × 124) (code checked first)",
    args: args(5000, LONG_124),
    ...all(invalidAccess(5000)),
  },
  { call: 'close(5000, Symbol()) (conversion first)', args: args(5000, Symbol()), ...all(TYPE) },
  { call: 'close(1000, Symbol())', args: args(1000, Symbol()), ...all(TYPE) },
  { call: 'close(1000, 10n)', args: args(1000, 10n), ...all(ok(1000)), reason: '10', reasonBytes: 2 },
  {
    call: "close(undefined, 'bye')",
    args: args(undefined, 'bye'),
    spec: ok(null),
    chromium: invalidAccess(0),
    firefox: ok(null),
    webkit: ok(null),
  },
  {
    call: "close(undefined, '')",
    args: args(undefined, ''),
    spec: ok(null),
    chromium: invalidAccess(0),
    firefox: ok(null),
    webkit: ok(null),
  },
  {
    call: "close(undefined, 'x' × 124)",
    args: args(undefined, LONG_124),
    spec: SYNTAX,
    chromium: invalidAccess(0),
    firefox: SYNTAX,
    webkit: ok(null),
  },
  { call: 'close()', args: args(), ...all(ok(null)), reason: null, reasonBytes: null },
  { call: 'close(undefined)', args: args(undefined), ...all(ok(null)), reason: null },
  { call: "close(4001, 'bye')", args: args(4001, 'bye'), ...all(ok(4001)), reason: 'bye', reasonBytes: 3 },
  { call: 'close(999)', args: args(999), ...all(invalidAccess(999)) },
  { call: 'close(1000)', args: args(1000), ...all(ok(1000)) },
  { call: 'close(1001)', args: args(1001), ...all(invalidAccess(1001)) },
  { call: 'close(1005)', args: args(1005), ...all(invalidAccess(1005)) },
  { call: 'close(2999)', args: args(2999), ...all(invalidAccess(2999)) },
  { call: 'close(3000)', args: args(3000), ...all(ok(3000)) },
  { call: 'close(4999)', args: args(4999), ...all(ok(4999)) },
  { call: 'close(5000)', args: args(5000), ...all(invalidAccess(5000)) },
];

const CASES = ROWS.flatMap((row) => PROFILES.map((profile) => ({ ...row, profile, expected: row[profile] })));

describe('evaluateClose: outcome per profile', () => {
  it.each(CASES)('$call in $profile', ({ args: a, profile, expected, reason, reasonBytes }) => {
    const v = evaluateClose(a, profile);
    expect(v).toMatchObject(expected);
    if (v.ok) {
      if (reason !== undefined) expect(v.reason).toBe(reason);
      if (reasonBytes !== undefined) expect(v.reasonBytes).toBe(reasonBytes);
    }
  });
});

describe('evaluateClose: which rule throws', () => {
  it.each<{ call: string; args: CloseArgs; rule: 'conversion' | 'code' | 'reason' }>([
    { call: 'close(Symbol())', args: args(Symbol()), rule: 'conversion' },
    { call: 'close(5000, Symbol())', args: args(5000, Symbol()), rule: 'conversion' },
    { call: "close(5000, 'x' × 124)", args: args(5000, LONG_124), rule: 'code' },
    { call: "close(1000, 'x' × 124)", args: args(1000, LONG_124), rule: 'reason' },
  ])('$call → $rule in every profile', ({ args: a, rule }) => {
    for (const p of PROFILES) expect(evaluateClose(a, p)).toMatchObject({ ok: false, rule });
  });

  it('close(5000, longReason) still reports the reason byte count', () => {
    expect(evaluateClose(args(5000, LONG_124), 'spec')).toMatchObject({
      ok: false,
      errorName: 'InvalidAccessError',
      code: 5000,
      reasonBytes: 124,
    });
  });
});

describe('evaluateClose: error messages', () => {
  it.each<{ call: string; args: CloseArgs; profile: Profile; errorName: CloseErrorName; message: string }>([
    {
      call: 'close(2999.5)',
      args: args(2999.5),
      profile: 'chromium',
      errorName: 'InvalidAccessError',
      message: chromiumCode(2999),
    },
    {
      call: "close(undefined, 'bye')",
      args: args(undefined, 'bye'),
      profile: 'chromium',
      errorName: 'InvalidAccessError',
      message:
        "Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. 0 is neither.",
    },
    {
      call: "close(undefined, '')",
      args: args(undefined, ''),
      profile: 'chromium',
      errorName: 'InvalidAccessError',
      message: chromiumCode(0),
    },
    {
      call: 'close(1e10)',
      args: args(1e10),
      profile: 'chromium',
      errorName: 'InvalidAccessError',
      message: chromiumCode(65535),
    },
    {
      call: 'close(Infinity)',
      args: args(Number.POSITIVE_INFINITY),
      profile: 'chromium',
      errorName: 'InvalidAccessError',
      message: chromiumCode(65535),
    },
    {
      call: 'close(null)',
      args: args(null),
      profile: 'chromium',
      errorName: 'InvalidAccessError',
      message: chromiumCode(0),
    },
    {
      call: "close(5000, 'x' × 124)",
      args: args(5000, LONG_124),
      profile: 'chromium',
      errorName: 'InvalidAccessError',
      message: chromiumCode(5000),
    },
    {
      call: "close(1000, 'x' × 124)",
      args: args(1000, LONG_124),
      profile: 'chromium',
      errorName: 'SyntaxError',
      message:
        "Failed to execute 'close' on 'WebSocket': The close reason must not be greater than 123 UTF-8 bytes.",
    },
    {
      call: "close(1000, '😀' × 31)",
      args: args(1000, '😀'.repeat(31)),
      profile: 'chromium',
      errorName: 'SyntaxError',
      message: CHROMIUM_REASON,
    },
    {
      call: 'close(Symbol())',
      args: args(Symbol()),
      profile: 'chromium',
      errorName: 'TypeError',
      message: "Failed to execute 'close' on 'WebSocket': Cannot convert a Symbol value to a number",
    },
    {
      call: 'close(10n)',
      args: args(10n),
      profile: 'chromium',
      errorName: 'TypeError',
      message: "Failed to execute 'close' on 'WebSocket': Cannot convert a BigInt value to a number",
    },
    {
      call: 'close(1000, Symbol())',
      args: args(1000, Symbol()),
      profile: 'chromium',
      errorName: 'TypeError',
      message: "Failed to execute 'close' on 'WebSocket': Cannot convert a Symbol value to a string",
    },
    {
      call: 'close(4999.5)',
      args: args(4999.5),
      profile: 'firefox',
      errorName: 'InvalidAccessError',
      message: FIREFOX_CODE,
    },
    {
      call: 'close(999)',
      args: args(999),
      profile: 'firefox',
      errorName: 'InvalidAccessError',
      message: FIREFOX_CODE,
    },
    {
      call: "close(1000, 'é' × 62)",
      args: args(1000, 'é'.repeat(62)),
      profile: 'firefox',
      errorName: 'SyntaxError',
      message: FIREFOX_REASON,
    },
    {
      call: 'close(Symbol())',
      args: args(Symbol()),
      profile: 'firefox',
      errorName: 'TypeError',
      message: "can't convert symbol to number",
    },
  ])('$call in $profile → $errorName "$message"', ({ args: a, profile, errorName, message }) => {
    expect(evaluateClose(a, profile)).toMatchObject({ ok: false, errorName, message });
  });
});

describe('evaluateClose: what goes on the wire', () => {
  it.each<{ call: string; args: CloseArgs; profile: Profile; code: number | null; reason: string }>([
    { call: 'close()', args: args(), profile: 'spec', code: null, reason: '' },
    { call: 'close()', args: args(), profile: 'chromium', code: null, reason: '' },
    { call: 'close()', args: args(), profile: 'firefox', code: null, reason: '' },
    { call: 'close()', args: args(), profile: 'webkit', code: null, reason: '' },
    { call: 'close(undefined)', args: args(undefined), profile: 'chromium', code: null, reason: '' },
    { call: 'close(1000)', args: args(1000), profile: 'spec', code: 1000, reason: '' },
    { call: "close(4001, 'bye')", args: args(4001, 'bye'), profile: 'spec', code: 4001, reason: 'bye' },
    { call: "close(4001, 'bye')", args: args(4001, 'bye'), profile: 'firefox', code: 4001, reason: 'bye' },
    {
      call: 'close(1000, undefined)',
      args: args(1000, undefined),
      profile: 'chromium',
      code: 1000,
      reason: '',
    },
    // Reason without code: spec (PR #48) sends 1000; Firefox and WebKit send an empty body.
    {
      call: "close(undefined, 'bye')",
      args: args(undefined, 'bye'),
      profile: 'spec',
      code: 1000,
      reason: 'bye',
    },
    {
      call: "close(undefined, 'bye')",
      args: args(undefined, 'bye'),
      profile: 'firefox',
      code: null,
      reason: '',
    },
    {
      call: "close(undefined, 'bye')",
      args: args(undefined, 'bye'),
      profile: 'webkit',
      code: null,
      reason: '',
    },
    { call: "close(undefined, '')", args: args(undefined, ''), profile: 'spec', code: null, reason: '' },
    {
      call: "close(undefined, 'x' × 124)",
      args: args(undefined, LONG_124),
      profile: 'webkit',
      code: null,
      reason: '',
    },
    {
      call: "close(1000, '\\uD800')",
      args: args(1000, '\uD800'),
      profile: 'spec',
      code: 1000,
      reason: '\uFFFD',
    },
    { call: 'close(2999.5)', args: args(2999.5), profile: 'spec', code: 3000, reason: '' },
    { call: 'close(2999.5)', args: args(2999.5), profile: 'firefox', code: 3000, reason: '' },
    { call: 'close(4999.5)', args: args(4999.5), profile: 'chromium', code: 4999, reason: '' },
    { call: 'close(3000.7)', args: args(3000.7), profile: 'chromium', code: 3000, reason: '' },
    { call: 'close(3000.7)', args: args(3000.7), profile: 'firefox', code: 3001, reason: '' },
  ])('$call in $profile sends code $code', ({ args: a, profile, code, reason }) => {
    const v = evaluateClose(a, profile);
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.wire).toEqual({ code, reason });
  });
});

describe('evaluateAllProfiles', () => {
  it('gives one verdict per profile, equal to evaluateClose', () => {
    const a = args(2999.5);
    const set = evaluateAllProfiles(a);
    expect(Object.keys(set).sort()).toEqual([...PROFILES].sort());
    for (const p of PROFILES) expect(set[p]).toEqual(evaluateClose(a, p));
  });
});

describe('modelAgrees', () => {
  const chromiumVerdict: Verdict = evaluateClose(args(2999.5), 'chromium');
  const specVerdict: Verdict = evaluateClose(args(2999.5), 'spec');

  it.each([
    {
      name: 'same error and message',
      observed: { threw: true as const, name: 'InvalidAccessError', message: chromiumCode(2999) },
      verdict: chromiumVerdict,
      expected: true,
    },
    {
      name: 'same error, other message',
      observed: { threw: true as const, name: 'InvalidAccessError', message: chromiumCode(3000) },
      verdict: chromiumVerdict,
      expected: false,
    },
    {
      name: 'other error name',
      observed: { threw: true as const, name: 'SyntaxError', message: chromiumCode(2999) },
      verdict: chromiumVerdict,
      expected: false,
    },
    {
      name: 'no throw vs predicted throw',
      observed: { threw: false as const },
      verdict: chromiumVerdict,
      expected: false,
    },
    {
      name: 'no throw vs predicted ok',
      observed: { threw: false as const },
      verdict: specVerdict,
      expected: true,
    },
    {
      name: 'throw vs predicted ok',
      observed: { threw: true as const, name: 'InvalidAccessError', message: 'x' },
      verdict: specVerdict,
      expected: false,
    },
  ])('$name → $expected', ({ observed, verdict, expected }) => {
    expect(modelAgrees(observed, verdict)).toBe(expected);
  });
});
