/**
 * Which library a stack frame belongs to, so a warning can say "from mqtt" instead of pointing at
 * a minified line the user never wrote, and the warnings of one library collapse together.
 */

/** `node_modules/@scope/name/…`, a CDN's `/npm/name@1.2.3/…` or `name@1.2.3/…`, a vendor bundle. */
/** Vite serves pre-bundled dependencies as node_modules/.vite/deps/<name>.js. */
const VITE_DEP = /node_modules\/\.vite\/deps\/([^/?#]+?)\.m?js/;
const NODE_MODULES = /node_modules\/((?:@[^/?#]+\/)?[^/?#.][^/?#]*)/;
const CDN_PACKAGE =
  /\/\/(?:cdn\.jsdelivr\.net\/npm|unpkg\.com|esm\.sh|cdn\.skypack\.dev)\/((?:@[^/@?#]+\/)?[^/@?#]+)/;
const VENDOR_BUNDLE = /\/((?:[\w.-]*[-.~])?(?:vendors?|chunk-vendors)[\w.~-]*\.m?js)\b/;
const FRAME_URL = /(?:\(|@|\s)((?:https?|wss?):\/\/[^\s)]+?)(?::\d+){1,2}\)?$/;

export function libraryOf(frame: string, pageUrl: string | null): string | null {
  const module = VITE_DEP.exec(frame)?.[1] ?? NODE_MODULES.exec(frame)?.[1] ?? CDN_PACKAGE.exec(frame)?.[1];
  if (module) return module;
  const vendor = VENDOR_BUNDLE.exec(frame)?.[1];
  if (vendor) return `the vendor bundle ${vendor}`;
  const url = FRAME_URL.exec(frame.trim())?.[1];
  if (!url || !pageUrl) return null;
  try {
    const script = new URL(url);
    const page = new URL(pageUrl);
    return script.origin !== page.origin ? `a script from ${script.host}` : null;
  } catch {
    return null;
  }
}
