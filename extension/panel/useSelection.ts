/**
 * Which row is selected and whether its details are open. The two change together when the log
 * under them is replaced (clear, import, back to live), and closing the details hands the
 * keyboard back to the grid, so the grid's element lives here too.
 */
import type { RefObject } from 'preact';
import { useRef, useState } from 'preact/hooks';

export interface Selection {
  readonly selected: string | null;
  setSelected(key: string | null): void;
  readonly detailOpen: boolean;
  setDetailOpen(open: boolean): void;
  readonly grid: RefObject<HTMLTableElement>;
  /** Selects the row and shows its details (a double click). */
  openDetail(key: string): void;
  closeDetail(): void;
  /** Nothing selected, no details: the rows they pointed at are gone. */
  reset(): void;
}

export function useSelection(): Selection {
  const [selected, setSelected] = useState<string | null>(null);
  const [detailOpen, setDetailOpen] = useState(false);
  const grid = useRef<HTMLTableElement>(null);
  return {
    selected,
    setSelected,
    detailOpen,
    setDetailOpen,
    grid,
    openDetail(key) {
      setSelected(key);
      setDetailOpen(true);
    },
    closeDetail() {
      setDetailOpen(false);
      grid.current?.focus();
    },
    reset() {
      setSelected(null);
      setDetailOpen(false);
    },
  };
}
