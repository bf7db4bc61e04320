import { render } from 'preact';
import { App } from './App';
import { ErrorBoundary } from './ErrorBoundary';
import { createPanelModel } from './panelModel';

function inspectedTabId(): { tabId: number; mode: 'devtools' | 'tab' } | null {
  const fromQuery = new URLSearchParams(location.search).get('tabId');
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return { tabId: Number(fromQuery), mode: 'tab' };
  const devtools = typeof chrome !== 'undefined' ? chrome.devtools : undefined;
  const id = devtools?.inspectedWindow?.tabId;
  return typeof id === 'number' ? { tabId: id, mode: 'devtools' } : null;
}

function applyTheme(theme: string | undefined): void {
  const root = document.documentElement;
  root.classList.toggle('theme-dark', theme === 'dark');
  // Chromium names its light theme 'default', Firefox 'light'.
  root.classList.toggle('theme-light', theme === 'default' || theme === 'light');
}

const target = inspectedTabId();
const root = document.getElementById('app');
if (root) {
  if (!target) {
    root.textContent =
      'Open this page from DevTools, or add ?tabId=<id of the tab to inspect> to its address.';
  } else {
    // In DevTools, follow its theme (and its changes); in a tab, the CSS follows prefers-color-scheme.
    const panels = typeof chrome !== 'undefined' ? chrome.devtools?.panels : undefined;
    if (panels) {
      applyTheme(panels.themeName);
      panels.setThemeChangeHandler?.((theme) => applyTheme(theme));
      // Firefox has no setThemeChangeHandler; it fires onThemeChanged instead.
      (
        panels as { onThemeChanged?: chrome.events.Event<(theme: string) => void> }
      ).onThemeChanged?.addListener((theme) => applyTheme(theme));
    }
    render(
      <ErrorBoundary>
        <App model={createPanelModel(target.tabId, target.mode)} />
      </ErrorBoundary>,
      root,
    );
  }
}
