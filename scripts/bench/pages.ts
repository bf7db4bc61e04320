/**
 * Code the bench evaluates in pages and in the panel. Strings, not functions: tsx would inject
 * helpers (__name) the page does not have. Extension pages forbid eval, but CDP evaluation of a
 * string works there; only predicates polled by Playwright would need eval, so Node polls.
 */

const q = (s: string): string => JSON.stringify(s);

/** 100 UTF-8 bytes in 45 UTF-16 units: 4-, 3- and 2-byte characters. */
export const MULTIBYTE_REASON = '😀'.repeat(10) + '€'.repeat(10) + 'é'.repeat(15);

/**
 * `n` × (new WebSocket(url); close()) while CONNECTING, timed synchronously, then to the next
 * task (after the hook's microtask flush and the bridge's setTimeout(0) that posts to the
 * background: the deferred work also runs on the page's main thread). Waits (untimed) for every
 * close event so samples do not pile up sockets. Returns [sync ms, to-next-task ms].
 */
export function newCloseLoop(url: string, n: number): string {
  return `(async () => {
  const url = ${q(url)};
  const socks = new Array(${n});
  const t0 = performance.now();
  for (let i = 0; i < ${n}; i++) { const w = new WebSocket(url); w.close(); socks[i] = w; }
  const t1 = performance.now();
  await Promise.resolve();
  await new Promise((r) => setTimeout(r, 0));
  const t2 = performance.now();
  await Promise.all(socks.map((w) => w.readyState === 3 ? 0 : new Promise((r) => w.addEventListener('close', r))));
  return [t1 - t0, t2 - t0];
})()`;
}

/** `n` sequential full lifecycles: connect, open, close(1000), close event. Returns ms. */
export function lifecycleLoop(url: string, n: number): string {
  return `(async () => {
  const url = ${q(url)};
  const t0 = performance.now();
  for (let i = 0; i < ${n}; i++) {
    await new Promise((resolve, reject) => {
      const w = new WebSocket(url);
      w.onopen = () => w.close(1000, 'done');
      w.onerror = () => reject(new Error('WebSocket error'));
      w.onclose = resolve;
    });
  }
  return performance.now() - t0;
})()`;
}

/**
 * `n` calls of close() (or close(4001, reason)) on a socket that is already CLOSED: no network,
 * pure call overhead (the browser still validates code and reason). Returns ms.
 */
export function closedLoop(url: string, n: number, withReason: boolean): string {
  const slot = withReason ? '__benchClosedR' : '__benchClosed';
  const callText = withReason ? 'w.close(4001, R)' : 'w.close()';
  return `(async () => {
  if (!window.${slot}) {
    const w = new WebSocket(${q(url)});
    await new Promise((r, j) => { w.onopen = r; w.onerror = () => j(new Error('WebSocket error')); });
    w.close();
    await new Promise((r) => { w.onclose = r; });
    window.${slot} = w;
  }
  const w = window.${slot};
  const R = ${q(MULTIBYTE_REASON)};
  const t0 = performance.now();
  for (let i = 0; i < ${n}; i++) ${callText};
  return performance.now() - t0;
})()`;
}

/** Sends `n` small messages as fast as possible and waits for every echo. Returns [send loop ms, all echoes ms]. */
export function messageLoop(url: string, n: number): string {
  return `(async () => {
  const w = new WebSocket(${q(url)});
  await new Promise((r, j) => { w.onopen = r; w.onerror = () => j(new Error('WebSocket error')); });
  let got = 0;
  const done = new Promise((r, j) => {
    w.onmessage = () => { got++; if (got === ${n}) r(); };
    setTimeout(() => j(new Error('only ' + got + ' echoes after 120 s')), 120000);
  });
  const msg = 'ping 0123456789';
  const t0 = performance.now();
  for (let i = 0; i < ${n}; i++) w.send(msg);
  const t1 = performance.now();
  await done;
  const t2 = performance.now();
  w.close(1000);
  await new Promise((r) => { w.onclose = r; });
  return [t1 - t0, t2 - t0];
})()`;
}

/** Navigation timing of the current document: DOMContentLoaded start, ms from navigation start. */
export const NAV_TIMING = `(() => {
  const e = performance.getEntriesByType('navigation')[0];
  return e ? [e.domContentLoadedEventStart, e.responseEnd] : [-1, -1];
})()`;

/** `n` × (new WebSocket; close()) in one synchronous burst. Returns [start, end] in epoch ms. */
export function burst(url: string, n: number): string {
  return `(() => {
  const url = ${q(url)};
  const t0 = performance.timeOrigin + performance.now();
  for (let i = 0; i < ${n}; i++) { const w = new WebSocket(url); w.close(); }
  return [t0, performance.timeOrigin + performance.now()];
})()`;
}

/** `total` sockets (new + close while CONNECTING) in chunks, each chunk waiting for its close events. */
export function chunkedSockets(url: string, total: number, chunk: number): string {
  return `(async () => {
  const url = ${q(url)};
  for (let done = 0; done < ${total}; done += ${chunk}) {
    const socks = [];
    const n = Math.min(${chunk}, ${total} - done);
    for (let i = 0; i < n; i++) { const w = new WebSocket(url); w.close(); socks.push(w); }
    await Promise.all(socks.map((w) => w.readyState === 3 ? 0 : new Promise((r) => w.addEventListener('close', r))));
  }
  return ${total};
})()`;
}

/** One socket closed while CONNECTING; returns the epoch ms just before it is created. */
export function oneSocket(url: string): string {
  return `(() => {
  const t0 = performance.timeOrigin + performance.now();
  const w = new WebSocket(${q(url)});
  w.close();
  return t0;
})()`;
}

// ---- the panel ---------------------------------------------------------------------------------

/**
 * Installs window.__bench in the panel:
 * - afterPaint(cb): requestAnimationFrame, then a MessageChannel task: runs after the frame that
 *   the rAF callback belongs to was produced ("next paint", the usual approximation).
 * - summaries: every change of the summary line, with epoch times of the DOM commit and the
 *   following paint.
 * - wrapRaf(): times every requestAnimationFrame callback of the panel (where it renders its
 *   coalesced updates) up to the DOM commit of the Preact render it scheduled (a microtask
 *   queued after the callback runs after Preact's render microtask); keeps frames that changed
 *   the summary line.
 * - armImport/armFilter: promise of [ms to DOM commit, ms to next paint] from the file input's
 *   change event / the filter's input event.
 */
export const PANEL_HARNESS = `(() => {
  if (window.__bench) return true;
  const raf = window.requestAnimationFrame.bind(window);
  const epoch = () => performance.timeOrigin + performance.now();
  const summaryText = () => (document.querySelector('[data-testid="summary"]')?.textContent ?? '');
  const B = { raf, summaries: [], frames: [], pending: null };
  B.afterPaint = (cb) => raf(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => cb();
    ch.port2.postMessage(0);
  });
  let last = summaryText();
  new MutationObserver(() => {
    const text = summaryText();
    if (text === last) return;
    last = text;
    const rec = { text, commit: epoch(), paint: 0 };
    B.summaries.push(rec);
    if (B.summaries.length > 20000) B.summaries.splice(0, 10000);
    B.afterPaint(() => { rec.paint = epoch(); });
  }).observe(document.querySelector('.summary'), { childList: true, characterData: true, subtree: true });
  B.wrapRaf = () => {
    window.requestAnimationFrame = (cb) => raf((ts) => {
      const before = summaryText();
      const s = performance.now();
      cb(ts);
      queueMicrotask(() => {
        const d = performance.now() - s;
        if (summaryText() !== before) B.frames.push(d);
      });
    });
  };
  B.arm = (eventType, targetSelector, done) => {
    B.pending = new Promise((resolve) => {
      let t0 = -1;
      const timer = setTimeout(() => resolve([-1, -1]), 60000);
      document.addEventListener(eventType, () => { t0 = performance.now(); }, { capture: true, once: true });
      const mo = new MutationObserver(() => {
        if (t0 < 0 || !done()) return;
        mo.disconnect();
        const t1 = performance.now();
        B.afterPaint(() => { clearTimeout(timer); resolve([t1 - t0, performance.now() - t0]); });
      });
      mo.observe(document.querySelector(targetSelector), { childList: true, characterData: true, subtree: true, attributes: true });
    });
    return true;
  };
  B.armImport = (prefix) => B.arm('change', '.summary', () => summaryText().startsWith(prefix));
  B.armFilter = () => B.arm('input', 'table.grid', () => true);
  window.__bench = B;
  return true;
})()`;
