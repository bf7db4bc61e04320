/**
 * Script in Firefox's own browser window (privileged "chrome" code), over WebDriver BiDi's
 * Firefox-specific `moz:scope: "chrome"`. Firefox allows it only when launched with
 * `--remote-allow-system-access` (launchFirefoxWithExtension does). Used by tests for what no
 * public automation API reaches: the DevTools toolbox, and stopping the extension's event page.
 */
import type { Browser } from 'puppeteer-core';

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}

interface EvaluateResult {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown };
  exceptionDetails?: { text?: string };
}

export class FirefoxChrome {
  private constructor(
    private readonly bidi: BidiConnection,
    private readonly context: string,
  ) {}

  static async of(browser: Browser): Promise<FirefoxChrome> {
    const bidi = (browser as unknown as { connection?: BidiConnection }).connection;
    if (!bidi || typeof bidi.send !== 'function')
      throw new Error('puppeteer-core no longer exposes its BiDi connection');
    const tree = (await bidi.send('browsingContext.getTree', { 'moz:scope': 'chrome' })).result as {
      contexts: { context: string; url: string }[];
    };
    const win = tree.contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
    if (!win) throw new Error('no browser window in chrome scope: is --remote-allow-system-access set?');
    return new FirefoxChrome(bidi, win.context);
  }

  /** Evaluates `expression` in the browser window; a returned promise is awaited. */
  async evaluate<T>(expression: string): Promise<T> {
    const { result } = await this.bidi.send('script.evaluate', {
      expression,
      target: { context: this.context },
      awaitPromise: true,
      resultOwnership: 'none',
    });
    const r = result as EvaluateResult;
    if (r.type === 'exception')
      throw new Error(`chrome script failed: ${r.exceptionDetails?.text ?? 'unknown error'}`);
    return r.result?.value as T;
  }

  /**
   * Stops the extension's background (event) page, as Firefox does when it has been idle; the
   * next event the extension listens to starts it again. (Firefox's own idle-timeout tests use
   * the same `terminateBackground`.)
   */
  async stopBackground(addonId: string): Promise<void> {
    // terminateBackground() returns without stopping anything in some states (a debugger attached,
    // listeners still pending): check, so that a test of "nothing lost" cannot pass vacuously.
    const state = await this.evaluate<string>(`(async () => {
      const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
      const extension = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(addonId)});
      if (!extension) throw new Error('no extension ' + ${JSON.stringify(addonId)});
      await extension.terminateBackground();
      return String(extension.backgroundState);
    })()`);
    if (state !== 'stopped') throw new Error(`the background page did not stop (its state: ${state})`);
  }
}
