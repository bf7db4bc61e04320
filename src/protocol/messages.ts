/**
 * The messages between the sides, each tagged with its sender (SOURCE) and a type:
 *
 * page ──line(PAGE_EVENT, JSON)──▶ relay/bridge ──runtime.sendMessage──▶ background ──port──▶ panel
 * page ◀─line(BRIDGE_EVENT, JSON)── bridge ◀─tabs.sendMessage(replay, warn)── background ◀─port── panel
 *
 * The bridge reads, caps and numbers the page's events (the trust boundary); the background
 * judges close() calls (verdicts, findings) and writes the console warnings, off the page's
 * renderer; the line is the private EventTarget of ../../extension/main-world/privateLine.ts.
 */
import type { NetworkHandshake } from '../networkHandshakes';
import type { Sequenced } from './events';
import type { PageEvent, RawLogEvent } from './pageEvents';

export interface PageMessage {
  readonly source: 'wsci-page';
  readonly v: number;
  readonly events: readonly PageEvent[];
}

/** The bridge asks the page hook to print warnings in the page's own console (with its captured console.warn). */
export interface BridgeToPageMessage {
  readonly source: 'wsci-bridge';
  readonly v: number;
  readonly type: 'warn';
  readonly lines: readonly string[];
}

// ---- bridge → background → panel ----------------------------------------------------------

export interface FrameEventsMessage {
  readonly source: 'wsci-bridge';
  readonly type: 'frame-events';
  readonly docId: string;
  /** True when this batch is a full replay of the document's log. */
  readonly replay: boolean;
  /** Read and capped by the bridge, close() calls not yet judged. */
  readonly events: readonly Sequenced<RawLogEvent>[];
}

/** Background → bridge (tabs.sendMessage to the frame): console lines for the document's page. */
export interface BridgeWarnings {
  readonly source: 'wsci-background';
  readonly type: 'warn';
  readonly docId: string;
  readonly lines: readonly string[];
}

/**
 * Relay → background (runtime.sendMessage), from a document unloading before its bridge loaded:
 * the page batches it was keeping, untouched, for the background to take in as the bridge would.
 */
export interface RelayHandoff {
  readonly source: 'wsci-relay';
  readonly type: 'handoff';
  readonly docId: string;
  /** The document's start (performance.timeOrigin, or when it was restored from the cache). */
  readonly start: number;
  readonly batches: readonly string[];
  /** Batches the relay could not keep or hand over. */
  readonly lost: number;
}

/** Background → bridge (tabs.sendMessage): resend the whole log. */
export interface ReplayRequest {
  readonly source: 'wsci-background';
  readonly type: 'replay';
}

export interface PanelHello {
  readonly source: 'wsci-panel';
  readonly type: 'subscribe';
  readonly v: number;
  readonly tabId: number;
}

export interface PanelFrameEvents {
  readonly source: 'wsci-background';
  readonly type: 'frame-events';
  readonly tabId: number;
  readonly frameId: number;
  /** The frame's URL as the browser reports it (never page-provided). */
  readonly frameUrl: string;
  readonly docId: string;
  readonly replay: boolean;
  readonly events: readonly Sequenced[];
}
export interface PanelWelcome {
  readonly source: 'wsci-background';
  readonly type: 'welcome';
  readonly v: number;
  readonly tabId: number;
  /** Set when the tab does not exist (closed, or a bad tabId). */
  readonly error?: string;
}
export interface PanelTabGone {
  readonly source: 'wsci-background';
  readonly type: 'tab-closed';
  readonly tabId: number;
}
/**
 * The tab's top frame committed a new document (webNavigation, never page-provided). Documents
 * without sockets never start a bridge, so this is how the panel learns of every navigation.
 */
export interface PanelNavigated {
  readonly source: 'wsci-background';
  readonly type: 'navigated';
  readonly tabId: number;
  readonly url: string;
  /** When the navigation started (browser clock): the new page's documents start after it. */
  readonly t: number;
  /** When it committed (browser clock): tells this navigation from the tab's others. */
  readonly committed: number;
}
/**
 * Opening handshakes of the tab's WebSockets as the browser's network layer reports them
 * (webRequest, never page-provided): new ones and updates, each whole (the panel keeps the last).
 */
export interface PanelHandshakes {
  readonly source: 'wsci-background';
  readonly type: 'handshakes';
  readonly tabId: number;
  readonly handshakes: readonly NetworkHandshake[];
}
export type BackgroundToPanel =
  | PanelFrameEvents
  | PanelWelcome
  | PanelTabGone
  | PanelNavigated
  | PanelHandshakes;

/**
 * Panel → background (runtime.sendMessage): open the panel in a tab for `tabId`. The panel asks
 * instead of calling tabs.create itself because Firefox gives DevTools panels no tabs API.
 */
export interface PanelOpenInTab {
  readonly source: 'wsci-panel';
  readonly type: 'open-in-tab';
  readonly tabId: number;
}
