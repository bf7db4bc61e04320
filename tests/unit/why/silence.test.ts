import { describe, expect, it } from 'vitest';
import type { HeartbeatFacts } from '../../../src/why/heartbeat';
import {
  diagnoseLifetime,
  diagnoseSilence,
  measureSilence,
  type SilenceInput,
} from '../../../src/why/silence';

const T0 = 1_000_000;

function input(overrides: Partial<SilenceInput> = {}): SilenceInput {
  return { openedAt: T0, closedAt: T0 + 120_000, lastSentAt: null, lastReceivedAt: null, ...overrides };
}

describe('measureSilence', () => {
  it('counts from the latest of open, last sent and last received', () => {
    expect(measureSilence(input({ lastSentAt: T0 + 50_000, lastReceivedAt: T0 + 30_000 }))).toEqual({
      silenceMs: 70_000,
      serverSilenceMs: 90_000,
    });
    expect(measureSilence(input())).toEqual({ silenceMs: 120_000, serverSilenceMs: 120_000 });
  });

  it('has nothing to say about a socket that never opened', () => {
    expect(measureSilence(input({ openedAt: null }))).toBeNull();
  });
});

describe('diagnoseSilence', () => {
  it('names the 60 s idle timeouts for a drop after 60.4 s of silence', () => {
    const f = diagnoseSilence(
      input({ closedAt: T0 + 100_400, lastSentAt: T0 + 40_000, lastReceivedAt: T0 + 39_000 }),
      'drop',
    );
    expect(f?.id).toBe('idle-timeout');
    expect(f?.certainty).toBe('likely');
    expect(f?.severity).toBe('warning');
    expect(f?.text).toContain('No frame in either direction for 60.4 s before the drop');
    // Closest first: the ALB saw 60.4 s of silence, nginx 61.4 s without server data.
    expect(f?.text).toContain('matches an idle timeout: AWS ALB idle timeout 60 s (default), ');
    expect(f?.text).toContain('nginx proxy_read_timeout 60 s (default)');
    expect(f?.text).toContain('Send a heartbeat more often than every 60 s');
    expect(f?.source).toMatch(/^https:\/\//);
    expect(f?.evidence).toContain('last frame sent 60.4 s before the close');
    expect(f?.evidence.some((e) => e.includes('measured silence 60.4 s (+0.4 s)'))).toBe(true);
  });

  it('says "the server closed it" for server closes', () => {
    const f = diagnoseSilence(input({ closedAt: T0 + 55_200 }), 'server');
    expect(f?.id).toBe('idle-timeout');
    expect(f?.text).toContain('before the server closed it');
    expect(f?.text).toContain('Heroku');
  });

  it('blames nginx on server silence when only the page kept sending', () => {
    const f = diagnoseSilence(
      input({ closedAt: T0 + 60_300, lastSentAt: T0 + 45_000, lastReceivedAt: null }),
      'drop',
    );
    expect(f?.id).toBe('idle-timeout');
    expect(f?.text).toContain('No frame from the server for 60.3 s');
    expect(f?.text).toContain('Make the server send something');
    expect(f?.text).not.toContain('AWS');
  });

  it('reports a long silence that matches nothing as possible, with the silence alone', () => {
    const f = diagnoseSilence(input({ closedAt: T0 + 45_000 }), 'drop');
    expect(f).toMatchObject({ id: 'long-silence', certainty: 'possible', severity: 'info' });
    expect(f?.text).toContain('45.0 s');
    expect(f?.source).toBeUndefined();
  });

  it('says nothing for short silences, page closes and sockets that never opened', () => {
    expect(diagnoseSilence(input({ closedAt: T0 + 4_999 }), 'drop')).toBeNull();
    expect(diagnoseSilence(input({ closedAt: T0 + 60_000 }), 'page')).toBeNull();
    expect(diagnoseSilence(input({ openedAt: null, closedAt: T0 + 60_000 }), 'drop')).toBeNull();
  });

  it('starts at 5 s of silence', () => {
    expect(diagnoseSilence(input({ closedAt: T0 + 5_000 }), 'drop')?.id).toBe('long-silence');
  });

  const heartbeat = (lastAt: number, periodMs = 25_000): HeartbeatFacts => ({
    direction: 'sent',
    periodMs,
    lastAt,
    beats: 6,
  });

  it('adds the stopped heartbeat to an idle-timeout match', () => {
    const lastBeat = T0 + 39_000;
    const f = diagnoseSilence(
      input({
        closedAt: T0 + 100_200,
        lastSentAt: lastBeat,
        lastReceivedAt: T0 + 40_000,
        heartbeat: heartbeat(lastBeat),
      }),
      'drop',
    );
    expect(f?.id).toBe('idle-timeout');
    expect(f?.text).toContain('The heartbeat (every 25.0 s, sent) stopped 61.2 s before the close.');
  });

  it('reports a stopped heartbeat without a table match as likely when the line then went quiet', () => {
    const lastBeat = T0 + 10_000;
    const f = diagnoseSilence(
      input({
        closedAt: T0 + 80_000,
        lastSentAt: lastBeat,
        lastReceivedAt: lastBeat,
        heartbeat: heartbeat(lastBeat),
      }),
      'drop',
    );
    expect(f).toMatchObject({ id: 'heartbeat-stopped', certainty: 'likely' });
    expect(f?.text).toContain('stopped 70.0 s before the close');
  });

  it('reports a stopped heartbeat as possible when other frames continued', () => {
    const f = diagnoseSilence(
      input({
        closedAt: T0 + 80_000,
        lastSentAt: T0 + 79_000,
        lastReceivedAt: T0 + 79_500,
        heartbeat: heartbeat(T0 + 10_000),
      }),
      'server',
    );
    expect(f).toMatchObject({ id: 'heartbeat-stopped', certainty: 'possible', severity: 'info' });
  });

  it('does not call a heartbeat stopped until 1.5 periods have passed', () => {
    // Last beat 37 s before the close: 1.48 periods.
    const f = diagnoseSilence(
      input({
        closedAt: T0 + 80_000,
        lastSentAt: T0 + 79_000,
        lastReceivedAt: T0 + 79_500,
        heartbeat: heartbeat(T0 + 43_000),
      }),
      'drop',
    );
    expect(f).toBeNull();
  });
});

describe('diagnoseLifetime', () => {
  it('names the Google Cloud backend timeout when a connection lasted 30.2 s', () => {
    const f = diagnoseLifetime(input({ closedAt: T0 + 30_200, lastReceivedAt: T0 + 30_000 }), 'drop');
    expect(f).toMatchObject({ id: 'lifetime-limit', certainty: 'likely' });
    expect(f?.text).toContain('lasted 30.2 s');
    expect(f?.text).toContain('Google Cloud');
    expect(f?.source).toContain('cloud.google.com');
  });

  it('ignores other ages, page closes and unopened sockets', () => {
    expect(diagnoseLifetime(input({ closedAt: T0 + 45_000 }), 'drop')).toBeNull();
    expect(diagnoseLifetime(input({ closedAt: T0 + 30_000 }), 'page')).toBeNull();
    expect(diagnoseLifetime(input({ openedAt: null, closedAt: T0 + 30_000 }), 'server')).toBeNull();
  });
});
