// Creates the "WS Closes" panel. chrome.devtools is used directly: some Chromium builds lack
// browser.devtools.panels in the polyfill (webextension-polyfill issue 721).
const api: typeof chrome | undefined = typeof chrome !== 'undefined' ? chrome : undefined;
api?.devtools?.panels?.create('WS Closes', 'icons/icon-32.png', 'extension/panel/index.html');
