import { describe, expect, it } from 'vitest';
import { describeCloseCode } from '../../src/closeCodes';
import type { Engine } from '../../src/closeRules';
import { type Diagnosis, diagnose, diagnoseCached } from '../../src/diagnosis';
import type { LogEvent, ObservedOutcome, ReadyState } from '../../src/protocol';
import {
  type ArgInput,
  batch,
  closeCallEvent,
  closed,
  connectionOf,
  created,
  errored,
  opened,
  sequence,
  storeOf,
  threw,
} from './fixtures';

const P = "Failed to execute 'close' on 'WebSocket': ";
const chromiumCode = (n: number) =>
  `${P}The close code must be either 1000, or between 3000 and 4999. ${n} is neither.`;
const FIREFOX_CODE = 'A parameter or an operation is not supported by the underlying object';

function diagnoseEvents(events: readonly LogEvent[]): Diagnosis {
  return diagnose(connectionOf(events));
}

/** An OPEN socket on which the page made one close() call in `engine`. */
function oneCall(
  args: readonly ArgInput[],
  opts: { engine?: Engine; observed?: ObservedOutcome; readyState?: ReadyState } = {},
): Diagnosis {
  return diagnoseEvents([
    created(1, 100),
    opened(1, 150),
    closeCallEvent({
      args,
      engine: opts.engine ?? 'chromium',
      readyState: opts.readyState ?? 1,
      ...(opts.observed ? { observed: opts.observed } : {}),
    }),
  ]);
}

const texts = (d: Diagnosis) => d.findings.map((f) => f.text);

describe('diagnose: how the connection ended', () => {
  it('clean page close', () => {
    const d = diagnoseEvents([
      created(1, 100),
      opened(1, 150),
      closeCallEvent({ args: [1000], t: 200 }),
      closed(1, 250, 1000, true),
    ]);
    expect(d.summary).toBe('Closed cleanly by the page with 1000 Normal Closure');
    expect(d.severity).toBe('ok');
    expect(d.findings).toEqual([]);
  });

  it('close() without a code, echoed as 1005', () => {
    const d = diagnoseEvents([
      created(1, 100),
      opened(1, 150),
      closeCallEvent({ args: [], t: 200 }),
      closed(1, 250, 1005, true),
    ]);
    expect(d.summary).toMatch(/cleanly by the page/);
    expect(d.summary).toMatch(/1005/);
    expect(d.severity).toBe('ok');
  });

  it('clean server close with 1001, with its meaning', () => {
    const d = diagnoseEvents([created(1, 100), opened(1, 150), closed(1, 250, 1001, true)]);
    expect(d.summary).toMatch(/^Closed cleanly by the server/);
    expect(d.summary).toContain('1001 Going Away');
    expect(d.summary).toContain(describeCloseCode(1001).meaning);
    expect(d.severity).toBe('ok');
  });

  it('server Close frame without a status code (1005)', () => {
    const d = diagnoseEvents([created(1, 100), opened(1, 150), closed(1, 250, 1005, true)]);
    expect(d.summary).toMatch(/server/);
    expect(d.summary).toMatch(/without (a )?status code \(1005\)/);
  });

  it('never opened (1006, no open event)', () => {
    const d = diagnoseEvents([created(1, 100), errored(1, 120), closed(1, 121, 1006, false)]);
    expect(d.summary).toMatch(/^Never opened \(1006\)/);
  });

  it('dropped after open (1006)', () => {
    const d = diagnoseEvents([created(1, 100), opened(1, 150), closed(1, 5000, 1006, false)]);
    expect(d.summary).toMatch(/^Dropped without a Close frame \(1006\)/);
  });

  it('page close while CONNECTING: the browser fails the connection with 1006', () => {
    const d = diagnoseEvents([
      created(1, 100),
      closeCallEvent({ args: [], readyState: 0, t: 110 }),
      errored(1, 111),
      closed(1, 112, 1006, false),
    ]);
    expect(d.summary).toMatch(/while CONNECTING/);
    expect(d.summary).toMatch(/1006/);
    expect(d.severity).toBe('warning');
    const connecting = d.findings.find((f) => /before the connection was established/.test(f.text));
    expect(connecting?.severity).toBe('warning');
    expect(connecting?.text).toMatch(/1006/);
    expect(connecting?.text).toMatch(/no code or reason reaches the server/);
  });

  it('page close that ended uncleanly (server never answered)', () => {
    const d = diagnoseEvents([
      created(1, 100),
      opened(1, 150),
      closeCallEvent({ args: [1000], t: 200 }),
      closed(1, 400, 1006, false),
    ]);
    expect(d.summary).toMatch(/page called close\(\), but the connection ended uncleanly with 1006/);
    expect(d.severity).toBe('warning');
    expect(texts(d).some((t) => /closing handshake/.test(t))).toBe(true);
  });

  it('notes when the server answered with another code than the page sent', () => {
    const d = diagnoseEvents([
      created(1, 100),
      opened(1, 150),
      closeCallEvent({ args: [4001, 'bye'], t: 200 }),
      closed(1, 250, 1000, true),
    ]);
    expect(d.findings).toContainEqual(
      expect.objectContaining({
        severity: 'info',
        text: expect.stringMatching(/sent 4001.*1000 Normal Closure/),
      }),
    );
  });

  it.each([
    { after: 1300, slow: true },
    { after: 1001, slow: true },
    { after: 1000, slow: false },
    { after: 50, slow: false },
  ])('closing handshake of $after ms → slow: $slow', ({ after, slow }) => {
    const d = diagnoseEvents([
      created(1, 100),
      opened(1, 150),
      closeCallEvent({ args: [1000], t: 200 }),
      closed(1, 200 + after, 1000, true),
    ]);
    const finding = d.findings.find((f) => /closing handshake took/.test(f.text));
    if (slow) {
      expect(finding?.severity).toBe('warning');
      expect(finding?.text).toContain(`${after} ms`);
    } else {
      expect(finding).toBeUndefined();
    }
  });

  it('1002 Protocol Error', () => {
    const d = diagnoseEvents([created(1, 100), opened(1, 150), closed(1, 250, 1002, false)]);
    expect(d.summary).toMatch(/1002 Protocol Error/);
    expect(d.severity).toBe('warning');
  });

  it('1015 (Firefox reports TLS failures with it)', () => {
    const d = diagnoseEvents([created(1, 100), closed(1, 250, 1015, false)]);
    expect(d.findings.some((f) => f.severity === 'warning' && /1015/.test(f.text))).toBe(true);
  });

  it.each([1005, 1006, 1015])(
    'a server close with %i reported as clean: an error finding only for 1006 and 1015',
    (code) => {
      // 1005 cleanly is the normal "Close frame without a code"; only 1006 and 1015 are errors.
      const d = diagnoseEvents([created(1, 100), opened(1, 150), closed(1, 250, code, true)]);
      expect(d.severity === 'error').toBe(code !== 1005);
    },
  );

  it('1004 is reserved but not forbidden on the wire (RFC 6455 has no MUST NOT for it)', () => {
    const d = diagnoseEvents([created(1, 100), opened(1, 150), closed(1, 250, 1004, true)]);
    expect(d.summary).toMatch(/server/);
    expect(texts(d).some((t) => /must never appear/.test(t))).toBe(false);
    expect(d.severity).not.toBe('error');
  });

  it.each([
    { name: 'connecting', events: [created(1, 100)], summary: 'Connecting' },
    { name: 'open', events: [created(1, 100), opened(1, 150)], summary: 'Open' },
    {
      name: 'closing',
      events: [created(1, 100), opened(1, 150), closeCallEvent({ args: [1000] })],
      summary: 'Closing: the page called close(), waiting for the close event',
    },
  ])('not closed yet: $name', ({ events, summary }) => {
    expect(diagnoseEvents(events).summary).toBe(summary);
  });
});

describe('diagnose: findings about close() calls', () => {
  it('close() on a CLOSED socket has no effect (info)', () => {
    const d = diagnoseEvents([
      created(1, 100),
      opened(1, 150),
      closed(1, 250, 1001, true),
      closeCallEvent({ args: [1000], readyState: 3, t: 300 }),
    ]);
    expect(d.summary).toMatch(/by the server/);
    expect(d.severity).toBe('info');
    expect(d.findings).toEqual([
      expect.objectContaining({
        severity: 'info',
        text: 'close(1000) close() on a CLOSED socket has no effect',
      }),
    ]);
  });

  it('close() on a CLOSING socket has no effect (info)', () => {
    const d = oneCall([4001], { readyState: 2 });
    expect(texts(d)).toContain('close(4001) close() on a CLOSING socket has no effect');
  });

  it('an invalid call is an error, with the browser message', () => {
    const d = oneCall([5000], { observed: threw('InvalidAccessError', chromiumCode(5000)) });
    expect(d.severity).toBe('error');
    expect(d.findings[0]?.severity).toBe('error');
    expect(d.findings[0]?.text).toBe(
      `close(5000) threw InvalidAccessError in Chromium: ${chromiumCode(5000)}`,
    );
    expect(texts(d).some((t) => /model/.test(t))).toBe(false);
  });

  it('an invalid call on a CLOSED socket is still an error (arguments are checked first)', () => {
    const d = diagnoseEvents([
      created(1, 100),
      opened(1, 150),
      closed(1, 250, 1000, true),
      closeCallEvent({
        args: [5000],
        readyState: 3,
        observed: threw('InvalidAccessError', chromiumCode(5000)),
      }),
    ]);
    expect(d.severity).toBe('error');
    expect(texts(d).some((t) => /no effect/.test(t))).toBe(false);
  });

  it('portability: close(2999.5) throws in Chromium, sends 3000 in Firefox and per spec', () => {
    const d = oneCall([2999.5], { observed: threw('InvalidAccessError', chromiumCode(2999)) });
    const p = d.findings.find((f) => /not portable/.test(f.text));
    expect(p?.severity).toBe('warning');
    expect(p?.text).toContain('throws InvalidAccessError in Chromium');
    expect(p?.text).toContain('sends 3000 in Firefox and per spec');
  });

  it('portability: close(2999.5) works in Firefox (3000) but throws in Chromium', () => {
    const d = oneCall([2999.5], { engine: 'firefox' });
    const p = d.findings.find((f) => /not portable/.test(f.text));
    expect(p?.text).toContain('works in Firefox (sends 3000)');
    expect(p?.text).toMatch(/throws InvalidAccessError in Chromium/);
    // It passed only because 2999.5 rounded to 3000.
    expect(texts(d).some((t) => /converted to 3000/.test(t))).toBe(true);
  });

  it('portability: close(4999.5) works in Chromium (4999), throws in Firefox and per spec', () => {
    const d = oneCall([4999.5]);
    const p = d.findings.find((f) => /not portable/.test(f.text));
    expect(p?.text).toContain('works in Chromium (sends 4999)');
    expect(p?.text).toMatch(/throws InvalidAccessError in Firefox.* and per spec/);
  });

  it('portability: close(3000.7) sends 3000 in Chromium but 3001 in Firefox and per spec', () => {
    const d = oneCall([3000.7]);
    const p = d.findings.find((f) => /not portable/.test(f.text));
    expect(p?.text).toContain('works in Chromium (sends 3000)');
    expect(p?.text).toContain('sends 3001 in Firefox and per spec');
  });

  it("portability: close(undefined, 'bye') throws in Chromium, not per spec nor in Firefox", () => {
    const d = oneCall([undefined, 'bye'], { observed: threw('InvalidAccessError', chromiumCode(0)) });
    expect(d.severity).toBe('error');
    const p = d.findings.find((f) => /not portable/.test(f.text));
    expect(p?.text).toContain('throws InvalidAccessError in Chromium');
    expect(p?.text).toContain('sends 1000 per spec');
    expect(p?.text).toMatch(/sends no status code and drops the reason in Firefox/);
  });

  it("portability: close(undefined, 'bye') in Firefox sends no status code", () => {
    const d = oneCall([undefined, 'bye'], { engine: 'firefox' });
    const p = d.findings.find((f) => /not portable/.test(f.text));
    expect(p?.text).toContain('works in Firefox (sends no status code and drops the reason)');
    expect(p?.text).toContain('throws InvalidAccessError in Chromium');
    expect(p?.text).toContain('sends 1000 per spec');
  });

  it("conversion: close('4001') passes only thanks to ToNumber", () => {
    const d = oneCall(['4001']);
    expect(d.severity).toBe('warning');
    const c = d.findings.find((f) => /conversion/.test(f.text));
    expect(c?.severity).toBe('warning');
    expect(c?.text).toContain('"4001"');
    expect(c?.text).toContain('4001 Private use');
    expect(texts(d).some((t) => /not portable/.test(t))).toBe(false);
  });

  it('conversion: a number reason is converted to a string', () => {
    const d = oneCall([1000, 123]);
    expect(texts(d).some((t) => /reason 123 was converted to the string "123"/.test(t))).toBe(true);
  });

  it('conversion: a lone surrogate in the reason is sent as U+FFFD', () => {
    const d = oneCall([1000, 'a\uD800']);
    expect(texts(d).some((t) => /lone surrogates/.test(t))).toBe(true);
  });

  it('model mismatch: the browser did not do what our model of it predicts', () => {
    // A Chromium that rounds ties to even would accept close(2999.5).
    const d = oneCall([2999.5], { observed: { threw: false } });
    const m = d.findings.find((f) => /model predicted/.test(f.text));
    expect(m?.severity).toBe('info');
    expect(m?.text).toContain(`InvalidAccessError: ${chromiumCode(2999)}`);
  });

  it('a model that matches Firefox messages reports no mismatch', () => {
    const d = oneCall([4999.5], { engine: 'firefox', observed: threw('InvalidAccessError', FIREFOX_CODE) });
    expect(texts(d).some((t) => /model predicted/.test(t))).toBe(false);
  });

  it('a valid close(1000) on an OPEN socket has no findings', () => {
    const d = oneCall([1000]);
    expect(d.findings).toEqual([]);
    expect(d.severity).toBe('ok');
  });

  it('orders call findings by severity (error, warning, info)', () => {
    const d = diagnoseEvents([
      created(1, 100),
      opened(1, 150),
      closed(1, 250, 1000, true),
      closeCallEvent({ args: [1000], readyState: 3, callId: 1 }),
      closeCallEvent({ args: ['4001'], readyState: 3, callId: 2 }),
      closeCallEvent({
        args: [5000],
        readyState: 3,
        callId: 3,
        observed: threw('InvalidAccessError', chromiumCode(5000)),
      }),
    ]);
    const order = { error: 0, warning: 1, info: 2 } as const;
    const ranks = d.findings.map((f) => order[f.severity]);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(d.findings[0]?.severity).toBe('error');
  });
});

describe('diagnoseCached', () => {
  it('memoises per revision', () => {
    const store = storeOf([created(1, 100)]);
    const c = store.list()[0];
    if (!c) throw new Error('no connection');
    const first = diagnoseCached(c);
    expect(diagnoseCached(c)).toBe(first);
    store.apply(batch(sequence([opened(1, 150)], 1)));
    const second = diagnoseCached(c);
    expect(second).not.toBe(first);
    expect(second.summary).toBe('Open');
  });
});
