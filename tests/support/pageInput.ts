/**
 * Real mouse, keyboard and page control for e2e tests that drive the panel as a user does. Chromium
 * and Firefox are automated through different libraries; these adapters make the same call mean
 * the same user action in both. The recorder never needs them, so they live with the tests.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page as PlaywrightPage } from 'playwright-core';
import type { KeyInput, Page as PuppeteerPage } from 'puppeteer-core';
import { FirefoxChrome } from '../../recorder/firefoxChrome';

/** Both adapters implement all of it, except the two members marked "Chromium only". */
export interface PageInput {
  /** Double-clicks the first match with the real mouse. */
  dblclick(selector: string): Promise<void>;
  /** Moves the focus to the first match. */
  focus(selector: string): Promise<void>;
  /** Presses a key on the real keyboard ('ArrowDown', 'Enter', 'Escape', 'Tab', 'Home'…), on whatever has the focus. */
  press(key: string): Promise<void>;
  /** Replaces an input's text with `text` as typed input ('' empties it). */
  fill(selector: string, text: string): Promise<void>;
  /** Chooses the option with this value in a <select> (input and change events, as a user's choice). */
  select(selector: string, value: string): Promise<void>;
  /** Reloads, and waits until the new document is there (Firefox sends extension tabs no load event). */
  reload(): Promise<void>;
  bringToFront(): Promise<void>;
  setViewport(width: number, height: number): Promise<void>;
  /** What the page sees as prefers-color-scheme, as the browser's own setting would make it. */
  emulateColorScheme(scheme: 'light' | 'dark'): Promise<void>;
  /** Writes a PNG of the viewport to `path`. */
  screenshot(path: string): Promise<void>;
  /** The first match's box in CSS pixels from the viewport's top left; null when none is rendered. */
  boundingBox(selector: string): Promise<Box | null>;
  /**
   * The elements the browser's accessibility view exposes with ARIA `role` (and, given `name`,
   * exactly that accessible name), inside the first match of `within` (default: the document),
   * each as "<index in document order> <its opening tag>". Chromium: playwright's getByRole;
   * Firefox: WebDriver BiDi's accessibility locator, answered by Firefox's accessibility engine.
   */
  byRole(role: string, options?: { name?: string; within?: string }): Promise<string[]>;
  /** Clicks the first element with this ARIA role and exactly this accessible name. */
  clickByRole(role: string, name: string): Promise<void>;
  /** Clicks `selector` and returns the file the browser downloads because of it. */
  download(selector: string): Promise<{ filename: string; text: string }>;
  /**
   * Chromium only: lets pages use the async clipboard without a prompt (Chromium asks otherwise).
   * Firefox needs no grant for a page to read back what the same page wrote.
   */
  allowClipboard?(): Promise<void>;
  /** Chromium only: playwright's ARIA snapshot of the first match (puppeteer over BiDi has none). */
  ariaSnapshot?(selector: string): Promise<string>;
}

/** A box in CSS pixels. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** Describes elements for byRole: "<index in document order> <opening tag>". */
const DESCRIBE_ELEMENTS = `(els) => { const all = [...document.querySelectorAll('*')];
  return els.map((e) => { const h = e.outerHTML; return all.indexOf(e) + ' ' + h.slice(0, h.indexOf('>') + 1); }); }`;

/**
 * DESCRIBE_ELEMENTS as a function taking the array (playwright's evaluateAll), made from its source
 * text: a function written here would carry the helpers the test transpiler adds (see ROWS_SCRIPT in panel.ts).
 */
const describeElements = (): ((els: Element[]) => string[]) =>
  new Function('els', `return (${DESCRIBE_ELEMENTS})(els);`) as (els: Element[]) => string[];

type InputMembers = Required<PageInput>;

/** The real-input members of a playwright page (Chromium). */
export function playwrightInput(page: PlaywrightPage): InputMembers {
  const scope = (within: string | undefined) =>
    within ? page.locator(within).first() : page.locator(':root');
  return {
    async dblclick(selector) {
      await page.dblclick(selector);
    },
    async focus(selector) {
      await page.focus(selector);
    },
    async press(key) {
      await page.keyboard.press(key);
    },
    async fill(selector, text) {
      await page.fill(selector, text);
    },
    async select(selector, value) {
      await page.selectOption(selector, value);
    },
    async reload() {
      await page.reload();
    },
    async bringToFront() {
      await page.bringToFront();
    },
    async setViewport(width, height) {
      await page.setViewportSize({ width, height });
    },
    async emulateColorScheme(scheme) {
      await page.emulateMedia({ colorScheme: scheme });
    },
    async screenshot(path) {
      await page.screenshot({ path });
    },
    boundingBox: (selector) => page.locator(selector).first().boundingBox(),
    byRole: (role, options = {}) =>
      scope(options.within)
        .getByRole(role as Parameters<PlaywrightPage['getByRole']>[0], {
          ...(options.name === undefined ? {} : { name: options.name, exact: true }),
        })
        .evaluateAll(describeElements()),
    async clickByRole(role, name) {
      await page.getByRole(role as Parameters<PlaywrightPage['getByRole']>[0], { name, exact: true }).click();
    },
    async download(selector) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
      return { filename: download.suggestedFilename(), text: await readFile(await download.path(), 'utf8') };
    },
    async allowClipboard() {
      // Browser.grantPermissions refuses chrome-extension:// ("opaque") origins: granted for all origins.
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    },
    ariaSnapshot: (selector) => page.locator(selector).first().ariaSnapshot(),
  };
}

interface BidiEvents {
  send(method: string, params: object): Promise<{ result: unknown }>;
  on(event: string, handler: (params: never) => void): unknown;
  off(event: string, handler: (params: never) => void): unknown;
}

/** The real-input members of a puppeteer page (Firefox over WebDriver BiDi). */
export function puppeteerInput(
  page: PuppeteerPage,
  extensionPage: boolean,
): Omit<InputMembers, 'allowClipboard' | 'ariaSnapshot'> {
  const bidi = (): BidiEvents => {
    const c = (page.browser() as unknown as { connection?: BidiEvents }).connection;
    if (!c || typeof c.send !== 'function')
      throw new Error('puppeteer-core no longer exposes its BiDi connection');
    return c;
  };
  const first = async (selector: string) => {
    const el = await page.$(selector);
    if (!el) throw new Error(`no ${selector}`);
    return el;
  };
  return {
    async dblclick(selector) {
      // Two presses of the real mouse button: Firefox itself makes the dblclick event.
      await page.click(selector, { count: 2 });
    },
    async focus(selector) {
      await page.focus(selector);
    },
    async press(key) {
      await page.keyboard.press(key as KeyInput);
    },
    async fill(selector, text) {
      // As a user: focus, select all, delete, type (puppeteer has no fill on a Page).
      await page.focus(selector);
      await page.keyboard.down('Control');
      await page.keyboard.press('KeyA');
      await page.keyboard.up('Control');
      await page.keyboard.press('Backspace');
      if (text) await page.keyboard.type(text);
    },
    async select(selector, value) {
      const chosen = await page.select(selector, value);
      if (!chosen.includes(value)) throw new Error(`${selector} has no option ${value}`);
    },
    async reload() {
      await page.reload(extensionPage ? { waitUntil: 'commit' as never } : {});
    },
    async bringToFront() {
      await page.bringToFront();
    },
    async setViewport(width, height) {
      await page.setViewport({ width, height });
    },
    async emulateColorScheme(scheme) {
      // What DevTools' "simulate prefers-color-scheme" sets: the override on the tab's browsing
      // context (puppeteer's emulateMediaFeatures needs CDP). The tab is found by its address.
      const href = await page.evaluate('location.href');
      const chrome = await FirefoxChrome.of(page.browser());
      await chrome.evaluate(`(() => {
        const tabs = gBrowser.tabs.filter((t) => t.linkedBrowser.currentURI.spec === ${JSON.stringify(href)});
        if (tabs.length !== 1) throw new Error(tabs.length + ' tabs show ' + ${JSON.stringify(href)});
        tabs[0].linkedBrowser.browsingContext.prefersColorSchemeOverride = ${JSON.stringify(scheme)};
      })()`);
    },
    async screenshot(path) {
      await page.screenshot({ path: path as `${string}.png` });
    },
    async boundingBox(selector) {
      return (await page.$(selector))?.boundingBox() ?? null;
    },
    async byRole(role, options = {}) {
      const root = await first(options.within ?? ':root');
      // puppeteer's ARIA selector: Firefox answers it with WebDriver BiDi's accessibility locator.
      if (options.name !== undefined && /[[\]"']/.test(options.name))
        throw new Error(`an ARIA selector cannot name ${JSON.stringify(options.name)}`);
      const found = await root.$$(`aria/${options.name ?? ''}[role="${role}"]`);
      if (found.length === 0) return [];
      // Each handle is one argument here: the function collects them (made from source text too).
      const describe = new Function('...els', `return (${DESCRIBE_ELEMENTS})(els);`) as (
        ...els: Element[]
      ) => string[];
      return page.evaluate(describe, ...found);
    },
    async clickByRole(role, name) {
      await page.click(`aria/${name}[role="${role}"]`);
    },
    async download(selector) {
      // WebDriver BiDi: downloads allowed into a fresh folder, then the browser's downloadEnd event.
      const dir = mkdtempSync(join(tmpdir(), 'wsci-download-'));
      const connection = bidi();
      const context = (page.mainFrame() as unknown as { _id?: string })._id;
      let onEnd: ((e: never) => void) | null = null;
      const ended = new Promise<{ status: string; filepath?: string | null }>((resolve) => {
        onEnd = ((e: { context: string; status: string; filepath?: string | null }) => {
          if (!context || e.context === context) resolve(e);
        }) as (e: never) => void;
        connection.on('browsingContext.downloadEnd', onEnd);
      });
      await connection.send('browser.setDownloadBehavior', {
        downloadBehavior: { type: 'allowed', destinationFolder: dir },
      });
      const { result } = await connection.send('session.subscribe', {
        events: ['browsingContext.downloadEnd'],
      });
      let timer: ReturnType<typeof setTimeout> | undefined;
      try {
        await page.click(selector);
        const end = await Promise.race([
          ended,
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new Error(`no download from ${selector}`)), 15000);
          }),
        ]);
        if (end.status !== 'complete' || !end.filepath) throw new Error(`the download ended ${end.status}`);
        return { filename: basename(end.filepath), text: await readFile(end.filepath, 'utf8') };
      } finally {
        clearTimeout(timer);
        if (onEnd) connection.off('browsingContext.downloadEnd', onEnd);
        await connection.send('session.unsubscribe', {
          subscriptions: [(result as { subscription: string }).subscription],
        });
        await connection.send('browser.setDownloadBehavior', { downloadBehavior: null });
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
