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
