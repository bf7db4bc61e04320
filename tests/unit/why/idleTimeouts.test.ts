import { describe, expect, it } from 'vitest';
import {
  MATCH_SLACK_BEFORE,
  MATCH_TOLERANCE_AFTER,
  matchIdleTimeout,
  matchLifetimeLimit,
  matchWindow,
  NETWORK_TIMEOUTS,
  timeoutLabel,
} from '../../../src/why/idleTimeouts';

const ids = (matches: readonly { timeout: { id: string } }[]) => matches.map((m) => m.timeout.id).sort();

describe('the table', () => {
  it('gives every entry a unique id, a positive limit and an https source', () => {
    const seen = new Set<string>();
    for (const t of NETWORK_TIMEOUTS) {
      expect(seen.has(t.id)).toBe(false);
      seen.add(t.id);
      expect(t.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(t.seconds).toBeGreaterThan(0);
      expect(t.source).toMatch(/^https:\/\//);
      expect(t.what.length).toBeGreaterThan(0);
    }
  });

  it('labels an entry with its limit, marking changeable defaults', () => {
    const alb = NETWORK_TIMEOUTS.find((t) => t.id === 'aws-alb-idle-timeout');
    const heroku = NETWORK_TIMEOUTS.find((t) => t.id === 'heroku-router-idle');
    expect(alb && timeoutLabel(alb)).toBe('AWS ALB idle timeout 60 s (default)');
    expect(heroku && timeoutLabel(heroku)).toBe('Heroku router idle window 55 s');
  });
});

describe('matchWindow (tolerance)', () => {
  it('allows at least 1 s before and 1.5 s after a limit', () => {
    expect(matchWindow(30_000)).toEqual({ fromMs: 29_000, toMs: 31_500 });
    // 3 % of 60 s is more than 1.5 s.
    expect(matchWindow(60_000)).toEqual({ fromMs: 59_000, toMs: 61_800 });
    expect(MATCH_SLACK_BEFORE.minMs).toBe(1000);
    expect(MATCH_TOLERANCE_AFTER.minMs).toBe(1500);
  });

  it('grows with long limits (1 % before, 3 % after)', () => {
    expect(matchWindow(600_000)).toEqual({ fromMs: 594_000, toMs: 618_000 });
  });
});

describe('matchIdleTimeout', () => {
  it('matches the 60 s defaults on a 60.4 s silence, closest first', () => {
    const matches = matchIdleTimeout(60_400);
    expect(ids(matches)).toEqual([
      'aws-alb-idle-timeout',
      'aws-clb-idle-timeout',
      'ingress-nginx-proxy-read-timeout',
      'nginx-proxy-read-timeout',
    ]);
    expect(matches[0]?.offsetMs).toBeCloseTo(400);
  });

  it.each([
    [58_999, false],
    [59_000, true],
    [61_800, true],
    [61_801, false],
  ])('edge of the 60 s window: %d ms → %s', (ms, matched) => {
    expect(matchIdleTimeout(ms).some((m) => m.timeout.id === 'aws-alb-idle-timeout')).toBe(matched);
  });

  it('tells Heroku (55 s) from the 60 s defaults', () => {
    expect(ids(matchIdleTimeout(55_300))).toEqual(['heroku-router-idle']);
  });

  it('matches Cloudflare, Envoy, Azure, NLB and API Gateway', () => {
    expect(ids(matchIdleTimeout(100_800))).toEqual(['cloudflare-proxy-idle']);
    expect(ids(matchIdleTimeout(240_500))).toEqual(['azure-load-balancer-idle']);
    expect(ids(matchIdleTimeout(300_200))).toEqual(['envoy-stream-idle-timeout']);
    expect(ids(matchIdleTimeout(351_000))).toEqual(['aws-nlb-tcp-idle-timeout']);
    expect(ids(matchIdleTimeout(610_000))).toEqual(['aws-api-gateway-idle']);
  });

  it('matches nothing between limits', () => {
    expect(matchIdleTimeout(45_000)).toEqual([]);
    expect(matchIdleTimeout(75_000)).toEqual([]);
    expect(matchIdleTimeout(0)).toEqual([]);
  });

  it('times nginx by server silence only: a client heartbeat does not reset it', () => {
    // The page sent 20 s ago, the server has been silent for 60.2 s.
    expect(ids(matchIdleTimeout(20_000, 60_200))).toEqual([
      'ingress-nginx-proxy-read-timeout',
      'nginx-proxy-read-timeout',
    ]);
  });

  it('never matches lifetime caps as idle timeouts', () => {
    expect(ids(matchIdleTimeout(30_100))).toEqual([]);
  });
});

describe('matchLifetimeLimit', () => {
  it('matches the Google Cloud 30 s backend timeout, Cloud Run 5 min and API Gateway 2 h', () => {
    expect(ids(matchLifetimeLimit(30_300))).toEqual(['gcp-backend-service-timeout']);
    expect(ids(matchLifetimeLimit(300_500))).toEqual(['cloud-run-request-timeout']);
    expect(ids(matchLifetimeLimit(7_201_000))).toEqual(['aws-api-gateway-duration']);
  });

  it('ignores idle timeouts and other ages', () => {
    expect(matchLifetimeLimit(60_000)).toEqual([]);
    expect(matchLifetimeLimit(45_000)).toEqual([]);
  });
});
