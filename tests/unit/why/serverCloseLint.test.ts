import { describe, expect, it } from 'vitest';
import { ERROR_REASON, errorWordIn, lintServerClose } from '../../../src/why/serverCloseLint';

const ids = (code: number, reason = '', wasClean = true) =>
  lintServerClose({ code, reason, wasClean }).map((f) => f.id);

describe('ERROR_REASON', () => {
  it.each([
    'Invalid token',
    'auth failed',
    'Authentication failure',
    'permission denied',
    'Unauthorized',
    'unauthorised',
    'Forbidden',
    'session expired',
    'idle timeout',
    'time-out',
    'Timed out waiting for pong',
    'Internal error',
    'uncaught exception',
    'connection refused',
  ])('matches %s', (reason) => {
    expect(ERROR_REASON.test(reason)).toBe(true);
  });

  it.each(['bye', 'done', 'client left', 'ErrorBoundary unmounted', 'invalidated_cache', 'goodbye', ''])(
    'does not match %s',
    (reason) => {
      expect(ERROR_REASON.test(reason)).toBe(false);
    },
  );
});

describe('errorWordIn', () => {
  it('finds error words and exception class names', () => {
    expect(errorWordIn('auth failed')).toBe('failed');
    expect(errorWordIn('java.lang.NullPointerException')).toBe('Exception');
    expect(errorWordIn('TypeError: x is undefined')).toBe('Error');
    expect(errorWordIn('a reign of terror')).toBeNull();
    expect(errorWordIn('ErrorBoundary unmounted')).toBeNull();
    expect(errorWordIn('bye')).toBeNull();
  });
});

describe('lintServerClose', () => {
  it('flags an error reason on 1000 as likely', () => {
    const [f] = lintServerClose({ code: 1000, reason: 'Invalid token', wasClean: true });
    expect(f).toMatchObject({ id: 'error-as-normal-closure', certainty: 'likely', severity: 'warning' });
    expect(f?.text).toContain('\u201cInvalid token\u201d');
    expect(f?.evidence).toContain('reason \u201cInvalid token\u201d (13 bytes)');
    expect(f?.evidence).toContain('"Invalid" is an error word');
  });

  it('flags an exception class name on 1000', () => {
    expect(ids(1000, 'NullPointerException')).toEqual(['error-as-normal-closure']);
  });

  it('leaves an ordinary 1000 alone, and error reasons on other codes', () => {
    expect(ids(1000, 'bye')).toEqual([]);
    expect(ids(1000)).toEqual([]);
    expect(ids(4001, 'Invalid token')).toEqual([]);
  });

  it('recommends backoff for 1012 and 1013', () => {
    const [restart] = lintServerClose({ code: 1012, reason: '', wasClean: true });
    expect(restart).toMatchObject({ id: 'service-restart', certainty: 'certain', severity: 'info' });
    expect(restart?.text).toContain('backoff');
    expect(ids(1013, 'overloaded')).toEqual(['try-again-later']);
  });

  it('reads 1001 from the server as a restart or deploy', () => {
    const [f] = lintServerClose({ code: 1001, reason: 'server shutting down', wasClean: true });
    expect(f).toMatchObject({ id: 'server-going-away', certainty: 'likely' });
    expect(f?.text).toContain('restart or deploy');
  });

  it('flags a clean close without a status code (1005)', () => {
    expect(ids(1005)).toEqual(['close-without-code']);
    expect(ids(1005, '', false)).toEqual([]);
  });

  it('says nothing about other codes', () => {
    for (const code of [1002, 1006, 1008, 1011, 3000, 4000]) expect(ids(code, 'x')).toEqual([]);
  });

  it('cites a source for every finding', () => {
    for (const code of [1000, 1001, 1005, 1012, 1013]) {
      for (const f of lintServerClose({ code, reason: 'error', wasClean: true }))
        expect(f.source).toMatch(/^https:\/\//);
    }
  });
});
