/**
 * `import { test, expect } from 'ws-close-inspector/playwright'`: Playwright Test with the
 * extension loaded into Chromium, and a `closeLog` fixture for the test's page. The log is read
 * the way the recorder reads it, from the extension's own panel (opened in a tab of the test's
 * browser) and its Export JSON; matchers poll it like Playwright's web-first assertions.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type BrowserContext,
  test as base,
  expect as baseExpect,
  chromium,
  type Expect,
  type Page,
  type PlaywrightTestArgs,
  type PlaywrightTestOptions,
  type PlaywrightWorkerArgs,
  type PlaywrightWorkerOptions,
  type TestType,
} from '@playwright/test';
import type { CloseLog, ExportedConnection } from '../src/closeLog';
import { CHROMIUM_ARGS, chromiumPath, DIST } from './chromium';
import {
  type CloseExpectation,
  closedAsExpected,
  connectionsSeen,
  describeConnection,
  describeExpectation,
  describeInvalidCalls,
  uncleanCloses,
} from './closeLogMatchers';

export type { CloseExpectation } from './closeLogMatchers';

export interface CloseLogFixture {
  /** The close log of the test's tab so far (the panel's export). */
  log(): Promise<CloseLog>;
  /** Its connections, in the close log's JSON shape. */
  connections(): Promise<ExportedConnection[]>;
}

export interface CloseLogOptions {
  /** Attach the test's close log (JSON) to its report: when it fails (default), always, or never. */
  readonly closeLogAttach: 'on-failure' | 'always' | 'never';
}

const PANEL = 'extension/panel/index.html';

/** The extension's own service worker (a site's service worker is in the same list). */
async function extensionWorker(context: BrowserContext) {
  const ours = () => context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://'));
  return (
    ours() ??
    (await context.waitForEvent('serviceworker', {
      timeout: 60_000,
      predicate: (w) => w.url().startsWith('chrome-extension://'),
    }))
  );
}

async function tabIdOf(context: BrowserContext, page: Page): Promise<number> {
  await page.bringToFront();
  const worker = await extensionWorker(context);
  const id = await worker.evaluate(async () => {
    const tabs = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
    return tabs[0]?.id ?? -1;
  });
  if (id < 0) throw new Error('ws-close-inspector: could not find the test page’s tab');
  return id;
}

/** use.launchOptions.executablePath, else CHROMIUM_PATH or the usual paths, else the test's own Playwright Chromium. */
function browserPath(explicit: string | undefined): string {
  try {
    return chromiumPath(explicit);
  } catch (error) {
    const managed = explicit ? '' : chromium.executablePath();
    if (managed && existsSync(managed)) return managed;
    throw error;
  }
}

/** Reads the panel's Export JSON (the download's Blob, caught before it is saved). */
async function exportJson(panel: Page): Promise<CloseLog> {
  await panel.evaluate(() => {
    const w = window as unknown as { __wsciCaught?: boolean; __wsciLastExport?: Blob | null };
    w.__wsciLastExport = null;
    if (w.__wsciCaught) return;
    w.__wsciCaught = true;
    const original = URL.createObjectURL;
    URL.createObjectURL = (blob: Blob) => {
      w.__wsciLastExport = blob;
      return original.call(URL, blob);
    };
  });
  await panel.click('button[aria-label="Export JSON"]');
  const text = await panel.waitForFunction(async () => {
    const blob = (window as unknown as { __wsciLastExport?: Blob | null }).__wsciLastExport;
    return blob ? blob.text() : null;
  });
  return JSON.parse((await text.jsonValue()) as string) as CloseLog;
}

type Args = PlaywrightTestArgs & PlaywrightTestOptions & CloseLogOptions & { closeLog: CloseLogFixture };

export const test: TestType<Args, PlaywrightWorkerArgs & PlaywrightWorkerOptions> = base.extend<
  CloseLogOptions & { closeLog: CloseLogFixture }
>({
  closeLogAttach: ['on-failure', { option: true }],
  // A persistent context is the only way to load an extension: it replaces the default one, with
  // the test's own context options.
  context: async (
    { launchOptions, headless, contextOptions, baseURL, viewport, ignoreHTTPSErrors, locale, timezoneId },
    use,
  ) => {
    if (!existsSync(join(DIST, 'manifest.json')))
      throw new Error(`ws-close-inspector: no extension at ${DIST}`);
    const profile = mkdtempSync(join(tmpdir(), 'wsci-pw-'));
    const context = await chromium.launchPersistentContext(profile, {
      ...contextOptions,
      ...launchOptions,
      ...(baseURL === undefined ? {} : { baseURL }),
      ...(viewport === undefined ? {} : { viewport }),
      ...(ignoreHTTPSErrors === undefined ? {} : { ignoreHTTPSErrors }),
      ...(locale === undefined ? {} : { locale }),
      ...(timezoneId === undefined ? {} : { timezoneId }),
      executablePath: browserPath(launchOptions.executablePath),
      headless,
      args: [
        ...CHROMIUM_ARGS.filter((a) => !a.startsWith('--headless')),
        ...(launchOptions.args ?? []),
        `--disable-extensions-except=${DIST}`,
        `--load-extension=${DIST}`,
      ],
    });
    try {
      await use(context);
    } finally {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    }
  },
  page: async ({ context }, use) => {
    await use(context.pages()[0] ?? (await context.newPage()));
  },
  closeLog: async ({ context, page, closeLogAttach }, use, testInfo) => {
    // Opened before the test body runs, so the panel is live before the page does anything:
    // nothing the test checks can be still on its way in a replay.
    const worker = await extensionWorker(context);
    const id = new URL(worker.url()).host;
    const tabId = await tabIdOf(context, page);
    const panel = await context.newPage();
    await panel.goto(`chrome-extension://${id}/${PANEL}?tabId=${tabId}`);
    await panel.waitForSelector('.status[data-status="live"]');
    await page.bringToFront();
    const fixture: CloseLogFixture = {
      log: () => exportJson(panel),
      async connections() {
        return (await fixture.log()).connections as ExportedConnection[];
      },
    };
    await use(fixture);
    const failed = testInfo.status !== testInfo.expectedStatus;
    if (closeLogAttach === 'always' || (closeLogAttach === 'on-failure' && failed)) {
      try {
        const log = await fixture.log();
        // A file in the test's output folder, so every reporter keeps it (not only the HTML one).
        const path = testInfo.outputPath('close-log.json');
        writeFileSync(path, `${JSON.stringify(log, null, 2)}\n`);
        await testInfo.attach('close-log.json', { path, contentType: 'application/json' });
      } catch {
        // the browser is gone: nothing to attach
      }
    }
  },
});

interface MatcherResult {
  pass: boolean;
  message: () => string;
  name: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads the log until the expectation (or, with .not, its opposite) holds or the time is up, as
 * Playwright's web-first assertions do; the last reading decides.
 */
async function poll(
  fixture: CloseLogFixture,
  isNot: boolean,
  timeout: number,
  check: (log: CloseLog) => boolean,
): Promise<{ log: CloseLog; pass: boolean }> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const log = await fixture.log();
    const pass = check(log);
    if (pass !== isNot || Date.now() >= deadline) return { log, pass };
    await sleep(100);
  }
}

interface MatcherContext {
  readonly isNot: boolean;
  readonly timeout: number;
}

type Result = Promise<{ pass: boolean; message: () => string; name: string }>;
interface CloseLogMatchers {
  toHaveNoInvalidCloseCalls(fixture: CloseLogFixture, options?: { timeout?: number }): Result;
  toHaveNoUncleanCloses(fixture: CloseLogFixture, options?: { timeout?: number }): Result;
  toHaveClosed(fixture: CloseLogFixture, expected?: CloseExpectation, options?: { timeout?: number }): Result;
}

export const expect: Expect<CloseLogMatchers> = baseExpect.extend({
  async toHaveNoInvalidCloseCalls(
    this: MatcherContext,
    fixture: CloseLogFixture,
    options: { timeout?: number } = {},
  ) {
    const { log, pass } = await poll(fixture, this.isNot, options.timeout ?? this.timeout, (l) =>
      l.connections.every((c) => !c.invalidCall),
    );
    const calls = describeInvalidCalls(log);
    return {
      pass,
      name: 'toHaveNoInvalidCloseCalls',
      message: () =>
        pass
          ? `expected an invalid close() call; none was made.\n${connectionsSeen(log)}`
          : `expected no invalid close() calls; ${calls.length} were made:\n${calls.join('\n')}`,
    } satisfies MatcherResult;
  },
  async toHaveNoUncleanCloses(
    this: MatcherContext,
    fixture: CloseLogFixture,
    options: { timeout?: number } = {},
  ) {
    const { log, pass } = await poll(
      fixture,
      this.isNot,
      options.timeout ?? this.timeout,
      (l) => uncleanCloses(l).length === 0,
    );
    return {
      pass,
      name: 'toHaveNoUncleanCloses',
      message: () =>
        pass
          ? `expected an unclean close; every close was clean.\n${connectionsSeen(log)}`
          : `expected no unclean closes:\n${uncleanCloses(log).map(describeConnection).join('\n')}`,
    } satisfies MatcherResult;
  },
  async toHaveClosed(
    this: MatcherContext,
    fixture: CloseLogFixture,
    expected: CloseExpectation = {},
    options: { timeout?: number } = {},
  ) {
    const { log, pass } = await poll(fixture, this.isNot, options.timeout ?? this.timeout, (l) =>
      l.connections.some((c) => closedAsExpected(c, expected)),
    );
    const what = describeExpectation(expected);
    return {
      pass,
      name: 'toHaveClosed',
      message: () =>
        pass
          ? `expected no connection closed with ${what}; one did.\n${connectionsSeen(log)}`
          : `expected a connection closed with ${what}; none did.\n${connectionsSeen(log)}`,
    } satisfies MatcherResult;
  },
});
