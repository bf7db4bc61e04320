/**
 * The npm package, really: `npm pack` here, a fresh project in a temporary directory outside the
 * repository, `npm i` of the tarball, then the CLI through npx and the programmatic API against a
 * local page in real Chromium, and the package's types from a TypeScript file.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startServers, type TestServers } from '../../demo/servers';
import type { CloseLog } from '../../src/closeLog';
import { selectedBrowsers } from '../support/driver';

const ROOT = resolve(import.meta.dirname, '../..');
/** The @playwright/test the fixture is tested with: the playwright-core this repository uses. */
const PLAYWRIGHT_VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'node_modules/playwright-core/package.json'), 'utf8')) as {
    version: string;
  }
).version;

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  timeout = 300_000,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Run> {
  return new Promise((done) => {
    execFile(command, args, { cwd, timeout, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 99) : 0;
      done({ code, stdout, stderr });
    });
  });
}

/** The project's TypeScript file checks with both module resolutions users have. */
async function typeCheck(project: string, file: string): Promise<void> {
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  for (const resolution of [
    ['--module', 'esnext', '--moduleResolution', 'bundler'],
    ['--module', 'nodenext', '--moduleResolution', 'nodenext'],
  ]) {
    const args = ['--noEmit', '--strict', '--skipLibCheck', '--types', 'node'];
    const r = await run(
      process.execPath,
      [tsc, ...args, '--typeRoots', join(ROOT, 'node_modules/@types'), ...resolution, file],
      project,
    );
    assert.equal(r.code, 0, `${file}, ${resolution.join(' ')}: ${r.stdout}${r.stderr}`);
  }
}

describe('the npm package in a fresh project', { skip: !selectedBrowsers().includes('chromium') }, () => {
  let servers: TestServers;
  let dir: string;
  let project: string;
  let files: string[] = [];
  let pageUrl: string;

  before(async () => {
    servers = await startServers();
    const ws = servers.wsOrigin;
    servers.page(
      '/pkg.html',
      `<!doctype html><title>package</title><script>
{ const s = new WebSocket('${ws}/echo?tag=bye'); s.onopen = () => s.close(4001, 'bye'); }
{ const s = new WebSocket('${ws}/server-close?code=1001&tag=server'); s.onopen = () => s.send('go'); }
{ const s = new WebSocket('${ws}/echo?tag=invalid'); s.onopen = () => { try { s.close(1001); } catch {} s.close(1000); }; }
</script>`,
    );
    pageUrl = `${servers.origin}/pkg.html`;
    dir = mkdtempSync(join(tmpdir(), 'wsci-pkg-'));
    // prepack builds the extensions and lib/ first; its output comes before npm's JSON.
    const packed = await run('npm', ['pack', '--json', '--pack-destination', dir], ROOT, 600_000);
    assert.equal(packed.code, 0, packed.stderr);
    const info = JSON.parse(packed.stdout.slice(packed.stdout.lastIndexOf('\n[\n') + 1)) as {
      filename: string;
      files: { path: string }[];
    }[];
    files = info[0]?.files.map((f) => f.path) ?? [];
    const tarball = join(dir, info[0]?.filename ?? '');
    project = join(dir, 'project');
    await run('mkdir', ['-p', project], dir);
    writeFileSync(join(project, 'package.json'), '{ "name": "fresh", "private": true, "type": "module" }\n');
    const installed = await run('npm', ['install', '--no-audit', '--no-fund', tarball], project, 600_000);
    assert.equal(installed.code, 0, installed.stderr);
  });

  after(async () => {
    await servers?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('holds the built extensions, the bundled JavaScript and its types, and nothing else', () => {
    for (const f of [
      'bin/ws-close-inspector.mjs',
      'lib/cli.js',
      'lib/index.js',
      'lib/types/recorder/api.d.ts',
      'dist/manifest.json',
      'dist-firefox/manifest.json',
      'docs/close-log.schema.json',
      'package.json',
      'README.md',
    ])
      assert.ok(files.includes(f), `${f} is in the package`);
    const stray = files.filter(
      (f) =>
        /^(src|recorder|tests|extension|scripts|demo|node_modules)\/|\.map$|\.ts$/.test(f) &&
        !f.endsWith('.d.ts'),
    );
    assert.deepEqual(stray, []);
    const manifest = JSON.parse(
      readFileSync(join(project, 'node_modules/ws-close-inspector/package.json'), 'utf8'),
    ) as {
      dependencies?: Record<string, string>;
    };
    assert.deepEqual(Object.keys(manifest.dependencies ?? {}).sort(), ['playwright-core', 'puppeteer-core']);
    assert.ok(!existsSync(join(project, 'node_modules/tsx')), 'no tsx at run time');
  });

  it('npx ws-close-inspector record works there, with --fail-on and --junit', async () => {
    const r = await run(
      'npx',
      [
        'ws-close-inspector',
        'record',
        pageUrl,
        '--out',
        'closes.json',
        '--until-idle',
        '--fail-on',
        'invalid',
        '--junit',
        'closes.xml',
      ],
      project,
    );
    assert.equal(r.code, 1, `${r.stdout}\n${r.stderr}`);
    assert.match(r.stderr, /1 connection\(s\) with an invalid close\(\) call/);
    const log = JSON.parse(readFileSync(join(project, 'closes.json'), 'utf8')) as CloseLog;
    assert.equal(log.connections.length, 3);
    assert.match(
      readFileSync(join(project, 'closes.xml'), 'utf8'),
      /<testsuites name="ws-close-inspector" tests="3" failures="1"/,
    );
  });

  it('import { record } from "ws-close-inspector" returns the close log and the failed conditions', async () => {
    writeFileSync(
      join(project, 'api.mjs'),
      `import { record } from 'ws-close-inspector';
const r = await record(${JSON.stringify(pageUrl)}, { untilIdle: true, failOn: ['invalid', 'unclean'] });
console.log(JSON.stringify({
  closes: r.log.connections.map((c) => [c.url.split('tag=')[1], c.closeEvent && c.closeEvent.code, c.initiator]).sort(),
  failures: r.failures,
}));`,
    );
    const r = await run(process.execPath, ['api.mjs'], project);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as {
      closes: unknown[];
      failures: string[];
    };
    assert.deepEqual(out.closes, [
      ['bye', 4001, 'page'],
      ['invalid', 1000, 'page'],
      ['server', 1001, 'server'],
    ]);
    assert.deepEqual(out.failures, ['1 connection(s) with an invalid close() call']);
  });

  it('its types check in a TypeScript project (bundler and nodenext resolution)', async () => {
    writeFileSync(
      join(project, 'check.ts'),
      `import { type CloseLog, record, type RecordApiOptions } from 'ws-close-inspector';
const options: RecordApiOptions = { untilIdle: true, failOn: ['invalid'] };
export async function codes(url: string): Promise<(number | null)[]> {
  const { log }: { log: CloseLog } = await record(url, options);
  return log.connections.map((c) => c.closeEvent?.code ?? null);
}
`,
    );
    await typeCheck(project, 'check.ts');
  });

  it('the Playwright Test fixture: closeLog and its matchers, a passing spec and a failing one with the evidence', async () => {
    const installed = await run(
      'npm',
      ['install', '--no-audit', '--no-fund', '-D', `@playwright/test@${PLAYWRIGHT_VERSION}`],
      project,
      600_000,
    );
    assert.equal(installed.code, 0, installed.stderr);
    writeFileSync(
      join(project, 'playwright.config.mjs'),
      `export default { testDir: 'specs', workers: 1, timeout: 120000, reporter: 'line', use: { headless: true } };\n`,
    );
    await run('mkdir', ['-p', join(project, 'specs')], project);
    writeFileSync(
      join(project, 'specs/pass.spec.mjs'),
      `import { test, expect } from 'ws-close-inspector/playwright';
test('closes as the app means to', async ({ page, closeLog }) => {
  await page.goto(${JSON.stringify(pageUrl)});
  await expect(closeLog).toHaveClosed({ url: /tag=bye/, code: 4001, reason: 'bye', by: 'page', wasClean: true });
  await expect(closeLog).toHaveClosed({ url: 'tag=server', code: 1001, by: 'server' });
  await expect(closeLog).not.toHaveClosed({ code: 4999 }, { timeout: 500 });
  await expect(closeLog).not.toHaveNoInvalidCloseCalls();
  await expect(closeLog).toHaveNoUncleanCloses();
  expect((await closeLog.connections()).length).toBe(3);
});
`,
    );
    writeFileSync(
      join(project, 'specs/fail.spec.mjs'),
      `import { test, expect } from 'ws-close-inspector/playwright';
test('no invalid close() calls', async ({ page, closeLog }) => {
  await page.goto(${JSON.stringify(pageUrl)});
  await expect(closeLog).toHaveClosed({ url: /tag=invalid/ });
  await expect(closeLog).toHaveNoInvalidCloseCalls();
});
`,
    );
    // The fixture's types are real, not any: a wrong argument must be an error.
    writeFileSync(
      join(project, 'typed.spec.ts'),
      `import { test, expect } from 'ws-close-inspector/playwright';
test('typed', async ({ page, closeLog }) => {
  await page.goto('about:blank');
  await expect(closeLog).toHaveClosed({ code: 1000, by: 'page' });
  // @ts-expect-error a code is a number
  await expect(closeLog).toHaveClosed({ code: '1000' });
  const n: number = (await closeLog.connections()).length;
  void n;
});
`,
    );
    await typeCheck(project, 'typed.spec.ts');
    const env = { ...process.env, CHROMIUM_PATH: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' };
    const pass = await run('npx', ['playwright', 'test', 'specs/pass.spec.mjs'], project, 300_000, env);
    assert.equal(pass.code, 0, `${pass.stdout}\n${pass.stderr}`);
    const fail = await run('npx', ['playwright', 'test', 'specs/fail.spec.mjs'], project, 300_000, env);
    assert.equal(fail.code, 1, `${fail.stdout}\n${fail.stderr}`);
    assert.match(fail.stdout, /expected no invalid close\(\) calls; 1 were made:/);
    assert.match(
      fail.stdout,
      /close\(1001\) on ws:\/\/127\.0\.0\.1:\d+\/echo\?tag=invalid threw InvalidAccessError/,
    );
    assert.match(fail.stdout, /pkg\.html:\d+:\d+/, 'the caller’s frame');
    // The failing test's close log is attached to its report.
    const attached = await run('find', ['test-results', '-name', 'close-log*.json'], project);
    assert.match(attached.stdout, /close-log.*\.json/);
  });
});
