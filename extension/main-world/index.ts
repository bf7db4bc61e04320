/**
 * MAIN-world content script (document_start, every frame): instruments WebSocket before any
 * page script runs. Must stay dependency-free and must never throw into the page.
 */

import { installCloseHook } from './closeHook';
import { installConstructorHook } from './constructorHook';
import { disguisedToString } from './disguise';
import { NativeWebSocket, natives } from './natives';
import { openPrivateLine } from './privateLine';
import { installSendHook } from './sendHook';
import { trafficOf } from './sockets';

function install(): void {
  const Native = NativeWebSocket;
  const nativeClose = natives.wsClose;
  if (!Native || !nativeClose) return;
  const proto = Native.prototype as object;

  const closeDesc = natives.getOwnPropertyDescriptor(proto, 'close');
  const ctorDesc = natives.getOwnPropertyDescriptor(proto, 'constructor');
  const globalDesc = natives.getOwnPropertyDescriptor(window, 'WebSocket');
  if (!closeDesc?.configurable || !ctorDesc?.configurable || !globalDesc?.configurable) return;

  const close = installCloseHook(nativeClose as (...a: unknown[]) => unknown);
  const nativeSend = natives.wsSend;
  const sendDesc = natives.getOwnPropertyDescriptor(proto, 'send');
  const send =
    nativeSend && sendDesc?.configurable
      ? installSendHook(nativeSend as (...a: unknown[]) => unknown, trafficOf)
      : null;
  const Ctor = installConstructorHook();
  if (!Ctor) return;

  // Make the wrappers print like the natives they replace.
  const toStringProxy = disguisedToString();
  const toStringDesc = natives.getOwnPropertyDescriptor(Function.prototype, 'toString');

  natives.defineProperty(proto, 'close', { ...closeDesc, value: close });
  if (send && sendDesc) natives.defineProperty(proto, 'send', { ...sendDesc, value: send });
  natives.defineProperty(proto, 'constructor', { ...ctorDesc, value: Ctor });
  natives.defineProperty(window, 'WebSocket', { ...globalDesc, value: Ctor });
  if (toStringDesc?.configurable)
    natives.defineProperty(Function.prototype, 'toString', { ...toStringDesc, value: toStringProxy });
}

try {
  openPrivateLine();
} catch {
  // No line, no reports: the page is unaffected either way.
}
try {
  install();
} catch {
  // The page keeps its native WebSocket if anything above fails.
}
