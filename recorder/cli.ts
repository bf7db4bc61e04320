/**
 * ws-close-inspector record <url> [--out closes.json] [--csv closes.csv] [--wait <ms> | --until-idle]
 *                                 [--browser <path>] [--fail-on invalid,unclean,portability]
 *                                 [--junit report.xml] [--html report.html] [--headed]
 * Exit codes: 0 ok; 1 a --fail-on condition was met; 2 usage or browser problem; 3 the page could not be recorded fully.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { toHtmlReport } from '../src/htmlReport';
import { terminalSafe } from '../src/terminalText';
import { BrowserNotFoundError } from './chromium';
import { FAIL_ON, type FailOn, githubAnnotations, toJUnit } from './ciReports';
import type { BrowserName } from './driver';
import { record } from './record';
import { summaryTable } from './summary';

const USAGE = `usage: ws-close-inspector record <url> [options]

  --out <file>          close log (JSON, the panel's export format)   default: closes.json
  --csv <file>          also write CSV
  --wait <ms>           record for this long after the page loaded    default: 5000
  --until-idle          record until no socket is open and nothing changed for 1 s (max 60 s)
  --browser <b>         chromium (default), firefox, or a browser binary's path
                        (or set CHROMIUM_PATH / FIREFOX_PATH)
  --fail-on <list>      exit 1 when any of: invalid, unclean, portability
  --html <file>         also write a self-contained HTML report (charts, timeline, table,
                        details; no script, no network) to attach to a bug
  --junit <file>        also write a JUnit XML report: one test case per connection, a failure
                        for each --fail-on condition it meets (GitHub Actions annotations are
                        printed as well when GITHUB_ACTIONS=true)
  --no-handshake-replay do not replay failed handshakes from Node (by default each one is made
                        again with the page's Origin, User-Agent, subprotocols and cookies, and
                        the server's answer is reported: status, key headers, 512 bytes of body)
  --headed              show the browser window
`;

export async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const [command, url] = positionals;
  if (command !== 'record' || !url) {
    process.stderr.write(USAGE);
    return 2;
  }
  try {
    const u = new URL(url);
    if (!['http:', 'https:', 'file:'].includes(u.protocol)) throw new Error('scheme');
  } catch {
    process.stderr.write(`Not a URL this recorder can open: ${url} (use http://, https:// or file://)\n`);
    return 2;
  }
  const failOn = (values['fail-on'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = failOn.filter((f) => !FAIL_ON.includes(f as FailOn));
  if (unknown.length) {
    process.stderr.write(
      `Unknown --fail-on condition(s): ${unknown.join(', ')} (known: ${FAIL_ON.join(', ')})\n`,
    );
    return 2;
  }
  const wait = Number(values.wait ?? 5000);
  if (!Number.isFinite(wait) || wait < 0) {
    process.stderr.write('--wait takes a number of milliseconds\n');
    return 2;
  }
  const out = resolve(values.out ?? 'closes.json');
  const csv = values.csv ? resolve(values.csv) : undefined;
  const junit = values.junit ? resolve(values.junit) : undefined;
  const html = values.html ? resolve(values.html) : undefined;
  const tty = process.stderr.isTTY;
  const frames = [
    '\u280b',
    '\u2819',
    '\u2839',
    '\u2838',
    '\u283c',
    '\u2834',
    '\u2826',
    '\u2827',
    '\u2807',
    '\u280f',
  ];
  let tick = 0;
  let lastPrinted = 0;
  try {
    const result = await record({
      url,
      out,
      ...(csv ? { csv } : {}),
      waitMs: wait,
      untilIdle: values['until-idle'] ?? false,
      idleMs: 1000,
      maxWaitMs: 60000,
      ...browserOptions(values.browser),
      headed: values.headed ?? false,
      failOn: failOn as FailOn[],
      handshakeReplay: !values['no-handshake-replay'],
      onProgress(summary, elapsed) {
        if (tty) {
          process.stderr.write(
            `\r${frames[tick++ % frames.length]} recording ${terminalSafe(url)} — ${terminalSafe(summary)} (${(elapsed / 1000).toFixed(1)} s)\x1b[K`,
          );
        } else if (elapsed - lastPrinted >= 1000) {
          lastPrinted = elapsed;
          process.stderr.write(`recording… ${terminalSafe(summary)} (${(elapsed / 1000).toFixed(1)} s)\n`);
        }
      },
    });
    if (tty) process.stderr.write('\r\x1b[K');
    if (junit) await writeFile(junit, toJUnit(result.log, failOn as FailOn[]));
    if (html) await writeFile(html, toHtmlReport(result.log));
    process.stdout.write(
      `${summaryTable(result.log)}\n\nClose log written to ${out}${csv ? ` and ${csv}` : ''}${junit ? `; JUnit report to ${junit}` : ''}${html ? `; HTML report to ${html}` : ''}\n`,
    );
    if (process.env.GITHUB_ACTIONS === 'true')
      for (const line of githubAnnotations(result.log, failOn as FailOn[])) process.stdout.write(`${line}\n`);
    if (result.problem) {
      process.stderr.write(`${terminalSafe(result.problem)}\n`);
      return 3;
    }
    if (result.failures.length) {
      process.stderr.write(
        `Failing (--fail-on ${failOn.join(',')}): ${terminalSafe(result.failures.join('; '))}\n`,
      );
      return 1;
    }
    return 0;
  } catch (error) {
    if (tty) process.stderr.write('\r\x1b[K');
    if (error instanceof BrowserNotFoundError) {
      process.stderr.write(`${error.message}\n`);
      return 2;
    }
    process.stderr.write(
      `Recording failed: ${terminalSafe(error instanceof Error ? error.message : String(error))}\n`,
    );
    return 3;
  }
}

/** --browser chromium|firefox|<path>: a path is Firefox when its name says so. */
function browserOptions(value: string | undefined): { browser?: BrowserName; browserPath?: string } {
  if (!value || value === 'chromium' || value === 'chrome') return { browser: 'chromium' };
  if (value === 'firefox') return { browser: 'firefox' };
  return { browser: /firefox/i.test(value) ? 'firefox' : 'chromium', browserPath: value };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      csv: { type: 'string' },
      wait: { type: 'string' },
      'until-idle': { type: 'boolean' },
      browser: { type: 'string' },
      'fail-on': { type: 'string' },
      junit: { type: 'string' },
      html: { type: 'string' },
      headed: { type: 'boolean' },
      'no-handshake-replay': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
