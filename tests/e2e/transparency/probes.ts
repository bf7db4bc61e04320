/**
 * The in-page halves of the transparency suite, as script strings (they run in the page, with or
 * without the extension, and must not pick up the test transpiler's helpers). Both are classic
 * sloppy-mode scripts on purpose: a page can use `arguments.callee.caller` there, and so do we.
 *
 * Each probe returns a flat record `{ observation key: JSON-serialisable value }`. Nothing in it
 * depends on timing: no timestamps, no durations, only values, identities, shapes and orders.
 */

/**
 * `window.transparencyProbe(cfg)` → every observation the page can make of WebSocket, its
 * close(), Function.prototype.toString, exceptions, subclassing, and socket events.
 */
export const TRANSPARENCY_PROBE = String.raw`
window.transparencyProbe = async function (cfg) {
  var out = {};
  var PAGE = location.origin + location.pathname;
  var nativeSlice = String.prototype.slice;
  var sockets = [];

  // ---- helpers (plain function declarations: no transpiler helpers, sloppy mode) ----------
  function show(v) {
    if (v === undefined) return '(undefined)';
    if (v === null) return null;
    var t = typeof v;
    if (t === 'function') return '(function ' + v.name + ')';
    if (t === 'symbol') return '(symbol ' + v.description + ')';
    if (t === 'bigint') return '(bigint ' + v + ')';
    if (t === 'number' && v !== v) return '(NaN)';
    if (t === 'object') return '(object ' + Object.prototype.toString.call(v) + ')';
    return v;
  }
  // Deep copy of plain data (arrays, plain objects) with show() at the leaves.
  function clean(v) {
    if (Array.isArray(v)) return v.map(clean);
    if (v !== null && typeof v === 'object') {
      var p = Object.getPrototypeOf(v);
      if (p !== Object.prototype && p !== null) return show(v);
      var r = {};
      var keys = Object.keys(v);
      for (var i = 0; i < keys.length; i++) r[keys[i]] = clean(v[keys[i]]);
      return r;
    }
    return show(v);
  }
  function desc(o, k) {
    var d = Object.getOwnPropertyDescriptor(o, k);
    if (!d) return '(absent)';
    var r = {};
    var keys = Object.keys(d);
    for (var i = 0; i < keys.length; i++) r[keys[i]] = show(d[keys[i]]);
    return r;
  }
  function attrs(o, k) {
    var d = Object.getOwnPropertyDescriptor(o, k);
    if (!d) return '(absent)';
    return {
      kind: 'value' in d ? 'data' : 'accessor',
      writable: show(d.writable),
      enumerable: d.enumerable,
      configurable: d.configurable,
      typeofValue: typeof d.value,
      typeofGet: typeof d.get,
      typeofSet: typeof d.set,
    };
  }
  // The stack down to the first frame of this page: anything above it ran between the page's
  // call and the browser's own code (and the harness frames below it are not the page's).
  function trimStack(stack) {
    if (typeof stack !== 'string') return '(' + typeof stack + ')';
    var lines = stack.split('\n');
    var kept = [];
    for (var i = 0; i < lines.length; i++) {
      kept.push(lines[i]);
      if (i > 0 && lines[i].indexOf(PAGE) >= 0) break;
    }
    return kept.join('\n');
  }
  function describeError(e) {
    if (e === null || (typeof e !== 'object' && typeof e !== 'function')) return { primitive: show(e) };
    return {
      constructor: e.constructor ? e.constructor.name : '(none)',
      name: e.name,
      message: e.message,
      isDOMException: e instanceof DOMException,
      domExceptionCode: e instanceof DOMException ? e.code : null,
      protoIsConstructorPrototype: !!e.constructor && Object.getPrototypeOf(e) === e.constructor.prototype,
      ownKeys: Object.getOwnPropertyNames(e),
    };
  }
  function check(key, fn) {
    try {
      out[key] = clean(fn());
    } catch (e) {
      out[key] = { threw: describeError(e) };
    }
  }
  // An operation expected to throw: what the page gets, and (separately) the stack it can read.
  function thrown(key, fn) {
    try {
      var v = fn();
      if (v instanceof WebSocket) sockets.push(v);
      out['error: ' + key] = { threw: false, returned: show(v) };
    } catch (e) {
      out['error: ' + key] = describeError(e);
      out['error stack: ' + key] = trimStack(e && e.stack);
    }
  }
  function withTimeout(promise, ms, what) {
    return Promise.race([
      promise,
      new Promise(function (resolve) {
        setTimeout(function () { resolve('(timed out: ' + what + ')'); }, ms);
      }),
    ]);
  }
  function closed(ws) {
    return withTimeout(
      new Promise(function (resolve) {
        EventTarget.prototype.addEventListener.call(ws, 'close', function (e) {
          resolve({ code: e.code, reason: e.reason, wasClean: e.wasClean });
        });
      }),
      60000,
      'close event',
    );
  }
  function opened(ws) {
    return withTimeout(
      new Promise(function (resolve) {
        EventTarget.prototype.addEventListener.call(ws, 'open', function () { resolve('open'); });
        EventTarget.prototype.addEventListener.call(ws, 'close', function () { resolve('closed before open'); });
      }),
      60000,
      'open event',
    );
  }
  function dataOf(d) {
    if (typeof d === 'string') return 'text:' + d;
    if (d instanceof ArrayBuffer) return 'arraybuffer:' + Array.prototype.join.call(new Uint8Array(d), ',');
    return Object.prototype.toString.call(d);
  }
  function eventLine(ws, e) {
    var s = e.type + ' rs=' + ws.readyState;
    if (e.type === 'close') s += ' code=' + e.code + ' reason=' + e.reason + ' clean=' + e.wasClean;
    if (e.type === 'message') s += ' data=' + dataOf(e.data);
    return s;
  }
  function eventShape(ws, e) {
    var shape = {
      constructor: e.constructor.name,
      protoIsConstructorPrototype: Object.getPrototypeOf(e) === e.constructor.prototype,
      ownKeys: Object.getOwnPropertyNames(e),
      type: e.type,
      isTrusted: e.isTrusted,
      bubbles: e.bubbles,
      cancelable: e.cancelable,
      composed: e.composed,
      eventPhase: e.eventPhase,
      defaultPrevented: e.defaultPrevented,
      returnValue: e.returnValue,
      targetIsSocket: e.target === ws,
      currentTargetIsSocket: e.currentTarget === ws,
      srcElementIsSocket: e.srcElement === ws,
      composedPathLength: e.composedPath().length,
    };
    if (e.type === 'message') {
      shape.origin = e.origin;
      shape.lastEventId = e.lastEventId;
      shape.sourceIsNull = e.source === null;
      shape.ports = e.ports.length;
    }
    if (e.type === 'close') {
      shape.code = e.code;
      shape.reason = e.reason;
      shape.wasClean = e.wasClean;
    }
    return shape;
  }
  // Page listeners of every kind, interleaved: addEventListener, the on* handler, once.
  function watch(ws, log, shapes) {
    var types = ['open', 'message', 'error', 'close'];
    for (var i = 0; i < types.length; i++) {
      (function (t) {
        ws.addEventListener(t, function (e) {
          log.push('listener A: ' + eventLine(ws, e));
          if (shapes && !shapes[t]) shapes[t] = eventShape(ws, e);
        });
        ws['on' + t] = function (e) { log.push('on' + t + ': ' + eventLine(ws, e)); };
        ws.addEventListener(t, function (e) { log.push('listener B (once): ' + eventLine(ws, e)); }, { once: true });
        ws.addEventListener(t, function (e) { log.push('listener C (capture flag): ' + eventLine(ws, e)); }, true);
      })(types[i]);
    }
  }

  // ---- the constructor's shape ----------------------------------------------------------
  var WS = WebSocket;
  var proto = WebSocket.prototype;
  var close = proto.close;
  var CONSTANTS = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];
  check('WebSocket.name', function () { return WebSocket.name; });
  check('WebSocket.length', function () { return WebSocket.length; });
  check('typeof WebSocket', function () { return typeof WebSocket; });
  check('Object.getOwnPropertyNames(WebSocket)', function () { return Object.getOwnPropertyNames(WebSocket); });
  check('Reflect.ownKeys(WebSocket)', function () { return Reflect.ownKeys(WebSocket).map(String); });
  check('descriptor WebSocket.prototype', function () { return desc(WebSocket, 'prototype'); });
  check('descriptor WebSocket.length', function () { return desc(WebSocket, 'length'); });
  check('descriptor WebSocket.name', function () { return desc(WebSocket, 'name'); });
  for (var ci = 0; ci < CONSTANTS.length; ci++) {
    (function (c) {
      check('descriptor WebSocket.' + c, function () { return desc(WebSocket, c); });
      check('descriptor WebSocket.prototype.' + c, function () { return desc(proto, c); });
    })(CONSTANTS[ci]);
  }
  check('descriptor window.WebSocket', function () {
    var d = Object.getOwnPropertyDescriptor(window, 'WebSocket');
    return { writable: d.writable, enumerable: d.enumerable, configurable: d.configurable, valueIsWebSocket: d.value === WS };
  });
  check('Object.getPrototypeOf(WebSocket) === EventTarget', function () { return Object.getPrototypeOf(WebSocket) === EventTarget; });
  check('WebSocket.prototype.constructor === WebSocket', function () { return proto.constructor === WebSocket; });
  check('descriptor WebSocket.prototype.constructor', function () {
    var d = Object.getOwnPropertyDescriptor(proto, 'constructor');
    return { writable: d.writable, enumerable: d.enumerable, configurable: d.configurable, valueIsWebSocket: d.value === WS };
  });
  check('Object.getPrototypeOf(WebSocket.prototype) === EventTarget.prototype', function () { return Object.getPrototypeOf(proto) === EventTarget.prototype; });
  check('Object.getOwnPropertyNames(WebSocket.prototype)', function () { return Object.getOwnPropertyNames(proto); });
  check('Reflect.ownKeys(WebSocket.prototype)', function () { return Reflect.ownKeys(proto).map(String); });
  check('every WebSocket.prototype property: attributes', function () {
    var r = {};
    var names = Object.getOwnPropertyNames(proto);
    for (var i = 0; i < names.length; i++) r[names[i]] = attrs(proto, names[i]);
    return r;
  });
  check('WebSocket.prototype[Symbol.toStringTag]', function () { return proto[Symbol.toStringTag]; });
  check('Object.isExtensible/isSealed/isFrozen(WebSocket)', function () { return [Object.isExtensible(WebSocket), Object.isSealed(WebSocket), Object.isFrozen(WebSocket)]; });
  check('Object.prototype.toString.call(WebSocket)', function () { return Object.prototype.toString.call(WebSocket); });
  check('WebSocket.caller', function () { return show(WebSocket.caller); });
  check('WebSocket.arguments', function () { return show(WebSocket.arguments); });
  check("WebSocket.hasOwnProperty('caller')", function () { return Object.prototype.hasOwnProperty.call(WebSocket, 'caller'); });
  check('JSON.stringify({ WebSocket, close })', function () { return JSON.stringify({ a: WebSocket, b: close }); });

  // ---- toString: the wrappers must print like the natives --------------------------------
  var fts = Function.prototype.toString;
  check('Function.prototype.toString.call(WebSocket)', function () { return fts.call(WebSocket); });
  check('String(WebSocket)', function () { return String(WebSocket); });
  check('WebSocket.toString()', function () { return WebSocket.toString(); });
  check("WebSocket + ''", function () { return WebSocket + ''; });
  check('Function.prototype.toString.call(WebSocket.prototype.close)', function () { return fts.call(close); });
  check('String(WebSocket.prototype.close)', function () { return String(close); });
  check('WebSocket.prototype.close.toString()', function () { return close.toString(); });
  check('Function.prototype.toString.call(Function.prototype.toString)', function () { return fts.call(fts); });
  check('Function.prototype.toString.toString()', function () { return fts.toString(); });
  check('Function.prototype.toString.name', function () { return fts.name; });
  check('Function.prototype.toString.length', function () { return fts.length; });
  check('Object.getOwnPropertyNames(Function.prototype.toString)', function () { return Object.getOwnPropertyNames(fts); });
  check("'prototype' in Function.prototype.toString", function () { return 'prototype' in fts; });
  check("descriptor Function.prototype.toString (attributes)", function () {
    var d = Object.getOwnPropertyDescriptor(Function.prototype, 'toString');
    return { writable: d.writable, enumerable: d.enumerable, configurable: d.configurable, typeofValue: typeof d.value };
  });
  check('Function.prototype.toString.caller', function () { return show(fts.caller); });
  check('toString of the prototype getters', function () {
    var r = {};
    var names = Object.getOwnPropertyNames(proto);
    for (var i = 0; i < names.length; i++) {
      var d = Object.getOwnPropertyDescriptor(proto, names[i]);
      r[names[i]] = [d.get ? fts.call(d.get) : null, d.set ? fts.call(d.set) : null, typeof d.value === 'function' ? fts.call(d.value) : null];
    }
    return r;
  });
  check('BigInt(WebSocket.prototype.close) message', function () {
    try { BigInt(close); return 'no error'; } catch (e) { return e.message; }
  });

  // ---- close() as a function value ------------------------------------------------------
  check("descriptor WebSocket.prototype.close (attributes)", function () {
    var d = Object.getOwnPropertyDescriptor(proto, 'close');
    return { writable: d.writable, enumerable: d.enumerable, configurable: d.configurable, typeofValue: typeof d.value };
  });
  check('close.name', function () { return close.name; });
  check('close.length', function () { return close.length; });
  check("'prototype' in close", function () { return 'prototype' in close; });
  check('typeof close', function () { return typeof close; });
  check('Object.getOwnPropertyNames(close)', function () { return Object.getOwnPropertyNames(close); });
  check('descriptor close.name', function () { return desc(close, 'name'); });
  check('descriptor close.length', function () { return desc(close, 'length'); });
  check('Object.getPrototypeOf(close) === Function.prototype', function () { return Object.getPrototypeOf(close) === Function.prototype; });
  check('Object.isExtensible(close)', function () { return Object.isExtensible(close); });
  check('close.caller', function () { return show(close.caller); });
  check('close.arguments', function () { return show(close.arguments); });

  // ---- send() as a function value and its errors (the extension counts messages) -----------
  var send = WebSocket.prototype.send;
  check('descriptor WebSocket.prototype.send (attributes)', function () {
    var d = Object.getOwnPropertyDescriptor(proto, 'send');
    return { writable: d.writable, enumerable: d.enumerable, configurable: d.configurable, typeofValue: typeof d.value };
  });
  check('send.name / length / prototype in', function () { return [send.name, send.length, 'prototype' in send]; });
  check('Function.prototype.toString.call(send)', function () { return Function.prototype.toString.call(send); });
  check('send.caller', function () { return show(send.caller); });
  thrown('WebSocket.prototype.send.call({})', function () { return send.call({}, 'x'); });
  thrown('send() with no argument on a CONNECTING socket', function () { var s = new WebSocket(cfg.ws + '/echo?send-none'); try { return s.send(); } finally { s.close(); } });
  thrown('send("x") on a CONNECTING socket', function () { var s = new WebSocket(cfg.ws + '/echo?send-connecting'); try { return s.send('x'); } finally { s.close(); } });
  check('send(object) on a CONNECTING socket: toString calls', function () {
    var n = 0; var s = new WebSocket(cfg.ws + '/echo?send-obj');
    try { s.send({ toString: function () { n++; return 'x'; } }); } catch (e) { n += 100; }
    s.close();
    return n;
  });

  // ---- exceptions the page gets -----------------------------------------------------------
  thrown('WebSocket.prototype.close.call({})', function () { return close.call({}); });
  thrown('WebSocket.prototype.close.call(null)', function () { return close.call(null); });
  thrown('WebSocket.prototype.close.call(undefined)', function () { return close.call(undefined); });
  thrown('WebSocket.prototype.close.call(new EventTarget())', function () { return close.call(new EventTarget()); });
  thrown('new WebSocket.prototype.close()', function () { return new WebSocket.prototype.close(); });
  thrown('Reflect.construct(close, [])', function () { return Reflect.construct(close, []); });
  thrown('class extends WebSocket.prototype.close', function () { return class Y extends WebSocket.prototype.close {}; });
  thrown('Reflect.construct(Object, [], close) (close as newTarget)', function () { return Reflect.construct(Object, [], close); });
  thrown('Reflect.construct(WebSocket, [url], close) (close as newTarget)', function () { return Reflect.construct(WebSocket, ['ws://127.0.0.1:1/'], close); });
  thrown('structuredClone(WebSocket.prototype.close)', function () { return structuredClone(close); });
  thrown('structuredClone(WebSocket)', function () { return structuredClone(WebSocket); });
  thrown("WebSocket('ws://127.0.0.1:1/') without new", function () { return WebSocket('ws://127.0.0.1:1/'); });
  thrown('WebSocket.call({}, url)', function () { return WebSocket.call({}, 'ws://127.0.0.1:1/'); });
  thrown('Reflect.apply(WebSocket, undefined, [url])', function () { return Reflect.apply(WebSocket, undefined, ['ws://127.0.0.1:1/']); });
  thrown('new WebSocket() (no arguments)', function () { return new WebSocket(); });
  thrown("new WebSocket('http://bad url')", function () { return new WebSocket('http://bad url'); });
  thrown("new WebSocket('ws://127.0.0.1:1/#fragment')", function () { return new WebSocket('ws://127.0.0.1:1/#fragment'); });
  thrown("new WebSocket('ftp://127.0.0.1:1/')", function () { return new WebSocket('ftp://127.0.0.1:1/'); });
  thrown("new WebSocket(url, ['a', 'a']) (duplicate protocols)", function () { return new WebSocket('ws://127.0.0.1:1/', ['a', 'a']); });
  thrown("new WebSocket(url, 'bad protocol')", function () { return new WebSocket('ws://127.0.0.1:1/', 'bad protocol'); });
  thrown('Reflect.construct(WebSocket, [])', function () { return Reflect.construct(WebSocket, []); });
  thrown('Reflect.construct(WebSocket, [url], 1) (non-constructor newTarget)', function () { return Reflect.construct(WebSocket, ['ws://127.0.0.1:1/'], 1); });
  thrown('Function.prototype.toString.call({})', function () { return fts.call({}); });
  thrown('new Function.prototype.toString()', function () { return new Function.prototype.toString(); });
  thrown('Reflect.construct(Function.prototype.toString, [])', function () { return Reflect.construct(fts, []); });

  // ---- sockets: readyState, attributes, the order of events ------------------------------
  var waits = [];

  // 1. echo, with protocol ['chat'], text and binary messages, a page close(1000, 'done').
  var echoLog = [];
  var echoShapes = {};
  var echo = new WebSocket(cfg.ws + '/echo?case=transparency-echo', ['chat']);
  sockets.push(echo);
  out['echo: readyState right after construction'] = echo.readyState;
  out['echo: attributes right after construction'] = {
    url: echo.url, protocol: echo.protocol, extensions: echo.extensions,
    binaryType: echo.binaryType, bufferedAmount: echo.bufferedAmount,
    constants: [echo.CONNECTING, echo.OPEN, echo.CLOSING, echo.CLOSED],
  };
  check('echo: instanceof WebSocket / EventTarget, prototype', function () {
    return [echo instanceof WebSocket, echo instanceof EventTarget, Object.getPrototypeOf(echo) === WebSocket.prototype, echo.constructor === WebSocket];
  });
  check('echo: Object.prototype.toString', function () { return Object.prototype.toString.call(echo); });
  check('echo: own property names', function () { return Object.getOwnPropertyNames(echo); });
  check('echo: on* handlers before set', function () { return [echo.onopen, echo.onmessage, echo.onerror, echo.onclose]; });
  watch(echo, echoLog, echoShapes);
  var binaryTypes = [echo.binaryType];
  echo.binaryType = 'nonsense';
  binaryTypes.push(echo.binaryType);
  waits.push(new Promise(function (resolve) {
    var messages = 0;
    echo.addEventListener('open', function () {
      out['echo: attributes in open'] = { url: echo.url, protocol: echo.protocol, extensions: echo.extensions, bufferedAmount: echo.bufferedAmount };
      echo.send('hello');
      out['echo: bufferedAmount right after send(hello)'] = echo.bufferedAmount;
    });
    echo.addEventListener('message', function () {
      messages++;
      if (messages === 1) {
        echo.binaryType = 'arraybuffer';
        binaryTypes.push(echo.binaryType);
        echo.send(new Uint8Array([1, 2, 3]));
      } else if (messages === 2) {
        out['echo: close() returns'] = show(echo.close(1000, 'done'));
        out['echo: readyState right after close()'] = echo.readyState;
        echo.send('abc');
        out['echo: bufferedAmount after send() while CLOSING'] = echo.bufferedAmount;
        echo.close(3000, 'again');
        out['echo: readyState after a second close()'] = echo.readyState;
      }
    });
    echo.addEventListener('close', function () {
      out['echo: readyState in close listener'] = echo.readyState;
      echo.send('abcd');
      out['echo: bufferedAmount after send() when CLOSED'] = echo.bufferedAmount;
      resolve();
    });
  }));

  // 2. the server closes with 4000 'bye'.
  var serverLog = [];
  var serverSock = new WebSocket(cfg.ws + '/server-close?case=transparency-server&code=4000&reason=bye');
  sockets.push(serverSock);
  watch(serverSock, serverLog, null);
  // The server acts on the page's signal, sent once the page has seen open (demo/servers.ts).
  serverSock.addEventListener('open', function () { serverSock.send('go'); });
  waits.push(closed(serverSock));

  // 3. the server drops the TCP connection.
  var dropLog = [];
  var dropSock = new WebSocket(cfg.ws + '/drop?case=transparency-drop');
  sockets.push(dropSock);
  watch(dropSock, dropLog, null);
  dropSock.addEventListener('open', function () { dropSock.send('go'); });
  waits.push(closed(dropSock));

  // 4. connection refused: error + close.
  var refusedLog = [];
  var refusedShapes = {};
  var refused = new WebSocket('ws://127.0.0.1:' + cfg.refusedPort + '/refused');
  sockets.push(refused);
  watch(refused, refusedLog, refusedShapes);
  waits.push(closed(refused));

  // 5. close() while CONNECTING: error + close.
  var connectingLog = [];
  var connecting = new WebSocket(cfg.ws + '/echo?case=transparency-connecting');
  sockets.push(connecting);
  watch(connecting, connectingLog, null);
  connecting.close();
  out['connecting: readyState right after close()'] = connecting.readyState;
  waits.push(closed(connecting));

  // 6. an http: URL (the browser turns it into ws:).
  var httpSock = null;
  check('http: URL: url attribute', function () {
    httpSock = new WebSocket(cfg.http + '/echo?case=transparency-http');
    sockets.push(httpSock);
    return httpSock.url;
  });
  if (httpSock) waits.push(closed(httpSock).then(function () { return null; }));
  if (httpSock) opened(httpSock).then(function () { httpSock.close(); });

  // 7. class X extends WebSocket, overriding close().
  var X = class X extends WebSocket {
    close(...a) {
      this.calls = (this.calls || 0) + 1;
      return super.close(...a);
    }
  };
  var x = new X(cfg.ws + '/echo?case=transparency-subclass');
  sockets.push(x);
  check('subclass: X.name / X.length', function () { return [X.name, X.length]; });
  check('subclass: instanceof X / WebSocket / EventTarget', function () { return [x instanceof X, x instanceof WebSocket, x instanceof EventTarget]; });
  check('subclass: prototype chain', function () {
    return [
      Object.getPrototypeOf(x) === X.prototype,
      Object.getPrototypeOf(X.prototype) === WebSocket.prototype,
      Object.getPrototypeOf(X) === WebSocket,
      x.constructor === X,
    ];
  });
  check('subclass: readyState right after construction', function () { return x.readyState; });
  waits.push(opened(x).then(function (state) {
    out['subclass: open'] = state;
    x.close(3003, 'sub');
    out['subclass: readyState right after close()'] = x.readyState;
    return closed(x);
  }).then(function (ev) {
    out['subclass: close event'] = ev;
    out['subclass: calls'] = x.calls;
  }));
  thrown('subclass: super() without arguments', function () {
    return new (class Z extends WebSocket { constructor() { super(); } })();
  });

  // 8. without new / Reflect.construct with a newTarget whose prototype is a custom object.
  var customProto = { custom: true };
  var F = function () {};
  F.prototype = customProto;
  var y = Reflect.construct(WebSocket, [cfg.ws + '/echo?case=transparency-custom'], F);
  sockets.push(y);
  check('Reflect.construct(WebSocket, [url], F) with a custom prototype', function () {
    return {
      protoIsCustom: Object.getPrototypeOf(y) === customProto,
      instanceofF: y instanceof F,
      instanceofWebSocket: y instanceof WebSocket,
      instanceofEventTarget: y instanceof EventTarget,
      custom: y.custom,
      close: typeof y.close,
      toStringTag: Object.prototype.toString.call(y),
      readyState: Object.getOwnPropertyDescriptor(WebSocket.prototype, 'readyState').get.call(y),
      url: Object.getOwnPropertyDescriptor(WebSocket.prototype, 'url').get.call(y),
    };
  });
  waits.push(opened(y).then(function (state) {
    out['custom newTarget: open'] = state;
    out['custom newTarget: close.call() returns'] = show(WebSocket.prototype.close.call(y, 3004, 'custom'));
    return closed(y);
  }).then(function (ev) {
    out['custom newTarget: close event'] = ev;
  }));

  var inheriting = Object.create(WebSocket.prototype, { marker: { value: 'inheriting' } });
  var G = function () {};
  G.prototype = inheriting;
  var z = Reflect.construct(WebSocket, ['ws://127.0.0.1:' + cfg.refusedPort + '/custom-inheriting'], G);
  sockets.push(z);
  check('Reflect.construct(WebSocket, [url], G) with a prototype inheriting WebSocket.prototype', function () {
    return [Object.getPrototypeOf(z) === inheriting, z instanceof WebSocket, z instanceof G, z.marker, z.readyState, z.url];
  });
  waits.push(closed(z));

  var H = function () {};
  H.prototype = 7;
  var w = Reflect.construct(WebSocket, ['ws://127.0.0.1:' + cfg.refusedPort + '/non-object-prototype'], H);
  sockets.push(w);
  check('Reflect.construct(WebSocket, [url], H) with a non-object prototype', function () {
    return [Object.getPrototypeOf(w) === WebSocket.prototype, w instanceof WebSocket, Object.getPrototypeOf(w) === H.prototype];
  });
  waits.push(closed(w));

  var b = Reflect.construct(WebSocket, ['ws://127.0.0.1:' + cfg.refusedPort + '/newtarget-websocket'], WebSocket);
  sockets.push(b);
  check('Reflect.construct(WebSocket, [url], WebSocket)', function () { return [Object.getPrototypeOf(b) === WebSocket.prototype, b.url]; });
  waits.push(closed(b));

  var xr = Reflect.construct(X, ['ws://127.0.0.1:' + cfg.refusedPort + '/subclass-reflect'], F);
  sockets.push(xr);
  check('Reflect.construct(X, [url], F) (subclass with a custom newTarget)', function () {
    return [Object.getPrototypeOf(xr) === customProto, xr instanceof X, xr instanceof WebSocket];
  });
  waits.push(closed(xr));

  var Bound = WebSocket.bind(null, 'ws://127.0.0.1:' + cfg.refusedPort + '/bound');
  check('WebSocket.bind(): name, length, toString', function () { return [Bound.name, Bound.length, fts.call(Bound)]; });
  var bs = new Bound();
  sockets.push(bs);
  check('new (WebSocket.bind(null, url))()', function () { return [Object.getPrototypeOf(bs) === WebSocket.prototype, bs.url]; });
  waits.push(closed(bs));
  thrown('WebSocket.bind(null, url)() without new', function () { return Bound(); });

  // ---- other same-origin realms (iframes) ------------------------------------------------
  var blank = document.createElement('iframe');
  document.body.appendChild(blank);
  var loaded = document.createElement('iframe');
  var loadedDone = new Promise(function (resolve) { loaded.onload = resolve; });
  loaded.src = cfg.frameUrl;
  document.body.appendChild(loaded);
  await withTimeout(loadedDone, 60000, 'frame load');
  var frames = [['about:blank frame', blank.contentWindow], ['same-origin frame', loaded.contentWindow]];
  for (var fi = 0; fi < frames.length; fi++) {
    (function (label, fw) {
      check(label + ': Function.prototype.toString.call(frame.WebSocket)', function () { return fts.call(fw.WebSocket); });
      check(label + ': Function.prototype.toString.call(frame.WebSocket.prototype.close)', function () { return fts.call(fw.WebSocket.prototype.close); });
      check(label + ': frame.Function.prototype.toString.call(WebSocket)', function () { return fw.Function.prototype.toString.call(WebSocket); });
      check(label + ': frame.Function.prototype.toString.call(WebSocket.prototype.close)', function () { return fw.Function.prototype.toString.call(close); });
      check(label + ': frame.WebSocket.toString()', function () { return fw.WebSocket.toString(); });
      check(label + ': frame.WebSocket.prototype.close.toString()', function () { return fw.WebSocket.prototype.close.toString(); });
      check(label + ': identities', function () {
        return [
          fw.WebSocket === WebSocket,
          Object.getPrototypeOf(fw.WebSocket) === fw.EventTarget,
          fw.WebSocket.prototype.constructor === fw.WebSocket,
          fw.WebSocket.prototype.close === close,
        ];
      });
      check(label + ': Reflect.construct(WebSocket, [url], frame function with a non-object prototype)', function () {
        var nt = new fw.Function();
        nt.prototype = 1;
        var s = Reflect.construct(WebSocket, ['ws://127.0.0.1:' + cfg.refusedPort + '/cross-realm'], nt);
        sockets.push(s);
        return [Object.getPrototypeOf(s) === fw.WebSocket.prototype, s instanceof WebSocket, s instanceof fw.WebSocket];
      });
      check(label + ': Reflect.construct(frame.WebSocket, [url], WebSocket)', function () {
        var s = Reflect.construct(fw.WebSocket, ['ws://127.0.0.1:' + cfg.refusedPort + '/cross-realm-2'], WebSocket);
        sockets.push(s);
        return [Object.getPrototypeOf(s) === WebSocket.prototype, s instanceof fw.WebSocket];
      });
    })(frames[fi][0], frames[fi][1]);
  }

  // ---- what runs in the page's own code, and who called it --------------------------------
  // arguments.callee.caller inside the page's valueOf/toString: the browser's own conversions
  // have no JS caller in between, so the page sees the function that called close()/new.
  var callerOf = function (c, expected) {
    if (c === null) return 'null';
    if (c === expected) return 'the page function that made the call';
    return 'another function: ' + nativeSlice.call(fts.call(c), 0, 60);
  };
  var callerSock = new WebSocket(cfg.ws + '/echo?case=transparency-caller');
  sockets.push(callerSock);
  var seenInClose = 'not called';
  var closeSite = function () {
    callerSock.close({ valueOf: function () { seenInClose = callerOf(arguments.callee.caller, closeSite); return 1000; } });
  };
  check('arguments.callee.caller in close() code.valueOf', function () { closeSite(); return seenInClose; });
  var seenInUrl = 'not called';
  var ctorSite = function () {
    var s = new WebSocket({ toString: function () { seenInUrl = callerOf(arguments.callee.caller, ctorSite); return 'ws://127.0.0.1:' + cfg.refusedPort + '/caller-url'; } });
    sockets.push(s);
  };
  check('arguments.callee.caller in new WebSocket() url.toString', function () { ctorSite(); return seenInUrl; });
  var seenInProtocol = 'not called';
  var protoSite = function () {
    var s = new WebSocket('ws://127.0.0.1:' + cfg.refusedPort + '/caller-protocol', [{ toString: function () { seenInProtocol = callerOf(arguments.callee.caller, protoSite); return 'chat'; } }]);
    sockets.push(s);
  };
  check('arguments.callee.caller in new WebSocket() protocol.toString', function () { protoSite(); return seenInProtocol; });

  // Proxy traps the page's own objects run: the browser's conversions only.
  var trapLog = [];
  var traps = {};
  var trapNames = ['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'set', 'defineProperty', 'isExtensible', 'preventExtensions', 'apply', 'construct'];
  for (var ti = 0; ti < trapNames.length; ti++) {
    (function (t) {
      traps[t] = function () {
        trapLog.push(t + (arguments.length > 1 && t !== 'apply' && t !== 'construct' ? ':' + String(arguments[1]) : ''));
        return Reflect[t].apply(null, arguments);
      };
    })(trapNames[ti]);
  }
  check('proxy protocols array: traps run by new WebSocket(url, proxy)', function () {
    trapLog.length = 0;
    var s = new WebSocket('ws://127.0.0.1:' + cfg.refusedPort + '/proxy-protocols', new Proxy(['chat', 'superchat'], traps));
    sockets.push(s);
    return trapLog.slice();
  });
  var throwingSock = new WebSocket('ws://127.0.0.1:' + cfg.refusedPort + '/proxy-thrown');
  sockets.push(throwingSock);
  check('proxy thrown from close() code.valueOf: traps run', function () {
    var boom = new Proxy(new TypeError('thrown by the page'), traps);
    trapLog.length = 0;
    var same;
    try { throwingSock.close({ valueOf: function () { throw boom; } }); same = 'no throw'; } catch (e) { same = e === boom; }
    return { sameObject: same, traps: trapLog.slice() };
  });
  check('proxy close() code: traps run', function () {
    trapLog.length = 0;
    try { throwingSock.close(new Proxy({ valueOf: function () { return 3000; } }, traps), 'x'); } catch (e) { return { threw: e.name, traps: trapLog.slice() }; }
    return trapLog.slice();
  });

  // The page's own String.prototype.slice must not run for sockets it makes.
  check('String.prototype.slice calls while making sockets with a long url / protocol', function () {
    var calls = 0;
    String.prototype.slice = function () { calls++; return nativeSlice.apply(this, arguments); };
    try {
      var long1 = new WebSocket('ws://127.0.0.1:' + cfg.refusedPort + '/long?' + 'x'.repeat(3000));
      var long2 = new WebSocket('ws://127.0.0.1:' + cfg.refusedPort + '/long-protocol', 'p'.repeat(300));
      var long3 = new WebSocket('ws://127.0.0.1:' + cfg.refusedPort + '/long-protocols', ['q'.repeat(300)]);
      sockets.push(long1, long2, long3);
    } finally {
      String.prototype.slice = nativeSlice;
    }
    return calls;
  });

  // The page's Error.prepareStackTrace must only ever see the page's own errors.
  var stackSock = new WebSocket(cfg.ws + '/echo?case=transparency-prepare-stack-trace');
  sockets.push(stackSock);
  var prepareCalls = [];
  stackSock.close(3005, 'stack');
  var anotherSock = new WebSocket('ws://127.0.0.1:' + cfg.refusedPort + '/prepare-stack-trace');
  sockets.push(anotherSock);
  anotherSock.close();
  Error.prepareStackTrace = function (error, frames) {
    var files = [];
    for (var i = 0; i < frames.length; i++) files.push(String(frames[i].getFileName()));
    prepareCalls.push(files.join(' | '));
    return 'prepared';
  };
  await null;
  await new Promise(function (resolve) { setTimeout(resolve, 0); });
  delete Error.prepareStackTrace;
  out['Error.prepareStackTrace calls the page did not cause'] = prepareCalls.map(function (s) {
    return s.split(PAGE).join('(page)');
  });

  // ---- wait for every socket to finish, then record the event orders ----------------------
  await Promise.all(waits);
  out['echo: events seen by page listeners, in order'] = echoLog;
  out['echo: event shapes'] = echoShapes;
  out['echo: binaryType default, after nonsense, after arraybuffer'] = binaryTypes;
  out['server close: events seen by page listeners, in order'] = serverLog;
  out['dropped connection: events seen by page listeners, in order'] = dropLog;
  out['refused connection: events seen by page listeners, in order'] = refusedLog;
  out['refused connection: event shapes'] = refusedShapes;
  out['close() while CONNECTING: events seen by page listeners, in order'] = connectingLog;
  for (var si = 0; si < sockets.length; si++) {
    try { WebSocket.prototype.close.call(sockets[si]); } catch (e) { /* already closed */ }
  }
  return clean(out);
};
`;

/**
 * `window.trafficProbe(cfg)` → what page listeners for every standard event type, a window
 * `message` listener, a MutationObserver, the page's console and getters on Object.prototype
 * (the members of the event init dictionaries) see while sockets open, fail, warn and close.
 */
export const TRAFFIC_PROBE = String.raw`
window.trafficProbe = async function (cfg) {
  var out = {};
  var typeSet = {};
  var sources = [window, Window.prototype, Document.prototype, Element.prototype, HTMLElement.prototype, SVGElement.prototype, WebSocket.prototype, XMLHttpRequest.prototype, EventSource.prototype, Worker.prototype, MessagePort.prototype];
  for (var si = 0; si < sources.length; si++) {
    var names = Object.getOwnPropertyNames(sources[si]);
    for (var ni = 0; ni < names.length; ni++) {
      if (names[ni].indexOf('on') === 0) typeSet[names[ni].slice(2)] = true;
    }
  }
  for (var k in window) if (k.indexOf('on') === 0) typeSet[k.slice(2)] = true;
  var extra = ['message', 'messageerror', 'error', 'close', 'open', 'DOMContentLoaded', 'readystatechange', 'visibilitychange', 'pageshow', 'pagehide', 'securitypolicyviolation', 'unhandledrejection', 'rejectionhandled', 'storage'];
  for (var ei = 0; ei < extra.length; ei++) typeSet[extra[ei]] = true;
  var types = Object.keys(typeSet).sort();

  var counts = {};
  function counter(where) {
    return function (e) {
      var key = where + ' ' + e.type + (e.constructor ? ' (' + e.constructor.name + ')' : '');
      counts[key] = (counts[key] || 0) + 1;
    };
  }
  var listeners = [
    [window, true, counter('window capture')],
    [window, false, counter('window bubble')],
    [document, true, counter('document capture')],
    [document.documentElement, true, counter('html capture')],
  ];
  for (var ti = 0; ti < types.length; ti++) {
    for (var li = 0; li < listeners.length; li++) listeners[li][0].addEventListener(types[ti], listeners[li][2], listeners[li][1]);
  }
  var windowMessages = [];
  var onWindowMessage = function (e) { windowMessages.push(typeof e.data === 'string' ? e.data : Object.prototype.toString.call(e.data)); };
  window.addEventListener('message', onWindowMessage);
  var onmessageCalls = 0;
  window.onmessage = function () { onmessageCalls++; };
  var onerrorCalls = [];
  window.onerror = function (message) { onerrorCalls.push(String(message)); };
  var mutations = 0;
  var observer = new MutationObserver(function (records) { mutations += records.length; });
  observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });

  // Getters on Object.prototype for the members of EventInit/CustomEventInit/MessageEventInit:
  // only code that builds events from a dictionary reads them.
  var dictionaryReads = [];
  var members = ['bubbles', 'cancelable', 'composed', 'detail', 'data', 'origin', 'lastEventId', 'source', 'ports'];
  for (var mi = 0; mi < members.length; mi++) {
    (function (m) {
      Object.defineProperty(Object.prototype, m, {
        configurable: true,
        get: function () { dictionaryReads.push(m); return undefined; },
      });
    })(members[mi]);
  }
  var consoleCalls = [];
  var consoleMethods = ['log', 'warn', 'error', 'info', 'debug', 'trace'];
  var savedConsole = {};
  for (var ci = 0; ci < consoleMethods.length; ci++) {
    (function (m) {
      savedConsole[m] = console[m];
      console[m] = function () { consoleCalls.push(m); };
    })(consoleMethods[ci]);
  }

  function closed(ws) {
    return Promise.race([
      new Promise(function (resolve) { ws.addEventListener('close', function () { resolve(); }); }),
      new Promise(function (resolve) { setTimeout(resolve, 60000); }),
    ]);
  }
  var thrownNames = [];
  var waits = [];
  var echo = new WebSocket(cfg.ws + '/echo?case=traffic-echo');
  echo.onopen = function () { echo.send('hello'); };
  echo.onmessage = function () {
    try { echo.close(1001); } catch (e) { thrownNames.push(e.name); }
    try { echo.close(1000, 'x'.repeat(124)); } catch (e) { thrownNames.push(e.name); }
    echo.close(3000.5, 'fraction');
  };
  waits.push(closed(echo));
  var server = new WebSocket(cfg.ws + '/server-close?case=traffic-server&code=4001&reason=bye');
  server.onopen = function () { server.send('go'); };
  waits.push(closed(server));
  var refused = new WebSocket('ws://127.0.0.1:' + cfg.refusedPort + '/traffic-refused');
  waits.push(closed(refused));
  var connecting = new WebSocket(cfg.ws + '/echo?case=traffic-connecting');
  try { connecting.close(undefined, 'no code'); } catch (e) { thrownNames.push(e.name); }
  connecting.close(3000, 'while connecting');
  waits.push(closed(connecting));
  var frame = document.createElement('iframe');
  frame.srcdoc = '<script>var f = new WebSocket(' + JSON.stringify(cfg.ws + '/echo?case=traffic-frame') + '); f.onopen = function () { f.close(4002, "frame"); }; var done = new Promise(function (resolve) { f.onclose = resolve; });<\/script>';
  var frameDone = new Promise(function (resolve) { frame.onload = resolve; });
  document.body.appendChild(frame);
  await frameDone;
  var inFrame = frame.contentWindow.done;
  if (inFrame) waits.push(inFrame);
  await Promise.all(waits);
  // The isolated bridge batches warnings and drains them after a second: give it time to.
  await new Promise(function (resolve) { setTimeout(resolve, 1500); });

  for (var ri = 0; ri < members.length; ri++) delete Object.prototype[members[ri]];
  for (var ri2 = 0; ri2 < consoleMethods.length; ri2++) console[consoleMethods[ri2]] = savedConsole[consoleMethods[ri2]];
  observer.disconnect();
  for (var ti2 = 0; ti2 < types.length; ti2++) {
    for (var li2 = 0; li2 < listeners.length; li2++) listeners[li2][0].removeEventListener(types[ti2], listeners[li2][2], listeners[li2][1]);
  }
  window.removeEventListener('message', onWindowMessage);
  window.onmessage = null;
  window.onerror = null;
  frame.remove();

  out['standard event types listened for'] = types.length;
  out["standard event types include 'message', 'error', 'close', 'open'"] =
    ['message', 'error', 'close', 'open'].every(function (t) { return typeSet[t] === true; });
  var sortedCounts = {};
  var countKeys = Object.keys(counts).sort();
  for (var ki = 0; ki < countKeys.length; ki++) sortedCounts[countKeys[ki]] = counts[countKeys[ki]];
  out['events seen by window/document/html listeners (type: count)'] = sortedCounts;
  out["window.addEventListener('message') calls"] = windowMessages;
  out['window.onmessage calls'] = onmessageCalls;
  out['window.onerror calls'] = onerrorCalls;
  out['DOM mutations'] = mutations;
  out['event init dictionary members read through Object.prototype'] = dictionaryReads;
  out["calls to the page's console methods"] = consoleCalls;
  out['exceptions from the invalid close() calls'] = thrownNames;
  return out;
};
`;
