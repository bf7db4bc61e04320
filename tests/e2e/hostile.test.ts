/**
 * Hostile and broken pages: sabotaged built-ins, deleted globals, strict CSP, forged bridge
 * messages and huge inputs. The extension keeps working, never throws into the page, and the
 * panel renders page data as text only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { CloseLog } from '../../src/closeLog';
import { type ExtensionBrowser, launchWithExtension } from '../support/browser';
import { exportFromPanel } from '../support/exportLog';
import { waitForRow } from '../support/panel';
import { startServers, type TestServers } from '../support/servers';
import { SABOTAGE } from './scenarios/hostile';

let servers: TestServers;
let browser: ExtensionBrowser;
let checks = 0;

async function open(
  path: string,
): Promise<{ page: Page; panel: Page; warnings: string[]; errors: string[] }> {
  const { page, tabId } = await browser.newPage();
  const warnings: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${servers.origin}${path}`);
  const panel = await browser.openPanel(tabId);
  return { page, panel, warnings, errors };
}

describe('hostile pages', () => {
  before(async () => {
    servers = await startServers();
    browser = await launchWithExtension();
  });

  after(async () => {
    console.log(`hostile pages: ${checks} checks`);
    await browser?.close();
    await servers?.close();
  });

  it('sabotaged built-ins: the hook keeps working and never calls the page’s replacements', async () => {
    servers.page(
      '/sabotage.html',
      `<!doctype html><script>${SABOTAGE.replace('WS', servers.wsOrigin)}</script>`,
    );
    const { page, panel, warnings, errors } = await open('/sabotage.html');
    let title = '';
    for (let i = 0; i < 100 && !title.includes('|'); i++) {
      await panel.waitForTimeout(100);
      title = await page.title();
    }
    const [code, reason, getterCalls, pageWarns, getterLog, selfCheck, invalid] = title.split('|');
    assert.equal(selfCheck, '2', 'the accessor traps themselves work');
    assert.equal(`${code}|${reason}`, '4001|still here');
    assert.equal(invalid, 'DOMException:InvalidAccessError');
    const row = await waitForRow(
      panel,
      (r) => r.url.includes('hostile=sabotage') && r.state === 'closed',
      'the sabotaged page socket',
    );
    assert.equal(row.code, '4001 Private use');
    assert.equal(row.invalid, true);
    const exported = await exportFromPanel(panel);
    const traffic = exported.connections.find((c) => c.url.includes('hostile=sabotage'))?.traffic;
    assert.equal(traffic?.sentMessages, 1);
    assert.equal(traffic?.sentBytes, 6, 'UTF-8 bytes of "héllo", counted without the page’s String methods');
    assert.equal(
      getterCalls,
      '0',
      `no Object.prototype/Array.prototype accessor ran; these did: ${getterLog}`,
    );
    assert.equal(pageWarns, '0', 'the page’s console.warn replacement was not used');
    assert.ok(
      warnings.some((w) => w.startsWith('[WS Close Inspector] close(1001)')),
      'our warning reached the real console',
    );
    assert.deepEqual(errors, []);
    checks += 7;
    await page.close();
    await panel.close();
  });

  it('window.WebSocket deleted after load: sockets made from a saved reference are still tracked', async () => {
    servers.page(
      '/deleted.html',
      `<!doctype html><script>const WS = WebSocket; delete window.WebSocket; window.__gone = typeof window.WebSocket;
       const s = new WS('${servers.wsOrigin}/echo?hostile=deleted'); s.onopen = () => s.close(4002, 'saved ref');</script>`,
    );
    const { page, panel, errors } = await open('/deleted.html');
    assert.equal(await page.evaluate('window.__gone'), 'undefined');
    const row = await waitForRow(
      panel,
      (r) => r.url.includes('hostile=deleted') && r.state === 'closed',
      'the socket',
    );
    assert.equal(row.code, '4002 Private use');
    assert.deepEqual(errors, []);
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
      const row = await waitForRow(
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

  it('forged bridge messages are validated, bounded and rendered as text', async () => {
    servers.page(
      '/forged.html',
      `<!doctype html><script>
const send = (detail) => window.dispatchEvent(new CustomEvent('__ws_close_inspector:page', { detail }));
const t = Date.now();
send(JSON.stringify({ source: 'wsci-page', v: 1, events: [
  { kind: 'created', sid: 9001, t, url: '<img src=x onerror="window.__pwned=1">', urlLength: 38, protocols: ['<b>p</b>'] },
  { kind: 'closed', sid: 9001, t: t + 5, code: 4000, reason: '<script>window.__pwned=2<\\/script>', reasonBytes: 0, wasClean: true },
  { kind: 'created', sid: 'not a number', t, url: 'x', urlLength: 1, protocols: [] },
  { kind: 'closed', sid: 9001, t, code: 70000, reason: '', reasonBytes: 0, wasClean: true },
  { kind: 'created', sid: 9002, t, url: 'x'.repeat(100000), urlLength: 100000, protocols: [] },
  { kind: 'mystery' },
] }));
send('{not json');
send(12345);
send(JSON.stringify({ source: 'wsci-page', v: 999, events: [] }));
send(JSON.stringify({ source: 'wsci-page', v: 1, events: new Array(6000).fill({ kind: 'error', sid: 1, t }) }));
send('x'.repeat(20 * 1024 * 1024));
const s = new WebSocket('${servers.wsOrigin}/echo?hostile=after-forgery'); s.onopen = () => s.close(4004, 'real');
</script>`,
    );
    const { page, panel, errors } = await open('/forged.html');
    await waitForRow(
      panel,
      (r) => r.url.includes('hostile=after-forgery') && r.state === 'closed',
      'the real socket after the forgeries',
    );
    const forged = await waitForRow(panel, (r) => r.url.startsWith('<img'), 'the forged row, as text');
    assert.equal(forged.reason, '<script>window.__pwned=2</script>');
    assert.equal(
      await panel.locator('.grid img, .grid script, .grid b').count(),
      0,
      'no markup from the page became elements',
    );
    assert.equal(await panel.evaluate('window.__pwned ?? null'), null);
    assert.equal(await page.evaluate('window.__pwned ?? null'), null);
    const notes = (await panel.locator('.summary .note').allTextContents()).join(' ');
    assert.match(notes, /malformed event\(s\) from the page were rejected/);
    assert.deepEqual(errors, []);
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
  const u = new WebSocket('${servers.wsOrigin}/echo?hostile=long-url&' + 'a'.repeat(1024 * 1024));
  await new Promise((r) => u.onclose = r);
  return out;
})();
</script>`,
    );
    const { page, panel, errors } = await open('/huge.html');
    const out = (await page.evaluate('window.__done')) as { big: string; loopMs: number };
    assert.equal(out.big, 'SyntaxError');
    await waitForRow(
      panel,
      (r) => r.url.includes('hostile=huge') && r.state === 'closed',
      'the huge-reason socket',
    );
    const longUrl = await waitForRow(
      panel,
      (r) => r.url.includes('hostile=long-url') && r.state === 'closed',
      'the long-URL socket',
    );
    assert.ok(longUrl.url.length < 2100, 'the URL is capped');
    assert.match(longUrl.url, /…\(truncated\)/);
    const log: CloseLog = await exportFromPanel(panel);
    const huge = log.connections.find((c) => c.url.includes('hostile=huge'));
    assert.ok(huge);
    const first = huge.closeCalls[0];
    assert.equal(first?.verdicts?.chromium.ok, false);
    assert.equal(first?.verdicts?.chromium.reasonBytes, 10_000_000, 'the byte length stays exact');
    assert.equal(first?.reason.length, 5_000_000);
    assert.match(first?.reason.text ?? '', /…\(truncated\)$/);
    const total = huge.closeCalls.reduce((n, c) => n + c.repeat, 0) + huge.closeCallsDropped;
    assert.ok(huge.closeCalls.length <= 100, 'close() calls kept per connection are capped');
    assert.ok(total >= 100, `counted ${total} calls`);
    const url = log.connections.find((c) => c.url.includes('hostile=long-url'));
    assert.equal(url?.urlLength, `${servers.wsOrigin}/echo?hostile=long-url&`.length + 1024 * 1024);
    assert.deepEqual(errors, []);
    console.log(`huge inputs: 10,000 close() calls took ${out.loopMs.toFixed(0)} ms in the page`);
    checks += 10;
    await page.close();
    await panel.close();
  });
});
