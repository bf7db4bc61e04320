/**
 * Takes in the page batches of a document that unloaded before its bridge loaded (see
 * extension/isolated/index.ts), exactly as that bridge would have: same validation, same
 * enrichment, same caps. What the browser says about the frame (its URL, whether it is the top
 * frame) is used; what the relay says is only the document's start and its batches.
 */
import browser from 'webextension-polyfill';
import { DocumentLog } from '../../src/documentLog';
import { engineFromUserAgent } from '../../src/engine';
import { PageIntake } from '../../src/pageIntake';
import { LIMITS, type RelayHandoff, type Sequenced } from '../../src/protocol';

export function takeHandoff(handoff: RelayHandoff, frame: { url: string; top: boolean }): Sequenced[] {
  const intake = new PageIntake({
    engine: engineFromUserAgent(navigator.userAgent),
    extensionOrigin: browser.runtime.getURL('').replace(/\/$/, ''),
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
  return events;
}
