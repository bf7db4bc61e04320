import { render } from 'preact';
import { App } from './App';
import { createPanelModel } from './panelModel';

function inspectedTabId(): { tabId: number; mode: 'devtools' | 'tab' } | null {
  const fromQuery = new URLSearchParams(location.search).get('tabId');
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return { tabId: Number(fromQuery), mode: 'tab' };
  const devtools = typeof chrome !== 'undefined' ? chrome.devtools : undefined;
  const id = devtools?.inspectedWindow?.tabId;
  return typeof id === 'number' ? { tabId: id, mode: 'devtools' } : null;
}

const target = inspectedTabId();
const root = document.getElementById('app');
if (root) {
  if (!target) {
    root.textContent =
      'Open this page from DevTools, or add ?tabId=<id of the tab to inspect> to its address.';
  } else {
    const theme = typeof chrome !== 'undefined' ? chrome.devtools?.panels?.themeName : undefined;
    if (theme === 'dark') document.documentElement.classList.add('theme-dark');
    else if (theme === 'default') document.documentElement.classList.add('theme-light');
    render(<App model={createPanelModel(target.tabId, target.mode)} />, root);
  }
}
