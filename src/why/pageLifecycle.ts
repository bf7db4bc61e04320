/**
 * The page's own timeline as an explanation: a hidden tab whose heartbeat timer was throttled, a
 * frozen page, a lost network, a navigation, a trip through the back/forward cache. The close event
 * says none of this; the lifecycle events around it often do.
 */
import type { PageLifecycleKind } from '../protocol/events';
import type { WhyFinding } from './certainty';
import { formatDuration } from './duration';

export type { PageLifecycleKind } from '../protocol/events';
export { formatDuration } from './duration';

export interface PageLifecycleEvent {
  readonly t: number;
  readonly kind: PageLifecycleKind;
  /** pagehide/pageshow: true when the page enters or leaves the back/forward cache. */
  readonly persisted?: boolean;
}

/** Who ended the connection, as the model's initiator() reports it ('failure' = dropped). */
export type CloseInitiator = 'page' | 'server' | 'failure';

/** Chromium's intensive throttling starts after 5 min hidden: chained timers then run about once a minute. */
export const INTENSIVE_THROTTLING_AFTER_MS = 5 * 60 * 1000;
/** Hidden for less than this is too short for throttling to matter to a heartbeat. */
export const HIDDEN_MIN_MS = 10_000;
/** The network loss counts as the cause when it was seen this shortly before the drop… */
export const OFFLINE_BEFORE_MS = 5000;
/** …or this shortly after it (the socket may fail before the browser reports offline). */
export const OFFLINE_AFTER_MS = 1000;
/** A close dispatched this soon after resume most likely happened while the page was frozen. */
export const RESUME_CLOSE_MS = 5000;
export const NAVIGATION_WINDOW_MS = 1000;

const TIMER_THROTTLING = 'https://developer.chrome.com/blog/timer-throttling-in-chrome-88';
const PAGE_LIFECYCLE = 'https://developer.chrome.com/docs/web-platform/page-lifecycle-api';
const GOING_AWAY = 'https://www.rfc-editor.org/rfc/rfc6455#section-7.4.1';
const BFCACHE = 'https://web.dev/articles/bfcache';

/** The last event of one of `kinds` at or before t. Events must be sorted by t. */
function lastBefore(events: readonly PageLifecycleEvent[], t: number, kinds: readonly PageLifecycleKind[]) {
  let found: PageLifecycleEvent | undefined;
  for (const e of events) {
    if (e.t > t) break;
    if (kinds.includes(e.kind)) found = e;
  }
  return found;
}

function hiddenFinding(events: readonly PageLifecycleEvent[], closedAt: number): WhyFinding | null {
  const last = lastBefore(events, closedAt, ['hidden', 'visible']);
  if (last?.kind !== 'hidden') return null;
  // The stretch began at the first 'hidden' after the last 'visible' (repeated 'hidden' events are one stretch).
  const lastVisible = lastBefore(events, closedAt, ['visible']);
  const since = events.find(
    (e) => e.kind === 'hidden' && (!lastVisible || e.t > lastVisible.t) && e.t <= closedAt,
  );
  const hiddenFor = closedAt - (since ?? last).t;
  if (hiddenFor < HIDDEN_MIN_MS) return null;
  const intensive = hiddenFor >= INTENSIVE_THROTTLING_AFTER_MS;
  return {
    id: 'hidden-page-throttling',
    certainty: intensive ? 'likely' : 'possible',
    text: intensive
      ? `The page had been hidden for ${formatDuration(hiddenFor)} \u2014 Chromium throttles timers in hidden pages to about once a minute (intensive throttling after 5 min hidden), so a heartbeat timer could not run on time.`
      : `The page had been hidden for ${formatDuration(hiddenFor)} \u2014 browsers throttle timers in hidden pages (Chromium runs them at most once per second), which can delay a heartbeat.`,
    evidence: [`hidden ${formatDuration(hiddenFor)} before the close, and still hidden at the close`],
    source: TIMER_THROTTLING,
    severity: intensive ? 'warning' : 'info',
  };
}

function offlineFinding(events: readonly PageLifecycleEvent[], closedAt: number): WhyFinding | null {
  const offline = lastBefore(events, closedAt + OFFLINE_AFTER_MS, ['offline', 'online']);
  if (offline?.kind !== 'offline') return null;
  const delta = closedAt - offline.t;
  const near = delta <= OFFLINE_BEFORE_MS;
  const when = delta >= 0 ? `${formatDuration(delta)} before` : `${formatDuration(-delta)} after`;
  return {
    id: 'went-offline',
    certainty: near ? 'likely' : 'possible',
    text: near
      ? `The browser went offline ${when} the drop \u2014 the network connection was lost.`
      : `The browser had been offline for ${formatDuration(delta)} when the connection dropped.`,
    evidence: [`'offline' event ${when} the close, no 'online' in between`],
    severity: 'warning',
  };
}

function freezeFinding(events: readonly PageLifecycleEvent[], closedAt: number): WhyFinding | null {
  const last = lastBefore(events, closedAt, ['freeze', 'resume']);
  if (!last) return null;
  let frozeAt: number;
  let text: string;
  if (last.kind === 'freeze') {
    frozeAt = last.t;
    text = `The page was frozen ${formatDuration(closedAt - frozeAt)} before the close and not resumed \u2014 a frozen page runs no timers or handlers, so its heartbeat stopped.`;
  } else {
    if (closedAt - last.t > RESUME_CLOSE_MS) return null;
    const freeze = lastBefore(events, last.t, ['freeze']);
    if (!freeze) return null;
    frozeAt = freeze.t;
    text = `The page was frozen for ${formatDuration(last.t - frozeAt)} and the close arrived ${formatDuration(closedAt - last.t)} after it resumed \u2014 the connection most likely died while the page could run no timers or handlers.`;
  }
  return {
    id: 'page-frozen',
    certainty: 'likely',
    text,
    evidence: [
      `'freeze' ${formatDuration(closedAt - frozeAt)} before the close${last.kind === 'resume' ? `, 'resume' ${formatDuration(closedAt - last.t)} before it` : ''}`,
    ],
    source: PAGE_LIFECYCLE,
    severity: 'warning',
  };
}

function navigationFinding(events: readonly PageLifecycleEvent[], closedAt: number): WhyFinding | null {
  const nav = events.find(
    (e) =>
      (e.kind === 'pagehide' || e.kind === 'navigate') && Math.abs(e.t - closedAt) <= NAVIGATION_WINDOW_MS,
  );
  if (!nav) return null;
  const delta = closedAt - nav.t;
  return {
    id: 'closed-by-navigation',
    certainty: 'certain',
    text: 'Closed by navigation (1001 Going Away): the browser closes open WebSockets when the page is left.',
    evidence: [
      `'${nav.kind}' ${formatDuration(Math.abs(delta))} ${delta >= 0 ? 'before' : 'after'} the close`,
      'close code 1001',
    ],
    source: GOING_AWAY,
    severity: 'info',
  };
}

function bfcacheFinding(
  events: readonly PageLifecycleEvent[],
  closedAt: number,
  createdAt: number,
): WhyFinding | null {
  const restore = events.find((e) => e.kind === 'pageshow' && e.persisted === true && e.t > createdAt);
  if (!restore) return null;
  const hide = lastBefore(events, restore.t, ['pagehide']);
  const cachedAt = hide?.persisted ? hide.t : null;
  // Only a close around the trip through the cache is explained by it: from entering the cache
  // (or creation, when that was not seen) to shortly after the restore, when deferred events run.
  if (closedAt < (cachedAt ?? createdAt) - NAVIGATION_WINDOW_MS || closedAt > restore.t + RESUME_CLOSE_MS)
    return null;
  return {
    id: 'bfcache-restore',
    certainty: 'likely',
    text: `The page was restored from the back/forward cache ${formatDuration(Math.abs(restore.t - closedAt))} ${restore.t >= closedAt ? 'after' : 'before'} the close; a socket cannot stay open while its page is cached, so reopen it in a pageshow handler.`,
    evidence: [
      `socket created ${formatDuration(restore.t - createdAt)} before the restoring 'pageshow' (persisted)`,
      ...(cachedAt !== null
        ? [
            `page entered the cache ('pagehide', persisted) ${formatDuration(restore.t - cachedAt)} before the restore`,
          ]
        : []),
    ],
    source: BFCACHE,
    severity: 'info',
  };
}

/**
 * Lifecycle explanations for one close. `createdAt` (when the socket was constructed) enables the
 * back/forward-cache check; without it that check is skipped.
 */
export function explainByLifecycle(
  events: readonly PageLifecycleEvent[],
  closedAt: number,
  closeCode: number,
  wasClean: boolean,
  who: CloseInitiator,
  createdAt: number | null = null,
): WhyFinding[] {
  const sorted = [...events].sort((a, b) => a.t - b.t);
  const findings: WhyFinding[] = [];
  const add = (f: WhyFinding | null) => {
    if (f) findings.push(f);
  };
  if (closeCode === 1001) add(navigationFinding(sorted, closedAt));
  // Throttling and freezing explain a close the page did not ask for; the page's own close() has its own reason.
  if (who !== 'page') {
    add(freezeFinding(sorted, closedAt));
    add(hiddenFinding(sorted, closedAt));
  }
  if (who === 'failure' && !wasClean) add(offlineFinding(sorted, closedAt));
  if (createdAt !== null) add(bfcacheFinding(sorted, closedAt, createdAt));
  return findings;
}
