import { memo, type MouseEvent, type ReactElement } from 'react';
import type { ObjectEntry } from '../../../../preload/contract';
import { FileIcon, FolderIcon } from '../../components/icons';
import { formatDate, formatSize } from '../../lib/format';
import { baseName } from '../../store/location';

/** What a row reports back to its grid; stable across renders so unchanged rows skip rendering. */
export interface RowHandlers {
  click(index: number, event: MouseEvent): void;
  doubleClick(index: number): void;
  contextMenu(index: number, event: MouseEvent): void;
  /** An object row was dragged (Electron drags it out to the desktop). */
  dragOut(index: number): void;
}

export interface ObjectRowProps {
  id: string;
  entry: ObjectEntry;
  index: number;
  /** Pixel offset of the row inside the virtual list. */
  start: number;
  selected: boolean;
  active: boolean;
  /** Files dragged from the desktop are over this folder (they would upload into it). */
  dropping?: boolean;
  /** Object rows can be dragged out of the window (Electron). */
  canDragOut?: boolean;
  handlers: RowHandlers;
}

/** One row of the object list: Name, Size, Last modified, Storage class. */
export const ObjectRow = memo(function ObjectRow({
  id,
  entry,
  index,
  start,
  selected,
  active,
  dropping,
  canDragOut,
  handlers,
}: ObjectRowProps): ReactElement {
  const folder = entry.kind === 'folder';
  return (
    <div
      id={id}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`grid-row object-row${index % 2 ? ' odd' : ''}${selected ? ' selected' : ''}${active ? ' active' : ''}${dropping ? ' drop-target' : ''}`}
      data-drop-key={folder ? entry.key : undefined}
      style={{ transform: `translateY(${start}px)` }}
      onClick={(event) => handlers.click(index, event)}
      onDoubleClick={() => handlers.doubleClick(index)}
      onContextMenu={(event) => handlers.contextMenu(index, event)}
      draggable={!folder && canDragOut === true}
      onDragStart={(event) => {
        if (folder || !canDragOut) return;
        // Electron's webContents.startDrag takes over: the page's own drag must not start.
        event.preventDefault();
        handlers.dragOut(index);
      }}
    >
      <div role="gridcell" className="cell col-name">
        {folder ? <FolderIcon /> : <FileIcon />}
        <span className="cell-text">{baseName(entry.name)}</span>
      </div>
      <div role="gridcell" className="cell col-size">
        {folder ? '' : formatSize(entry.size ?? 0)}
      </div>
      <div role="gridcell" className="cell col-lastModified">
        {formatDate(entry.lastModified)}
      </div>
      <div role="gridcell" className="cell col-storageClass">
        {entry.storageClass ?? ''}
      </div>
    </div>
  );
});
