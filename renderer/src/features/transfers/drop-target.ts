import type { DragEvent } from 'react';
import { sameLocation, type Location } from '../../store/location';
import { useStore } from '../../store/store';
import { dragHasFiles, takeDroppedItems } from './drop-files';
import { uploadDropped } from './transfer-actions';

/** The drag handlers of a place files can be dropped on. */
export interface DropHandlers {
  onDragEnter(event: DragEvent): void;
  onDragOver(event: DragEvent): void;
  onDragLeave(event: DragEvent): void;
  onDrop(event: DragEvent): void;
}

/**
 * Makes an element a drop target for files from the OS. `resolve` says where files dropped at the
 * event's point go (a bucket or folder; null: not here). While files are dragged over it, the store's
 * `dropTarget` names that place, so it is highlighted and the hint says "Upload to s3://…".
 */
export function dropHandlers(resolve: (event: DragEvent) => Location | null): DropHandlers {
  function over(event: DragEvent): void {
    if (!dragHasFiles(event.dataTransfer)) return;
    const target = resolve(event);
    // Handled here, even when refused: an outer target must not claim the drop instead.
    event.stopPropagation();
    if (!target || target.bucket === null) {
      event.dataTransfer.dropEffect = 'none';
      setDropTarget(null);
      return;
    }
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    setDropTarget(target);
  }
  return {
    onDragEnter: over,
    onDragOver: over,
    onDragLeave(event) {
      const next = event.relatedTarget;
      if (next instanceof Node && event.currentTarget.contains(next)) return;
      setDropTarget(null);
    },
    onDrop(event) {
      if (!dragHasFiles(event.dataTransfer) && event.dataTransfer.files.length === 0) return;
      event.preventDefault();
      event.stopPropagation();
      const target = resolve(event);
      // Read now: the DataTransfer is emptied when this handler returns.
      const dropped = takeDroppedItems(event.dataTransfer);
      setDropTarget(null);
      if (target && target.bucket !== null) void uploadDropped(target, dropped);
    },
  };
}

/** Names the place a drag is over (or none), changing the store only when the place changes. */
export function setDropTarget(target: Location | null): void {
  if (sameLocation(useStore.getState().dropTarget, target)) return;
  useStore.setState({ dropTarget: target });
}

/**
 * Outside every drop target, a dropped file must not make the browser open it in place of the
 * app: the window refuses drops, and a drag that leaves the window clears the highlight.
 */
export function guardWindowDrops(): () => void {
  function refuse(event: globalThis.DragEvent): void {
    if (!event.dataTransfer || !Array.from(event.dataTransfer.types).includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'none';
    if (event.type === 'drop') setDropTarget(null);
  }
  function leave(event: globalThis.DragEvent): void {
    if (event.relatedTarget === null) setDropTarget(null);
  }
  window.addEventListener('dragover', refuse);
  window.addEventListener('drop', refuse);
  window.addEventListener('dragleave', leave);
  return () => {
    window.removeEventListener('dragover', refuse);
    window.removeEventListener('drop', refuse);
    window.removeEventListener('dragleave', leave);
  };
}
