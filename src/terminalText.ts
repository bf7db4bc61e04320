/**
 * Page-controlled text on its way to a terminal. Control characters (\p{Cc}: ESC, C1 controls
 * such as CSI, BEL, newlines) and format characters (\p{Cf}: bidi overrides such as U+202E,
 * zero-width characters) are written as visible escapes, so a page cannot move the cursor,
 * change colours, set the window title (OSC), or reorder what the user reads.
 */
const UNSAFE = /[\p{Cc}\p{Cf}]/gu;

export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const cp = ch.codePointAt(0) ?? 0;
    return cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u{${cp.toString(16)}}`;
  });
}
