import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../src/terminalText';

describe('terminalSafe', () => {
  it('writes C0, DEL and C1 controls as visible escapes', () => {
    expect(terminalSafe('a\x1b[31mred\x1b]0;title\x07b')).toBe('a\\x1b[31mred\\x1b]0;title\\x07b');
    expect(terminalSafe('\x9b2J\x7f\n\r\t')).toBe('\\x9b2J\\x7f\\x0a\\x0d\\x09');
  });
  it('writes format characters (bidi overrides, zero-width) as escapes', () => {
    expect(terminalSafe('evil\u202etxt.exe')).toBe('evil\\u{202e}txt.exe');
    expect(terminalSafe('a\u200bb\ufeffc\u2066d')).toBe('a\\u{200b}b\\u{feff}c\\u{2066}d');
  });
  it('leaves printable text, including non-Latin scripts and emoji, alone', () => {
    const text = 'wss://example.com/путь?q=€ 😀 日本語';
    expect(terminalSafe(text)).toBe(text);
  });
  it('every character it leaves is neither Cc nor Cf', () => {
    let all = '';
    for (let cp = 0; cp < 0x3000; cp++) all += String.fromCodePoint(cp);
    expect(/[\p{Cc}\p{Cf}]/u.test(terminalSafe(all))).toBe(false);
  });
});
