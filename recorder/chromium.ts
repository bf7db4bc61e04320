/**
 * Real headless Chromium (Debian's /usr/bin/chromium) with the built extension loaded unpacked.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, chromium, type Page, type Worker } from 'playwright-core';

export const DIST = resolve(import.meta.dirname, '../dist');

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export class BrowserNotFoundError extends Error {}

// Chromium only: branded Chrome ignores --load-extension since version 137.
const USUAL_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** Where Playwright keeps the Chromium it manages (`npx playwright install chromium`), if there. */
function playwrightManagedChromium(): string | null {
  try {
    const path = chromium.executablePath();
    return path && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/**
 * An explicit path, then $CHROMIUM_PATH, then the usual install locations, then a Chromium that
 * Playwright manages; never a download.
 */
export function chromiumPath(explicit?: string): string {
  if (explicit) {
    if (existsSync(explicit)) return explicit;
    throw new BrowserNotFoundError(`No browser at ${explicit}.`);
  }
  const candidates = [process.env.CHROMIUM_PATH, ...USUAL_PATHS];
  for (const c of candidates) if (c && existsSync(c)) return c;
  const managed = playwrightManagedChromium();
  if (managed) return managed;
  throw new BrowserNotFoundError(
    'No Chromium found. Install it (Debian/Ubuntu: sudo apt-get install chromium; or npx playwright install chromium), or pass --browser <path>, or set CHROMIUM_PATH.',
  );
}

export interface ExtensionBrowser {
  readonly context: BrowserContext;
  readonly extensionId: string;
  readonly worker: Worker;
  /** Opens a page and returns it with its tab id. */
  newPage(url?: string): Promise<{ page: Page; tabId: number }>;
  tabIdOf(page: Page): Promise<number>;
  /** Opens the panel for `tabId` in its own tab (tab mode). */
  openPanel(tabId: number): Promise<Page>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  /** A browser binary; default: chromiumPath(). */
  readonly executablePath?: string;
  /** A real window (needs a display) instead of headless. */
  readonly headed?: boolean;
  /** Open DevTools with every tab (headed only). */
  readonly devtools?: boolean;
  /** The unpacked extension to load; default dist/. */
  readonly extensionDir?: string;
  /** Host names to resolve to 127.0.0.1 (tests: an origin that is not a secure context). */
  readonly hostAliases?: readonly string[];
}

export async function launchWithExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const dir = options.extensionDir ?? DIST;
  if (!existsSync(join(dir, 'manifest.json')))
    throw new Error(`${dir} has no manifest.json: run \`npm run build\` first.`);
  const userDataDir = mkdtempSync(join(tmpdir(), 'wsci-profile-'));
  const baseArgs = options.headed ? CHROMIUM_ARGS.filter((a) => !a.startsWith('--headless')) : CHROMIUM_ARGS;
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: chromiumPath(options.executablePath),
    headless: !options.headed,
    args: [
      ...baseArgs,
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
      ...(options.headed && options.devtools ? ['--auto-open-devtools-for-tabs'] : []),
      ...(options.hostAliases?.length
        ? [`--host-resolver-rules=${options.hostAliases.map((h) => `MAP ${h} 127.0.0.1`).join(',')}`]
        : []),
    ],
    viewport: options.headed ? null : { width: 1400, height: 800 },
    acceptDownloads: true,
  });
  let worker = context.serviceWorkers()[0];
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 60_000 });
  const extensionId = new URL(worker.url()).host;

  const currentWorker = async (): Promise<Worker> => {
    const live = context.serviceWorkers().find((w) => w.url().includes(extensionId));
    return live ?? context.waitForEvent('serviceworker', { timeout: 60_000 });
  };

  const tabIdOf = async (page: Page): Promise<number> => {
    await page.bringToFront();
    const w = await currentWorker();
    const id = await w.evaluate(async () => {
      const tabs = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      return tabs[0]?.id ?? -1;
    });
    if (id < 0) throw new Error('could not find the tab id');
    return id;
  };

  return {
    context,
    extensionId,
    worker,
    async newPage(url?: string) {
      const page = await context.newPage();
      if (url) await page.goto(url);
      return { page, tabId: await tabIdOf(page) };
    },
    tabIdOf,
    async openPanel(tabId: number) {
      const panel = await context.newPage();
      await panel.goto(`chrome-extension://${extensionId}/extension/panel/index.html?tabId=${tabId}`);
      await panel.waitForSelector('[data-testid="summary"]');
      return panel;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Launches Chromium without the extension: the oracle for "the page sees the same". */
export async function launchPlain() {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}
