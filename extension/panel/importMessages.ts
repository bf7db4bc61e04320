/**
 * What the panel and its import worker say to each other. The worker only ever reads a file the
 * user chose; its replies are checked like any other input (they carry the file's contents).
 */
import type { CloseLog, SkippedConnections } from '../../src/closeLog';
import type { Engine } from '../../src/closeRules';
import type { Connection } from '../../src/model';
import type { NetworkHandshake } from '../../src/networkHandshakes';
import type { PageLifecycleEvent } from '../../src/why/pageLifecycle';

export type ImportPhase = 'reading' | 'parsing' | 'checking' | 'loading';

export interface ImportProgress {
  readonly phase: ImportPhase;
  /** Bytes read, or connections checked or loaded; total 0 when the phase cannot tell. */
  readonly done: number;
  readonly total: number;
}

export interface ImportHeader {
  readonly engine: Engine | null;
  readonly userAgent: string;
  readonly pageUrl: string;
  readonly exportedAt: string;
  readonly tool: string;
  readonly filtered: boolean;
  readonly droppedConnections: number;
  /** The page's lifecycle (for "why it closed" on imported rows). */
  readonly lifecycle: readonly PageLifecycleEvent[];
  /** Handshakes no page socket claimed (a worker's), from the network layer. */
  readonly unseenSockets: readonly NetworkHandshake[];
  readonly skipped: SkippedConnections;
  readonly total: number;
}

export type WorkerReply =
  | ({ readonly type: 'progress' } & ImportProgress)
  | { readonly type: 'connections'; readonly items: readonly Connection[] }
  | { readonly type: 'done'; readonly header: ImportHeader }
  | { readonly type: 'error'; readonly message: string };

/** Connections per message: each message is deserialised in one panel task, so keep it small. */
export const CONNECTIONS_PER_MESSAGE = 250;

/** What the panel needs of a close log besides its connections. */
export function importHeader(log: CloseLog, skipped: SkippedConnections, total: number): ImportHeader {
  return {
    engine: log.browser.engine,
    userAgent: log.browser.userAgent,
    pageUrl: log.page.url,
    exportedAt: log.exportedAt,
    tool: `${log.tool.name} ${log.tool.version}`,
    filtered: log.filtered,
    droppedConnections: log.droppedConnections,
    lifecycle: log.lifecycle,
    unseenSockets: log.unseenSockets ?? [],
    skipped,
    total,
  };
}
