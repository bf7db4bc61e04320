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

/**
 * A page can shadow an absent global with a named element (`<form id="browser">` makes
 * `window.browser` a form in every world) or with a cross-origin frame whose properties throw:
 * only a runtime with a real id and a sendMessage function counts.
 */
function usable(namespace: () => unknown): BridgeRuntime | undefined {
  try {
    const runtime = (namespace() as { runtime?: unknown } | undefined)?.runtime as
      | (BridgeRuntime & { id?: unknown })
      | undefined;
    return runtime &&
      typeof runtime.id === 'string' &&
      runtime.id !== '' &&
      typeof runtime.sendMessage === 'function'
      ? runtime
      : undefined;
  } catch {
    return undefined;
  }
}

export function extensionRuntime(): BridgeRuntime | undefined {
  const g = globalThis as { browser?: unknown; chrome?: unknown };
  return usable(() => g.browser) ?? usable(() => g.chrome);
}
