/**
 * Judges what a bridge kept: each raw close() call becomes the logged CloseCallEvent (argument
 * snapshots, verdicts for the standard and every engine, the caller's page frames), and each
 * socket's raw constructor stack its call site, under the numbers the bridge gave them. Runs in
 * the background, so a page pays nothing for it.
 */
import type { Engine } from './engine';
import { enrichCloseCall, pageStack } from './enrich';
import type { RawLogEvent, Sequenced } from './protocol';

export interface JudgeContext {
  readonly engine: Engine;
  /** The extension's own origin: its frames are cut from callers' stacks. */
  readonly extensionOrigin: string;
}

export function judgeEvent(event: Sequenced<RawLogEvent>, ctx: JudgeContext): Sequenced {
  if (event.kind === 'close-call')
    return { ...enrichCloseCall(event, ctx.engine, ctx.extensionOrigin), seq: event.seq };
  if (event.kind === 'created') {
    const { stack, ...created } = event;
    const site = stack ? pageStack(stack, ctx.extensionOrigin)[0] : undefined;
    return site ? { ...created, site } : created;
  }
  return event;
}

export function judgeEvents(events: readonly Sequenced<RawLogEvent>[], ctx: JudgeContext): Sequenced[] {
  const out: Sequenced[] = new Array(events.length);
  for (let i = 0; i < events.length; i++) out[i] = judgeEvent(events[i] as Sequenced<RawLogEvent>, ctx);
  return out;
}
