import { describe, expect, it } from 'vitest';
import { PROFILES } from '../../src/closeRules';
import { decodePrimitive, enrichCloseCall, modelArgs, pageStack, primitiveText } from '../../src/enrich';
import { type EncodedPrimitive, LIMITS, TRUNCATION_MARK } from '../../src/protocol';
import {
  type ArgInput,
  closeCallEvent,
  EXTENSION_ORIGIN,
  failedObjectArg,
  objectArg,
  rawCloseCall,
  threw,
} from './fixtures';

const P = "Failed to execute 'close' on 'WebSocket': ";

describe('decodePrimitive / primitiveText', () => {
  it.each<{ name: string; p: EncodedPrimitive; text: string }>([
    { name: 'undefined', p: { type: 'undefined' }, text: 'undefined' },
    { name: 'null', p: { type: 'null' }, text: 'null' },
    { name: 'true', p: { type: 'boolean', v: true }, text: 'true' },
    { name: '4001', p: { type: 'number', v: 4001 }, text: '4001' },
    { name: '-0', p: { type: 'number', v: '-0' }, text: '-0' },
    { name: 'NaN', p: { type: 'number', v: 'NaN' }, text: 'NaN' },
    { name: 'Infinity', p: { type: 'number', v: 'Infinity' }, text: 'Infinity' },
    { name: 'string', p: { type: 'string', v: 'bye "now"' }, text: '"bye \\"now\\""' },
    { name: 'Symbol(x)', p: { type: 'symbol', v: 'x' }, text: 'Symbol(x)' },
    { name: 'Symbol()', p: { type: 'symbol', v: null }, text: 'Symbol()' },
    { name: '10n', p: { type: 'bigint', v: '10' }, text: '10n' },
  ])('$name → $text', ({ p, text }) => {
    expect(primitiveText(p)).toBe(text);
  });

  it('decodes special numbers exactly', () => {
    expect(decodePrimitive({ type: 'number', v: '-0' })).toBe(-0);
    expect(decodePrimitive({ type: 'number', v: 'NaN' })).toBeNaN();
    expect(decodePrimitive({ type: 'number', v: '-Infinity' })).toBe(Number.NEGATIVE_INFINITY);
    expect(decodePrimitive({ type: 'bigint', v: '-12' })).toBe(-12n);
    const s = decodePrimitive({ type: 'symbol', v: 'x' });
    expect(typeof s).toBe('symbol');
    expect(typeof s === 'symbol' ? s.description : null).toBe('x');
  });

  it('caps a long string display and marks it', () => {
    const text = primitiveText({ type: 'string', v: 'x'.repeat(5000) });
    expect(text.endsWith(TRUNCATION_MARK)).toBe(true);
    expect(text.length).toBe(LIMITS.text + TRUNCATION_MARK.length);
  });
});

describe('modelArgs', () => {
  const raw = (...args: ArgInput[]) => rawCloseCall({ args });

  it('an object code that converted to undefined stays present as NaN', () => {
    const a = modelArgs(raw(objectArg(undefined)));
    expect(a?.argc).toBe(1);
    expect(a?.code).toBeNaN();
  });

  it("an object reason that converted to undefined becomes 'undefined'", () => {
    expect(modelArgs(raw(1000, objectArg(undefined)))).toEqual({ argc: 2, code: 1000, reason: 'undefined' });
  });

  it('a primitive undefined stays undefined (missing)', () => {
    expect(modelArgs(raw(undefined, 'bye'))).toEqual({ argc: 2, code: undefined, reason: 'bye' });
  });

  it.each([
    {
      name: 'object valueOf → 3001',
      args: [objectArg(3001)],
      expected: { argc: 1, code: 3001, reason: undefined },
    },
    { name: '[] → ""', args: [objectArg('', 'array')], expected: { argc: 1, code: '', reason: undefined } },
    {
      name: '[3000] → "3000"',
      args: [objectArg('3000', 'array')],
      expected: { argc: 1, code: '3000', reason: undefined },
    },
    { name: 'close()', args: [], expected: { argc: 0, code: undefined, reason: undefined } },
    { name: 'extra arguments', args: [1000, 'a', 'b'], expected: { argc: 2, code: 1000, reason: 'a' } },
  ])('$name', ({ args, expected }) => {
    expect(modelArgs(raw(...args))).toEqual(expected);
  });

  it.each([
    { name: 'code: page valueOf threw', args: [failedObjectArg('page-threw')] },
    { name: 'reason: page toString threw', args: [1000, failedObjectArg('page-threw')] },
    { name: 'object never converted', args: [{ given: 'object' as const }] },
  ])('failed object conversion → null ($name)', ({ args }) => {
    expect(modelArgs(raw(...args))).toBeNull();
  });

  it.each([
    {
      name: 'no primitive',
      arg: failedObjectArg('no-primitive'),
      message: 'Cannot convert object to primitive value',
    },
    {
      name: 'revoked proxy',
      arg: failedObjectArg('revoked', 'revoked-proxy'),
      message: "Cannot perform 'get' on a proxy that has been revoked",
    },
  ])("an engine conversion failure is modelled as the engine's TypeError ($name)", ({ arg, message }) => {
    const e = closeCallEvent({ args: [arg] });
    expect(e.verdicts?.chromium).toMatchObject({
      ok: false,
      errorName: 'TypeError',
      rule: 'conversion',
      message: `Failed to execute 'close' on 'WebSocket': ${message}`,
    });
  });

  it('a Symbol code throws before the reason is converted', () => {
    const a = modelArgs(raw(Symbol('c'), failedObjectArg('page-threw')));
    expect(a).not.toBeNull();
    expect(typeof a?.code).toBe('symbol');
    expect(a?.reason).toBeUndefined();
  });
});

describe('enrichCloseCall', () => {
  it('an object code converted to undefined is modelled as NaN → 0 (InvalidAccessError)', () => {
    const e = closeCallEvent({ args: [objectArg(undefined)] });
    expect(e.verdicts?.spec).toMatchObject({ ok: false, errorName: 'InvalidAccessError', code: 0 });
    expect(e.verdicts?.chromium).toMatchObject({
      ok: false,
      message: `${P}The close code must be either 1000, or between 3000 and 4999. 0 is neither.`,
    });
    expect(e.code).toEqual({ given: 'object', text: '[object]', primitive: 'undefined' });
  });

  it("an object reason converted to undefined is sent as 'undefined'", () => {
    const e = closeCallEvent({ args: [1000, objectArg(undefined)] });
    for (const p of PROFILES) {
      expect(e.verdicts?.[p]).toMatchObject({ ok: true, reason: 'undefined', reasonBytes: 9 });
    }
  });

  it('close({valueOf(){return 3001}}) is accepted everywhere', () => {
    const e = closeCallEvent({ args: [objectArg(3001)] });
    for (const p of PROFILES) expect(e.verdicts?.[p]).toMatchObject({ ok: true, code: 3001, wireCode: 3001 });
    expect(e.code).toEqual({ given: 'object', text: '[object]', primitive: '3001' });
  });

  it('close([]) → InvalidAccessError (0), close([3000]) → ok', () => {
    expect(closeCallEvent({ args: [objectArg('', 'array')] }).verdicts?.spec).toMatchObject({
      ok: false,
      errorName: 'InvalidAccessError',
      code: 0,
    });
    expect(closeCallEvent({ args: [objectArg('3000', 'array')] }).verdicts?.spec).toMatchObject({
      ok: true,
      code: 3000,
    });
  });

  it('a failed object conversion leaves no verdicts and marks the argument as threw', () => {
    const e = closeCallEvent({
      args: [failedObjectArg('page-threw')],
      observed: threw('(exception from the page\u2019s own conversion)', ''),
    });
    expect(e.verdicts).toBeNull();
    expect(e.code).toEqual({ given: 'object', text: '[object]', threw: true });
  });

  it('absent arguments are snapshotted as absent', () => {
    const e = closeCallEvent({ args: [] });
    expect(e.code).toEqual({ given: 'absent', text: '(absent)' });
    expect(e.reason).toEqual({ given: 'absent', text: '(absent)' });
    expect(e.argc).toBe(0);
  });

  it('a huge reason keeps exact length and byte count but a capped display', () => {
    const reason = 'é'.repeat(10_000);
    const e = closeCallEvent({ args: [1000, reason] });
    expect(e.reason.length).toBe(10_000);
    expect(e.reason.text.endsWith(TRUNCATION_MARK)).toBe(true);
    expect(e.verdicts?.spec).toMatchObject({ ok: false, errorName: 'SyntaxError', reasonBytes: 20_000 });
  });

  it('flags lone surrogates in a reason', () => {
    expect(closeCallEvent({ args: [1000, 'a\uD800'] }).reason.loneSurrogates).toBe(true);
    expect(closeCallEvent({ args: [1000, 'a😀'] }).reason.loneSurrogates).toBeUndefined();
  });

  it('caps the observed error text', () => {
    const e = enrichCloseCall(
      rawCloseCall({ observed: threw('InvalidAccessError', 'm'.repeat(5000)) }),
      'chromium',
      EXTENSION_ORIGIN,
    );
    expect(e.observed).toMatchObject({ threw: true, name: 'InvalidAccessError' });
    if (e.observed.threw) expect(e.observed.message.length).toBe(LIMITS.text + TRUNCATION_MARK.length);
  });

  it('copies the identity fields and the engine', () => {
    const e = enrichCloseCall(
      rawCloseCall({ sid: 7, callId: 9, t: 1234.5, readyState: 2, repeat: 3 }),
      'firefox',
      EXTENSION_ORIGIN,
    );
    expect(e).toMatchObject({
      kind: 'close-call',
      sid: 7,
      callId: 9,
      t: 1234.5,
      readyState: 2,
      repeat: 3,
      engine: 'firefox',
    });
  });
});

describe('pageStack', () => {
  it('drops the hook frames named by its sourceURL (no extension origin in them)', () => {
    const stack = [
      'Error',
      '    at Object.apply (ws-close-inspector-hook:1:16740)',
      '    at rt (ws-close-inspector-hook:1:17488)',
      '    at sendBye (https://example.com/app.js:10:5)',
    ].join('\n');
    expect(pageStack(stack, EXTENSION_ORIGIN)).toEqual(['sendBye (https://example.com/app.js:10:5)']);
  });

  it('drops the Error header and the extension frames (Chromium format)', () => {
    const stack = [
      'Error',
      `    at WebSocket.close (${EXTENSION_ORIGIN}/main-world.js:1:100)`,
      `    at wrap (${EXTENSION_ORIGIN}/main-world.js:2:5)`,
      '    at sendBye (https://example.com/app.js:10:5)',
      '    at https://example.com/app.js:20:1',
    ].join('\n');
    expect(pageStack(stack, EXTENSION_ORIGIN)).toEqual([
      'sendBye (https://example.com/app.js:10:5)',
      'https://example.com/app.js:20:1',
    ]);
  });

  it('handles the Firefox format (no header)', () => {
    const origin = 'moz-extension://1234-5678';
    const stack = `close@${origin}/main-world.js:1:1\nsendBye@https://example.com/app.js:3:4\n@https://example.com/app.js:9:1\n`;
    expect(pageStack(stack, origin)).toEqual([
      'sendBye@https://example.com/app.js:3:4',
      '@https://example.com/app.js:9:1',
    ]);
  });

  it('drops the hook’s frames in real Firefox, where MAIN-world scripts are "<anonymous code>"', () => {
    // As Firefox 153 reports a close() made from a page function (the hook's trap, then its apply).
    const stack = [
      'je@<anonymous code>:1:12193',
      'apply@<anonymous code>:1:11576',
      'closeIt@http://127.0.0.1:36037/s.html:2:25',
      's.onopen@http://127.0.0.1:36037/s.html:3:87',
      '@http://127.0.0.1:36037/s.html line 4 > eval:1:1',
    ].join('\n');
    expect(pageStack(stack, 'moz-extension://1234-5678')).toEqual([
      'closeIt@http://127.0.0.1:36037/s.html:2:25',
      's.onopen@http://127.0.0.1:36037/s.html:3:87',
      '@http://127.0.0.1:36037/s.html line 4 > eval:1:1',
    ]);
  });

  it('drops an "Error: message" header', () => {
    expect(pageStack('Error: boom\n    at f (https://a/b.js:1:1)', EXTENSION_ORIGIN)).toEqual([
      'f (https://a/b.js:1:1)',
    ]);
  });

  it('returns [] for a missing stack', () => {
    expect(pageStack(null, EXTENSION_ORIGIN)).toEqual([]);
  });

  it(`keeps at most ${LIMITS.stackFrames} frames, each capped`, () => {
    const frames = Array.from({ length: 30 }, (_, i) => `    at f${i} (https://example.com/app.js:${i}:1)`);
    const out = pageStack(['Error', ...frames].join('\n'), EXTENSION_ORIGIN);
    expect(out).toHaveLength(LIMITS.stackFrames);
    expect(out[0]).toBe('f0 (https://example.com/app.js:0:1)');
    expect(out[LIMITS.stackFrames - 1]).toBe(
      `f${LIMITS.stackFrames - 1} (https://example.com/app.js:${LIMITS.stackFrames - 1}:1)`,
    );

    const long = pageStack(`Error\n    at ${'g'.repeat(1000)}`, EXTENSION_ORIGIN);
    expect(long[0]?.length).toBe(LIMITS.stackFrame + TRUNCATION_MARK.length);
    expect(long[0]?.endsWith(TRUNCATION_MARK)).toBe(true);
  });
});
