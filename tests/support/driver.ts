/**
 * One driver interface over both browsers, so e2e scenarios are written once: Chromium through
 * playwright-core, Firefox through puppeteer-core (WebDriver BiDi). It extends the recorder's
 * pages (recorder/driver.ts) with what only tests need: user input, an oracle browser without the
 * extension, and stopping the extension's background.
 */
import type { Page as PlaywrightPage } from 'playwright-core';
import type { Browser as PuppeteerBrowser, Page as PuppeteerPage } from 'puppeteer-core';
import puppeteer from 'puppeteer-core';
import { launchPlain, launchWithExtension } from '../../recorder/chromium';
import {
  type BrowserName,
  type BrowserOptions,
  playwrightPage,
  puppeteerPage,
  type RecorderPage,
} from '../../recorder/driver';
import { firefoxPath, GECKO_ID, launchFirefoxWithExtension } from '../../recorder/firefox';
import { FirefoxChrome } from '../../recorder/firefoxChrome';
import { type PageInput, playwrightInput, puppeteerInput } from './pageInput';

// Tests poll and read exports exactly as the recorder does.
export { type BrowserName, exportText, waitFor } from '../../recorder/driver';

export interface DriverPage extends RecorderPage, PageInput {
  /** The document's title, read without running code in the page's own realm. */
  title(): Promise<string>;
  /** Sets a file on an <input type=file> (as a user picking it). */
  uploadFile(selector: string, path: string): Promise<void>;
  /** Console messages of type warning seen so far. */
  readonly warnings: string[];
  /** Uncaught errors of the page seen so far (their messages). */
  readonly errors: string[];
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

export interface DriverOptions extends BrowserOptions {
  /** Host names to resolve to 127.0.0.1 (tests: an origin that is not a secure context). */
  readonly hostAliases?: readonly string[];
}

function wrapPlaywright(page: PlaywrightPage): DriverPage {
  const warnings: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return {
    ...playwrightPage(page),
    warnings,
    errors,
    async uploadFile(selector, path) {
      await page.setInputFiles(selector, path);
    },
    title: () => page.title(),
    ...playwrightInput(page),
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
    ...puppeteerPage(page, extensionPage),
    warnings,
    errors,
    title: () => page.title(),
    async uploadFile(selector, path) {
      const input = await page.$(selector);
      if (!input) throw new Error(`no ${selector}`);
      await (input as unknown as { uploadFile(p: string): Promise<void> }).uploadFile(path);
    },
    ...puppeteerInput(page, extensionPage),
  };
}

export async function chromiumDriver(options: DriverOptions = {}): Promise<Driver> {
  const ext = await launchWithExtension({
    ...(options.executablePath ? { executablePath: options.executablePath } : {}),
    headed: options.headed ?? false,
    ...(options.hostAliases ? { hostAliases: options.hostAliases } : {}),
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
  const { hostAliases, ...rest } = options;
  const ff = await launchFirefoxWithExtension({
    ...rest,
    ...(hostAliases?.length ? { prefs: { 'network.dns.localDomains': hostAliases.join(',') } } : {}),
  });
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
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  // A typo must not turn into a green run that tested nothing.
  const unknown = names.filter((s) => s !== 'chromium' && s !== 'firefox');
  if (unknown.length > 0 || names.length === 0)
    throw new Error(`E2E_BROWSERS=${raw}: use chromium, firefox or both (comma-separated)`);
  return names as BrowserName[];
}
