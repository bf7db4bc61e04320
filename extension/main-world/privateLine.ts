/**
 * The hook's private line to the relay: an EventTarget the relay makes and hands over once, at
 * document_start, before any page script can listen (a MouseEvent's relatedTarget is the event
 * field that carries an object from one world to the other). Afterwards nothing between the
 * hook and the extension goes through window: a page cannot read the hook's events or forge
 * them, and neither can another window that reaches this one (a same-origin opener or frame).
 */
import { HANDSHAKE_EVENT, HOOK_READY_EVENT, LINE_ACK_EVENT } from '../../src/protocolConstants';
import { call, natives } from './natives';

let line: object | null = null;

/** The line, once the relay has handed it over (null in a frame without a relay). */
export function privateLine(): object | null {
  return line;
}

function onHandshake(e: Event): void {
  try {
    if (line) return;
    const target = call<unknown>(natives.mouseEventRelatedTarget, e);
    if (target === null || typeof target !== 'object') return;
    line = target;
    call(natives.removeEventListener, window, [HANDSHAKE_EVENT, onHandshake, true]);
    call(natives.dispatchEvent, line, [new natives.CustomEvent(LINE_ACK_EVENT)]);
  } catch {
    // not a MouseEvent: nothing to take
  }
}

/** At start-up: take the line if the relay offers it now, or ask a relay that ran first. */
export function openPrivateLine(): void {
  call(natives.addEventListener, window, [HANDSHAKE_EVENT, onHandshake, true]);
  if (!line) call(natives.dispatchEvent, window, [new natives.CustomEvent(HOOK_READY_EVENT)]);
}
