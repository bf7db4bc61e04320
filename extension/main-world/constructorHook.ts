/**
 * Wraps the WebSocket constructor (a Proxy that prints and behaves like the native): every socket
 * the page makes is tracked from its first moment; the engine's own errors get the wrapper's
 * frames hidden, the page's own (from its URL's toString) are rethrown untouched.
 */
import { isObjectLike } from './arguments';
import { captureStack, stackAllowed } from './callerStack';
import { hideWrapperFrames, nativeLike } from './disguise';
import { call, NativeWebSocket, natives } from './natives';
import { trackConstructed } from './sockets';

const CONSTRUCT_PREFIX = "Failed to construct 'WebSocket': ";

export function installConstructorHook(): typeof WebSocket | null {
  const Native = NativeWebSocket;
  if (!Native) return null;
  const handler: ProxyHandler<typeof WebSocket> = {
    construct(target, args, newTarget) {
      let ws: object;
      try {
        ws = natives.construct(target, args, newTarget === proxy ? target : newTarget) as object;
      } catch (error) {
        if (isEngineConstructError(error)) hideWrapperFrames(error, handler.construct);
        throw error;
      }
      try {
        // Taken now, formatted at the flush: which call site made the socket (a double connect
        // from one site is React StrictMode's signature).
        trackConstructed(ws, args.length > 1 ? args[1] : undefined, stackAllowed() ? captureStack() : null);
      } catch {
        // never let bookkeeping break the page's socket
      }
      return ws;
    },
  };
  const proxy = nativeLike(Native, handler);
  return proxy;
}

/**
 * The URL and protocols are converted by the native constructor, which may run the page's own
 * toString: only errors the engine made itself get their stack fixed.
 */
function isEngineConstructError(error: unknown): boolean {
  if (!isObjectLike(error)) return false;
  const proto = natives.getPrototypeOf(error);
  if (proto === natives.DOMExceptionProto) return true;
  if (proto !== natives.errorProtos[0]) return false;
  const m = natives.getOwnPropertyDescriptor(error, 'message');
  return (
    typeof m?.value === 'string' &&
    call<string>(natives.stringSlice, m.value, [0, CONSTRUCT_PREFIX.length]) === CONSTRUCT_PREFIX
  );
}
