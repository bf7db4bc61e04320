/**
 * Every WebSocket opening handshake of every tab, from webRequest (the browser's network layer):
 * what the page hook cannot see (a worker's socket) and what the browser hides from the page (a
 * refusal's HTTP status, in Firefox). Only handshakes wake this up, never a page without sockets.
 * Kept in memory per tab, bounded in count and bytes, so a panel opened later gets them too; a
 * worker the browser stops loses them (the panel says what it has).
 */
import browser, { type WebRequest } from 'webextension-polyfill';
import type { NetworkHandshake } from '../../src/networkHandshakes';
import { capText, HANDSHAKES_PER_MESSAGE, LIMITS, type PanelHandshakes, SOURCE } from '../../src/protocol';

const PER_TAB = 500;
const BYTES_PER_TAB = 512 * 1024;

interface TabHandshakes {
  readonly byId: Map<string, NetworkHandshake>;
  bytes: number;
}

const tabs = new Map<number, TabHandshakes>();

const sizeOf = (h: NetworkHandshake): number =>
  2 * (h.url.length + (h.origin?.length ?? 0) + (h.statusLine?.length ?? 0) + (h.error?.length ?? 0)) + 96;

function keep(tabId: number, h: NetworkHandshake): void {
  let tab = tabs.get(tabId);
  if (!tab) {
    tab = { byId: new Map(), bytes: 0 };
    tabs.set(tabId, tab);
  }
  const before = tab.byId.get(h.id);
  if (before) tab.bytes -= sizeOf(before);
  tab.byId.delete(h.id);
  tab.byId.set(h.id, h);
  tab.bytes += sizeOf(h);
  // Oldest first out (a Map iterates in insertion order; an update re-inserts).
  for (const [id, old] of tab.byId) {
    if (tab.byId.size <= PER_TAB && tab.bytes <= BYTES_PER_TAB) break;
    tab.byId.delete(id);
    tab.bytes -= sizeOf(old);
  }
}

type Details = WebRequest.OnBeforeRequestDetailsType & {
  statusCode?: number;
  statusLine?: string;
  error?: string;
  /** Firefox: the document or worker script that made the request. */
  originUrl?: string;
};

function update(
  details: Details,
  change: (h: NetworkHandshake) => NetworkHandshake,
  send: (tabId: number, message: PanelHandshakes) => void,
): void {
  if (details.tabId < 0) return;
  const id = String(details.requestId).slice(0, 64);
  const known = tabs.get(details.tabId)?.byId.get(id);
  const base: NetworkHandshake = known ?? {
    id,
    url: capText(details.url, LIMITS.url),
    frameId: Math.max(0, details.frameId),
    origin: details.originUrl ? capText(details.originUrl, LIMITS.url) : null,
    startedAt: details.timeStamp,
    endedAt: null,
    status: null,
    statusLine: null,
    error: null,
  };
  const next = change(base);
  keep(details.tabId, next);
  send(details.tabId, {
    source: SOURCE.background,
    type: 'handshakes',
    tabId: details.tabId,
    handshakes: [next],
  });
}

const answered =
  (d: Details) =>
  (h: NetworkHandshake): NetworkHandshake => ({
    ...h,
    status: typeof d.statusCode === 'number' ? d.statusCode : h.status,
    statusLine: d.statusLine ? capText(d.statusLine, LIMITS.text) : h.statusLine,
  });

/** Starts watching; `send` reaches the tab's open panels. */
export function watchHandshakes(send: (tabId: number, message: PanelHandshakes) => void): void {
  const webRequest = (browser as { webRequest?: typeof browser.webRequest }).webRequest;
  if (!webRequest) return;
  const filter: WebRequest.RequestFilter = { urls: ['<all_urls>'], types: ['websocket'] };
  try {
    webRequest.onBeforeRequest.addListener((d) => update(d as Details, (h) => h, send), filter);
    webRequest.onHeadersReceived.addListener(
      (d) => update(d as Details, answered(d as Details), send),
      filter,
    );
    webRequest.onCompleted.addListener(
      (d) => update(d as Details, (h) => ({ ...answered(d as Details)(h), endedAt: d.timeStamp }), send),
      filter,
    );
    webRequest.onErrorOccurred.addListener(
      (d) =>
        update(
          d as Details,
          (h) => ({ ...h, error: capText(d.error, LIMITS.text), endedAt: d.timeStamp }),
          send,
        ),
      filter,
    );
  } catch {
    // No host permission for these URLs, or no websocket type in this browser: nothing to watch.
  }
}

/** The tab's kept handshakes, in messages of at most HANDSHAKES_PER_MESSAGE. */
export function handshakesOf(tabId: number): PanelHandshakes[] {
  const all = [...(tabs.get(tabId)?.byId.values() ?? [])];
  const messages: PanelHandshakes[] = [];
  for (let i = 0; i < all.length; i += HANDSHAKES_PER_MESSAGE)
    messages.push({
      source: SOURCE.background,
      type: 'handshakes',
      tabId,
      handshakes: all.slice(i, i + HANDSHAKES_PER_MESSAGE),
    });
  return messages;
}

export function forgetHandshakes(tabId: number): void {
  tabs.delete(tabId);
}
