/**
 * What the extension does with the page hook's batches at the trust boundary, wherever it runs:
 * parse, validate, cap, clamp page times, and keep them in one document's log, numbered. The
 * bridge runs it for a live document; the background runs it for the batches a document handed
 * over as it unloaded, before its bridge had loaded (see extension/isolated/index.ts).
 *
 * Judging close() calls (verdicts, findings, warnings) is not done here but in the background
 * (./judge.ts): this is all the page's renderer pays for.
 */

import type { DocumentLog } from './documentLog';
import type { Engine } from './engine';
import {
  capText,
  LIMITS,
  type PageEvent,
  type PageLifecycleKind,
  type RawLogEvent,
  readPageMessage,
  type Sequenced,
} from './protocol';
import { utf8ByteLength } from './webidl';

/** A batch larger than this is refused whole (the relay's own budget is smaller). */
export const MAX_BATCH_CHARS = 100 * 1024 * 1024;

export interface IntakeOptions {
  readonly engine: Engine;
  readonly log: DocumentLog;
  /**
   * The clock of the page hook's times (timeOrigin + performance.now(), which is not Date.now():
   * they drift apart, e.g. across a system sleep); lifecycle and note times are taken on it and
   * page times clamped to it. Tests pass their own.
   */
  readonly now?: () => number;
}

export interface DocumentFacts {
  readonly t: number;
  readonly url: string;
  readonly top: boolean;
  readonly userAgent: string;
}

type Kept = Sequenced<RawLogEvent>;

export class PageIntake {
  /** The document's first start: no page event can be older. */
  private floor: number | null = null;
  private readonly now: () => number;

  constructor(private readonly o: IntakeOptions) {
    this.now = o.now ?? Date.now;
  }

  /** The document's start (trusted facts, never from the page). */
  documentStart(facts: DocumentFacts): Kept[] {
    this.floor ??= facts.t;
    return this.o.log.add({
      kind: 'document',
      t: facts.t,
      url: capText(facts.url, LIMITS.url),
      top: facts.top,
      engine: this.o.engine,
      userAgent: capText(facts.userAgent, LIMITS.text),
    });
  }

  /** A lifecycle state the browser reported (trusted: never from the page). */
  lifecycle(state: PageLifecycleKind, persisted?: boolean): Kept[] {
    return this.o.log.add({
      kind: 'lifecycle',
      t: this.now(),
      state,
      ...(persisted === undefined ? {} : { persisted }),
    });
  }

  /** Everything kept, in order, for a full replay. */
  all(): Kept[] {
    return this.o.log.all();
  }

  /** Page batches that were lost before they reached the intake: a gap is never silent. */
  lostWhileLoading(batches: number): Kept[] {
    return this.note(`${batches} batch(es) of page events were lost while the inspector's bridge loaded`);
  }

  /** One page batch (the hook's detail, untouched). */
  receive(detail: unknown): Kept[] {
    const parsed = parseBatch(detail);
    if ('refused' in parsed) return this.note(`a batch of page events was rejected: ${parsed.refused}`);
    const message = readPageMessage(parsed.value);
    if (!message)
      return this.note(
        `a batch of page events was rejected: the wrong shape or protocol version, or more than ${LIMITS.eventsPerBatch} events`,
      );
    const out: Kept[] = [];
    for (const event of message.events) {
      try {
        const kept = this.o.log.add(this.trim(event));
        for (const k of kept) out[out.length] = k;
      } catch {
        // a malformed event must not stop the others
      }
    }
    if (message.rejected > 0)
      out.push(...this.note(`${message.rejected} malformed event(s) from the page were rejected`));
    return out;
  }

  private note(text: string): Kept[] {
    return this.o.log.add({ kind: 'note', t: this.now(), text });
  }

  /** A page time within [the document's start, now]: a page cannot date an event elsewhere. */
  private clamp(t: number): number {
    return Math.min(Math.max(t, this.floor ?? 0), this.now());
  }

  private trim(event: PageEvent): PageEvent {
    switch (event.kind) {
      case 'closed':
        return {
          ...event,
          t: this.clamp(event.t),
          reason: capText(event.reason, LIMITS.text),
          // The page's own count is not trusted.
          reasonBytes: utf8ByteLength(event.reason),
        };
      case 'note':
        // Notes come through the page's world, where a page can make them: never in our voice.
        return {
          ...event,
          t: this.now(),
          text: capText(`reported from the page: ${event.text}`, LIMITS.text),
        };
      case 'created':
      case 'open':
      case 'error':
      case 'close-call':
        return { ...event, t: this.clamp(event.t) };
      case 'traffic':
        return {
          ...event,
          ...(event.lastSentAt === undefined ? {} : { lastSentAt: this.clamp(event.lastSentAt) }),
          ...(event.lastReceivedAt === undefined ? {} : { lastReceivedAt: this.clamp(event.lastReceivedAt) }),
          ...(event.heartbeat
            ? { heartbeat: { ...event.heartbeat, lastAt: this.clamp(event.heartbeat.lastAt) } }
            : {}),
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
