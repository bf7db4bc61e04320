/**
 * A page that sabotages every built-in the hook could use, then uses a socket. Shared by the
 * Chromium hostile suite and the cross-browser suite. 'WS' is replaced by the ws origin; the
 * result lands in document.title as code|reason|accessor reads|page console.warn calls|log|self-check|invalid|tick,
 * rewritten every 50 ms once the socket has closed (tick counts the rewrites), so that the test can
 * take a snapshot made after the warning it waits for has reached the console.
 */
export const SABOTAGE = `
window.__getterCalls = 0;
window.__pageWarns = 0;
window.__getterLog = '';
// Accessors the test driver's own injected code (Playwright's UtilityScript) runs do not count.
const fromDriver = () => new Error().stack.includes('UtilityScript');
const hit = (what) => { if (!fromDriver()) { window.__getterCalls++; window.__getterLog += what + ' '; } };
// 'then' is left out: Playwright reads it on values returned to the test.
// (not get/set/value/writable/…: those would break the page's own property descriptors)
for (const name of ['toJSON', 'kind', 'sid', 'type', 'source', 'detail', 'events', 'lines', 'bubbles', 'cancelable', 'composed', 'message', 'name']) {
  Object.defineProperty(Object.prototype, name, { get() { hit(name); return undefined; }, set() { hit(name + '='); }, configurable: true });
}
for (let i = 0; i < 4; i++) Object.defineProperty(Array.prototype, i, { get() { hit('[' + i + ']'); return undefined; }, set() { hit('[' + i + ']='); }, configurable: true });
// The trap works (so a zero below means something): one read, one write, then reset.
void ({}).kind; [][0] = 1;
window.__selfCheck = window.__getterCalls;
window.__getterCalls = 0; window.__getterLog = '';
const boom = (what) => function () { throw new Error('sabotaged ' + what); };
const savedAdd = EventTarget.prototype.addEventListener;
window.postMessage = boom('postMessage');
JSON.stringify = boom('JSON.stringify');
JSON.parse = boom('JSON.parse');
Array.prototype.push = boom('push');
Array.isArray = boom('isArray');
WeakMap.prototype.get = boom('WeakMap.get');
WeakMap.prototype.set = boom('WeakMap.set');
Reflect.apply = boom('Reflect.apply');
Reflect.construct = boom('Reflect.construct');
Object.defineProperty = boom('defineProperty');
Object.getOwnPropertyDescriptor = boom('getOwnPropertyDescriptor');
Function.prototype.toString = function () { return 'hacked'; };
Function.prototype.call = boom('call');
Function.prototype.apply = boom('apply');
window.CustomEvent = boom('CustomEvent');
window.queueMicrotask = boom('queueMicrotask');
console.warn = function () { window.__pageWarns++; };
EventTarget.prototype.dispatchEvent = boom('dispatchEvent');
Object.getPrototypeOf([][Symbol.iterator]()).next = boom('ArrayIterator.next');
String.prototype.charCodeAt = boom('charCodeAt');
String.prototype.slice = boom('slice');
TextEncoder.prototype.encode = boom('TextEncoder.encode');
Object.setPrototypeOf = boom('setPrototypeOf');
EventTarget.prototype.addEventListener = boom('addEventListener');
{
  const s = new WebSocket('WS/echo?hostile=sabotage');
  s.onopen = () => {
    s.send('héllo');
    try { s.close(1001); } catch (e) { window.__invalid = e.constructor.name + ':' + e.name; }
    s.close(4001, 'still here');
  };
  // Snapshot the counters before the test driver (which also runs code in this page) looks.
  // The result goes into the title: the test driver's own in-page code cannot run on a page whose
  // iterators are sabotaged, but its isolated world can read the title.
  s.onclose = (e) => {
    let tick = 0;
    setInterval(() => { document.title = e.code + '|' + e.reason + '|' + window.__getterCalls + '|' + window.__pageWarns + '|' + window.__getterLog + '|' + window.__selfCheck + '|' + window.__invalid + '|' + tick++; }, 50);
  };
}
`;
