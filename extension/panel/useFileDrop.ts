/**
 * The whole panel takes a dropped close log (Import… is the keyboard's way to the same thing) and
 * shows a hint while a file is dragged over it; drags of anything but files are left alone.
 */
import type { TargetedDragEvent } from 'preact';
import { useState } from 'preact/hooks';

export interface FileDrop {
  readonly dragging: boolean;
  onDragEnter(e: TargetedDragEvent<HTMLDivElement>): void;
  onDragOver(e: TargetedDragEvent<HTMLDivElement>): void;
  onDragLeave(e: TargetedDragEvent<HTMLDivElement>): void;
  onDrop(e: TargetedDragEvent<HTMLDivElement>): void;
}

const hasFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false;

export function useFileDrop(onFile: (file: File | undefined) => Promise<void>): FileDrop {
  const [dragging, setDragging] = useState(false);
  return {
    dragging,
    onDragEnter(e) {
      if (!hasFiles(e)) return;
      e.preventDefault();
      setDragging(true);
    },
    onDragOver(e) {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
      setDragging(true);
    },
    onDragLeave(e) {
      // Entering a child of the panel fires a dragleave on the panel too: that one is no leave.
      const to = e.relatedTarget;
      if (!(to instanceof Node) || !e.currentTarget.contains(to)) setDragging(false);
    },
    onDrop(e) {
      e.preventDefault();
      setDragging(false);
      void onFile(e.dataTransfer?.files[0]);
    },
  };
}
