/**
 * The real DevTools path, as a user takes it: the extension is loaded, DevTools opens with the
 * tab, the "WS Closes" panel is shown, and it lists the page's sockets. (Other suites drive the
 * same panel in tab mode.) Showing the panel uses the DevTools front end's own ViewManager; that
 * is internal API, so if a Chromium update renames it this test says so plainly.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type BrowserContext, type CDPSession, chromium } from 'playwright-core';
import { startServers, type TestServers } from '../../demo/servers';
import { CHROMIUM_ARGS, chromiumPath, DIST } from '../../recorder/chromium';
import { selectedBrowsers, waitFor } from '../support/driver';

interface TargetInfo {
  targetId: string;
  type: string;
  url: string;
}

/** Runtime.evaluate inside another target (DevTools front end, the panel iframe). */
class TargetEval {
  private nextId = 1;
  private readonly pending = new Map<number, (v: unknown) => void>();
  private constructor(
    private readonly cdp: CDPSession,
    private readonly sessionId: string,
  ) {
    cdp.on('Target.receivedMessageFromTarget', (e: { sessionId: string; message: string }) => {
      if (e.sessionId !== this.sessionId) return;
      const msg = JSON.parse(e.message) as { id?: number; result?: { result?: { value?: unknown } } };
      if (msg.id !== undefined) this.pending.get(msg.id)?.(msg.result?.result?.value);
    });
  }

  static async attach(cdp: CDPSession, targetId: string): Promise<TargetEval> {
    const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: false })) as {
      sessionId: string;
    };
    return new TargetEval(cdp, sessionId);
  }

  evaluate<T>(expression: string): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve) => {
      this.pending.set(id, (v) => resolve(v as T));
      // A target that is navigating may never answer: callers poll, so give up on this try.
      setTimeout(() => {
        if (this.pending.delete(id)) resolve(undefined as T);
      }, 5000);
      void this.cdp.send('Target.sendMessageToTarget', {
        sessionId: this.sessionId,
        message: JSON.stringify({
          id,
          method: 'Runtime.evaluate',
          params: { expression, returnByValue: true, awaitPromise: true },
        }),
      });
    });
  }
}

let servers: TestServers;
let context: BrowserContext;
let profile: string;

describe('chromium: the panel inside real DevTools', {
  skip: !selectedBrowsers().includes('chromium'),
}, () => {
  before(async () => {
    servers = await startServers();
    servers.page(
      '/dt.html',
      `<!doctype html><script>const ws = new WebSocket('${servers.wsOrigin}/echo?devtools'); ws.onopen = () => ws.close(4001, 'seen in DevTools');</script>`,
    );
    profile = mkdtempSync(join(tmpdir(), 'wsci-dt-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath(),
      headless: true,
      args: [
        ...CHROMIUM_ARGS,
        `--disable-extensions-except=${DIST}`,
        `--load-extension=${DIST}`,
        '--auto-open-devtools-for-tabs',
      ],
    });
  });

  after(async () => {
    await context?.close();
    await servers?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('DevTools has a "WS Closes" panel that lists the inspected page’s sockets', async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${servers.origin}/dt.html`);
    const cdp = await context.newCDPSession(page);
    const targets = async (): Promise<TargetInfo[]> =>
      ((await cdp.send('Target.getTargets')) as { targetInfos: TargetInfo[] }).targetInfos;
    const find = async (pred: (t: TargetInfo) => boolean, what: string): Promise<TargetInfo> => {
      for (let i = 0; i < 600; i++) {
        const t = (await targets()).find(pred);
        if (t) return t;
        await page.waitForTimeout(100);
      }
      throw new Error(`no ${what} target`);
    };
    const frontEnd = await find((t) => t.url.startsWith('devtools://devtools/'), 'DevTools front-end');
    await find((t) => t.url.includes('/extension/devtools/index.html'), 'devtools_page');
    const devtools = await TargetEval.attach(cdp, frontEnd.targetId);
    let ids = '';
    for (let i = 0; i < 300 && !ids; i++) {
      ids =
        (await devtools.evaluate<string | undefined>(`(async () => {
        const UI = await import('./ui/legacy/legacy.js');
        const vm = UI.ViewManager.ViewManager.instance();
        const ids = [...vm.views.keys()].filter((k) => k.startsWith('chrome-extension://') && k.endsWith('WSCloses'));
        if (ids[0]) await vm.showView(ids[0]);
        return ids.join(',');
      })()`)) ?? '';
      if (!ids) await page.waitForTimeout(100);
    }
    assert.match(ids, /^chrome-extension:\/\/[a-p]{32}WSCloses$/, 'DevTools registered the WS Closes panel');
    const panelTarget = await find((t) => t.url.includes('/extension/panel/index.html'), 'panel iframe');
    const panel = await TargetEval.attach(cdp, panelTarget.targetId);
    let text = '';
    for (let i = 0; i < 600 && !text.includes('seen in DevTools'); i++) {
      // The iframe may still be loading (no body yet, or an evaluation error): keep polling.
      text = (await panel.evaluate<string | undefined>(`document.body ? document.body.innerText : ''`)) ?? '';
      if (!text.includes('seen in DevTools')) await page.waitForTimeout(100);
    }
    assert.match(text, /4001 Private use/);
    assert.match(text, /seen in DevTools/);
    assert.match(text, /Open in tab/, 'the DevTools-only button is there');

    // Chromium lets extensions open a location in Sources: the detail view's stack frames are buttons.
    const links = await waitFor('the stack’s source links', async () => {
      await panel.evaluate(`(() => {
        const row = [...document.querySelectorAll('tr.row')].find((r) => r.textContent.includes('seen in DevTools'));
        row?.dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));
      })()`);
      const found = await panel.evaluate<string[] | undefined>(
        `[...document.querySelectorAll('[data-testid="stack"] button.source-link')].map((b) => b.textContent)`,
      );
      return found && found.length > 0 ? found : null;
    });
    // One frame: the page's onopen handler (the inspector's own frames are never shown).
    assert.equal(links.length, 1, links.join(', '));
    assert.match(links[0] ?? '', /dt\.html:\d+:\d+$/);

    await panel.evaluate(`document.querySelector('button[aria-label="Open in a tab"]').click()`);
    const inspected = await panel.evaluate<number>('chrome.devtools.inspectedWindow.tabId');
    const tab = await waitFor('the panel in a tab', async () =>
      context.pages().find((p) => p.url().includes('/extension/panel/index.html?tabId=')),
    );
    assert.match(
      tab.url(),
      new RegExp(`^chrome-extension://[a-p]{32}/extension/panel/index\\.html\\?tabId=${inspected}$`),
    );
    // …and that tab really inspects the page: it lists the page's socket.
    // Polled from here with evaluate (CDP, not subject to the page's CSP): a string predicate
    // given to waitForFunction is compiled inside the page, which an extension page's CSP forbids.
    await waitFor('the socket in the panel tab', async () =>
      tab.evaluate(`document.body ? document.body.innerText.includes('seen in DevTools') : false`),
    );
  });
});
