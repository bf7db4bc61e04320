/**
 * Takes in the page batches of a document that unloaded before its bridge loaded (see
 * extension/isolated/index.ts), exactly as that bridge would have, then judges them as any
 * bridge's events: same validation, same caps. What the browser says about the frame (its URL,
 * whether it is the top frame) is used; what the relay says is only the document's start and its
 * batches.
 */
import browser from 'webextension-polyfill';
import { DocumentLog } from '../../src/documentLog';
import { engineFromUserAgent } from '../../src/engine';
import { type JudgeContext, judgeEvents } from '../../src/judge';
import { PageIntake } from '../../src/pageIntake';
import { LIMITS, type RelayHandoff, type Sequenced } from '../../src/protocol';

let context: JudgeContext | null = null;

/** This browser, and the extension's origin (its frames are cut from callers' stacks). */
export function judgeContext(): JudgeContext {
  context ??= {
    engine: engineFromUserAgent(navigator.userAgent),
    extensionOrigin: browser.runtime.getURL('').replace(/\/$/, ''),
  };
  return context;
}

export function takeHandoff(handoff: RelayHandoff, frame: { url: string; top: boolean }): Sequenced[] {
  const intake = new PageIntake({
    engine: judgeContext().engine,
    log: new DocumentLog(LIMITS.connections),
  });
  const events = intake.documentStart({
    t: handoff.start,
    url: frame.url,
    top: frame.top,
    userAgent: navigator.userAgent,
  });
  for (const batch of handoff.batches) events.push(...intake.receive(batch));
  if (handoff.lost > 0) events.push(...intake.lostWhileLoading(handoff.lost));
  // In order, with any "dropped" markers, as a live bridge forwards them.
  return judgeEvents(events, judgeContext());
}
