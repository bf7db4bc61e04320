export type Engine = 'chromium' | 'firefox' | 'webkit';
/** What a close() call is judged against: the WHATWG standard, and each engine as it behaves. */
export type Profile = 'spec' | Engine;
export const ENGINES: readonly Engine[] = ['chromium', 'firefox', 'webkit'];
export const PROFILES: readonly Profile[] = ['spec', 'chromium', 'firefox', 'webkit'];

/** Which engine a user agent string belongs to (used only to pick a model; the native call stays the ground truth). */
export function engineFromUserAgent(ua: string): Engine {
  if (/Firefox\//.test(ua)) return 'firefox';
  // HeadlessChrome/, Chrome/, Chromium/, Edg/, CriOS/ (Chrome on iOS is WebKit underneath).
  if (/CriOS\//.test(ua)) return 'webkit';
  if (/(Chrome|Chromium|Edg)\//.test(ua)) return 'chromium';
  if (/AppleWebKit\//.test(ua)) return 'webkit';
  return 'chromium';
}
