/** Saving and opening close logs from the panel. */
export function download(filename: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

export async function readFileText(file: File): Promise<string> {
  if (file.size > MAX_IMPORT_BYTES)
    throw new Error(`The file is too large (${file.size} bytes; at most ${MAX_IMPORT_BYTES}).`);
  return file.text();
}

export function timestampForFile(d = new Date()): string {
  return d.toISOString().replace(/[:.]/g, '-');
}

/**
 * Puts `text` on the clipboard: the async Clipboard API, else the older copy command (DevTools
 * panels are iframes where the async API may be blocked). Returns how, or null when neither worked.
 */
export async function copyText(text: string): Promise<'clipboard' | 'command' | null> {
  try {
    await navigator.clipboard.writeText(text);
    return 'clipboard';
  } catch {
    // Fall through to the copy command.
  }
  const focused = document.activeElement;
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  if (focused instanceof HTMLElement) focused.focus();
  return ok ? 'command' : null;
}
