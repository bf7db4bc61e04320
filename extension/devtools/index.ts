// Creates the "WS Closes" panel. chrome.devtools is used directly: some Chromium builds lack
// browser.devtools.panels in the polyfill (webextension-polyfill issue 721).
// Paths start with "/": Firefox resolves them against this page's URL (extension/devtools/),
// Chromium against the extension root; a root-absolute path means the same in both.
const api: typeof chrome | undefined = typeof chrome !== 'undefined' ? chrome : undefined;
api?.devtools?.panels?.create('WS Closes', '/icons/icon-32.png', '/extension/panel/index.html');
