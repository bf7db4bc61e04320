/**
 * The protocol's constants, in a module with no code of its own: the page hook imports these,
 * and must not pull in the validators (module-level code that bundlers cannot drop).
 */
export const PROTOCOL_VERSION = 1;

/** Who sent a message: every message carries one of these, and readers accept only the expected one. */
export const SOURCE = {
  page: 'wsci-page',
  relay: 'wsci-relay',
  bridge: 'wsci-bridge',
  background: 'wsci-background',
  panel: 'wsci-panel',
} as const;

/**
 * Event types between the MAIN world and the isolated world. PAGE_EVENT and BRIDGE_EVENT travel
 * only on the private line (an EventTarget no page script can reach); the three handshake events
 * go through window once, at document_start, before any page script runs.
 */
export const PAGE_EVENT = '__ws_close_inspector:page';
export const BRIDGE_EVENT = '__ws_close_inspector:bridge';
/** Relay → hook, on window: a MouseEvent whose relatedTarget is the private line. */
export const HANDSHAKE_EVENT = '__ws_close_inspector:handshake';
/** Hook → relay, on window: the hook is listening for the handshake (when the relay ran first). */
export const HOOK_READY_EVENT = '__ws_close_inspector:hook-ready';
/** Hook → relay, on the line: it has the line; the relay stops answering HOOK_READY_EVENT. */
export const LINE_ACK_EVENT = '__ws_close_inspector:ack';

/**
 * The bridge's module, built self-contained next to the relay and web-accessible only to it
 * (a per-session URL in Chromium): the relay imports it on the page's first socket event.
 */
export const BRIDGE_MODULE = 'extension/isolated/bridge.js';

/**
 * What a document may hand the background as it unloads before its bridge has loaded (the
 * relay's batches, untouched): beyond these, batches are counted as lost.
 */
export const HANDOFF_LIMITS = { batches: 1000, chars: 8 * 1024 * 1024 } as const;

/** Caps: what a page can make the extension store and show. */
export const LIMITS = {
  url: 2048,
  text: 1024, // reasons, argument previews, messages
  stackFrames: 20,
  stackFrame: 400,
  /** The raw stack the hook sends (the bridge keeps only page frames, each capped). */
  rawStack: 64 * 1024,
  protocols: 16,
  protocol: 256,
  eventsPerBatch: 5000,
  closeCallsPerConnection: 100,
  /** error events kept per connection (a page can forge them); later ones are not stored. */
  errorsPerConnection: 100,
  /** Notes kept per document. */
  notesPerDocument: 50,
  /** Page lifecycle events kept per document (hidden/visible, freeze/resume, online/offline…). */
  lifecyclePerDocument: 500,
  /**
   * What one document's log may hold, in approximate bytes (UTF-16 text and fixed costs): the
   * oldest closed connections go first when it is exceeded, whatever the count cap allows.
   */
  documentBytes: 32 * 1024 * 1024,
  /** What one tab's panel may hold, in approximate bytes, across all its documents. */
  tabBytes: 64 * 1024 * 1024,
  /** Default cap of connections kept per tab (panel), and per document by the background. */
  connections: 5000,
  /**
   * The most "Connections to keep" a user can set. A document's bridge keeps this many (its byte
   * budget is the real bound) so that no page reads the setting; panels apply it.
   */
  connectionsMax: 100_000,
} as const;

export const TRUNCATION_MARK = '\u2026(truncated)';

/**
 * The page hook's script name in stack traces (a `//# sourceURL` the build appends). Without it,
 * page code run inside a wrapped call (a valueOf of a close() argument) would read the
 * extension's chrome-extension://<id> URL in `new Error().stack`: a fingerprint of the user.
 */
export const HOOK_SOURCE_URL = 'ws-close-inspector-hook';
