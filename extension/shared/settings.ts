/** User settings kept in extension storage (read by the background and the panel, never by pages). */
import browser from 'webextension-polyfill';
import { LIMITS } from '../../src/protocol';

export interface Settings {
  /** Print warnings for close() calls in the page's console. */
  readonly warnings: boolean;
  /** Keep rows across navigations of the inspected page. */
  readonly preserveLog: boolean;
  /** Connections kept per tab (panel); older ones are dropped with a marker. */
  readonly maxConnections: number;
}

export const MIN_CONNECTIONS = 10;
export const MAX_CONNECTIONS = LIMITS.connectionsMax;
export const DEFAULT_SETTINGS: Settings = {
  warnings: true,
  preserveLog: false,
  maxConnections: LIMITS.connections,
};

function readMax(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= MIN_CONNECTIONS && v <= MAX_CONNECTIONS
    ? v
    : DEFAULT_SETTINGS.maxConnections;
}

function parse(raw: Record<string, unknown>): Settings {
  return {
    warnings: typeof raw.warnings === 'boolean' ? raw.warnings : DEFAULT_SETTINGS.warnings,
    preserveLog: typeof raw.preserveLog === 'boolean' ? raw.preserveLog : DEFAULT_SETTINGS.preserveLog,
    maxConnections: readMax(raw.maxConnections),
  };
}

export async function loadSettings(): Promise<Settings> {
  return parse(await browser.storage.local.get(['warnings', 'preserveLog', 'maxConnections']));
}

export async function saveSettings(change: Partial<Settings>): Promise<void> {
  await browser.storage.local.set(change);
}

export function onSettingsChanged(listener: (settings: Settings) => void): void {
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'local') void loadSettings().then(listener);
  });
}
