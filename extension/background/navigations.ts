/**
 * Top-frame navigations per tab, as the browser reports them: the panel's only news of a page
 * that never opens a socket (such a page never starts a bridge). A signal the panel misses would
 * leave the old page's rows up for good, so each tab's navigation start and last navigation are
 * also kept in `storage.session`: a worker the browser stopped and restarted between a
 * navigation's start and its commit still knows when it started, and a panel that reconnects is
 * told of the last navigation again (the panel ignores one it has applied).
 */
import browser, { type Storage } from 'webextension-polyfill';
import { capText, LIMITS, type PanelNavigated, SOURCE } from '../../src/protocol';

/** How far before its commit an unknown navigation start is assumed to be. */
const UNKNOWN_START_MARGIN_MS = 5000;

interface Navigation {
  readonly url: string;
  readonly t: number;
  readonly committed: number;
}

const starts = new Map<number, number>();
const last = new Map<number, Navigation>();
const startKey = (tabId: number): string => `nav-start:${tabId}`;
const lastKey = (tabId: number): string => `nav-last:${tabId}`;

// storage.session is MV3-only (Chromium 102+, Firefox 115+); without it, memory alone.
const session = (): Storage.StorageArea | undefined =>
  (browser.storage as { session?: Storage.StorageArea }).session;

async function readSession(key: string): Promise<unknown> {
  try {
    return (await session()?.get(key))?.[key];
  } catch {
    return undefined;
  }
}

function writeSession(items: Record<string, unknown>): void {
  session()
    ?.set(items)
    .catch(() => undefined);
}

const isTime = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

export function navigationStarted(tabId: number, t: number): void {
  starts.set(tabId, t);
  writeSession({ [startKey(tabId)]: t });
}

/**
 * The navigation committed at `committed`: its message for the panel. The start is the one noted
 * for the tab if it is not after the commit (different clocks may disagree by a little), else
 * the commit less a generous margin, which only widens what counts as the new page.
 */
export async function navigationCommitted(
  tabId: number,
  url: string,
  committed: number,
): Promise<PanelNavigated> {
  const noted = starts.get(tabId) ?? (await readSession(startKey(tabId)));
  starts.delete(tabId);
  // Used once: a later commit without a start of its own must not take this one.
  session()
    ?.remove(startKey(tabId))
    .catch(() => undefined);
  const t = isTime(noted) && noted <= committed ? noted : committed - UNKNOWN_START_MARGIN_MS;
  const navigation: Navigation = { url: capText(url, LIMITS.url), t, committed };
  last.set(tabId, navigation);
  writeSession({ [lastKey(tabId)]: navigation });
  return messageOf(tabId, navigation);
}

/** The tab's last top-frame navigation, for a panel that (re)connects. */
export async function lastNavigation(tabId: number): Promise<PanelNavigated | null> {
  const known = last.get(tabId) ?? (await readSession(lastKey(tabId)));
  if (!known || typeof known !== 'object') return null;
  const { url, t, committed } = known as Partial<Navigation>;
  if (typeof url !== 'string' || !isTime(t) || !isTime(committed)) return null;
  return messageOf(tabId, { url: capText(url, LIMITS.url), t, committed });
}

export function forgetNavigations(tabId: number): void {
  starts.delete(tabId);
  last.delete(tabId);
  session()
    ?.remove([startKey(tabId), lastKey(tabId)])
    .catch(() => undefined);
}

function messageOf(tabId: number, n: Navigation): PanelNavigated {
  return { source: SOURCE.background, type: 'navigated', tabId, url: n.url, t: n.t, committed: n.committed };
}
