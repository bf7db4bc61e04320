/**
 * The in-page half of the differential test, as a script string (it runs in the page, with or
 * without the extension). It builds each argument fresh, calls close() on an OPEN socket, and
 * records everything the page can observe.
 */
export const PAGE_RUNNER = `
window.runCases = async function runCases(wsBase, run, cases, offset, concurrency) {
  function prim(d) {
    switch (d.k) {
      case 'undef': return undefined;
      case 'null': return null;
      case 'bool': return d.v;
      case 'num': return d.v === '-0' ? -0 : typeof d.v === 'string' ? Number(d.v) : d.v;
      case 'str': return d.v;
      case 'sym': return Symbol(d.v);
      case 'big': return BigInt(d.v);
    }
  }
  function build(d, role, log, thrown) {
    switch (d.k) {
      case 'arr': return d.v.map(prim);
      case 'date': return new Date(d.v);
      case 'valueOf': return { valueOf() { log.push(role + '.valueOf'); return prim(d.ret); }, toString() { log.push(role + '.toString'); return 'from toString'; } };
      case 'toString': return { toString() { log.push(role + '.toString'); return prim(d.ret); }, valueOf() { log.push(role + '.valueOf'); return {}; } };
      case 'toPrim': return { [Symbol.toPrimitive](hint) { log.push(role + '.toPrimitive:' + hint); return prim(d.ret); } };
      case 'valueOfObjThenToString': return { valueOf() { log.push(role + '.valueOf'); return {}; }, toString() { log.push(role + '.toString'); return prim(d.ret); } };
      case 'getterValueOf': return { get valueOf() { log.push(role + '.get valueOf'); return () => { log.push(role + '.call valueOf'); return prim(d.ret); }; } };
      case 'proxy': return new Proxy({}, { get(t, p) { log.push(role + '.get:' + String(p)); return p === 'valueOf' || p === 'toString' ? () => prim(d.ret) : undefined; } });
      case 'fn': { const f = function argFn() {}; f.valueOf = () => { log.push(role + '.fn.valueOf'); return prim(d.ret); }; return f; }
      case 'throws': { const boom = () => { log.push(role + '.throws'); throw thrown; }; return { valueOf: boom, toString: boom }; }
      case 'revoked': { const r = Proxy.revocable({}, {}); r.revoke(); return r.proxy; }
      case 'badToPrim': return { [Symbol.toPrimitive]: 1 };
      case 'noPrim': return { valueOf: null, toString: null };
      default: return prim(d);
    }
  }
  function describe(e, thrown) {
    if (e === thrown) return { threw: true, kind: 'page-object' };
    const out = { threw: true, isDOMException: e instanceof DOMException, isTypeError: e instanceof TypeError, name: e && e.name, message: e && e.message };
    return out;
  }
  async function one(c, index) {
    const log = [];
    const thrown = { marker: 'thrown by the page, case ' + index };
    const args = c.args.map((d, j) => build(d, j === 0 ? 'code' : 'reason', log, thrown));
    const ws = new WebSocket(wsBase + '/echo?run=' + run + '&c=' + index);
    const closed = new Promise((resolve) => ws.addEventListener('close', (e) => resolve({ code: e.code, reason: e.reason, wasClean: e.wasClean })));
    const errors = [];
    ws.addEventListener('error', () => errors.push('error'));
    await new Promise((resolve) => { ws.addEventListener('open', resolve); ws.addEventListener('close', resolve); });
    const before = ws.readyState;
    let outcome;
    try {
      const ret = ws.close(...args);
      outcome = { threw: false, ret: ret === undefined ? 'undefined' : String(ret) };
    } catch (e) {
      outcome = describe(e, thrown);
    }
    const after = ws.readyState;
    if (ws.readyState === 1) ws.close();
    const ev = await closed;
    return { index, before, after, outcome, log: log.join(','), event: ev, errors: errors.join(',') };
  }
  const results = new Array(cases.length);
  let next = 0;
  async function worker() {
    while (next < cases.length) {
      const i = next++;
      results[i] = await one(cases[i], offset + i);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return results;
};
`;
