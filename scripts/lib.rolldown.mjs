/**
 * The npm package's Node code: the recorder CLI and the programmatic API, bundled to plain ESM in
 * lib/ (no tsx at run time), and the Playwright Test fixture. Browser drivers stay dependencies,
 * and @playwright/test a peer, not bundled.
 */
export default {
  input: { cli: 'recorder/cli.ts', index: 'recorder/api.ts', playwright: 'recorder/playwright.ts' },
  platform: 'node',
  external: [/^node:/, /^playwright-core(\/|$)/, /^puppeteer-core(\/|$)/, /^@playwright\/test(\/|$)/],
  output: { dir: 'lib', format: 'esm', sourcemap: false },
};
