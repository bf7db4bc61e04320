import { describe, expect, it } from 'vitest';
import { explainByLifecycle, formatDuration, type PageLifecycleEvent } from '../../../src/why/pageLifecycle';

const MIN = 60_000;
const ids = (findings: readonly { id: string }[]) => findings.map((f) => f.id);

describe('formatDuration (re-exported)', () => {
  it('formats as the brief asks', () => {
    expect(formatDuration(372_000)).toBe('6 min 12 s');
    expect(formatDuration(60_000)).toBe('60.0 s');
    expect(formatDuration(200)).toBe('0.2 s');
  });
});

describe('hidden page', () => {
  it('is likely after 5 min hidden before a drop, and cites Chrome timer throttling', () => {
    const events: PageLifecycleEvent[] = [
      { t: 0, kind: 'visible' },
      { t: 10_000, kind: 'hidden' },
    ];
    const [f] = explainByLifecycle(events, 10_000 + 372_000, 1006, false, 'failure');
    expect(f).toMatchObject({ id: 'hidden-page-throttling', certainty: 'likely', severity: 'warning' });
    expect(f?.text).toContain('hidden for 6 min 12 s');
    expect(f?.text).toContain('about once a minute');
    expect(f?.source).toBe('https://developer.chrome.com/blog/timer-throttling-in-chrome-88');
  });

  it('is possible when hidden for more than 10 s but less than 5 min', () => {
    const events: PageLifecycleEvent[] = [{ t: 0, kind: 'hidden' }];
    expect(explainByLifecycle(events, 45_000, 1011, true, 'server')[0]).toMatchObject({
      id: 'hidden-page-throttling',
      certainty: 'possible',
    });
    expect(explainByLifecycle(events, 5 * MIN - 1, 1006, false, 'failure')[0]?.certainty).toBe('possible');
    expect(explainByLifecycle(events, 5 * MIN, 1006, false, 'failure')[0]?.certainty).toBe('likely');
  });

  it('measures from the start of the current hidden stretch', () => {
    const events: PageLifecycleEvent[] = [
      { t: 0, kind: 'hidden' },
      { t: 60_000, kind: 'visible' },
      { t: 70_000, kind: 'hidden' },
      { t: 80_000, kind: 'hidden' },
    ];
    expect(explainByLifecycle(events, 100_000, 1006, false, 'failure')[0]?.text).toContain(
      'hidden for 30.0 s',
    );
  });

  it('says nothing when visible at the close, hidden only briefly, or closed by the page', () => {
    expect(
      explainByLifecycle(
        [
          { t: 0, kind: 'hidden' },
          { t: 9 * MIN, kind: 'visible' },
        ],
        10 * MIN,
        1006,
        false,
        'failure',
      ),
    ).toEqual([]);
    expect(explainByLifecycle([{ t: 0, kind: 'hidden' }], 10_000 - 1, 1006, false, 'failure')).toEqual([]);
    expect(explainByLifecycle([{ t: 0, kind: 'hidden' }], 10 * MIN, 4000, true, 'page')).toEqual([]);
  });
});

describe('offline', () => {
  it('is likely when the browser went offline within 5 s before the drop', () => {
    const [f] = explainByLifecycle([{ t: 9_800, kind: 'offline' }], 10_000, 1006, false, 'failure');
    expect(f).toMatchObject({ id: 'went-offline', certainty: 'likely' });
    expect(f?.text).toContain('went offline 0.2 s before the drop');
  });

  it('counts an offline event reported just after the drop', () => {
    expect(
      explainByLifecycle([{ t: 10_500, kind: 'offline' }], 10_000, 1006, false, 'failure')[0]?.text,
    ).toContain('0.5 s after');
  });

  it('is possible when offline for longer, and nothing once back online', () => {
    expect(
      explainByLifecycle([{ t: 0, kind: 'offline' }], 60_000, 1006, false, 'failure')[0]?.certainty,
    ).toBe('possible');
    expect(
      explainByLifecycle(
        [
          { t: 0, kind: 'offline' },
          { t: 1000, kind: 'online' },
        ],
        3000,
        1006,
        false,
        'failure',
      ),
    ).toEqual([]);
    expect(explainByLifecycle([{ t: 9_800, kind: 'offline' }], 10_000, 1000, true, 'server')).toEqual([]);
  });
});

describe('freeze', () => {
  it('is likely when the page was frozen at the close', () => {
    const [f] = explainByLifecycle([{ t: 0, kind: 'freeze' }], 120_000, 1006, false, 'failure');
    expect(f).toMatchObject({ id: 'page-frozen', certainty: 'likely' });
    expect(f?.text).toContain('frozen 2 min 0 s before the close');
  });

  it('is likely when the close came just after resume', () => {
    const events: PageLifecycleEvent[] = [
      { t: 0, kind: 'freeze' },
      { t: 182_000, kind: 'resume' },
    ];
    const [f] = explainByLifecycle(events, 182_100, 1006, false, 'failure');
    expect(f?.text).toContain('frozen for 3 min 2 s');
    expect(f?.text).toContain('0.1 s after it resumed');
    expect(explainByLifecycle(events, 190_000, 1006, false, 'failure')).toEqual([]);
  });
});

describe('navigation', () => {
  it('is certain for 1001 with a pagehide or navigate within 1 s', () => {
    for (const kind of ['pagehide', 'navigate'] as const) {
      const [f] = explainByLifecycle([{ t: 10_000, kind }], 10_400, 1001, true, 'server');
      expect(f).toMatchObject({ id: 'closed-by-navigation', certainty: 'certain', severity: 'info' });
      expect(f?.evidence[0]).toBe(`'${kind}' 0.4 s before the close`);
    }
  });

  it('needs code 1001 and a navigation nearby', () => {
    expect(ids(explainByLifecycle([{ t: 10_000, kind: 'pagehide' }], 10_400, 1000, true, 'page'))).toEqual(
      [],
    );
    expect(ids(explainByLifecycle([{ t: 10_000, kind: 'pagehide' }], 11_001, 1001, true, 'server'))).toEqual(
      [],
    );
  });
});

describe('back/forward cache', () => {
  const trip: PageLifecycleEvent[] = [
    { t: 20_000, kind: 'pagehide', persisted: true },
    { t: 80_000, kind: 'pageshow', persisted: true },
  ];

  it('notes a restore from the cache after the socket was created', () => {
    const [f] = explainByLifecycle(trip, 80_050, 1006, false, 'failure', 1000);
    expect(f).toMatchObject({ id: 'bfcache-restore', certainty: 'likely' });
    expect(f?.evidence).toContain("page entered the cache ('pagehide', persisted) 60.0 s before the restore");
  });

  it('needs the socket to predate the restore, a persisted pageshow, and a close around the trip', () => {
    expect(explainByLifecycle(trip, 80_050, 1006, false, 'failure', 90_000)).toEqual([]);
    expect(explainByLifecycle(trip, 80_050, 1006, false, 'failure')).toEqual([]);
    expect(
      explainByLifecycle(
        [{ t: 80_000, kind: 'pageshow', persisted: false }],
        80_050,
        1006,
        false,
        'failure',
        1000,
      ),
    ).toEqual([]);
    expect(explainByLifecycle(trip, 5000, 1006, false, 'failure', 1000)).toEqual([]);
  });
});

it('sorts events itself', () => {
  const events: PageLifecycleEvent[] = [
    { t: 9_800, kind: 'offline' },
    { t: 0, kind: 'hidden' },
  ];
  expect(ids(explainByLifecycle(events, 10 * MIN, 1006, false, 'failure'))).toEqual([
    'hidden-page-throttling',
    'went-offline',
  ]);
});
