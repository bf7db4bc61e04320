/**
 * An imported log can hold tens of thousands of connections: only the rows in view (plus a margin)
 * are rendered, between two spacer rows that keep the scroll height true. This works only because
 * every row has the same height.
 */
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

/** Every row is exactly this tall (panel.css: tr.row); the virtualised window relies on it. */
export const ROW_HEIGHT = 24;
const OVERSCAN = 12;

export interface VirtualWindow {
  readonly scroller: RefObject<HTMLDivElement>;
  readonly head: RefObject<HTMLTableSectionElement>;
  /** The first row rendered. */
  readonly first: number;
  /** One past the last row rendered. */
  readonly last: number;
  /** How many rows PageUp / PageDown move by. */
  readonly page: number;
  onScroll(scrollTop: number): void;
  /** Scrolls just enough for row `index` to be fully visible below the sticky header. */
  reveal(index: number): void;
  scrollToTop(): void;
}

export function useVirtualWindow(rowCount: number): VirtualWindow {
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(400);
  const scroller = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLTableSectionElement>(null);

  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = (): void => setViewport(el.clientHeight);
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const first = Math.min(rowCount, Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN));
  const last = Math.max(first, Math.min(rowCount, Math.ceil((scrollTop + viewport) / ROW_HEIGHT) + OVERSCAN));

  return {
    scroller,
    head,
    first,
    last,
    page: Math.max(1, Math.floor(viewport / ROW_HEIGHT) - 2),
    onScroll: setScrollTop,
    reveal(index) {
      const el = scroller.current;
      if (!el) return;
      const header = head.current?.offsetHeight ?? ROW_HEIGHT;
      const top = header + index * ROW_HEIGHT;
      if (top < el.scrollTop + header) el.scrollTop = top - header;
      else if (top + ROW_HEIGHT > el.scrollTop + el.clientHeight)
        el.scrollTop = top + ROW_HEIGHT - el.clientHeight;
    },
    scrollToTop() {
      if (scroller.current) scroller.current.scrollTop = 0;
    },
  };
}
