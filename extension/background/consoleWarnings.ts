/**
 * Console warnings for close() calls, written here and printed by the page hook in its page's
 * console (background → bridge → private line → hook). The user's "warnings" setting is read
 * here once, so no page reads storage.
 */
import browser from 'webextension-polyfill';
import { type BridgeWarnings, type Sequenced, SOURCE } from '../../src/protocol';
import { WarningDesk } from '../../src/warningDesk';
import { loadSettings, onSettingsChanged } from '../shared/settings';

interface Frame {
  readonly tabId: number;
  readonly frameId: number;
}

/** Repeats of a warned call are summed up this long after the first. */
const SUMMARY_DELAY_MS = 1000;

const desk = new WarningDesk<Frame>();
let enabled: boolean | null = null; // null until the setting is loaded
const beforeSettings: { docId: string; frame: Frame; events: readonly Sequenced[] }[] = [];
let summaryTimer: ReturnType<typeof setTimeout> | null = null;

function print(frame: Frame, docId: string, lines: readonly string[]): void {
  if (lines.length === 0) return;
  const message: BridgeWarnings = { source: SOURCE.background, type: 'warn', docId, lines };
  browser.tabs.sendMessage(frame.tabId, message, { frameId: frame.frameId }).catch(() => {
    // The document is gone (navigated, closed): nobody to warn.
  });
}

function summarise(): void {
  summaryTimer = null;
  if (!enabled) return;
  for (const { docId, target, lines } of desk.drain()) print(target, docId, lines);
}

/** A document's judged events; `live` is false for replays (already warned about). */
export function warnAbout(docId: string, frame: Frame, events: readonly Sequenced[], live: boolean): void {
  if (enabled === null && live) {
    if (beforeSettings.length < 200) beforeSettings.push({ docId, frame, events });
    return;
  }
  const lines = desk.take(docId, frame, events, live && enabled === true);
  print(frame, docId, lines);
  if (live && enabled && !summaryTimer && events.some((e) => e.kind === 'close-call' || e.kind === 'created'))
    summaryTimer = setTimeout(summarise, SUMMARY_DELAY_MS);
}

export function forgetTab(tabId: number): void {
  desk.forget((frame) => frame.tabId === tabId);
}

function settle(warnings: boolean): void {
  enabled = warnings;
  for (const b of beforeSettings.splice(0)) warnAbout(b.docId, b.frame, b.events, true);
}

loadSettings().then(
  (settings) => settle(settings.warnings),
  () => settle(true),
);
onSettingsChanged((settings) => {
  enabled = settings.warnings;
});
