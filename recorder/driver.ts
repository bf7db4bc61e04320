/**
 * One small driver interface over both browsers, so scenarios are written once: Chromium through
 * playwright-core, Firefox through puppeteer-core (WebDriver BiDi). Pages are driven with script
 * strings only, which both drivers run the same way.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { Page as PlaywrightPage } from 'playwright-core';
import type { KeyInput, Browser as PuppeteerBrowser, Page as PuppeteerPage } from 'puppeteer-core';
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

  // Real input and page control, to drive the panel as a user does; both adapters implement
  // them, and the two marked "Chromium only" below are optional.
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
    ...puppeteerInput(page, extensionPage),
  };
}

/** Describes elements for byRole: "<index in document order> <opening tag>". */
const DESCRIBE_ELEMENTS = `(els) => { const all = [...document.querySelectorAll('*')];
  return els.map((e) => { const h = e.outerHTML; return all.indexOf(e) + ' ' + h.slice(0, h.indexOf('>') + 1); }); }`;

/**
 * DESCRIBE_ELEMENTS as a function taking the array (playwright's evaluateAll), made from its source
 * text: a function written here would carry the helpers the test transpiler adds (see ROWS_SCRIPT).
 */
const describeElements = (): ((els: Element[]) => string[]) =>
  new Function('els', `return (${DESCRIBE_ELEMENTS})(els);`) as (els: Element[]) => string[];

type InputMembers = Required<
  Omit<DriverPage, 'goto' | 'evaluate' | 'click' | 'title' | 'uploadFile' | 'warnings' | 'errors' | 'close'>
>;

/** The real-input members of a playwright page (Chromium). */
function playwrightInput(page: PlaywrightPage): InputMembers {
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
function puppeteerInput(
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

export interface DriverOptions {
  readonly executablePath?: string;
  readonly headed?: boolean;
  /** Host names to resolve to 127.0.0.1 (tests: an origin that is not a secure context). */
  readonly hostAliases?: readonly string[];
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

/**
 * What the panel readers need of a page: script evaluation. A DriverPage, a playwright Page and
 * the Firefox toolbox panel all fit.
 */
export interface ScriptPage {
  evaluate(expression: string): Promise<unknown>;
}

/** The rows rendered right now (the table is virtualised: only the visible window). */
export async function rows(panel: ScriptPage): Promise<Row[]> {
  return (await panel.evaluate(ROWS_SCRIPT)) as Row[];
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

export async function waitForRowIn(panel: ScriptPage, pred: (r: Row) => boolean, what: string): Promise<Row> {
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
