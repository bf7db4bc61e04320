/**
 * Every built-in the hook relies on, captured when the script starts (document_start, before
 * any page script), so a page that later replaces them cannot observe or break the hook.
 * Methods are called through the captured Reflect.apply, never through the page's prototypes.
 */
import { TRUNCATION_MARK } from '../../src/protocolConstants';

type AnyFn = (...args: never[]) => unknown;

const w = window;
const R = Reflect;
const O = Object;

function getter(proto: object, name: string): AnyFn | undefined {
  const d = O.getOwnPropertyDescriptor(proto, name);
  return d?.get as AnyFn | undefined;
}

export const NativeWebSocket: typeof WebSocket | undefined =
  typeof w.WebSocket === 'function' ? w.WebSocket : undefined;
const wsProto: object | undefined = NativeWebSocket?.prototype;

export const natives = {
  apply: R.apply,
  get: R.get,
  captureStackTrace: (Error as { captureStackTrace?: (e: object, f: unknown) => void }).captureStackTrace,
  stringSlice: String.prototype.slice,
  isWellFormed: (String.prototype as { isWellFormed?: () => boolean }).isWellFormed,
  setPrototypeOf: O.setPrototypeOf,
  create: O.create,
  setTimeout: w.setTimeout,
  isView: ArrayBuffer.isView,
  TextEncoder: w.TextEncoder,
  Uint8Array: w.Uint8Array,
  textEncode: TextEncoder.prototype.encode,
  textEncodeInto: TextEncoder.prototype.encodeInto,
  typedArrayByteLength: getter(Object.getPrototypeOf(Uint8Array.prototype) as object, 'byteLength'),
  dataViewByteLength: getter(DataView.prototype, 'byteLength'),
  arrayBufferByteLength: getter(ArrayBuffer.prototype, 'byteLength'),
  blobSize: getter(Blob.prototype, 'size'),
  messageEventData: getter(MessageEvent.prototype, 'data'),
  wsSend: wsProto && (O.getOwnPropertyDescriptor(wsProto, 'send')?.value as AnyFn | undefined),
  charCodeAt: String.prototype.charCodeAt,
  construct: R.construct,
  defineProperty: O.defineProperty,
  getOwnPropertyDescriptor: O.getOwnPropertyDescriptor,
  isArray: Array.isArray,
  objectIs: O.is,
  jsonStringify: JSON.stringify,
  jsonParse: JSON.parse,
  Proxy: w.Proxy,
  WeakMap: w.WeakMap,
  weakMapGet: WeakMap.prototype.get,
  weakMapSet: WeakMap.prototype.set,
  weakMapHas: WeakMap.prototype.has,
  Error: w.Error,
  CustomEvent: w.CustomEvent,
  dispatchEvent: EventTarget.prototype.dispatchEvent,
  addEventListener: EventTarget.prototype.addEventListener,
  removeEventListener: EventTarget.prototype.removeEventListener,
  mouseEventRelatedTarget: getter(MouseEvent.prototype, 'relatedTarget'),
  queueMicrotask: w.queueMicrotask,
  performanceNow: Performance.prototype.now,
  performance: w.performance,
  timeOrigin: w.performance.timeOrigin,
  consoleWarn: w.console.warn,
  console: w.console,
  functionToString: Function.prototype.toString,
  symbolDescription: getter(Symbol.prototype, 'description'),
  customEventDetail: getter(CustomEvent.prototype, 'detail'),
  domExceptionName: getter(DOMException.prototype, 'name'),
  domExceptionMessage: getter(DOMException.prototype, 'message'),
  DOMExceptionProto: DOMException.prototype,
  getPrototypeOf: O.getPrototypeOf,
  errorProtos: [
    TypeError.prototype,
    RangeError.prototype,
    SyntaxError.prototype,
    ReferenceError.prototype,
    Error.prototype,
  ] as const,
  errorStackGetter: getter(Error.prototype, 'stack'),
  /** Error, then the objects it inherits from, as they are before any page script. */
  errorChain: [w.Error, Function.prototype, O.prototype] as const,
  wsReadyState: wsProto && getter(wsProto, 'readyState'),
  wsUrl: wsProto && getter(wsProto, 'url'),
  wsProtocol: wsProto && getter(wsProto, 'protocol'),
  wsExtensions: wsProto && getter(wsProto, 'extensions'),
  wsBufferedAmount: wsProto && getter(wsProto, 'bufferedAmount'),
  wsClose: wsProto && (O.getOwnPropertyDescriptor(wsProto, 'close')?.value as AnyFn | undefined),
  closeEventCode: getter(CloseEvent.prototype, 'code'),
  closeEventReason: getter(CloseEvent.prototype, 'reason'),
  closeEventWasClean: getter(CloseEvent.prototype, 'wasClean'),
  SymbolToPrimitive: Symbol.toPrimitive,
};

const EMPTY: readonly never[] = [];

/** Calls a captured method or getter on `self` without touching the page's prototypes. */
export function call<T>(fn: AnyFn | undefined, self: unknown, args: readonly unknown[] = EMPTY): T {
  return natives.apply(fn as AnyFn, self, args as never[]) as T;
}

export function now(): number {
  return natives.timeOrigin + call<number>(natives.performanceNow as AnyFn, natives.performance);
}

/** An array without a prototype: index writes cannot reach setters a page put on Array.prototype. */
export function bareArray<T>(): T[] {
  return natives.setPrototypeOf([], null) as T[];
}

/** A WeakMap whose methods are own properties, so page changes to WeakMap.prototype do not reach it. */
export function privateWeakMap<K extends object, V>(): {
  get(k: K): V | undefined;
  set(k: K, v: V): void;
  has(k: K): boolean;
} {
  const map = new natives.WeakMap<K, V>();
  natives.defineProperty(map, 'get', { value: natives.weakMapGet });
  natives.defineProperty(map, 'set', { value: natives.weakMapSet });
  natives.defineProperty(map, 'has', { value: natives.weakMapHas });
  return map as unknown as { get(k: K): V | undefined; set(k: K, v: V): void; has(k: K): boolean };
}

/** capText with the captured String methods (the page may have replaced String.prototype.slice). */
export function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  const c = call<number>(natives.charCodeAt, s, [end - 1]);
  if (c >= 0xd800 && c <= 0xdbff) end--;
  return `${call<string>(natives.stringSlice, s, [0, end])}${TRUNCATION_MARK}`;
}
