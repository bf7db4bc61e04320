/**
 * The command-line recorder, run as a user would (`node bin/ws-close-inspector.mjs record …`),
 * against the demo page and others, in real headless Chromium and Firefox.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv2020 from 'ajv/dist/2020';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { demoPage } from '../../demo/page';
import { startServers, type TestServers } from '../../demo/servers';
import type { CloseLog } from '../../src/closeLog';
import { selectedBrowsers } from '../support/driver';

const CLI = resolve(import.meta.dirname, '../../bin/ws-close-inspector.mjs');
const SCHEMA = resolve(import.meta.dirname, '../../docs/close-log.schema.json');
let servers: TestServers;
let dir: string;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((done) => {
    const options = { timeout: 120000, env: { ...process.env, ...env } };
    execFile(process.execPath, [CLI, ...args], options, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 99) : 0;
      done({ code, stdout, stderr });
    });
  });
}

function readLog(path: string): CloseLog {
  return JSON.parse(readFileSync(path, 'utf8')) as CloseLog;
}

describe('recorder CLI', () => {
  before(async () => {
    servers = await startServers();
    servers.page('/demo.html', demoPage(servers.wsOrigin, servers.refusedPort));
    servers.page('/quiet.html', '<!doctype html><title>no sockets</title><p>nothing to see</p>');
    servers.page(
      '/clean.html',
      `<!doctype html><script>const s = new WebSocket('${servers.wsOrigin}/echo?clean'); s.onopen = () => s.close(1000, 'done');</script>`,
    );
    dir = mkdtempSync(join(tmpdir(), 'wsci-rec-'));
  });

  after(async () => {
    await servers?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('chromium: records the demo: JSON valid against the schema, CSV, summary table, exit 0', {
    skip: !selectedBrowsers().includes('chromium'),
  }, async () => {
    const out = join(dir, 'demo.json');
    const csv = join(dir, 'demo.csv');
    const run = await cli([
      'record',
      `${servers.origin}/demo.html`,
      '--out',
      out,
      '--csv',
      csv,
      '--until-idle',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const log = readLog(out);
    assert.equal(log.connections.length, 24);
    const ajv = new Ajv2020({ allErrors: true, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(SCHEMA, 'utf8')) as object);
    assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5)));
    assert.match(run.stdout, /invalid-code .*1000 Normal Closure.*close\(1001\) threw InvalidAccessError/);
    assert.match(run.stdout, /24 connection\(s\), 5 unclean, 4 with invalid close\(\) calls/);
    // Why it closed, in the summary and the JSON; the failed handshakes replayed from Node.
    const byDemo = (d: string) => log.connections.find((c) => c.url.includes(`demo=${d}`));
    assert.equal(byDemo('forbidden-handshake')?.handshakeReplay?.outcome, 'HTTP 403 Forbidden');
    assert.match(byDemo('forbidden-handshake')?.handshakeReplay?.body ?? '', /token expired/);
    assert.match(
      run.stdout,
      /handshake replayed from Node: HTTP 403 Forbidden — \{"error":"token expired"\}/,
    );
    assert.equal(
      log.connections.find((c) => c.url.includes('demo-refused'))?.handshakeReplay?.outcome,
      'ECONNREFUSED',
    );
    assert.ok(byDemo('storm')?.why.some((f) => f.id === 'reconnect-storm'));
    assert.ok(byDemo('graphql-ws')?.why.some((f) => f.id === 'app-close-code'));
    assert.ok(byDemo('silent-drop')?.why.some((f) => f.id === 'long-silence' || f.id === 'idle-timeout'));
    assert.match(run.stdout, /→ certain: Reconnect storm/);
    // The worker's socket: out of the hook's reach, listed from the network layer.
    assert.ok(
      (log.unseenSockets ?? []).some((h) => h.url.includes('demo=worker') && h.status === 101),
      JSON.stringify(log.unseenSockets),
    );
    assert.match(run.stdout, /1 socket\(s\) the page hook did not see/);
    assert.match(run.stdout, /demo=worker +101 Switching Protocols/);
    assert.equal(byDemo('normal')?.handshakeReplay, undefined, 'only failed handshakes are replayed');
    assert.match(
      run.stdout,
      new RegExp(`Close log written to ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`),
    );
    const csvLines = readFileSync(csv, 'utf8').trim().split('\r\n');
    assert.equal(csvLines.length, 25);
    assert.match(
      csvLines[0] ?? '',
      /^url,frameUrl,state,initiator,code,codeName,reason,reasonBytes,wasClean/,
    );
  });

  it('chromium: --fail-on invalid and --fail-on unclean exit 1 on the demo', {
    skip: !selectedBrowsers().includes('chromium'),
  }, async () => {
    const junit = join(dir, 'a.xml');
    const invalid = await cli(
      [
        'record',
        `${servers.origin}/demo.html`,
        '--out',
        join(dir, 'a.json'),
        '--until-idle',
        '--fail-on',
        'invalid',
        '--junit',
        junit,
      ],
      { GITHUB_ACTIONS: 'true' },
    );
    assert.equal(invalid.code, 1);
    assert.match(invalid.stderr, /4 connection\(s\) with an invalid close\(\) call/);
    // CI reports: a JUnit file with a failure per invalid connection, and GitHub annotations.
    const xml = readFileSync(junit, 'utf8');
    assert.equal(XMLValidator.validate(xml), true);
    const report = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      testsuites: {
        tests: string;
        failures: string;
        testsuite: { testcase: { name: string; failure?: { type: string; message: string } }[] };
      };
    };
    assert.equal(report.testsuites.tests, '24');
    assert.equal(report.testsuites.failures, '4');
    const failed = report.testsuites.testsuite.testcase.filter((c) => c.failure);
    assert.ok(
      failed.every((c) => c.failure?.type === 'invalid' && /^close\(\) threw /.test(c.failure.message)),
    );
    const annotations = invalid.stdout.split('\n').filter((l) => l.startsWith('::error '));
    assert.equal(annotations.length, 4, invalid.stdout);
    assert.match(
      annotations[0] ?? '',
      /^::error title=WebSocket close%3A invalid \(ws%3A\/\/127\.0\.0\.1%3A\d+\/echo\?demo=/,
    );
    const unclean = await cli([
      'record',
      `${servers.origin}/demo.html`,
      '--out',
      join(dir, 'b.json'),
      '--until-idle',
      '--fail-on',
      'unclean',
    ]);
    assert.equal(unclean.code, 1);
    assert.match(unclean.stderr, /5 connection\(s\) closed uncleanly/);
    const portability = await cli([
      'record',
      `${servers.origin}/demo.html`,
      '--out',
      join(dir, 'p.json'),
      '--until-idle',
      '--fail-on',
      'portability',
    ]);
    assert.equal(portability.code, 1);
    assert.match(
      portability.stderr,
      /^Failing \(--fail-on portability\): \d+ connection\(s\) with a non-portable close\(\) call$/m,
    );
  });

  it('firefox: --browser firefox records the demo in real Firefox, with Firefox verdicts', {
    skip: !selectedBrowsers().includes('firefox'),
  }, async () => {
    const out = join(dir, 'firefox.json');
    const run = await cli([
      'record',
      `${servers.origin}/demo.html`,
      '--out',
      out,
      '--until-idle',
      '--browser',
      'firefox',
    ]);
    assert.equal(run.code, 0, run.stderr);
    const log = readLog(out);
    assert.equal(log.browser.engine, 'firefox');
    assert.equal(log.connections.length, 24);
    const invalid = log.connections.find((c) => c.url.includes('demo=invalid-code'));
    assert.equal(
      invalid?.closeCalls[0]?.observed.threw && invalid.closeCalls[0].observed.message,
      'A parameter or an operation is not supported by the underlying object',
    );
    // close(2999.5) is fine in Firefox (rounds to 3000): not an invalid call there.
    const p2999 = log.connections.find((c) => c.url.includes('demo=portability-2999.5'));
    assert.equal(p2999?.invalidCall, false);
    assert.equal(p2999?.closeEvent?.code, 3000);

    // Firefox accepts two of the demo's calls that Chromium rejects (close(2999.5), close(undefined,
    // 'bye')), so --fail-on counts 2 invalid where Chromium counts 4; unclean closes are the same 5.
    const failing = await cli([
      'record',
      `${servers.origin}/demo.html`,
      '--out',
      join(dir, 'firefox-fail.json'),
      '--until-idle',
      '--browser',
      'firefox',
      '--fail-on',
      'invalid,unclean',
    ]);
    assert.equal(failing.code, 1, failing.stderr);
    assert.match(
      failing.stderr,
      /: 2 connection\(s\) with an invalid close\(\) call; 5 connection\(s\) closed uncleanly$/m,
    );
  });

  for (const browser of selectedBrowsers()) {
    it(`${browser}: a clean page passes --fail-on invalid,unclean`, async () => {
      const run = await cli([
        'record',
        `${servers.origin}/clean.html`,
        '--out',
        join(dir, `c-${browser}.json`),
        '--until-idle',
        '--fail-on',
        'invalid,unclean',
        '--browser',
        browser,
      ]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(readLog(join(dir, `c-${browser}.json`)).connections.length, 1);
    });

    it(`${browser}: page-made text never reaches the terminal with its control and format characters`, async () => {
      // A close reason is the page's own text: a right-to-left override, a C1 CSI, an OSC title
      // sequence and BEL (13 UTF-8 bytes, a valid reason). The log keeps it exactly; the table
      // printed to the terminal must not carry any of it raw.
      servers.page(
        '/terminal.html',
        `<!doctype html><script>
const s = new WebSocket('${servers.wsOrigin}/echo?terminal=1');
s.onopen = () => s.close(4000, '\\u202e\\u009b2J\\u001b]0;p\\u0007');
</script>`,
      );
      const out = join(dir, `terminal-${browser}.json`);
      const run = await cli([
        'record',
        `${servers.origin}/terminal.html`,
        '--out',
        out,
        '--until-idle',
        '--browser',
        browser,
      ]);
      const [connection] = readLog(out).connections;
      assert.equal(
        connection?.closeEvent?.reason,
        '\u202e\u009b2J\u001b]0;p\u0007',
        'the log keeps the reason exactly',
      );
      // Every Cc and Cf character but the newlines the output is made of.
      assert.doesNotMatch((run.stdout + run.stderr).replace(/\n/g, ''), /[\p{Cc}\p{Cf}]/u);
    });

    it(`${browser}: a page without sockets gives an empty log and exit 0`, async () => {
      const out = join(dir, `quiet-${browser}.json`);
      const run = await cli([
        'record',
        `${servers.origin}/quiet.html`,
        '--out',
        out,
        '--wait',
        '1000',
        '--fail-on',
        'invalid,unclean',
        '--browser',
        browser,
      ]);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(readLog(out).connections.length, 0);
      assert.match(run.stdout, /0 connection\(s\)/);
    });

    it(`${browser}: an unreachable host: a clear message, exit 3, and the log is still written`, async () => {
      const out = join(dir, `down-${browser}.json`);
      const run = await cli([
        'record',
        `http://127.0.0.1:${servers.refusedPort}/`,
        '--out',
        out,
        '--wait',
        '500',
        '--browser',
        browser,
      ]);
      assert.equal(run.code, 3);
      assert.match(
        run.stderr,
        /Could not load http:\/\/127\.0\.0\.1:\d+\/: .*(ERR_CONNECTION_REFUSED|NS_ERROR_CONNECTION_REFUSED)/,
      );
      assert.equal(readLog(out).connections.length, 0);
    });
  }

  it('usage errors exit 2 with a message', async () => {
    const bad = await cli(['record', 'not a url']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /Not a URL/);
    const noBrowser = await cli([
      'record',
      `${servers.origin}/quiet.html`,
      '--browser',
      '/nonexistent/chrome',
      '--out',
      join(dir, 'x.json'),
    ]);
    assert.equal(noBrowser.code, 2);
    assert.match(noBrowser.stderr, /No browser at \/nonexistent\/chrome/);
    const unknown = await cli(['record', `${servers.origin}/quiet.html`, '--fail-on', 'everything']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /Unknown --fail-on/);
  });
});
