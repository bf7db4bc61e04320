/**
 * The console warnings of every document in the browser, written in one place (the background):
 * for each judged close() call that deserves one, the text to print now in its page's console,
 * repeats collapsed into later summaries. It remembers, per document, the URLs of recent sockets
 * (a warning names its socket) and which frame to print in; both are bounded, oldest first.
 */
import { PatternWatch } from './patternWarnings';
import type { Sequenced } from './protocol';
import { formatWarning, WARNING_PREFIX, WarningCollapser, warningKey } from './warnings';

/** A warning's socket when its creation was not seen (e.g. the background restarted since). */
export const UNKNOWN_SOCKET = '(a socket created before the inspector could see it)';
const URL_CHARS = 200;

interface DeskDocument<Target> {
  target: Target;
  /** The document's URL (its libraries are told from scripts of other origins). */
  pageUrl: string | null;
  readonly urls: Map<number, string>;
  readonly collapser: WarningCollapser;
  readonly patterns: PatternWatch;
}

export interface DeskLimits {
  readonly documents: number;
  readonly socketsPerDocument: number;
}

export class WarningDesk<Target> {
  private readonly docs = new Map<string, DeskDocument<Target>>();

  constructor(private readonly limits: DeskLimits = { documents: 64, socketsPerDocument: 512 }) {}

  /**
   * Takes a document's judged events in order: remembers its sockets and, when `warn`, returns
   * the lines to print now (repeats are counted for `drain`).
   */
  take(docId: string, target: Target, events: readonly Sequenced[], warn: boolean): string[] {
    const doc = this.document(docId, target);
    const lines: string[] = [];
    for (const e of events) {
      if (e.kind === 'document') doc.pageUrl = e.url;
      const pattern = doc.patterns.take(e, WARNING_PREFIX);
      if (pattern && warn) {
        const line = doc.collapser.offer(pattern.key, pattern.text, 1);
        if (line) lines.push(line);
      }
      if (e.kind === 'created') {
        doc.urls.delete(e.sid);
        doc.urls.set(e.sid, e.url.length > URL_CHARS ? `${e.url.slice(0, URL_CHARS)}\u2026` : e.url);
        if (doc.urls.size > this.limits.socketsPerDocument)
          doc.urls.delete(doc.urls.keys().next().value ?? 0);
      } else if (e.kind === 'close-call' && warn) {
        const text = formatWarning(doc.urls.get(e.sid) ?? UNKNOWN_SOCKET, e, doc.pageUrl);
        if (text === null) continue;
        const line = doc.collapser.offer(warningKey(e, doc.pageUrl), text, e.repeat);
        if (line) lines.push(line);
      }
    }
    return lines;
  }

  /** Summaries of repeats since the last drain, per document. */
  drain(): { docId: string; target: Target; lines: string[] }[] {
    const out: { docId: string; target: Target; lines: string[] }[] = [];
    for (const [docId, doc] of this.docs) {
      const lines = doc.collapser.drain();
      if (lines.length > 0) out.push({ docId, target: doc.target, lines });
    }
    return out;
  }

  /** Forgets the documents whose target matches (a closed tab). */
  forget(match: (target: Target) => boolean): void {
    for (const [docId, doc] of this.docs) if (match(doc.target)) this.docs.delete(docId);
  }

  get documentCount(): number {
    return this.docs.size;
  }

  private document(docId: string, target: Target): DeskDocument<Target> {
    let doc = this.docs.get(docId);
    if (doc) {
      // Most recently used last, so the oldest document is the first to go.
      this.docs.delete(docId);
      doc.target = target;
    } else {
      doc = {
        target,
        pageUrl: null,
        urls: new Map(),
        collapser: new WarningCollapser(),
        patterns: new PatternWatch(),
      };
      if (this.docs.size >= this.limits.documents) this.docs.delete(this.docs.keys().next().value ?? '');
    }
    this.docs.set(docId, doc);
    return doc;
  }
}
