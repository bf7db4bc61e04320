/**
 * `npm start` (after the build): starts a local ws server and a demo page with every close
 * scenario on 127.0.0.1 and records it with the headless recorder, printing the summary and
 * where the close log went. With --headed (or a display), opens Chromium with DevTools instead.
 */
import { resolve } from 'node:path';
import { demoPage } from '../demo/page';
import { startServers } from '../demo/servers';
import { BrowserNotFoundError, launchWithExtension } from '../recorder/chromium';
import { record } from '../recorder/record';
import { summaryTable } from '../recorder/summary';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY) && !process.env.CI;
  const headed = args.includes('--headed') || (hasDisplay && !args.includes('--headless'));
  const servers = await startServers();
  servers.page('/demo.html', demoPage(servers.wsOrigin, servers.refusedPort));
  const url = `${servers.origin}/demo.html`;
  try {
    if (headed) {
      const browser = await launchWithExtension({ headed: true, devtools: true });
      const { page } = await browser.newPage();
      await page.goto(url);
      console.log(
        `Demo page: ${url}\nDevTools is open: pick the "WS Closes" panel. Close the browser or press Ctrl-C to stop.`,
      );
      await new Promise<void>((done) => {
        browser.context.on('close', () => done());
        process.once('SIGINT', () => done());
      });
      await browser.close().catch(() => undefined);
      return 0;
    }
    const out = resolve('demo-closes.json');
    console.log(`Recording the demo page ${url} in headless Chromium with the extension…\n`);
    const result = await record({
      url,
      out,
      waitMs: 0,
      untilIdle: true,
      idleMs: 1000,
      maxWaitMs: 30000,
      failOn: [],
    });
    console.log(summaryTable(result.log));
    console.log(`\nClose log (JSON, importable in the panel): ${out}`);
    console.log(
      'Load the extension yourself: chrome://extensions → Developer mode → Load unpacked → dist/ (see README).',
    );
    if (result.problem) console.error(result.problem);
    return result.problem ? 3 : 0;
  } catch (error) {
    if (error instanceof BrowserNotFoundError) {
      // The build itself succeeded: say where it is, so the extension can still be loaded by hand.
      console.error(error.message);
      console.error(
        'The extension is built: load dist/ (Chromium) or dist-firefox/ (Firefox) by hand, as the README says.',
      );
      return 2;
    }
    throw error;
  } finally {
    await servers.close();
  }
}

process.exitCode = await main();
