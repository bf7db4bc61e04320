/**
 * The few runtime calls the bridge makes, without webextension-polyfill (evaluating it would cost
 * every document with a socket about 10 KB of script): Firefox's promise-based `browser`, else
 * Chromium's `chrome`, whose MV3 sendMessage returns a promise too.
 */
export interface BridgeRuntime {
  getURL(path: string): string;
  sendMessage(message: unknown): Promise<unknown>;
  readonly onMessage: { addListener(listener: (message: unknown) => undefined): void };
}

export function extensionRuntime(): BridgeRuntime | undefined {
  const g = globalThis as { browser?: { runtime?: BridgeRuntime }; chrome?: { runtime?: BridgeRuntime } };
  return g.browser?.runtime ?? g.chrome?.runtime;
}
