import { describe, expect, it } from 'vitest';
import {
  analyzeCall,
  type CallFindingKind,
  describePortability,
  formatCallArgs,
} from '../../src/callFindings';
import { closeCallEvent, failedObjectArg, objectArg, threw } from './fixtures';

describe('formatCallArgs', () => {
  it.each([
    { name: 'no arguments', event: closeCallEvent({ args: [] }), text: 'close()' },
    { name: 'code only', event: closeCallEvent({ args: [4001] }), text: 'close(4001)' },
    { name: 'code and reason', event: closeCallEvent({ args: [4001, 'bye'] }), text: 'close(4001, "bye")' },
    {
      name: 'undefined code',
      event: closeCallEvent({ args: [undefined, 'bye'] }),
      text: 'close(undefined, "bye")',
    },
    { name: '-0', event: closeCallEvent({ args: [-0] }), text: 'close(-0)' },
    { name: 'Symbol', event: closeCallEvent({ args: [Symbol('s')] }), text: 'close(Symbol(s))' },
    { name: 'BigInt reason', event: closeCallEvent({ args: [1000, 10n] }), text: 'close(1000, 10n)' },
    {
      name: 'object',
      event: closeCallEvent({ args: [objectArg(3001)] }),
      text: 'close([object] \u2192 3001)',
    },
    {
      name: 'object that threw',
      event: closeCallEvent({ args: [failedObjectArg('page-threw')] }),
      text: 'close([object])',
    },
    {
      name: 'extra arguments',
      event: closeCallEvent({ args: [1000, 'a', 'b'] }),
      text: 'close(1000, "a", …)',
    },
  ])('$name → $text', ({ event, text }) => {
    expect(formatCallArgs(event)).toBe(text);
  });
});

describe('analyzeCall: kinds of finding', () => {
  const kinds = (e: Parameters<typeof analyzeCall>[0]): CallFindingKind[] =>
    analyzeCall(e).map((f) => f.kind);

  it.each<{ name: string; event: Parameters<typeof analyzeCall>[0]; expected: CallFindingKind[] }>([
    { name: 'close(1000) on OPEN', event: closeCallEvent({ args: [1000] }), expected: [] },
    { name: 'close() on OPEN', event: closeCallEvent({ args: [] }), expected: [] },
    { name: "close(4001, 'bye') on OPEN", event: closeCallEvent({ args: [4001, 'bye'] }), expected: [] },
    {
      name: 'close(1000) on CONNECTING',
      event: closeCallEvent({ args: [1000], readyState: 0 }),
      expected: ['connecting'],
    },
    {
      name: 'close(1000) on CLOSED',
      event: closeCallEvent({ args: [1000], readyState: 3 }),
      expected: ['no-effect'],
    },
    {
      name: 'close(5000) (threw)',
      event: closeCallEvent({
        args: [5000],
        observed: threw(
          'InvalidAccessError',
          "Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. 5000 is neither.",
        ),
      }),
      expected: ['invalid'],
    },
    {
      name: 'object whose valueOf threw',
      event: closeCallEvent({ args: [failedObjectArg('page-threw')], observed: threw('Error', 'boom') }),
      expected: ['invalid'],
    },
    { name: "close('4001')", event: closeCallEvent({ args: ['4001'] }), expected: ['conversion'] },
    { name: 'close(1000.4)', event: closeCallEvent({ args: [1000.4] }), expected: ['conversion'] },
    {
      name: 'close(3000.7) in Chromium',
      event: closeCallEvent({ args: [3000.7] }),
      expected: ['portability', 'conversion'],
    },
  ])('$name → $expected', ({ event, expected }) => {
    expect(kinds(event)).toEqual(expected);
  });

  it('every finding links to where the rule is written down', () => {
    for (const f of analyzeCall(closeCallEvent({ args: [3000.7], readyState: 0 }))) {
      expect(f.link).toMatch(/^https:\/\/(websockets|webidl)\.spec\.whatwg\.org\//);
    }
  });
});

describe('describePortability', () => {
  it('is null when every profile agrees', () => {
    const v = closeCallEvent({ args: [4001, 'bye'] }).verdicts;
    expect(v).not.toBeNull();
    if (v) expect(describePortability('chromium', v)).toBeNull();
  });

  it('groups the profiles that behave alike', () => {
    const v = closeCallEvent({ args: [4999.5] }).verdicts;
    if (!v) throw new Error('no verdicts');
    const text = describePortability('firefox', v);
    expect(text).toMatch(/^not portable: throws InvalidAccessError in Firefox; /);
    expect(text).toContain('sends 4999 in Chromium');
    expect(text).not.toMatch(/per spec/); // the standard agrees with Firefox here
  });
});

describe('analyzeCall: the invalid finding says why where the browser’s message does not', () => {
  const invalidText = (e: Parameters<typeof analyzeCall>[0]): string | undefined =>
    analyzeCall(e).find((f) => f.kind === 'invalid')?.text;

  it('Firefox: a reason of 124 bytes', () => {
    const event = closeCallEvent({
      engine: 'firefox',
      args: [1000, 'é'.repeat(62)],
      observed: threw('SyntaxError', 'An invalid or illegal string was specified'),
    });
    expect(invalidText(event)).toBe(
      'threw SyntaxError in Firefox: An invalid or illegal string was specified (the reason is 124 UTF-8 bytes; at most 123 are allowed)',
    );
  });

  it('Firefox: close(4999.5) rounds to 5000, which the explanation shows', () => {
    const event = closeCallEvent({
      engine: 'firefox',
      args: [4999.5],
      observed: threw(
        'InvalidAccessError',
        'A parameter or an operation is not supported by the underlying object',
      ),
    });
    expect(invalidText(event)).toBe(
      'threw InvalidAccessError in Firefox: A parameter or an operation is not supported by the underlying object (the code must be 1000 or 3000–4999; 5000 is neither)',
    );
  });

  it('Chromium’s own message already explains: nothing is added', () => {
    const message =
      "Failed to execute 'close' on 'WebSocket': The close code must be either 1000, or between 3000 and 4999. 1001 is neither.";
    const event = closeCallEvent({ args: [1001], observed: threw('InvalidAccessError', message) });
    expect(invalidText(event)).toBe(`threw InvalidAccessError in Chromium: ${message}`);
  });
});
