/** Differences between a page with and without the extension that are known and documented. */
/**
 * Differences the page CAN observe, known and documented in docs/security.md ("Known limits").
 * Each gives the exact value expected with the extension, derived from the value without it, so
 * any change (better or worse) still fails the test.
 */
export type Known = Record<string, { why: string; expected: (without: unknown) => unknown }>;

export const KNOWN: Known = {
  'error stack: Function.prototype.toString.call({})': {
    why: 'the builtin toString frame goes with the wrapper frame',
    expected: (w) => String(w).replace(/\n {4}at Object\.toString \(<anonymous>\)/, ''),
  },
  'arguments.callee.caller in close() code.valueOf': {
    why: 'a strict wrapper is the caller',
    expected: () => 'null',
  },
  'arguments.callee.caller in new WebSocket() url.toString': {
    why: 'a strict wrapper is the caller',
    expected: () => 'null',
  },
  'arguments.callee.caller in new WebSocket() protocol.toString': {
    why: 'a strict wrapper is the caller',
    expected: () => 'null',
  },
  'proxy protocols array: traps run by new WebSocket(url, proxy)': {
    why: 'the hook reads the requested protocols (own data properties only)',
    expected: (w) => [
      ...(w as string[]),
      'getOwnPropertyDescriptor:length',
      'getOwnPropertyDescriptor:0',
      'getOwnPropertyDescriptor:1',
    ],
  },
};
for (const frame of ['about:blank frame', 'same-origin frame']) {
  for (const expr of [
    'Function.prototype.toString.call(frame.WebSocket)',
    'Function.prototype.toString.call(frame.WebSocket.prototype.close)',
    'frame.Function.prototype.toString.call(WebSocket)',
    'frame.Function.prototype.toString.call(WebSocket.prototype.close)',
  ]) {
    KNOWN[`${frame}: ${expr}`] = {
      why: 'another realm’s toString does not know this realm’s wrappers',
      // The native text without the function's name (Chromium: one line; Firefox: three).
      expected: (w) => String(w).replace(/^function [\w$]+\(/, 'function ('),
    };
  }
}

/**
 * Firefox adds these (docs/security.md): SpiderMonkey keeps the wrapper's frames in the stacks of
 * engine errors thrown through it (shown as "<anonymous code>"), and structuredClone names a
 * Proxy. Returns the problem, or null when `withExt` is what is known for this key.
 */
export function firefoxDifference(key: string, withExt: unknown, without: unknown): string | null {
  if (key.startsWith('error stack:') && typeof withExt === 'string' && typeof without === 'string') {
    const ext = withExt.split('\n');
    const pageFrames = ext.filter((l) => !l.includes('<anonymous code>'));
    if (pageFrames.length === ext.length) return withExt === without ? null : 'the stack differs';
    // Wrapper frames first, then the page's frames as without the extension (SpiderMonkey may stop one earlier).
    const wrapperFirst = ext
      .slice(0, ext.length - pageFrames.length)
      .every((l) => l.includes('<anonymous code>'));
    const plain = without.split('\n');
    const prefix = pageFrames.length > 0 && pageFrames.every((l, i) => l === plain[i]);
    return wrapperFirst && prefix ? null : 'the page frames differ beyond the wrapper frames';
  }
  if (key.startsWith('error: structuredClone(')) {
    const expected = { ...(without as object), message: 'Proxy object could not be cloned.' };
    return JSON.stringify(withExt) === JSON.stringify(expected) ? null : 'not the known DataCloneError text';
  }
  return 'not a known Firefox difference';
}
