import { describe, expect, it } from 'vitest';
import { analyzeHistory, type ConnectionHistoryRecord, endpointOf } from '../../../src/why/history';

let seq = 0;
function rec(overrides: Partial<ConnectionHistoryRecord> & { createdAt: number }): ConnectionHistoryRecord {
  seq++;
  return {
    key: `c${seq}`,
    url: 'wss://api.example.com/live?token=a',
    openedAt: null,
    closedAt: null,
    closeCode: null,
    wasClean: null,
    callSite: null,
    closedWhileConnectingByPage: false,
    ...overrides,
  };
}

/** n connections, each failing after `lifeMs` and retried `delayMs` after the close. */
function retries(
  n: number,
  delayMs: (i: number) => number,
  lifeMs = 50,
  code = 1006,
): ConnectionHistoryRecord[] {
  const out: ConnectionHistoryRecord[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    out.push(
      rec({
        createdAt: t,
        closedAt: t + lifeMs,
        closeCode: code,
        wasClean: false,
        url: `wss://api.example.com/live?try=${i}`,
      }),
    );
    t += lifeMs + delayMs(i);
  }
  return out;
}

const ids = (findings: readonly { id: string }[] | undefined) => (findings ?? []).map((f) => f.id);

describe('endpointOf', () => {
  it('keeps origin and path, drops query and hash', () => {
    expect(endpointOf('wss://api.example.com:8443/live?token=a#x')).toBe('wss://api.example.com:8443/live');
    expect(endpointOf('not a url?x=1')).toBe('not a url');
  });
});

describe('reconnect storms', () => {
  it('sockets a page opens side by side (several channels at load) are not a storm', () => {
    const records = Array.from({ length: 10 }, (_, i) =>
      rec({ key: `c${i}`, createdAt: 1000 + i, openedAt: 1010 + i, closedAt: 60_000 + i, closeCode: 1000 }),
    );
    expect(analyzeHistory(records).storms).toEqual([]);
  });

  it('finds 5 connections to one endpoint within 10 s, whatever their query strings', () => {
    const records = retries(5, (i) => 500 * (i + 1) * 1.7);
    const { storms, byConnection } = analyzeHistory(records);
    expect(storms).toHaveLength(1);
    expect(storms[0]).toMatchObject({ endpoint: 'wss://api.example.com/live', count: 5, pattern: null });
    expect(storms[0]?.finding).toMatchObject({
      id: 'reconnect-storm',
      certainty: 'certain',
      severity: 'warning',
    });
    expect(storms[0]?.finding.text).toContain('5 connections to wss://api.example.com/live within');
    expect(storms[0]?.finding.evidence).toContain('close codes: 1006 \u00d75');
    for (const r of records) expect(ids(byConnection.get(r.key))).toContain('reconnect-storm');
  });

  it('does not call 4 connections in 10 s, or 5 spread over more than 10 s, a storm', () => {
    expect(analyzeHistory(retries(4, () => 1000)).storms).toEqual([]);
    expect(analyzeHistory(retries(5, (i) => 2000 * 2 ** i)).storms).toEqual([]);
  });

  it('finds 4 retries at a fixed delay even when slow', () => {
    const { storms } = analyzeHistory(retries(5, () => 5000));
    expect(storms).toHaveLength(1);
    expect(storms[0]?.pattern).toMatchObject({ kind: 'fixed', retries: 4 });
    expect(storms[0]?.pattern?.delayMs).toBeCloseTo(5000);
    expect(storms[0]?.finding.text).toContain('retries 5.0 s after each close, without backoff or jitter');
  });

  it('reports the fixed delay of a dense storm too', () => {
    const { storms } = analyzeHistory(retries(8, () => 1000));
    expect(storms[0]?.count).toBe(8);
    expect(storms[0]?.finding.text).toContain('retries 1.0 s after each close');
  });

  it('accepts neither growth nor jitter as fixed', () => {
    // Growing 8 % per retry: each step is within 10 %, but the spread is not within 5 %.
    expect(analyzeHistory(retries(5, (i) => 5000 * 1.08 ** i)).storms).toEqual([]);
    // Jitter of ±8 %.
    const jitter = [1, 0.92, 1.08, 0.95, 1.06];
    expect(analyzeHistory(retries(5, (i) => 5000 * (jitter[i] ?? 1))).storms).toEqual([]);
    // Exponential backoff.
    expect(analyzeHistory(retries(6, (i) => 3000 * 2 ** i)).storms).toEqual([]);
  });

  it('tolerates a few ms of timing noise on immediate retries', () => {
    const noise = [3, 8, 1, 12, 5];
    const { storms } = analyzeHistory(retries(5, (i) => noise[i] ?? 0, 4000));
    expect(storms[0]?.pattern?.kind).toBe('fixed');
  });

  it('keeps endpoints apart', () => {
    const a = retries(3, () => 1000);
    const b = retries(3, () => 1000).map((r) => ({ ...r, url: 'wss://other.example.com/live' }));
    expect(analyzeHistory([...a, ...b]).storms).toEqual([]);
  });
});

describe('reconnect after a do-not-retry code', () => {
  it('flags the next connection after 1008', () => {
    const first = rec({ createdAt: 0, openedAt: 100, closedAt: 5000, closeCode: 1008, wasClean: true });
    const second = rec({ createdAt: 6200 });
    const { byConnection } = analyzeHistory([second, first]);
    const f = byConnection.get(second.key)?.find((x) => x.id === 'reconnect-after-terminal-code');
    expect(f).toMatchObject({ certainty: 'certain', severity: 'warning' });
    expect(f?.text).toContain('Reconnected 1.2 s after');
    expect(f?.text).toContain('1008 Policy Violation');
    expect(byConnection.get(first.key)).toBeUndefined();
  });

  it('uses the protocol\u2019s terminal codes and names', () => {
    const first = rec({
      createdAt: 0,
      closedAt: 1000,
      closeCode: 4401,
      wasClean: true,
      appProtocol: 'graphql-ws',
    });
    const second = rec({ createdAt: 4000, appProtocol: 'graphql-ws' });
    const f = analyzeHistory([first, second]).byConnection.get(second.key)?.[0];
    expect(f?.text).toContain('4401 Unauthorized');
    expect(f?.text).toContain('under graphql-ws');
    expect(f?.source).toContain('graphql-ws');
  });

  it('cites RFC 6455 for 1008 even under an application protocol', () => {
    const first = rec({
      createdAt: 0,
      closedAt: 1000,
      closeCode: 1008,
      wasClean: true,
      appProtocol: 'pusher',
    });
    const second = rec({ createdAt: 2000, appProtocol: 'pusher' });
    const f = analyzeHistory([first, second]).byConnection.get(second.key)?.[0];
    expect(f?.source).toBe('https://www.rfc-editor.org/rfc/rfc6455#section-7.4.1');
    expect(f?.text).not.toContain('under pusher');
  });

  it('does not flag retries after retryable codes, or without a later connection', () => {
    const a = rec({
      createdAt: 0,
      closedAt: 1000,
      closeCode: 4403,
      wasClean: true,
      appProtocol: 'graphql-ws',
    });
    const b = rec({ createdAt: 4000, appProtocol: 'graphql-ws', closedAt: 5000, closeCode: 1008 });
    const { byConnection } = analyzeHistory([a, b]);
    expect(ids(byConnection.get(b.key))).not.toContain('reconnect-after-terminal-code');
    expect(byConnection.size).toBe(0);
  });

  it('ignores connections to other endpoints', () => {
    const a = rec({ createdAt: 0, closedAt: 1000, closeCode: 1008 });
    const b = rec({ createdAt: 2000, url: 'wss://api.example.com/other' });
    expect(analyzeHistory([a, b]).byConnection.size).toBe(0);
  });
});

describe('StrictMode double mount', () => {
  const site = 'useSocket (src/useSocket.ts:12:15)';

  it('flags two sockets from one call site 3 ms apart, the first closed while CONNECTING', () => {
    const a = rec({
      createdAt: 100,
      closedAt: 101,
      closeCode: 1006,
      callSite: site,
      closedWhileConnectingByPage: true,
    });
    const b = rec({ createdAt: 103, openedAt: 150, callSite: site });
    const { byConnection } = analyzeHistory([a, b]);
    for (const key of [a.key, b.key]) {
      const f = byConnection.get(key)?.[0];
      expect(f).toMatchObject({ id: 'strict-mode-double-mount', certainty: 'likely', severity: 'info' });
      expect(f?.text).toContain('3 ms apart');
    }
  });

  it('needs the same call site, the same URL, a gap of at most 1 s and a close while CONNECTING', () => {
    const base = {
      createdAt: 100,
      closedAt: 101,
      closeCode: 1006,
      callSite: site,
      closedWhileConnectingByPage: true,
    };
    const cases: ConnectionHistoryRecord[][] = [
      [rec(base), rec({ createdAt: 103, callSite: 'other (src/b.ts:1:1)' })],
      [rec(base), rec({ createdAt: 103, callSite: site, url: 'wss://api.example.com/live?token=b' })],
      [rec(base), rec({ createdAt: 1101, callSite: site })],
      [rec({ ...base, closedWhileConnectingByPage: false }), rec({ createdAt: 103, callSite: site })],
      [rec({ ...base, callSite: null }), rec({ createdAt: 103, callSite: null })],
    ];
    for (const records of cases) expect(analyzeHistory(records).byConnection.size).toBe(0);
  });
});

describe('open at navigation', () => {
  it('flags sockets still open, or closed with 1001 by the navigation', () => {
    const open = rec({ createdAt: 0, openedAt: 50 });
    const byNav = rec({ createdAt: 10, openedAt: 60, closedAt: 10_300, closeCode: 1001, wasClean: true });
    const closedEarlier = rec({
      createdAt: 20,
      openedAt: 70,
      closedAt: 5000,
      closeCode: 1000,
      wasClean: true,
    });
    const later = rec({ createdAt: 10_500 });
    const { byConnection } = analyzeHistory([open, byNav, closedEarlier, later], 10_000);
    expect(byConnection.get(open.key)?.[0]).toMatchObject({ id: 'open-at-navigation', certainty: 'certain' });
    expect(byConnection.get(byNav.key)?.[0]?.evidence[0]).toBe('closed with 1001 0.3 s after the navigation');
    expect(byConnection.get(closedEarlier.key)).toBeUndefined();
    expect(byConnection.get(later.key)).toBeUndefined();
  });

  it('says CONNECTING for sockets that had not opened', () => {
    const connecting = rec({ createdAt: 9_900 });
    const f = analyzeHistory([connecting], 10_000).byConnection.get(connecting.key)?.[0];
    expect(f?.text).toContain('Still CONNECTING');
  });

  it('is skipped without a navigation time', () => {
    expect(analyzeHistory([rec({ createdAt: 0, openedAt: 50 })], null).byConnection.size).toBe(0);
  });
});

describe('scale', () => {
  it('handles 20 000 connections to one endpoint', () => {
    const records = retries(20_000, (i) => 1000 + (i % 7) * 300);
    const { storms, byConnection } = analyzeHistory(records);
    expect(storms).toHaveLength(1);
    expect(storms[0]?.count).toBeGreaterThanOrEqual(5);
    expect(byConnection.size).toBe(storms[0]?.keys.length);
  });
});
