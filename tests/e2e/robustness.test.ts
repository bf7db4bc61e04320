/**
 * Nothing lost, in Chromium and in Firefox: events from before the panel opened, across forced
 * stops of the extension's background (Chromium's service worker, Firefox's event page), across
 * reloads and navigations (Preserve log), in every kind of frame; and exact message counts.
 * (The connection cap is in crossbrowser.test.ts.)
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startServers, type TestServers } from '../../demo/servers';
import { DRIVERS, type Driver, type DriverPage, selectedBrowsers, waitFor } from '../support/driver';
import { rows, waitForRowIn } from '../support/panel';

const helpers = (ws: string): string => `<script>
window.sock = (tag, code = 4000) => new Promise((resolve) => {
  const s = new WebSocket('${ws}/echo?tag=' + tag);
  s.onopen = () => s.close(code, tag);
  s.onclose = () => resolve();
});
</script>`;

const tagOf = (url: string): string => url.split(' ')[0]?.split('tag=')[1] ?? '';

for (const name of selectedBrowsers()) {
  describe(`${name}: nothing lost`, () => {
    let servers: TestServers;
    let driver: Driver;

    async function open(path: string): Promise<{ page: DriverPage; panel: DriverPage }> {
      const page = await driver.newPage();
      await page.goto(`${servers.origin}${path}`);
      return { page, panel: await driver.openPanel(page) };
    }

    /** A real reload (location.reload()), waited for until the new document's script has run. */
    async function reload(page: DriverPage): Promise<void> {
      await page.evaluate('window.__oldDocument = true; setTimeout(() => location.reload(), 0)');
      await waitFor('the reloaded document', () =>
        page
          .evaluate<boolean>(`window.__oldDocument === undefined && typeof window.sock === 'function'`)
          .catch(() => false),
      );
    }

    before(async () => {
      servers = await startServers();
      servers.page('/p.html', `<!doctype html><title>p</title>${helpers(servers.wsOrigin)}`);
      servers.page('/p2.html', `<!doctype html><title>p2</title>${helpers(servers.wsOrigin)}`);
      driver = await DRIVERS[name]();
    });

    after(async () => {
      await driver?.close();
      await servers?.close();
    });

    it('forced stops of the extension background lose nothing and duplicate nothing', async () => {
      const page = await driver.newPage();
      await page.goto(`${servers.origin}/p.html`);
      await page.evaluate("window.sock('before-panel')");
      const panel = await driver.openPanel(page);
      await waitForRowIn(
        panel,
        (r) => r.url.endsWith('tag=before-panel') && r.state === 'closed',
        'the socket from before the panel opened',
      );
      await page.evaluate("window.sock('before-stop')");
      await waitForRowIn(
        panel,
        (r) => r.url.endsWith('tag=before-stop') && r.state === 'closed',
        'before-stop',
      );

      await driver.stopBackground();
      await page.evaluate("window.sock('after-stop')");
      await waitForRowIn(
        panel,
        (r) => r.url.endsWith('tag=after-stop') && r.state === 'closed',
        'the socket after the stop',
      );

      // A second stop while no panel is open, then a new panel.
      await panel.close();
      await driver.stopBackground();
      await page.evaluate("window.sock('panel-closed')");
      const again = await driver.openPanel(page);
      await waitForRowIn(
        again,
        (r) => r.url.endsWith('tag=panel-closed') && r.state === 'closed',
        'panel-closed',
      );
      const tags = (await rows(again)).map((r) => tagOf(r.url)).sort();
      assert.deepEqual(tags, ['after-stop', 'before-panel', 'before-stop', 'panel-closed']);
      console.log(`${name}: background stop: ${tags.length} rows after two forced stops, 0 duplicates`);
      await again.close();
      await page.close();
    });

    it('Preserve log keeps rows across a reload and a navigation, with a separator each; off clears them', async () => {
      const { page, panel } = await open('/p.html');
      const setPreserve = (on: boolean) =>
        panel.evaluate(`(() => {
          const box = document.querySelector('input[aria-label="Preserve log"]');
          if (box.checked !== ${on}) box.click();
          return box.checked;
        })()`);
      assert.equal(await setPreserve(true), true);
      try {
        await page.evaluate("window.sock('first-load')");
        await waitForRowIn(
          panel,
          (r) => r.url.endsWith('tag=first-load') && r.state === 'closed',
          'first-load',
        );
        await reload(page);
        await page.evaluate("window.sock('after-reload')");
        await page.goto(`${servers.origin}/p2.html`);
        await page.evaluate("window.sock('after-navigation')");
        await waitForRowIn(
          panel,
          (r) => r.url.endsWith('tag=after-navigation') && r.state === 'closed',
          'after-navigation',
        );
        assert.deepEqual(
          (await rows(panel)).map((r) => tagOf(r.url)),
          ['first-load', 'after-reload', 'after-navigation'],
        );
        assert.equal(
          await panel.evaluate<number>(`document.querySelectorAll('tr.row.nav-separator').length`),
          2,
          'a separator at each navigation',
        );
        // Sorted by code, rows are not in time order: no "navigated to" separators then.
        const separators = () =>
          panel.evaluate<number>(`document.querySelectorAll('tr.row.nav-separator').length`);
        await panel.click('th.c-code button');
        try {
          await waitFor('no separators while sorted by code', async () => (await separators()) === 0);
        } finally {
          await panel.click('th.c-code button');
          await panel.click('th.c-code button');
        }
        await waitFor('the separators back in time order', async () => (await separators()) === 2);
      } finally {
        await setPreserve(false);
      }
      await reload(page);
      await page.evaluate("window.sock('fresh')");
      await waitForRowIn(panel, (r) => r.url.endsWith('tag=fresh') && r.state === 'closed', 'fresh');
      const only = await waitFor('only the new document’s row', async () => {
        const tags = (await rows(panel)).map((r) => tagOf(r.url));
        return tags.length === 1 && tags[0] === 'fresh' ? tags : null;
      });
      assert.deepEqual(only, ['fresh']);
      await page.close();
      await waitFor('the “tab closed” status', () =>
        panel.evaluate<boolean>(
          `document.querySelector('[data-status="The inspected tab was closed."]') !== null`,
        ),
      );
      await panel.close();
    });

    it('every kind of frame: rows name their frame', async () => {
      servers.page(
        '/frame.html',
        `<!doctype html><script>const s = new WebSocket('${servers.wsOrigin}/echo?tag=' + location.hash.slice(1)); s.onopen = () => s.close(4100, 'frame');</script>`,
      );
      servers.page(
        '/frames.html',
        `<!doctype html><body><script>
const ws = '${servers.wsOrigin}';
function add(attrs) { const f = document.createElement('iframe'); Object.assign(f, attrs); document.body.append(f); return f; }
add({ src: '/frame.html#same-origin' });
add({ src: '${servers.otherOrigin}/frame.html#cross-origin' });
add({ srcdoc: '<script>const s = new WebSocket("' + ws + '/echo?tag=srcdoc"); s.onopen = () => s.close(4100, "frame");<\\/script>' });
const sb = add({}); sb.setAttribute('sandbox', 'allow-scripts'); sb.src = '/frame.html#sandboxed';
const blank = add({});
blank.contentWindow.eval("const s = new WebSocket('" + ws + "/echo?tag=about-blank-eval'); s.onopen = () => s.close(4100, 'frame');");
const s = new WebSocket(ws + '/echo?tag=top'); s.onopen = () => s.close(4100, 'top');
</script></body>`,
      );
      const { page, panel } = await open('/frames.html');
      const expect: [string, RegExp | null][] = [
        ['top', null],
        ['same-origin', /\(frame http:\/\/127\.0\.0\.1:\d+\/frame\.html#same-origin\)/],
        ['cross-origin', /\(frame http:\/\/127\.0\.0\.1:\d+\/frame\.html#cross-origin\)/],
        ['srcdoc', /\(frame about:srcdoc\)/],
        ['sandboxed', /\(frame http:\/\/127\.0\.0\.1:\d+\/frame\.html#sandboxed\)/],
        ['about-blank-eval', /\(frame about:blank\)/],
      ];
      for (const [tag, frame] of expect) {
        const row = await waitForRowIn(
          panel,
          (r) => r.url.includes(`tag=${tag}`) && r.state === 'closed',
          `the ${tag} socket`,
        );
        assert.equal(row.code, '4100 Private use', tag);
        if (frame) assert.match(row.url, frame);
        else assert.doesNotMatch(row.url, /\(frame /);
      }
      await page.close();
      await panel.close();
    });

    it('message counts: sent and received messages and bytes, for every data type', async () => {
      servers.page(
        '/traffic.html',
        `<!doctype html><script>
window.__done = (async () => {
  const s = new WebSocket('${servers.wsOrigin}/echo?tag=traffic');
  await new Promise((r) => (s.onopen = r));
  let got = 0;
  const all = new Promise((r) => (s.onmessage = () => { if (++got === 5) r(); }));
  s.send('héllo'); s.send(new Uint8Array(10)); s.send(new Blob(['abc'])); s.send(new ArrayBuffer(7)); s.send({ toString() { return 'obj'; } });
  await all;
  s.close(1000);
  await new Promise((r) => (s.onclose = r));
  return got;
})();
</script>`,
      );
      const { page, panel } = await open('/traffic.html');
      assert.equal(await page.evaluate('window.__done'), 5);
      const row = await waitForRowIn(
        panel,
        (r) => r.url.endsWith('tag=traffic') && r.state === 'closed',
        'the traffic socket',
      );
      const detail = await waitFor('the detail view', () =>
        panel.evaluate<string | null>(`(() => {
          const d = document.querySelector('.detail');
          if (!d) document.querySelector('tr.row[data-key=${JSON.stringify(row.key)}]')?.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
          return d ? d.textContent : null;
        })()`),
      );
      // 'héllo' is 6 UTF-8 bytes; 6 + 10 + 3 + 7 + 3 = 29, echoed back the same.
      assert.match(detail, /sent 5 \(29 bytes\), received 5 \(29 bytes\)/);
      await page.close();
      await panel.close();
    });
  });
}
