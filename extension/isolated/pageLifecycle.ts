/**
 * The page's lifecycle as the browser reports it, for "why it closed": hidden/visible, frozen and
 * resumed, offline/online, pagehide/pageshow. Listened to in the isolated world and only trusted
 * events counted, so a page can neither see the listeners nor make up a state. Starts with the
 * bridge (the first socket): a page already hidden or offline then is recorded as such.
 */
import type { PageLifecycleKind } from '../../src/protocol/events';

export type LifecycleSink = (state: PageLifecycleKind, persisted?: boolean) => void;

/** Starts watching; returns a check that records a visibility or network change the listeners missed. */
export function watchLifecycle(record: LifecycleSink): () => void {
  let hidden = false;
  let offline = false;
  const note = (state: PageLifecycleKind, persisted?: boolean): void => {
    if (state === 'hidden' || state === 'visible') hidden = state === 'hidden';
    if (state === 'offline' || state === 'online') offline = state === 'offline';
    record(state, persisted);
  };
  const on = (target: EventTarget, type: string, state: () => PageLifecycleKind) =>
    target.addEventListener(
      type,
      (e) => {
        if (!e.isTrusted) return;
        note(state(), e instanceof PageTransitionEvent ? e.persisted : undefined);
      },
      true,
    );
  const visibility = (): PageLifecycleKind => (document.visibilityState === 'hidden' ? 'hidden' : 'visible');
  on(document, 'visibilitychange', visibility);
  on(document, 'freeze', () => 'freeze');
  on(document, 'resume', () => 'resume');
  on(window, 'offline', () => 'offline');
  on(window, 'online', () => 'online');
  on(window, 'pagehide', () => 'pagehide');
  on(window, 'pageshow', () => 'pageshow');
  if (document.visibilityState === 'hidden') note('hidden');
  if (!navigator.onLine) note('offline');
  return () => {
    if ((document.visibilityState === 'hidden') !== hidden) note(visibility());
    if (!navigator.onLine !== offline) note(navigator.onLine ? 'online' : 'offline');
  };
}
