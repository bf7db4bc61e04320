/**
 * Argument descriptors for the differential close() test. JSON only: the page turns each into a
 * fresh value (objects with counting valueOf/toString, proxies, symbols, BigInts…).
 */

export type Prim =
  | { k: 'undef' }
  | { k: 'null' }
  | { k: 'bool'; v: boolean }
  | { k: 'num'; v: number | 'NaN' | 'Infinity' | '-Infinity' | '-0' }
  | { k: 'str'; v: string }
  | { k: 'sym'; v: string }
  | { k: 'big'; v: string };

export type Arg =
  | Prim
  | { k: 'arr'; v: Prim[] }
  | { k: 'date'; v: number }
  | { k: 'valueOf'; ret: Prim }
  | { k: 'toString'; ret: Prim }
  | { k: 'toPrim'; ret: Prim }
  | { k: 'valueOfObjThenToString'; ret: Prim }
  | { k: 'getterValueOf'; ret: Prim }
  | { k: 'proxy'; ret: Prim }
  | { k: 'fn'; ret: Prim }
  | { k: 'throws' }
  | { k: 'revoked' }
  | { k: 'badToPrim' }
  | { k: 'noPrim' };

/** args: what close() is called with (its length is the argument count). */
export interface Case {
  readonly args: Arg[];
}

const num = (v: number | 'NaN' | 'Infinity' | '-Infinity' | '-0'): Prim => ({ k: 'num', v });
const str = (v: string): Prim => ({ k: 'str', v });

const CODE_NUMBERS: (number | 'NaN' | 'Infinity' | '-Infinity' | '-0')[] = [
  -1e10,
  -1,
  '-0',
  0,
  0.5,
  1,
  999,
  999.5,
  999.9,
  1000,
  1000.4,
  1000.5,
  1000.6,
  1000.9999,
  1001,
  1001.5,
  1004,
  1005,
  1006,
  1015,
  1016,
  2000,
  2999,
  2999.4,
  2999.5,
  2999.6,
  2999.9999,
  3000,
  3000.4,
  3000.5,
  3000.7,
  3001.5,
  3002.5,
  3500,
  3999,
  3999.5,
  4000,
  4000.5,
  4001,
  4500.5,
  4998.5,
  4999,
  4999.4,
  4999.5,
  4999.6,
  4999.9,
  5000,
  5000.5,
  65535,
  65535.5,
  65536,
  65536.5,
  1e10,
  'NaN',
  'Infinity',
  '-Infinity',
  2 ** 32 + 1000,
  2 ** 53,
  -0.5,
  3000 - 1e-9,
  4999 + 1e-9,
];

const CODE_STRINGS = [
  '1000',
  ' 3000 ',
  '3000.5',
  '2999.5',
  '4999.5',
  '0x3E8',
  '0xBB8',
  '1e3',
  '3e3',
  '4.0005e3',
  'abc',
  '',
  '  ',
  '-0',
  'Infinity',
  '1000abc',
  '\n4001\t',
];

const REASONS: Prim[] = [
  str(''),
  str('bye'),
  str('x'.repeat(122)),
  str('x'.repeat(123)),
  str('x'.repeat(124)),
  str('x'.repeat(1000)),
  str('é'.repeat(61)),
  str(`${'é'.repeat(61)}x`),
  str('é'.repeat(62)),
  str('€'.repeat(41)),
  str(`${'€'.repeat(41)}x`),
  str('😀'.repeat(30)),
  str(`${'😀'.repeat(30)}abc`),
  str(`${'😀'.repeat(30)}abcd`),
  str('😀'.repeat(31)),
  str('\uD800'),
  str('\uDC00x'),
  str('\uD800'.repeat(41)),
  str('\uD800'.repeat(42)),
  str(`a\uD83D`),
  str('\uDE00\uD83D'),
  str(`${'x'.repeat(121)}\uD800`),
  num(123),
  num(-0),
  num('NaN'),
  { k: 'null' },
  { k: 'undef' },
  { k: 'bool', v: true },
  { k: 'big', v: '10' },
  { k: 'sym', v: 'why' },
];

function primPool(): Prim[] {
  return [
    ...CODE_NUMBERS.map(num),
    ...CODE_STRINGS.map(str),
    { k: 'bool', v: true },
    { k: 'bool', v: false },
    { k: 'null' },
    { k: 'undef' },
    { k: 'sym', v: 's' },
    { k: 'big', v: '3000' },
  ];
}

function objectCodes(): Arg[] {
  const rets: Prim[] = [
    num(3000),
    num(2999.5),
    num(4999.5),
    num(1001),
    str('4001'),
    { k: 'undef' },
    { k: 'null' },
    { k: 'sym', v: 'o' },
    { k: 'big', v: '1' },
    { k: 'bool', v: true },
  ];
  const out: Arg[] = [];
  for (const ret of rets) {
    out.push(
      { k: 'valueOf', ret },
      { k: 'toString', ret },
      { k: 'toPrim', ret },
      { k: 'valueOfObjThenToString', ret },
      { k: 'getterValueOf', ret },
      { k: 'proxy', ret },
      { k: 'fn', ret },
    );
  }
  out.push(
    { k: 'arr', v: [] },
    { k: 'arr', v: [num(3000)] },
    { k: 'arr', v: [num(3000), num(1)] },
    { k: 'arr', v: [str('4000')] },
    { k: 'arr', v: [num(2999.5)] },
    { k: 'date', v: 3000 },
    { k: 'date', v: 1000.5 },
    { k: 'date', v: 5000 },
    { k: 'throws' },
    { k: 'revoked' },
    { k: 'badToPrim' },
    { k: 'noPrim' },
  );
  return out;
}

function objectReasons(): Arg[] {
  const rets: Prim[] = [
    str('bye'),
    str('x'.repeat(124)),
    str('\uD800'),
    num(42),
    { k: 'undef' },
    { k: 'null' },
    { k: 'sym', v: 'r' },
  ];
  const out: Arg[] = [];
  for (const ret of rets)
    out.push({ k: 'toString', ret }, { k: 'valueOf', ret }, { k: 'toPrim', ret }, { k: 'proxy', ret });
  out.push(
    { k: 'arr', v: [str('a'), str('b')] },
    { k: 'date', v: 0 },
    { k: 'throws' },
    { k: 'revoked' },
    { k: 'badToPrim' },
    { k: 'noPrim' },
  );
  return out;
}

/** The hand-written corner table (from the spec notes and the browsers' observed behaviour). */
export function cornerCases(): Case[] {
  return [
    { args: [] },
    { args: [{ k: 'undef' }] },
    { args: [{ k: 'undef' }, { k: 'undef' }] },
    { args: [{ k: 'undef' }, str('bye')] },
    { args: [{ k: 'undef' }, str('')] },
    { args: [num(1000), { k: 'undef' }] },
    { args: [num(2999.5)] },
    { args: [num(4999.5)] },
    { args: [num(3000.7)] },
    { args: [num(3000.5)] },
    { args: [num('-0')] },
    { args: [num(-1)] },
    { args: [{ k: 'null' }] },
    { args: [num(1000.4)] },
    { args: [{ k: 'bool', v: true }] },
    { args: [str('1000')] },
    { args: [str('abc')] },
    { args: [{ k: 'arr', v: [] }] },
    { args: [{ k: 'arr', v: [num(3000)] }] },
    { args: [{ k: 'valueOf', ret: num(3001) }] },
    { args: [num(1e10)] },
    { args: [num('Infinity')] },
    { args: [num('NaN')] },
    { args: [{ k: 'big', v: '10' }] },
    { args: [{ k: 'sym', v: '' }] },
    { args: [num(1000), num(123)] },
    { args: [num(1000), { k: 'null' }] },
    { args: [num(1000), str('\uD800')] },
    { args: [num(1000), str('é'.repeat(62))] },
    { args: [num(1000), str('😀'.repeat(30))] },
    { args: [num(1000), str('😀'.repeat(31))] },
    { args: [num(1000), str('\uD800'.repeat(42))] },
    { args: [num(5000), str('x'.repeat(200))] },
    { args: [num(5000), { k: 'sym', v: 'x' }] },
    {
      args: [
        { k: 'sym', v: 'x' },
        { k: 'toString', ret: str('never converted') },
      ],
    },
    { args: [{ k: 'throws' }, { k: 'toString', ret: str('never converted') }] },
    { args: [num(1000), { k: 'throws' }] },
    {
      args: [
        { k: 'valueOf', ret: num(4000) },
        { k: 'toString', ret: str('both once') },
      ],
    },
    { args: [num(1000), str('x'), str('extra argument')] },
  ];
}

/** Deterministic PRNG (mulberry32) so every run tests the same cases. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generatedCases(count: number, seed = 20261125): Case[] {
  const random = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const codes: Arg[] = [...primPool(), ...objectCodes()];
  const reasons: Arg[] = [...REASONS, ...objectReasons()];
  const out: Case[] = [];
  // Every code alone, every code with a short reason, every reason with 1000 and with no code.
  for (const c of codes) out.push({ args: [c] }, { args: [c, str('ok')] });
  for (const r of reasons)
    out.push({ args: [num(1000), r] }, { args: [{ k: 'undef' }, r] }, { args: [num(4999.5), r] });
  while (out.length < count) {
    const shape = random();
    if (shape < 0.1) out.push({ args: [pick(codes)] });
    else out.push({ args: [pick(codes), pick(reasons)] });
  }
  return out;
}
