/**
 * Background service worker: judges what the frames' bridges send (verdicts, findings, console
 * warnings, all off the pages' renderers) and routes it to the panels. Each frame's bridge keeps
 * its own log, so this worker holds no state that matters: when the browser stops it, panels
 * reconnect and ask for a replay, and duplicates are dropped by (docId, seq).
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { judgeEvents } from '../../src/judge';
import {
  type BackgroundToPanel,
  capText,
  LIMITS,
  PROTOCOL_VERSION,
  type ReplayRequest,
  readFrameEventsMessage,
  readPanelHello,
  readPanelOpenInTab,
  readRelayHandoff,
  type Sequenced,
  SOURCE,
} from '../../src/protocol';
import { PANEL_PAGE } from '../../src/tool';
import { forgetTab, warnAbout } from './consoleWarnings';
import { judgeContext, takeHandoff } from './handoff';
import { forgetHandshakes, handshakesOf, watchHandshakes } from './handshakeWatch';
import { forgetNavigations, lastNavigation, navigationCommitted, navigationStarted } from './navigations';

const panelsByTab = new Map<number, Set<Runtime.Port>>();

function sendToPanels(tabId: number, message: BackgroundToPanel): void {
  const ports = panelsByTab.get(tabId);
  if (!ports) return;
  for (const port of ports) {
    try {
      port.postMessage(message);
    } catch {
      ports.delete(port);
    }
  }
}

function requestReplay(tabId: number): void {
  const request: ReplayRequest = { source: SOURCE.background, type: 'replay' };
  // Reaches the bridge in every frame of the tab; frames without one simply do not answer.
  browser.tabs.sendMessage(tabId, request).catch(() => {
    // No content script in the tab (a chrome:// page, or not loaded yet).
  });
}

browser.runtime.onConnect.addListener((port) => {
  if (port.name !== 'panel' || port.sender?.id !== browser.runtime.id) return;
  let subscribedTab: number | null = null;
  port.onMessage.addListener(async (raw: unknown) => {
    const hello = readPanelHello(raw);
    if (!hello) return;
    if (subscribedTab !== null) panelsByTab.get(subscribedTab)?.delete(port);
    subscribedTab = hello.tabId;
    let set = panelsByTab.get(hello.tabId);
    if (!set) {
      set = new Set();
      panelsByTab.set(hello.tabId, set);
    }
    set.add(port);
    let error: string | undefined;
    try {
      await browser.tabs.get(hello.tabId);
    } catch {
      error = `No tab with id ${hello.tabId} (it was closed, or the id is wrong).`;
    }
    const welcome: BackgroundToPanel = {
      source: SOURCE.background,
      type: 'welcome',
      v: PROTOCOL_VERSION,
      tabId: hello.tabId,
      ...(error ? { error } : {}),
    };
    port.postMessage(welcome);
    if (error) return;
    // Before the replay: a panel that missed the signal (this worker was stopped) catches up, and
    // the replay's documents are placed against it.
    const navigated = await lastNavigation(hello.tabId);
    if (subscribedTab !== hello.tabId) return;
    if (navigated) port.postMessage(navigated);
    for (const message of handshakesOf(hello.tabId)) port.postMessage(message);
    requestReplay(hello.tabId);
  });
  port.onDisconnect.addListener(() => {
    if (subscribedTab !== null) panelsByTab.get(subscribedTab)?.delete(port);
  });
});

browser.runtime.onMessage.addListener((raw: unknown, sender: Runtime.MessageSender) => {
  const openInTab = readPanelOpenInTab(raw);
  if (openInTab) {
    // Only our own panel pages may ask; the URL is built here from a validated integer.
    const fromPanel =
      sender.id === browser.runtime.id && (sender.url ?? '').startsWith(browser.runtime.getURL(PANEL_PAGE));
    if (fromPanel)
      void browser.tabs
        .create({ url: browser.runtime.getURL(`${PANEL_PAGE}?tabId=${openInTab.tabId}`) })
        .catch(() => undefined);
    return undefined;
  }
  // Only our own content scripts, inside a tab; everything else is ignored.
  if (sender.id !== browser.runtime.id || !sender.tab?.id || sender.tab.id < 0) return undefined;
  const tabId = sender.tab.id;
  const message = readFrameEventsMessage(raw);
  if (message) {
    const events = judgeEvents(message.events, judgeContext());
    warnAbout(message.docId, { tabId, frameId: sender.frameId ?? 0 }, events, !message.replay);
    toPanels(tabId, sender, message.docId, message.replay, events);
    return undefined;
  }
  const handoff = readRelayHandoff(raw);
  // A document that left before its bridge loaded: nobody can replay it later, so it only
  // matters to a panel that is open now.
  if (handoff && panelsByTab.has(tabId)) {
    const frameUrl = sender.url ?? '';
    const events = takeHandoff(handoff, { url: frameUrl, top: (sender.frameId ?? 0) === 0 });
    for (let i = 0; i < events.length; i += LIMITS.eventsPerBatch)
      toPanels(tabId, sender, handoff.docId, false, events.slice(i, i + LIMITS.eventsPerBatch));
  }
  return undefined;
});

function toPanels(
  tabId: number,
  sender: Runtime.MessageSender,
  docId: string,
  replay: boolean,
  events: readonly Sequenced[],
): void {
  sendToPanels(tabId, {
    source: SOURCE.background,
    type: 'frame-events',
    tabId,
    frameId: sender.frameId ?? 0,
    frameUrl: capText(sender.url ?? '', LIMITS.url),
    docId,
    replay,
    events,
  });
}

watchHandshakes(sendToPanels);

// A new document in the tab's top frame: the panel starts a new page view (or, with Preserve log,
// a separator). Same-document navigations (pushState, #hash) keep the page. The panel tells
// pages apart by when the navigation started, which documents of the new page cannot precede.
browser.webNavigation.onBeforeNavigate.addListener((details) => {
  if (details.frameId === 0) navigationStarted(details.tabId, details.timeStamp);
});
browser.webNavigation.onCommitted.addListener(async (details) => {
  if (details.frameId !== 0) return;
  const message = await navigationCommitted(details.tabId, details.url, details.timeStamp);
  sendToPanels(details.tabId, message);
});

browser.tabs.onRemoved.addListener((tabId) => {
  forgetNavigations(tabId);
  forgetHandshakes(tabId);
  forgetTab(tabId);
  sendToPanels(tabId, { source: SOURCE.background, type: 'tab-closed', tabId });
  panelsByTab.delete(tabId);
});
