/**
 * The close() caller's stack, taken without running page code: no page getter, no page
 * prepareStackTrace (V8 would hand it our frames), no page Error.prototype.name or message.
 */
import { LIMITS } from '../../src/protocolConstants';
import { call, cut, natives } from './natives';

export function stackAllowed(): boolean {
  // A page that customises stack formatting would see our frames (and we would run its code):
  // skip the stack then. V8 looks prepareStackTrace up with an ordinary get, so one inherited
  // from Function.prototype or Object.prototype counts too; the walk itself reads descriptors only.
  // Only objects captured at start-up are looked at: a page may put a Proxy in the chain, whose
  // traps the walk would run. A chain that is not the original one is treated as customised.
  try {
    const chain = natives.errorChain;
    for (let i = 0; i < chain.length; i++) {
      const o = chain[i] as object;
      if (natives.getPrototypeOf(o) !== (i + 1 < chain.length ? chain[i + 1] : null)) return false;
      const d = natives.getOwnPropertyDescriptor(o, 'prepareStackTrace');
      if (d !== undefined && (d.value !== undefined || d.get !== undefined || d.set !== undefined))
        return false;
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The caller's stack, captured onto a prototype-less holder where the engine can: formatting
 * its header then reads no `name` or `message` through the page's Error.prototype.
 */
export function captureStack(): object | null {
  if (natives.captureStackTrace) {
    const holder = natives.create(null) as object;
    call(natives.captureStackTrace as (e: object) => void, natives.Error, [holder]);
    return holder;
  }
  return new natives.Error();
}

export function readStack(err: object | null, max: number = LIMITS.rawStack): string | null {
  // V8 formats the stack when it is first read: if the page installed prepareStackTrace since the
  // call, reading now would hand it our frames.
  if (!err || !stackAllowed()) return null;
  try {
    // V8: an own accessor on the error; SpiderMonkey: an accessor on Error.prototype.
    const own = natives.getOwnPropertyDescriptor(err, 'stack');
    const getter = own ? own.get : natives.errorStackGetter;
    const s = getter ? call<unknown>(getter as () => unknown, err) : own?.value;
    return typeof s === 'string' ? cut(s, max) : null;
  } catch {
    return null;
  }
}
