/**
 * One small driver interface over both browsers, so scenarios are written once: Chromium through
 * playwright-core, Firefox through puppeteer-core (WebDriver BiDi). Pages are driven with script
 * strings only, which both drivers run the same way.
 */
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Browser as PuppeteerBrowser, Page as PuppeteerPage } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';
import { launchPlain, launchWithExtension } from './chromium';
import { firefoxPath, GECKO_ID, launchFirefoxWithExtension } from './firefox';
import { FirefoxChrome } from './firefoxChrome';

export type BrowserName = 'chromium' | 'firefox';

export interface DriverPage {
  goto(url: string): Promise<void>;
  /** Evaluates a script expression (awaits a returned promise). */
  evaluate<T>(expression: string): Promise<T>;
  click(selector: string): Promise<void>;
  /** The document's title, read without running code in the page's own realm. */
  title(): Promise<string>;
  /** Sets a file on an <input type=file> (as a user picking it). */
  uploadFile(selector: string, path: string): Promise<void>;
  /** Console messages of type warning seen so far. */
  readonly warnings: string[];
  /** Uncaught errors of the page seen so far (their messages). */
  readonly errors: string[];
  close(): Promise<void>;
}

export interface Driver {
  readonly name: BrowserName;
  /** A page in the browser with the extension. */
  newPage(): Promise<DriverPage>;
  /** The panel (tab mode) for the tab showing `page`. */
  openPanel(page: DriverPage): Promise<DriverPage>;
  /** A page in the same kind of browser without the extension (the oracle). */
  newPlainPage(): Promise<DriverPage>;
  /**
   * Stops the extension's background as the browser does when it is idle: Chromium's service
   * worker, Firefox's event page. The next event starts it again.
   */
  stopBackground(): Promise<void>;
  close(): Promise<void>;
}

function wrapPlaywright(page: PlaywrightPage): DriverPage {
  const warnings: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    warnings,
    errors,
    async goto(url) {
      await page.goto(url);
    },
    evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
    async click(selector) {
      await page.click(selector);
    },
    async uploadFile(selector, path) {
      await page.setInputFiles(selector, path);
    },
    title: () => page.title(),
    close: () => page.close(),
  };
}

function wrapPuppeteer(page: PuppeteerPage, extensionPage = false): DriverPage {
  const warnings: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warn') warnings.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e instanceof Error ? e.message : String(e)));
  return {
    warnings,
    errors,
    async goto(url) {
      await page.goto(url, extensionPage ? { waitUntil: 'commit' as never } : {});
    },
    evaluate: <T>(expression: string) => page.evaluate(expression) as Promise<T>,
    async click(selector) {
      await page.click(selector);
    },
    title: () => page.title(),
    async uploadFile(selector, path) {
      const input = await page.$(selector);
      if (!input) throw new Error(`no ${selector}`);
      await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(path);
    },
    close: () => page.close(),
  };
}

export interface DriverOptions {
  readonly executablePath?: string;
  readonly headed?: boolean;
}

export async function chromiumDriver(options: DriverOptions = {}): Promise<Driver> {
  const ext = await launchWithExtension({
    ...(options.executablePath ? { executablePath: options.executablePath } : {}),
    headed: options.headed ?? false,
  });
  let plain: Awaited<ReturnType<typeof launchPlain>> | null = null;
  const tabs = new Map<DriverPage, PlaywrightPage>();
  return {
    name: 'chromium',
    async newPage() {
      const { page } = await ext.newPage();
      const d = wrapPlaywright(page);
      tabs.set(d, page);
      return d;
    },
    async openPanel(page) {
      const raw = tabs.get(page);
      if (!raw) throw new Error('not a page of this driver');
      return wrapPlaywright(await ext.openPanel(await ext.tabIdOf(raw)));
    },
    async newPlainPage() {
      plain ??= await launchPlain();
      return wrapPlaywright(await plain.newPage());
    },
    async stopBackground() {
      const any = ext.context.pages()[0] ?? (await ext.context.newPage());
      const cdp = await ext.context.newCDPSession(any);
      try {
        const { targetInfos } = (await cdp.send('Target.getTargets')) as {
          targetInfos: { type: string; targetId: string; url: string }[];
        };
        const worker = targetInfos.find(
          (t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${ext.extensionId}/`),
        );
        if (!worker) throw new Error('the extension service worker is not running');
        await cdp.send('Target.closeTarget', { targetId: worker.targetId });
      } finally {
        await cdp.detach();
      }
    },
    async close() {
      await ext.close();
      await plain?.close();
    },
  };
}

export async function firefoxDriver(options: DriverOptions = {}): Promise<Driver> {
  const ff = await launchFirefoxWithExtension(options);
  let plain: PuppeteerBrowser | null = null;
  const tabs = new Map<DriverPage, PuppeteerPage>();
  return {
    name: 'firefox',
    async newPage() {
      const page = await ff.newPage();
      const d = wrapPuppeteer(page);
      tabs.set(d, page);
      return d;
    },
    async openPanel(page) {
      const raw = tabs.get(page);
      if (!raw) throw new Error('not a page of this driver');
      return wrapPuppeteer(await ff.openPanel(raw), true);
    },
    async newPlainPage() {
      plain ??= await puppeteer.launch({ browser: 'firefox', executablePath: firefoxPath(), headless: true });
      return wrapPuppeteer(await plain.newPage());
    },
    async stopBackground() {
      await (await FirefoxChrome.of(ff.browser)).stopBackground(GECKO_ID);
    },
    async close() {
      await ff.close();
      await plain?.close();
    },
  };
}

export const DRIVERS: Record<BrowserName, (options?: DriverOptions) => Promise<Driver>> = {
  chromium: chromiumDriver,
  firefox: firefoxDriver,
};

/** Browsers to run the cross-browser suite in: $E2E_BROWSERS (comma-separated), default both. */
export function selectedBrowsers(): BrowserName[] {
  const raw = process.env.E2E_BROWSERS ?? 'chromium,firefox';
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s): s is BrowserName => s === 'chromium' || s === 'firefox');
}

// ---- panel reading, driver-agnostic ------------------------------------------------------------

export interface Row {
  /** data-key: the connection's id in the panel. */
  readonly key: string;
  readonly url: string;
  readonly state: string;
  readonly initiator: string;
  readonly code: string;
  readonly reason: string;
  readonly bytes: string;
  readonly clean: string;
  readonly calls: string;
  readonly diagnosis: string;
  readonly invalid: boolean;
}

/** Reads the rendered rows; a string, because the test transpiler adds helpers a page lacks. */
export const ROWS_SCRIPT = `[...document.querySelectorAll('tr.row')].map((tr) => {
  const cell = (c) => (tr.querySelector('td.' + c)?.textContent ?? '').trim();
  return { key: tr.getAttribute('data-key') ?? '', url: cell('c-url'), state: cell('c-state'), initiator: cell('c-initiator'), code: cell('c-code'),
    reason: cell('c-reason'), bytes: cell('c-bytes'), clean: cell('c-clean'), calls: cell('c-calls'),
    diagnosis: cell('c-diagnosis'), invalid: tr.querySelector('.invalid-marker') !== null };
})`;

export async function rows(panel: DriverPage): Promise<Row[]> {
  return panel.evaluate<Row[]>(ROWS_SCRIPT);
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | null | false>,
  timeoutMs = 15000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function waitForRowIn(panel: DriverPage, pred: (r: Row) => boolean, what: string): Promise<Row> {
  let last: Row[] = [];
  try {
    return await waitFor(what, async () => {
      last = await rows(panel);
      return last.find(pred);
    });
  } catch {
    throw new Error(`panel never showed ${what}; rows:\n${JSON.stringify(last, null, 1)}`);
  }
}

/**
 * The panel's real Export JSON button, with the file caught where the panel hands it to the
 * browser (URL.createObjectURL): the same in every browser, no download handling needed.
 */
export async function exportJson<T>(panel: DriverPage): Promise<T> {
  return JSON.parse(await exportText(panel, 'Export JSON')) as T;
}

/** The text of the file a panel export button produces. */
export async function exportText(panel: DriverPage, button: 'Export JSON' | 'Export CSV'): Promise<string> {
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
