import { describe, expect, it } from 'vitest';
import { formatWarning, WARNING_PREFIX, WarningCollapser, warningKey } from '../../src/warnings';
import { closeCallEvent, SOCKET_URL, threw } from './fixtures';

const P = "Failed to execute 'close' on 'WebSocket': ";
const chromiumCode = (n: number) =>
  `${P}The close code must be either 1000, or between 3000 and 4999. ${n} is neither.`;

describe('formatWarning', () => {
  it('an invalid call: prefix, URL, arguments, what happened, verdicts, rule and call site', () => {
    const call = closeCallEvent({
      args: [5000, 'bye'],
      observed: threw('InvalidAccessError', chromiumCode(5000)),
    });
    const text = formatWarning(SOCKET_URL, call);
    expect(text).not.toBeNull();
    const lines = (text ?? '').split('\n');
    expect(lines[0]).toBe(`[WS Close Inspector] close(5000, "bye") on ${SOCKET_URL}`);
    expect(text).toContain(`threw InvalidAccessError in Chromium: ${chromiumCode(5000)}`);
    expect(text).toContain(
      'verdicts: the WHATWG standard: throws InvalidAccessError \u00b7 Chromium: throws InvalidAccessError \u00b7 Firefox: throws InvalidAccessError \u00b7 Safari/WebKit: throws InvalidAccessError',
    );
    expect(text).toContain('https://websockets.spec.whatwg.org/#dom-websocket-close');
    expect(text).toContain('called at sendBye (https://example.com/app.js:10:5)');
  });

  it('close(2999.5) in Chromium: verdicts show what the others would send', () => {
    const call = closeCallEvent({
      args: [2999.5],
      observed: threw('InvalidAccessError', chromiumCode(2999)),
    });
    const text = formatWarning(SOCKET_URL, call) ?? '';
    expect(text.startsWith(WARNING_PREFIX)).toBe(true);
    expect(text).toContain('close(2999.5)');
    expect(text).toContain('the WHATWG standard: ok (sends 3000)');
    expect(text).toContain('Firefox: ok (sends 3000)');
    expect(text).toContain('Chromium: throws InvalidAccessError');
    expect(text).toContain('not portable');
  });

  it("close(undefined, 'bye') in Firefox: no status code there, 1000 per spec", () => {
    const text =
      formatWarning(SOCKET_URL, closeCallEvent({ args: [undefined, 'bye'], engine: 'firefox' })) ?? '';
    expect(text).toContain('Firefox: ok (no status code)');
    expect(text).toContain('the WHATWG standard: ok (sends 1000)');
    expect(text).toContain('Chromium: throws InvalidAccessError');
  });

  it.each([
    { name: 'close(1000) on OPEN', args: [1000] },
    { name: 'close() on OPEN', args: [] },
    { name: "close(4001, 'bye') on OPEN", args: [4001, 'bye'] },
    { name: 'close(1000, undefined) on OPEN', args: [1000, undefined] },
  ])('returns null for a plain valid call: $name', ({ args }) => {
    expect(formatWarning(SOCKET_URL, closeCallEvent({ args, readyState: 1 }))).toBeNull();
  });

  it('warns about close(1000) while CONNECTING', () => {
    expect(formatWarning(SOCKET_URL, closeCallEvent({ args: [1000], readyState: 0 }))).toMatch(
      /before the connection was established/,
    );
  });

  it('keeps quiet about a harmless close() on a CLOSING or CLOSED socket, unless the call is wrong too', () => {
    expect(formatWarning(SOCKET_URL, closeCallEvent({ args: [1000], readyState: 3 }))).toBeNull();
    expect(formatWarning(SOCKET_URL, closeCallEvent({ args: [1000], readyState: 2 }))).toBeNull();
    const invalid = formatWarning(
      SOCKET_URL,
      closeCallEvent({ args: [1001], readyState: 3, observed: threw('InvalidAccessError', 'm') }),
    );
    expect(invalid).toMatch(/threw InvalidAccessError/);
    expect(invalid).not.toMatch(/no effect/);
  });

  it('no verdict line when the arguments could not be modelled', () => {
    const call = { ...closeCallEvent({ args: [5000], observed: threw('Error', 'boom') }), verdicts: null };
    const text = formatWarning(SOCKET_URL, call) ?? '';
    expect(text).toContain('threw Error');
    expect(text).not.toContain('verdicts:');
  });

  it('no call-site line without a stack', () => {
    const call = closeCallEvent({ args: [1000], readyState: 0, stack: null });
    expect(formatWarning(SOCKET_URL, call)).not.toContain('called at');
  });
});

describe('warningKey', () => {
  it('same site, arguments, state and outcome → same key', () => {
    const a = closeCallEvent({ args: [5000], callId: 1, t: 1, observed: threw('InvalidAccessError', 'm') });
    const b = closeCallEvent({ args: [5000], callId: 2, t: 2, observed: threw('InvalidAccessError', 'm') });
    expect(warningKey(a)).toBe(warningKey(b));
  });

  it.each([
    { name: 'other arguments', other: closeCallEvent({ args: [5001] }) },
    { name: 'other state', other: closeCallEvent({ args: [5000], readyState: 3 }) },
    {
      name: 'other call site',
      other: closeCallEvent({ args: [5000], stack: 'Error\n    at other (https://x/y.js:1:1)' }),
    },
    {
      name: 'other outcome',
      other: closeCallEvent({ args: [5000], observed: threw('InvalidAccessError', 'm') }),
    },
  ])('differs with $name', ({ other }) => {
    expect(warningKey(other)).not.toBe(warningKey(closeCallEvent({ args: [5000] })));
  });
});

describe('WarningCollapser', () => {
  const TEXT = `${WARNING_PREFIX} close(5000) on ${SOCKET_URL}\n  \u2022 threw InvalidAccessError`;

  it('prints the first warning, counts repeats and reports them on drain()', () => {
    const c = new WarningCollapser();
    expect(c.offer('k', TEXT)).toBe(TEXT);
    expect(c.offer('k', TEXT)).toBeNull();
    expect(c.offer('k', TEXT)).toBeNull();
    expect(c.offer('k', TEXT, 2)).toBeNull();
    expect(c.drain()).toEqual([
      `${WARNING_PREFIX} close(5000) on ${SOCKET_URL} \u2014 repeated 4 more times`,
    ]);
    expect(c.drain()).toEqual([]);
    expect(c.offer('k', TEXT)).toBeNull();
    expect(c.drain()).toEqual([`${WARNING_PREFIX} close(5000) on ${SOCKET_URL} \u2014 repeated 1 more time`]);
  });

  it('counts a collapsed first offer (count > 1)', () => {
    const c = new WarningCollapser();
    expect(c.offer('k', TEXT, 5)).toBe(TEXT);
    expect(c.drain()).toEqual([
      `${WARNING_PREFIX} close(5000) on ${SOCKET_URL} \u2014 repeated 4 more times`,
    ]);
  });

  it('keeps keys apart', () => {
    const c = new WarningCollapser();
    expect(c.offer('a', 'A')).toBe('A');
    expect(c.offer('b', 'B')).toBe('B');
    c.offer('a', 'A');
    expect(c.drain()).toEqual(['A \u2014 repeated 1 more time']);
  });

  it('forgets the oldest key beyond maxKeys', () => {
    const c = new WarningCollapser(2);
    c.offer('a', 'A');
    c.offer('b', 'B');
    c.offer('c', 'C');
    expect(c.offer('a', 'A')).toBe('A');
    expect(c.offer('c', 'C')).toBeNull();
  });
});
