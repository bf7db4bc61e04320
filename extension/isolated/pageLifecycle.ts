/**
 * The page's lifecycle as the browser reports it, for "why it closed": hidden/visible, frozen and
 * resumed, offline/online, pagehide/pageshow. Listened to in the isolated world and only trusted
 * events counted, so a page can neither see the listeners nor make up a state. Starts with the
 * bridge (the first socket): a page already hidden or offline then is recorded as such.
 */
import type { PageLifecycleKind } from '../../src/protocol/events';

export type LifecycleSink = (state: PageLifecycleKind, persisted?: boolean) => void;

export function watchLifecycle(record: LifecycleSink): void {
  const on = (target: EventTarget, type: string, state: (e: Event) => PageLifecycleKind) =>
    target.addEventListener(
      type,
      (e) => {
        if (!e.isTrusted) return;
        const persisted = e instanceof PageTransitionEvent ? e.persisted : undefined;
        record(state(e), persisted);
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
  if (document.visibilityState === 'hidden') record('hidden');
  if (!navigator.onLine) record('offline');
}
