/**
 * Wrappers that look and behave like the natives they replace: Proxies of the native function
 * (so name, length, prototype, "is not a constructor" messages and other realms' toString stay
 * native), property reads that run accessors on the native (Function.prototype.caller), a
 * Function.prototype.toString that prints them as native code, and engine errors whose stack
 * does not show the wrapper's frame.
 */
import { call, natives, privateWeakMap } from './natives';

const originals = privateWeakMap<object, object>();

export function originalOf(value: unknown): unknown {
  if (
    (typeof value === 'function' || (typeof value === 'object' && value !== null)) &&
    originals.has(value)
  ) {
    return originals.get(value);
  }
  return value;
}

/** A Proxy of `target` with `handler`'s traps, registered so toString prints the native. */
export function nativeLike<T extends object>(target: T, handler: ProxyHandler<T>): T {
  const full: ProxyHandler<T> = {
    ...handler,
    get(t, key, receiver) {
      // Function.prototype.caller/arguments must see the native function (on a Proxy they
      // throw); every other inherited getter sees the wrapper, as it would see the native
      // without us (a page's `get me() { return this }` must return what it was called on).
      return natives.get(
        t,
        key,
        receiver === proxy && (key === 'caller' || key === 'arguments') ? t : receiver,
      );
    },
  };
  const proxy = new natives.Proxy(target, full);
  originals.set(proxy, target);
  return proxy;
}

/**
 * Re-captures an engine error's stack below `trap`, so the page sees the stack it would see
 * without the wrapper. Never used on values the page threw itself.
 */
export function hideWrapperFrames(error: unknown, trap: unknown): void {
  if (!natives.captureStackTrace) return;
  if (typeof error !== 'object' || error === null) return;
  // V8 keeps an own 'stack' on errors, so re-capturing keeps their shape; SpiderMonkey's is an
  // accessor on Error.prototype, and captureStackTrace would add an own property: leave it.
  if (!natives.getOwnPropertyDescriptor(error, 'stack')) return;
  try {
    call(natives.captureStackTrace as (e: object, f: unknown) => void, natives.Error, [error, trap]);
  } catch {
    // a frozen error object: leave it as it is
  }
}

/** Function.prototype.toString that prints registered wrappers as the natives they replace. */
export function disguisedToString(): (this: unknown) => string {
  const nativeToString = natives.functionToString as (this: unknown) => string;
  const handler: ProxyHandler<typeof nativeToString> = {
    apply(target, thisArg: unknown, args: unknown[]) {
      try {
        return natives.apply(target, originalOf(thisArg), args);
      } catch (error) {
        hideWrapperFrames(error, handler.apply);
        throw error;
      }
    },
  };
  return nativeLike(nativeToString, handler);
}
