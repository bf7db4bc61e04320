/**
 * What the extension does with the page hook's batches, wherever it runs: parse, validate,
 * enrich (verdicts, byte lengths, the page-note voice) and keep them in one document's log.
 * The bridge runs it for a live document; the background runs it for the batches a document
 * handed over as it unloaded, before its bridge had loaded (see extension/isolated/index.ts).
 */

import type { Engine } from './closeRules';
import type { DocumentLog } from './documentLog';
import { enrichCloseCall } from './enrich';
import { capText, LIMITS, type LogEvent, type PageEvent, readPageMessage, type Sequenced } from './protocol';
import { formatWarning, warningKey } from './warnings';
import { utf8ByteLength } from './webidl';

/** A batch larger than this is refused whole (the relay's own budget is smaller). */
export const MAX_BATCH_CHARS = 100 * 1024 * 1024;

export interface IntakeOptions {
  readonly engine: Engine;
  readonly extensionOrigin: string;
  readonly log: DocumentLog;
  /** A close() call that deserves a console warning: its collapse key, text and repeat count. */
  readonly onWarning?: (key: string, text: string, count: number) => void;
}

export interface DocumentFacts {
  readonly t: number;
  readonly url: string;
  readonly top: boolean;
  readonly userAgent: string;
}

export class PageIntake {
  constructor(private readonly o: IntakeOptions) {}

  /** Numbers and keeps an event: returns what to forward now ([] when it was not kept). */
  record(event: LogEvent): Sequenced[] {
    return this.o.log.add(event);
  }

  /** The document's start (trusted facts, never from the page). */
  documentStart(facts: DocumentFacts): Sequenced[] {
    return this.record({
      kind: 'document',
      t: facts.t,
      url: capText(facts.url, LIMITS.url),
      top: facts.top,
      engine: this.o.engine,
      userAgent: capText(facts.userAgent, LIMITS.text),
    });
  }

  /** Page batches that were lost before they reached the intake: a gap is never silent. */
  lostWhileLoading(batches: number): Sequenced[] {
    return this.note(`${batches} batch(es) of page events were lost while the inspector's bridge loaded`);
  }

  /** One page batch (the hook's CustomEvent detail, untouched). */
  receive(detail: unknown): Sequenced[] {
    const parsed = parseBatch(detail);
    if ('refused' in parsed) return this.note(`a batch of page events was rejected: ${parsed.refused}`);
    const message = readPageMessage(parsed.value);
    if (!message)
      return this.note(
        `a batch of page events was rejected: the wrong shape or protocol version, or more than ${LIMITS.eventsPerBatch} events`,
      );
    const out: Sequenced[] = [];
    for (const event of message.events) {
      try {
        out.push(...this.record(this.enrich(event)));
      } catch {
        // a malformed event must not stop the others
      }
    }
    if (message.rejected > 0)
      out.push(...this.note(`${message.rejected} malformed event(s) from the page were rejected`));
    return out;
  }

  private note(text: string): Sequenced[] {
    return this.record({ kind: 'note', t: Date.now(), text });
  }

  private enrich(event: PageEvent): LogEvent {
    switch (event.kind) {
      case 'closed':
        return {
          ...event,
          reason: capText(event.reason, LIMITS.text),
          reasonBytes: utf8ByteLength(event.reason),
        };
      case 'close-call': {
        const call = enrichCloseCall(event, this.o.engine, this.o.extensionOrigin);
        if (this.o.onWarning) {
          const url = capText(this.o.log.urlOf(event.sid) ?? '(unknown socket)', 200);
          const text = formatWarning(url, call);
          if (text) this.o.onWarning(warningKey(call), text, call.repeat);
        }
        return call;
      }
      case 'note':
        // Notes come through the page's world, where a page can make them: never in our voice.
        return {
          ...event,
          t: Date.now(),
          text: capText(`reported from the page: ${event.text}`, LIMITS.text),
        };
      default:
        return event;
    }
  }
}

/** The page's batch as JSON, or why it is refused. */
function parseBatch(detail: unknown): { value: unknown } | { refused: string } {
  if (typeof detail !== 'string') return { refused: 'not a string' };
  if (detail.length > MAX_BATCH_CHARS) return { refused: `larger than ${MAX_BATCH_CHARS} characters` };
  try {
    return { value: JSON.parse(detail) };
  } catch {
    return { refused: 'not JSON' };
  }
}
