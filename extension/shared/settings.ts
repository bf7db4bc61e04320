/** User settings kept in extension storage (shared by the bridge and the panel). */
import browser from 'webextension-polyfill';

export interface Settings {
  /** Print warnings for close() calls in the page's console. */
  readonly warnings: boolean;
  /** Keep rows across navigations of the inspected page. */
  readonly preserveLog: boolean;
}

export const DEFAULT_SETTINGS: Settings = { warnings: true, preserveLog: false };

function parse(raw: Record<string, unknown>): Settings {
  return {
    warnings: typeof raw.warnings === 'boolean' ? raw.warnings : DEFAULT_SETTINGS.warnings,
    preserveLog: typeof raw.preserveLog === 'boolean' ? raw.preserveLog : DEFAULT_SETTINGS.preserveLog,
  };
}

export async function loadSettings(): Promise<Settings> {
  return parse(await browser.storage.local.get(['warnings', 'preserveLog']));
}

export async function saveSettings(change: Partial<Settings>): Promise<void> {
  await browser.storage.local.set(change);
}

export function onSettingsChanged(listener: (settings: Settings) => void): void {
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'local') void loadSettings().then(listener);
  });
}
