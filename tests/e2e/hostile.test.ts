/**
 * Hostile and broken pages: sabotaged built-ins, deleted globals, strict CSP, forged bridge
 * messages and huge inputs. The extension keeps working, never throws into the page, and the
 * panel renders page data as text only. The same scenarios run in Chromium and in Firefox.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServers, type TestServers } from '../../demo/servers';
import type { CloseLog } from '../../src/closeLog';
import { DRIVERS, type Driver, type DriverPage, selectedBrowsers, waitFor } from '../support/driver';
import { exportJson } from '../support/exportLog';
import { rows, waitForRowIn } from '../support/panel';
import { SABOTAGE } from './scenarios/hostile';

for (const name of selectedBrowsers()) {
  describe(`${name}: hostile pages`, () => {
    let servers: TestServers;
    let driver: Driver;
    let checks = 0;

    async function open(path: string): Promise<{ page: DriverPage; panel: DriverPage }> {
      const page = await driver.newPage();
      await page.goto(`${servers.origin}${path}`);
      const panel = await driver.openPanel(page);
      return { page, panel };
    }

    before(async () => {
      servers = await startServers();
      driver = await DRIVERS[name]();
    });

    after(async () => {
      console.log(`${name}: hostile pages: ${checks} checks`);
      await driver?.close();
      await servers?.close();
    });

    it('sabotaged built-ins: the hook keeps working and never calls the page’s replacements', async () => {
      servers.page(
        '/sabotage.html',
        `<!doctype html><script>${SABOTAGE.replace('WS', servers.wsOrigin)}</script>`,
      );
      const { page, panel } = await open('/sabotage.html');
      // Wait for the outcome (the socket closed and our warning reached the console), then take
      // a snapshot of the page's counters made after that moment (a later tick).
      const ticked = async (): Promise<number> => {
        const t = await page.title();
        return t.includes('|') ? Number(t.split('|')[7]) : -1;
      };
      await waitFor('the socket to close', async () => (await ticked()) >= 0);
      await waitFor('our warning', async () =>
        page.warnings.some((w) => w.startsWith('[WS Close Inspector] close(1001)')),
      );
      const seen = await ticked();
      const title = await waitFor('a snapshot after the warning', async () => {
        const t = await page.title();
        return Number(t.split('|')[7]) > seen ? t : null;
      });
      const [code, reason, getterCalls, pageWarns, getterLog, selfCheck, invalid] = title.split('|');
      assert.equal(selfCheck, '2', 'the accessor traps themselves work');
      assert.equal(`${code}|${reason}`, '4001|still here');
      assert.equal(invalid, 'DOMException:InvalidAccessError');
      const row = await waitForRowIn(
        panel,
        (r) => r.url.includes('hostile=sabotage') && r.state === 'closed',
        'the sabotaged page socket',
      );
      assert.equal(row.code, '4001 Private use');
      assert.equal(row.invalid, true);
      const exported = await exportJson<CloseLog>(panel);
      const traffic = exported.connections.find((c) => c.url.includes('hostile=sabotage'))?.traffic;
      assert.equal(traffic?.sentMessages, 1);
      assert.equal(
        traffic?.sentBytes,
        6,
        'UTF-8 bytes of "héllo", counted without the page’s String methods',
      );
      assert.equal(
        getterCalls,
        '0',
        `no Object.prototype/Array.prototype accessor ran; these did: ${getterLog}`,
      );
      assert.equal(pageWarns, '0', 'the page’s console.warn replacement was not used');
      assert.ok(
        page.warnings.some((w) => w.startsWith('[WS Close Inspector] close(1001)')),
        'our warning reached the real console',
      );
      assert.deepEqual(page.errors, []);
      checks += 7;
      await page.close();
      await panel.close();
    });

    it('an inherited getter sees the wrapper as its receiver: WebSocket.me === WebSocket, and its sockets are seen', async () => {
      servers.page(
        '/receiver.html',
        `<!doctype html><script>
Object.defineProperty(Function.prototype, 'me', { configurable: true, get() { return this; } });
const close = WebSocket.prototype.close, send = WebSocket.prototype.send;
window.__same = [WebSocket.me === WebSocket, close.me === close, send.me === send].join(',');
const s = new (WebSocket.me)('${servers.wsOrigin}/echo?hostile=receiver');
s.onopen = () => s.close(4005, 'via me');
</script>`,
      );
      const { page, panel } = await open('/receiver.html');
      assert.equal(await page.evaluate('window.__same'), 'true,true,true');
      const row = await waitForRowIn(
        panel,
        (r) => r.url.includes('hostile=receiver') && r.state === 'closed',
        'the socket made through the getter',
      );
      assert.equal(row.code, '4005 Private use');
      checks += 2;
      await page.close();
      await panel.close();
    });

    for (const [what, setup, stackExpected] of [
      [
        'a getter on Error.prototype.name',
        "Object.defineProperty(Error.prototype, 'name', { configurable: true, get() { window.__pageCode++; return 'Error'; } });",
        true,
      ],
      [
        'an inherited Function.prototype.prepareStackTrace',
        "Function.prototype.prepareStackTrace = function () { window.__pageCode++; return 'page-made'; };",
        false,
      ],
    ] as const) {
      it(`the hook never runs page code when it takes the caller's stack (${what})`, async () => {
        const path = `/stack-${stackExpected ? 'name' : 'prepare'}.html`;
        servers.page(
          path,
          `<!doctype html><script>
window.__pageCode = 0;
${setup}
const s = new WebSocket('${servers.wsOrigin}/echo?hostile=stack-${stackExpected}');
s.onopen = function opened() { try { s.close(1001); } catch (e) {} s.close(4006, 'stack'); };
</script>`,
        );
        const { page, panel } = await open(path);
        await waitForRowIn(
          panel,
          (r) => r.url.includes(`hostile=stack-${stackExpected}`) && r.state === 'closed',
          'the socket',
        );
        const exported = await exportJson<CloseLog>(panel);
        const c = exported.connections.find((x) => x.url.includes(`hostile=stack-${stackExpected}`));
        assert.equal(c?.closeCalls.length, 2);
        assert.equal(await page.evaluate('window.__pageCode'), 0, 'no page getter or prepareStackTrace ran');
        // With prepareStackTrace in play the stack is left out rather than formatted by the page.
        assert.equal((c?.closeCalls[0]?.stack.length ?? 0) > 0, stackExpected);
        checks += 3;
        await page.close();
        await panel.close();
      });
    }

    it('send(): the page’s own error from toString is rethrown untouched; the engine’s TypeError shows no extension frame', async () => {
      servers.page(
        '/send-errors.html',
        `<!doctype html><script>
const s = new WebSocket('${servers.wsOrigin}/echo?hostile=send-errors');
s.onopen = () => {
  const mine = new DOMException('mine', 'DataError');
  const stackBefore = mine.stack;
  let got = null;
  try { s.send({ toString() { throw mine; } }); } catch (e) { got = e; }
  window.__same = got === mine && got.stack === stackBefore ? 'same' : 'changed';
  let te = null;
  try { s.send(Object.create(null)); } catch (e) { te = e; }
  window.__typeError = te instanceof TypeError ? 'TypeError' : String(te);
  window.__typeErrorStack = String(te && te.stack);
  s.close(4008, 'sent');
};
</script>`,
      );
      const { page, panel } = await open('/send-errors.html');
      await waitForRowIn(
        panel,
        (r) => r.url.includes('hostile=send-errors') && r.state === 'closed',
        'the socket',
      );
      assert.equal(await page.evaluate('window.__same'), 'same');
      assert.equal(await page.evaluate('window.__typeError'), 'TypeError');
      const stack = await page.evaluate<string>('window.__typeErrorStack');
      assert.doesNotMatch(stack, /chrome-extension:|moz-extension:/, stack);
      checks += 3;
      await page.close();
      await panel.close();
    });

    it('page code run inside a wrapped call never reads the extension’s id in its stack', async () => {
      servers.page(
        '/inside-stacks.html',
        `<!doctype html><script>
window.__stacks = [];
const grab = (v) => ({ [Symbol.toPrimitive]() { window.__stacks.push(new Error().stack); return v; } });
const s = new WebSocket({ toString() { window.__stacks.push(new Error().stack); return '${servers.wsOrigin}/echo?hostile=inside-stacks'; } });
s.onopen = () => {
  s.send(grab('payload'));
  s.close(grab(4000), grab('bye'));
};
</script>`,
      );
      const { page, panel } = await open('/inside-stacks.html');
      await waitForRowIn(
        panel,
        (r) => r.url.includes('hostile=inside-stacks') && r.state === 'closed',
        'the socket',
      );
      const stacks = await page.evaluate<string[]>('window.__stacks');
      assert.equal(stacks.length, 4, stacks.join('\n---\n'));
      for (const stack of stacks) assert.doesNotMatch(stack, /chrome-extension:|moz-extension:/, stack);
      // The panel still shows the page's own caller, not the hook's frames.
      await panel.close();
      await page.close();
    });

    it('a 20-million-character reason: the hook measures it and sends 1 KB, the byte count is exact', async () => {
      servers.page(
        '/huge-reason.html',
        `<!doctype html><script>
let big = 'é'.repeat(10_000_000);
const s = new WebSocket('${servers.wsOrigin}/echo?hostile=huge-reason');
s.onopen = () => {
  window.__thrown = [];
  for (let i = 0; i < 5; i++) { try { s.close(1000, big + i); } catch (e) { window.__thrown.push(e.name); } }
  big = null;
  s.close(4007, 'done');
};
</script>`,
      );
      const { page, panel } = await open('/huge-reason.html');
      await waitForRowIn(
        panel,
        (r) => r.url.includes('hostile=huge-reason') && r.state === 'closed',
        'the socket',
      );
      assert.equal(
        await page.evaluate("window.__thrown.join(',')"),
        'SyntaxError,SyntaxError,SyntaxError,SyntaxError,SyntaxError',
      );
      const exported = await exportJson<CloseLog>(panel);
      const c = exported.connections.find((x) => x.url.includes('hostile=huge-reason'));
      assert.equal(c?.closeCalls.length, 6, 'five different long reasons and the last call');
      const first = c?.closeCalls[0];
      assert.equal(first?.reason.length, 10_000_001, 'UTF-16 length of the whole reason');
      assert.equal(first?.verdicts?.spec.reasonBytes, 20_000_001, 'UTF-8 bytes of the whole reason');
      assert.ok(
        JSON.stringify(c).length < 64 * 1024,
        `the connection is ${JSON.stringify(c).length} characters in the log`,
      );
      checks += 5;
      await page.close();
      await panel.close();
    });

    it('window.WebSocket deleted after load: sockets made from a saved reference are still tracked', async () => {
      servers.page(
        '/deleted.html',
        `<!doctype html><script>const WS = WebSocket; delete window.WebSocket; window.__gone = typeof window.WebSocket;
       const s = new WS('${servers.wsOrigin}/echo?hostile=deleted'); s.onopen = () => s.close(4002, 'saved ref');</script>`,
      );
      const { page, panel } = await open('/deleted.html');
      assert.equal(await page.evaluate('window.__gone'), 'undefined');
      const row = await waitForRowIn(
        panel,
        (r) => r.url.includes('hostile=deleted') && r.state === 'closed',
        'the socket',
      );
      assert.equal(row.code, '4002 Private use');
      assert.deepEqual(page.errors, []);
      checks += 3;
      await page.close();
      await panel.close();
    });

    for (const [name, csp] of [
      ['none', "script-src 'none'"],
      ['self', "script-src 'self'"],
      ['trusted-types', "script-src 'self'; require-trusted-types-for 'script'; trusted-types 'none'"],
    ] as const) {
      it(`strict CSP (${csp}): instrumentation still active`, async () => {
        servers.page(
          `/csp-${name}.js`,
          `const s = new WebSocket('${servers.wsOrigin}/echo?hostile=csp-${name}'); s.onopen = () => s.close(4003, 'csp');`,
          {
            'content-type': 'text/javascript',
          },
        );
        const script = name === 'none' ? '' : `<script src="/csp-${name}.js"></script>`;
        servers.page(`/csp-${name}.html`, `<!doctype html><title>csp</title>${script}`, {
          'content-security-policy': csp,
        });
        const { page, panel } = await open(`/csp-${name}.html`);
        if (name === 'none') {
          // No page script may run; drive a socket from outside (DevTools-style evaluation).
          await page.evaluate(
            `(() => { const s = new WebSocket('${servers.wsOrigin}/echo?hostile=csp-none'); s.onopen = () => s.close(4003, 'csp'); })()`,
          );
        }
        const row = await waitForRowIn(
          panel,
          (r) => r.url.includes(`hostile=csp-${name}`) && r.state === 'closed',
          `the CSP ${name} socket`,
        );
        assert.equal(row.code, '4003 Private use');
        checks += 1;
        await page.close();
        await panel.close();
      });
    }

    it('events the page dispatches itself are not taken for the browser’s; repeats keep counting across batches', async () => {
      servers.page(
        '/synthetic.html',
        `<!doctype html><script>
window.__done = (async () => {
  const s = new WebSocket('${servers.wsOrigin}/echo?hostile=synthetic');
  await new Promise((r) => (s.onopen = r));
  // Fake events: the socket is still OPEN and has received nothing.
  s.dispatchEvent(new CloseEvent('close', { code: 4999, reason: 'fake', wasClean: true }));
  s.dispatchEvent(new MessageEvent('message', { data: 'fake' }));
  s.close(4010, 'real');
  await new Promise((r) => s.addEventListener('close', r));
  // The same call on the CLOSED socket, each in its own task (so in separate batches).
  for (let i = 0; i < 4; i++) { s.close(4011); await new Promise((r) => setTimeout(r, 50)); }
  return s.readyState;
})();
</script>`,
      );
      const { page, panel } = await open('/synthetic.html');
      assert.equal(await page.evaluate('window.__done'), 3);
      const row = await waitForRowIn(
        panel,
        (r) => r.url.includes('hostile=synthetic') && r.state === 'closed',
        'the synthetic-events socket',
      );
      assert.equal(row.code, '4010 Private use', 'the fake close event (4999) was ignored');
      const log = await waitFor('all four repeats', async () => {
        const l = await exportJson<CloseLog>(panel);
        const c = l.connections.find((x) => x.url.includes('hostile=synthetic'));
        return c && c.closeCalls[1]?.repeat === 4 ? c : null;
      });
      assert.equal(log.closeCalls[0]?.readyState, 1, 'close(4010) was made on an OPEN socket');
      assert.equal(log.closeCalls[1]?.readyState, 3);
      // No real message arrived, so no traffic is recorded at all (the fake one would count 1).
      assert.equal(log.traffic?.receivedMessages ?? 0, 0, 'the fake message event is not traffic');
      assert.deepEqual(page.errors, []);
      checks += 6;
      await page.close();
      await panel.close();
    });

    it('a page can neither read nor forge the hook’s events (private line); page text renders as text', async () => {
      // Everything a page (or a same-origin opener, which reaches this window) can do through window:
      // listen for every event name the extension uses, forge page batches, ask for the handshake
      // again and offer a line of its own.
      servers.page(
        '/forged.html',
        `<!doctype html><script>
window.__seen = [];
for (const type of ['page', 'bridge', 'handshake', 'hook-ready', 'ack'])
  window.addEventListener('__ws_close_inspector:' + type, (e) => window.__seen.push(e.type + ':' + (e.relatedTarget ? 'line' : '')), true);
const t = Date.now();
const forge = (events) => window.dispatchEvent(new CustomEvent('__ws_close_inspector:page', { detail: JSON.stringify({ source: 'wsci-page', v: 1, events }) }));
forge([{ kind: 'created', sid: 9001, t, url: 'wss://forged.example/', urlLength: 21, protocols: [] }]);
window.dispatchEvent(new CustomEvent('__ws_close_inspector:hook-ready'));
const mine = new EventTarget();
mine.addEventListener('__ws_close_inspector:page', () => window.__seen.push('page on my line'));
window.dispatchEvent(new MouseEvent('__ws_close_inspector:handshake', { relatedTarget: mine }));
const s = new WebSocket('${servers.wsOrigin}/echo?hostile=after-forgery');
s.onopen = () => s.close(4004, '<script>window.__pwned=2<' + '/script>');
s.onclose = () => {
  forge([{ kind: 'created', sid: 9002, t, url: 'wss://forged-later.example/', urlLength: 27, protocols: [] }]);
  const last = new WebSocket('${servers.wsOrigin}/echo?hostile=after-last-forgery');
  last.onopen = () => last.close(4005);
};
</script>`,
      );
      const { page, panel } = await open('/forged.html');
      const real = await waitForRowIn(
        panel,
        (r) => r.url.includes('hostile=after-forgery') && r.state === 'closed',
        'the real socket after the forgeries',
      );
      assert.equal(real.reason, '<script>window.__pwned=2</script>');
      // Made after the last forgery: events travel in order, so had any forgery been taken, its
      // row would be here by the time this one is.
      await waitForRowIn(
        panel,
        (r) => r.url.includes('hostile=after-last-forgery') && r.state === 'closed',
        'the socket made after the last forgery',
      );
      const urls = (await rows(panel)).map((r) => r.url);
      assert.deepEqual(
        urls.filter((u) => u.includes('forged')),
        [],
        'no forged row',
      );
      // The page saw only its own dispatches: the hook's events and the bridge's replies never
      // went through window, and nobody answered its handshake request.
      assert.deepEqual(await page.evaluate<string[]>('window.__seen'), [
        '__ws_close_inspector:page:',
        '__ws_close_inspector:hook-ready:',
        '__ws_close_inspector:handshake:line',
        '__ws_close_inspector:page:',
      ]);
      assert.equal(
        await panel.evaluate<number>(`document.querySelectorAll('.grid img, .grid script, .grid b').length`),
        0,
        'no markup from the page became elements',
      );
      assert.equal(await panel.evaluate('window.__pwned ?? null'), null);
      assert.equal(await page.evaluate('window.__pwned ?? null'), null);
      assert.deepEqual(page.errors, []);
      checks += 6;
      await page.close();
      await panel.close();
    });

    it('huge inputs: a 10 MB reason, a 1 MB URL and 10,000 close() calls on one socket', async () => {
      servers.page(
        '/huge.html',
        `<!doctype html><script>
window.__done = (async () => {
  const out = {};
  const s = new WebSocket('${servers.wsOrigin}/echo?hostile=huge');
  await new Promise((r) => s.onopen = r);
  const big = 'é'.repeat(5000000);
  try { s.close(4000, big); } catch (e) { out.big = e.name; }
  const t0 = performance.now();
  for (let i = 0; i < 10000; i++) { try { s.close(1000 + (i % 7), 'r' + (i % 3)); } catch (e) {} }
  out.loopMs = performance.now() - t0;
  s.close(4005, 'after the storm');
  await new Promise((r) => s.onclose = r);
  // Just under Firefox's URL length limit (network.standard-url.max-length, 1 MiB): beyond it
  // Firefox throws SyntaxError from the constructor, with or without the extension.
  const u = new WebSocket('${servers.wsOrigin}/echo?hostile=long-url&' + 'a'.repeat(1000 * 1000));
  await new Promise((r) => u.onclose = r);
  return out;
})();
</script>`,
      );
      const { page, panel } = await open('/huge.html');
      const out = await page.evaluate<{ big: string; loopMs: number }>('window.__done');
      assert.equal(out.big, 'SyntaxError');
      await waitForRowIn(
        panel,
        (r) => r.url.includes('hostile=huge') && r.state === 'closed',
        'the huge-reason socket',
      );
      const longUrl = await waitForRowIn(
        panel,
        (r) => r.url.includes('hostile=long-url') && r.state === 'closed',
        'the long-URL socket',
      );
      assert.ok(longUrl.url.length < 2100, 'the URL is capped');
      assert.match(longUrl.url, /…\(truncated\)/);
      const log: CloseLog = await exportJson<CloseLog>(panel);
      const huge = log.connections.find((c) => c.url.includes('hostile=huge'));
      assert.ok(huge);
      const first = huge.closeCalls[0];
      assert.equal(first?.verdicts?.chromium.ok, false);
      assert.equal(first?.verdicts?.chromium.reasonBytes, 10_000_000, 'the byte length stays exact');
      assert.equal(first?.reason.length, 5_000_000);
      assert.match(first?.reason.text ?? '', /…\(truncated\)$/);
      const total = huge.closeCalls.reduce((n, c) => n + c.repeat, 0) + huge.closeCallsDropped;
      assert.ok(huge.closeCalls.length <= 100, 'close() calls kept per connection are capped');
      // Every call is counted: the 10 MB one, the 10,000 in the loop and the last one.
      assert.equal(total, 10_002);
      const url = log.connections.find((c) => c.url.includes('hostile=long-url'));
      assert.equal(url?.urlLength, `${servers.wsOrigin}/echo?hostile=long-url&`.length + 1000 * 1000);
      // The server refuses the 1 MB URL's handshake; Firefox logs that failed connection as an
      // error (it is not a page exception), so it is set aside here.
      const uncaught = page.errors.filter(
        (e) => !/can’t establish a connection to the server at ws:/.test(e),
      );
      assert.deepEqual(
        uncaught.map((e) => e.slice(0, 200)),
        [],
      );
      console.log(`${name}: huge inputs: 10,000 close() calls took ${out.loopMs.toFixed(0)} ms in the page`);
      checks += 10;
      await page.close();
      await panel.close();
    });
  });
}
