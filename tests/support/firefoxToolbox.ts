/**
 * The "WS Closes" panel inside Firefox's real DevTools toolbox, driven like any other panel page.
 *
 * Firefox gives automation no handle on a toolbox panel: it is an extension page inside a remote
 * <browser> in the toolbox, outside what WebDriver BiDi lists as pages. So this uses what the
 * `--remote-allow-system-access` launch argument allows: script in the browser's chrome window
 * (BiDi `moz:scope: "chrome"`) opens the toolbox for the tab and selects the extension's panel with
 * DevTools' own `gDevTools`/`Toolbox` API, and a frame script in the panel's <browser> evaluates
 * test expressions in a sandbox on the panel window (so the extension page's CSP, which forbids
 * eval, does not apply, and the page's own objects are seen without Xray wrappers).
 * `gDevTools` and frame scripts are Firefox internals: if an update changes them, this fails loudly.
 */
import type { Browser, Page } from 'puppeteer-core';
import { FirefoxChrome } from '../../recorder/firefoxChrome';
import type { ScriptPage } from './panel';

const PANEL_LABEL = 'WS Closes';

const DEVTOOLS = `const { require } = ChromeUtils.importESModule('resource://devtools/shared/loader/Loader.sys.mjs');
    const { gDevTools } = require('devtools/client/framework/devtools');`;

/**
 * Shared by every chrome-window script: DevTools' loader and `tab`, the inspected tab, found by
 * its <browser>'s browserId (stable across navigations; URLs are not unique).
 */
function toolboxPrelude(browserId: number): string {
  return `${DEVTOOLS}
    const tab = gBrowser.tabs.find((t) => t.linkedBrowser.browserId === ${browserId});
    if (!tab) throw new Error('the inspected tab is gone');`;
}

/** Script and clicks in the toolbox panel (it has no address, console or file picker to drive). */
export class FirefoxToolboxPanel implements ScriptPage {
  private calls = 0;

  private constructor(
    private readonly chrome: FirefoxChrome,
    private readonly browserId: number,
    /** The toolbox's id for the extension panel, e.g. webext-devtools-panel-…. */
    readonly toolId: string,
  ) {}

  /** Opens the toolbox for `page`'s tab, selects the WS Closes panel and waits for it to render. */
  static async open(browser: Browser, page: Page): Promise<FirefoxToolboxPanel> {
    const chrome = await FirefoxChrome.of(browser);
    // The page's tab is the selected one once it is in front: no need to match it by URL.
    await page.bringToFront();
    const opened = await chrome.evaluate<string>(
      `(async () => {
        ${DEVTOOLS}
        const tab = gBrowser.selectedTab;
        const toolbox = await gDevTools.showToolboxForTab(tab);
        // The devtools_page registers the panel a little after the toolbox opens.
        for (let i = 0; i < 1200; i++) {
          const def = toolbox.getAdditionalTools().find((d) => d.label === ${JSON.stringify(PANEL_LABEL)});
          if (def) {
            await toolbox.selectTool(def.id);
            return JSON.stringify({ toolId: def.id, browserId: tab.linkedBrowser.browserId });
          }
          await new Promise((r) => setTimeout(r, 50));
        }
        throw new Error('the toolbox never registered a ' + ${JSON.stringify(PANEL_LABEL)} + ' panel; it has: ' + toolbox.getAdditionalTools().map((d) => d.label).join(', '));
      })()`,
    );
    const { toolId, browserId } = JSON.parse(opened) as { toolId: string; browserId: number };
    const panel = new FirefoxToolboxPanel(chrome, browserId, toolId);
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await panel
        .evaluate<boolean>(`document.querySelector('[data-testid="summary"]') !== null`)
        .catch(() => false);
      if (ready) return panel;
      if (Date.now() > deadline)
        throw new Error(`the toolbox panel never rendered (at ${await panel.location()})`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Switches the DevTools theme, as a user does in the toolbox settings. */
  async setDevToolsTheme(theme: 'light' | 'dark'): Promise<void> {
    await this.chrome.evaluate<string>(
      `(() => { Services.prefs.setCharPref('devtools.theme', ${JSON.stringify(theme)}); return ''; })()`,
    );
  }

  /** The id of the tool the toolbox shows now ('jsdebugger', 'webconsole', this panel's id…). */
  currentTool(): Promise<string> {
    return this.chrome.evaluate<string>(
      `(() => { ${toolboxPrelude(this.browserId)} return gDevTools.getToolboxForTab(tab)?.currentToolId ?? ''; })()`,
    );
  }

  /**
   * The address of every tab in the window, as the browser knows it (puppeteer reports a tab the
   * extension opened on a moz-extension: page as about:blank).
   */
  tabUrls(): Promise<string[]> {
    return this.chrome
      .evaluate<string>(`JSON.stringify(gBrowser.tabs.map((t) => t.linkedBrowser.currentURI.spec))`)
      .then((s) => JSON.parse(s) as string[]);
  }

  /** The address of the document in the panel's <browser>, as the toolbox sees it. */
  location(): Promise<string> {
    return this.chrome.evaluate<string>(
      `(() => { ${this.panelBrowser()} return browser.currentURI.spec; })()`,
    );
  }

  async evaluate<T>(expression: string): Promise<T> {
    const message = `wsci:eval:${++this.calls}`;
    // Runs in the panel's process. The sandbox takes the panel window as its global's prototype,
    // with Xrays off: the expression sees `document`, `window` and page expandos as the page does.
    const frameScript = `{
      const sandbox = Components.utils.Sandbox(content, { sandboxPrototype: content, wantXrays: false });
      const send = (s) => sendAsyncMessage(${JSON.stringify(message)}, s);
      try {
        Components.utils.evalInSandbox(${JSON.stringify(
          `Promise.resolve().then(() => (${expression})).then((v) => JSON.stringify({ ok: true, v: v === undefined ? null : v }), (e) => JSON.stringify({ ok: false, e: String((e && e.stack) || e) }))`,
        )}, sandbox).then(send, (e) => send(JSON.stringify({ ok: false, e: String(e) })));
      } catch (e) { send(JSON.stringify({ ok: false, e: String(e) })); }
    }`;
    const raw = await this.chrome.evaluate<string>(`(async () => {
        ${this.panelBrowser()}
        const mm = browser.messageManager;
        return await new Promise((resolve, reject) => {
          const timer = setTimeout(() => { mm.removeMessageListener(${JSON.stringify(message)}, on); reject(new Error('the panel did not answer')); }, 30000);
          function on(m) { clearTimeout(timer); mm.removeMessageListener(${JSON.stringify(message)}, on); resolve(m.data); }
          mm.addMessageListener(${JSON.stringify(message)}, on);
          mm.loadFrameScript('data:,' + encodeURIComponent(${JSON.stringify(frameScript)}), false);
        });
      })()`);
    const parsed = JSON.parse(raw) as { ok: boolean; v?: T; e?: string };
    if (!parsed.ok) throw new Error(`in the toolbox panel: ${parsed.e}`);
    return parsed.v as T;
  }

  async click(selector: string): Promise<void> {
    const found = await this.evaluate<boolean>(`(() => {
      const el = document.querySelector(${JSON.stringify(selector)});
      if (!el) return false;
      el.scrollIntoView({ block: 'nearest' });
      el.click();
      return true;
    })()`);
    if (!found) throw new Error(`no ${selector} in the toolbox panel`);
  }

  /** Declares `browser`: the remote <browser> that holds the extension panel's document. */
  private panelBrowser(): string {
    return `${toolboxPrelude(this.browserId)}
      const toolbox = gDevTools.getToolboxForTab(tab);
      if (!toolbox) throw new Error('the toolbox is closed');
      const frame = toolbox.doc.getElementById('toolbox-panel-iframe-' + ${JSON.stringify(this.toolId)});
      const browser = frame && frame.contentDocument && frame.contentDocument.querySelector('browser');
      if (!browser) throw new Error('the panel has no <browser> yet');`;
  }
}
