/**
 * The recorder reads the close log through the extension's own panel in Chromium (playwright-core)
 * or Firefox (puppeteer-core over WebDriver BiDi). It needs only a page it can load, click and run
 * script strings in, the same way in both, so that is all this module offers; the e2e harness
 * (tests/support/driver.ts) builds its richer pages on these.
 */
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Page as PuppeteerPage } from 'puppeteer-core';
import { launchWithExtension } from './chromium';
import { launchFirefoxWithExtension } from './firefox';

export type BrowserName = 'chromium' | 'firefox';

export interface BrowserOptions {
  readonly executablePath?: string;
  readonly headed?: boolean;
}

export interface RecorderPage {
  goto(url: string): Promise<void>;
  /** Evaluates a script expression (awaits a returned promise). */
  evaluate<T>(expression: string): Promise<T>;
  click(selector: string): Promise<void>;
  close(): Promise<void>;
}

export interface RecorderDriver {
  readonly name: BrowserName;
  /** A page in the browser with the extension. */
  newPage(): Promise<RecorderPage>;
  /** The panel (tab mode) for the tab showing `page`. */
  openPanel(page: RecorderPage): Promise<RecorderPage>;
  /**
   * The browser's cookies for `url` as a Cookie header, as the browser would send them from a
   * page at `pageUrl` (SameSite Lax/Strict only when both are the same site); '' when none.
   */
  cookieHeader(url: string, pageUrl: string): Promise<string>;
  close(): Promise<void>;
}

export function playwrightPage(page: PlaywrightPage): RecorderPage {
  return {
    async goto(url) {
      await page.goto(url);
    },
    evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
    async click(selector) {
      await page.click(selector);
    },
    close: () => page.close(),
  };
}

/** `extensionPage`: Firefox sends extension tabs no load event, so their navigations wait for less. */
export function puppeteerPage(page: PuppeteerPage, extensionPage = false): RecorderPage {
  return {
    async goto(url) {
      await page.goto(url, extensionPage ? { waitUntil: 'commit' as never } : {});
    },
    evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
    async click(selector) {
      await page.click(selector);
    },
    close: () => page.close(),
  };
}

async function chromiumRecorder(options: BrowserOptions): Promise<RecorderDriver> {
  const ext = await launchWithExtension({
    ...(options.executablePath ? { executablePath: options.executablePath } : {}),
    headed: options.headed ?? false,
  });
  const tabs = new Map<RecorderPage, PlaywrightPage>();
  return {
    name: 'chromium',
    async newPage() {
      const { page } = await ext.newPage();
      const d = playwrightPage(page);
      tabs.set(d, page);
      return d;
    },
    async openPanel(page) {
      const raw = tabs.get(page);
      if (!raw) throw new Error('not a page of this driver');
      return playwrightPage(await ext.openPanel(await ext.tabIdOf(raw)));
    },
    async cookieHeader(url, pageUrl) {
      const cookies = await ext.context.cookies([url.replace(/^ws(s?):/i, 'http$1:')]);
      const sameSite = siteOf(url) !== null && siteOf(url) === siteOf(pageUrl);
      return cookies
        .filter((c) => sameSite || c.sameSite === 'None')
        .map((c) => `${c.name}=${c.value}`)
        .join('; ');
    },
    close: () => ext.close(),
  };
}

async function firefoxRecorder(options: BrowserOptions): Promise<RecorderDriver> {
  const ff = await launchFirefoxWithExtension(options);
  const tabs = new Map<RecorderPage, PuppeteerPage>();
  return {
    name: 'firefox',
    async newPage() {
      const page = await ff.newPage();
      const d = puppeteerPage(page);
      tabs.set(d, page);
      return d;
    },
    async openPanel(page) {
      const raw = tabs.get(page);
      if (!raw) throw new Error('not a page of this driver');
      return puppeteerPage(await ff.openPanel(raw), true);
    },
    // Not read from Firefox here: the replay goes without cookies (the README says so).
    cookieHeader: async () => '',
    close: () => ff.close(),
  };
}

/** The last two labels of the host: close enough to a registrable domain for a cookie decision. */
function siteOf(url: string): string | null {
  try {
    return new URL(url).hostname.split('.').slice(-2).join('.');
  } catch {
    return null;
  }
}

/** Launches `name` with the extension loaded. */
export function launchDriver(name: BrowserName, options: BrowserOptions = {}): Promise<RecorderDriver> {
  return name === 'firefox' ? firefoxRecorder(options) : chromiumRecorder(options);
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  // Generous: an outcome that comes must never be missed on a loaded machine; only a real
  // failure waits this long.
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * The text of the file a panel export button produces, caught where the panel hands it to the
 * browser (URL.createObjectURL): the same in every browser, no download handling needed.
 */
export async function exportText(
  panel: RecorderPage,
  button: 'Export JSON' | 'Export CSV' | 'Export HTML',
): Promise<string> {
  await panel.evaluate(`(() => {
    if (window.__wsciCaught) return;
    window.__wsciCaught = true;
    const original = URL.createObjectURL;
    URL.createObjectURL = (blob) => { window.__wsciLastExport = blob; return original.call(URL, blob); };
  })()`);
  await panel.evaluate('window.__wsciLastExport = null');
  await panel.click(`button[aria-label="${button}"]`);
  return waitFor('the export', () =>
    panel.evaluate<string | null>('window.__wsciLastExport ? window.__wsciLastExport.text() : null'),
  );
}
