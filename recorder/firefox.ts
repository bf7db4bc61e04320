/**
 * Real headless Firefox (Debian's firefox-esr) with the Firefox build (dist-firefox/) installed
 * as a temporary add-on, driven by puppeteer-core over WebDriver BiDi.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { BrowserNotFoundError } from './chromium';

export const DIST_FIREFOX = resolve(import.meta.dirname, '../dist-firefox');
/** Also fixes the moz-extension UUID (extensions.webextensions.uuids). */
export { GECKO_ID } from '../src/tool';

import { GECKO_ID } from '../src/tool';
/** Fixed so that tests know the panel's URL before launch. */
export const FIREFOX_UUID = '6f1c2c5e-7d4b-4a43-9a63-2f0d5e1b7c11';
export const PANEL_ORIGIN = `moz-extension://${FIREFOX_UUID}`;

export function firefoxPath(explicit?: string): string {
  if (explicit) {
    if (existsSync(explicit)) return explicit;
    throw new BrowserNotFoundError(`No browser at ${explicit}.`);
  }
  const candidates = [
    process.env.FIREFOX_PATH,
    '/usr/bin/firefox-esr',
    '/usr/bin/firefox',
    '/Applications/Firefox.app/Contents/MacOS/firefox',
  ];
  for (const c of candidates) if (c && existsSync(c)) return c;
  throw new BrowserNotFoundError(
    'No Firefox found. Install it (Debian/Ubuntu: sudo apt-get install firefox-esr), or pass --browser <path>, or set FIREFOX_PATH.',
  );
}

export interface FirefoxWithExtension {
  readonly browser: Browser;
  newPage(url?: string): Promise<Page>;
  /** The panel in a tab for the tab that shows `page`. */
  openPanel(page: Page): Promise<Page>;
  /** The extension API's id of the tab that shows `page`. */
  tabIdOf(page: Page): Promise<number>;
  close(): Promise<void>;
}

export async function launchFirefoxWithExtension(
  options: {
    executablePath?: string;
    headed?: boolean;
    /** Extra Firefox preferences (e.g. where downloads go). */
    prefs?: Readonly<Record<string, string | number | boolean>>;
  } = {},
): Promise<FirefoxWithExtension> {
  if (!existsSync(join(DIST_FIREFOX, 'manifest.json')))
    throw new Error('dist-firefox/ is missing: run `npm run build` first.');
  const profile = mkdtempSync(join(tmpdir(), 'wsci-ff-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: firefoxPath(options.executablePath),
    headless: !options.headed,
    userDataDir: profile,
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_UUID }),
      'network.proxy.type': 0,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'app.update.enabled': false,
      'extensions.update.enabled': false,
      'browser.safebrowsing.malware.enabled': false,
      'browser.safebrowsing.phishing.enabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
      ...options.prefs,
    },
  });
  await browser.installExtension(DIST_FIREFOX);
  return {
    browser,
    async newPage(url?: string) {
      const page = await browser.newPage();
      if (url) await page.goto(url);
      return page;
    },
    tabIdOf: (page: Page) => tabIdOf(browser, page),
    async openPanel(page: Page) {
      const tabId = await tabIdOf(browser, page);
      const panel = await browser.newPage();
      // Firefox sends no load event for moz-extension pages opened this way.
      await panel.goto(`${PANEL_ORIGIN}/extension/panel/index.html?tabId=${tabId}`, {
        waitUntil: 'commit' as never,
      });
      await panel.waitForSelector('[data-testid="summary"]');
      return panel;
    },
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The tab id of `page`, asked of the extension. WebDriver BiDi does not expose tab ids, and two
 * tabs may show the same URL, so `page` is made the active tab and a panel page (which has the
 * tabs API) asks for the active tab of the last focused window.
 */
async function tabIdOf(browser: Browser, page: Page): Promise<number> {
  const probe = await browser.newPage();
  await probe.goto(`${PANEL_ORIGIN}/extension/panel/index.html`, { waitUntil: 'commit' as never });
  // Polled from here: a string predicate would be compiled inside an extension page, whose CSP forbids it.
  for (let i = 0; ; i++) {
    const ready = await probe
      .evaluate('typeof browser !== "undefined" || typeof chrome !== "undefined"')
      .catch(() => false);
    if (ready) break;
    if (i > 600) throw new Error('the extension page never got its API');
    await new Promise((r) => setTimeout(r, 100));
  }
  await page.bringToFront();
  const found = (await probe.evaluate(
    `(async () => { const api = globalThis.browser ?? globalThis.chrome; const [t] = await api.tabs.query({ active: true, lastFocusedWindow: true }); return t ? { id: t.id, url: t.url ?? '' } : null; })()`,
  )) as { id: number; url: string } | null;
  await probe.close();
  if (!found || found.url !== page.url())
    throw new Error(
      `could not find the tab of ${page.url()} (the active tab shows ${found?.url ?? 'nothing'})`,
    );
  return found.id;
}
