/**
 * The panel's link to the background service worker, kept in one place so the view never speaks
 * the protocol itself. The port is re-opened whenever the service worker is stopped; every
 * (re)subscription triggers a full replay from the tab's frames, and the store drops what it
 * already has.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import {
  type BackgroundToPanel,
  type PanelHello,
  type PanelOpenInTab,
  PROTOCOL_VERSION,
  readBackgroundToPanel,
} from '../../src/protocol';

export interface PanelLinkHandlers {
  onMessage(message: BackgroundToPanel): void;
  onStatus(status: 'connected' | 'reconnecting'): void;
}

export function connectPanel(tabId: number, handlers: PanelLinkHandlers): () => void {
  let port: Runtime.Port | null = null;
  let stopped = false;
  let retry = 0;

  const open = (): void => {
    if (stopped) return;
    try {
      port = browser.runtime.connect({ name: 'panel' });
    } catch {
      setTimeout(open, 500);
      return;
    }
    port.onMessage.addListener((raw: unknown) => {
      retry = 0;
      const message = readBackgroundToPanel(raw);
      if (message) handlers.onMessage(message);
    });
    port.onDisconnect.addListener(() => {
      port = null;
      if (stopped) return;
      handlers.onStatus('reconnecting');
      retry++;
      setTimeout(open, Math.min(50 * retry, 1000));
    });
    const hello: PanelHello = { source: 'wsci-panel', type: 'subscribe', v: PROTOCOL_VERSION, tabId };
    port.postMessage(hello);
    handlers.onStatus('connected');
  };
  open();
  return () => {
    stopped = true;
    port?.disconnect();
  };
}

/** Asks the background to show this tab's log in a browser tab of its own (fire and forget). */
export function requestOpenInTab(tabId: number): void {
  const request: PanelOpenInTab = { source: 'wsci-panel', type: 'open-in-tab', tabId };
  void browser.runtime.sendMessage(request).catch(() => undefined);
}
