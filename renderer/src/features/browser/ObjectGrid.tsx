import { useVirtualizer } from '@tanstack/react-virtual';
import { useId, useMemo, useRef, type KeyboardEvent, type MouseEvent, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { SortColumn } from '../../store/entry-order';
import { useStore } from '../../store/store';
import { dragObjectOut } from '../transfers/download-actions';
import { goUp, openEntry, refresh } from './browser-actions';
import { requestDelete, requestRename } from './object-actions';
import { useTypeAhead } from '../../components/type-ahead';
import { ObjectRow, type RowHandlers } from './ObjectRow';
import { clickSelect, moveSelect, selectAll, toggleActive, type SelectionState } from './selection';
import { dropHandlers } from '../transfers/drop-target';
import { sameLocation, type Location } from '../../store/location';
import './ObjectGrid.css';

const ROW_HEIGHT = 24;

const COLUMNS: ReadonlyArray<{ id: SortColumn; label: string }> = [
  { id: 'name', label: 'Name' },
  { id: 'size', label: 'Size' },
  { id: 'lastModified', label: 'Last modified' },
  { id: 'storageClass', label: 'Storage class' },
];

/**
 * The object list: a virtualized ARIA grid, so 100,000 rows cost what the visible ones do.
 * The grid itself holds focus and points at the keyboard's row with aria-activedescendant,
 * which keeps working when rows scroll out of the DOM.
 */
export function ObjectGrid(): ReactElement {
  const view = useStore((state) => state.view);
  const { selection, anchorKey, activeKey, sort } = useStore(
    useShallow((state) => ({ selection: state.selection, anchorKey: state.anchorKey, activeKey: state.activeKey, sort: state.sort })),
  );
  const sortBy = useStore((state) => state.sortBy);
  const dropTarget = useStore((state) => state.dropTarget);
  const location = useStore((state) => state.location);
  // Objects drag out to the desktop in Electron only.
  const dragOut = useStore((state) => state.appInfo?.transport === 'electron');
  const scrollRef = useRef<HTMLDivElement>(null);
  const idPrefix = useId();
  const typeAhead = useTypeAhead(800);

  const virtualizer = useVirtualizer({
    count: view.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (index) => view[index]?.key ?? index,
    // React 19 batches the re-render on scroll by itself; flushSync inside its commit phase only warns.
    useFlushSync: false,
  });
  const items = virtualizer.getVirtualItems();
  const activeIndex = useMemo(() => (activeKey === null ? -1 : view.findIndex((entry) => entry.key === activeKey)), [view, activeKey]);
  const rowId = (index: number) => `${idPrefix}-row-${index}`;
  const activeRendered = activeIndex >= 0 && items.some((item) => item.index === activeIndex);

  // Row handlers read the latest state through a ref, so they stay one stable object.
  const latest = useRef({ view, state: { selection, anchorKey, activeKey } as SelectionState });
  latest.current = { view, state: { selection, anchorKey, activeKey } };

  function apply(next: SelectionState, scrollTo?: number): void {
    useStore.getState().setSelection(next.selection, next.anchorKey, next.activeKey);
    if (scrollTo !== undefined && scrollTo >= 0) virtualizer.scrollToIndex(scrollTo, { align: 'auto' });
  }

  const handlers = useMemo<RowHandlers>(
    () => ({
      click(index, event) {
        const { view: rows, state } = latest.current;
        const next = clickSelect(rows, state, index, { range: event.shiftKey, toggle: event.ctrlKey || event.metaKey });
        useStore.getState().setSelection(next.selection, next.anchorKey, next.activeKey);
      },
      doubleClick(index) {
        const entry = latest.current.view[index];
        if (entry) openEntry(entry);
      },
      dragOut(index) {
        const entry = latest.current.view[index];
        const { location } = useStore.getState();
        if (entry?.kind === 'object' && location) void dragObjectOut(location, entry.key);
      },
      contextMenu(index, event) {
        event.preventDefault();
        event.stopPropagation();
        const { view: rows, state } = latest.current;
        const key = rows[index]?.key;
        // Right-clicking outside the selection acts on that row alone, as in every file manager.
        if (key !== undefined && !state.selection.has(key)) {
          const next = clickSelect(rows, state, index);
          useStore.getState().setSelection(next.selection, next.anchorKey, next.activeKey);
        }
        useStore.getState().openContextMenu({ target: 'objects', x: event.clientX, y: event.clientY });
      },
    }),
    [],
  );

  function openMenuFromKeyboard(): void {
    const state = latest.current.state;
    if (activeIndex >= 0 && !state.selection.has(activeKey!)) apply(clickSelect(view, state, activeIndex));
    const row = activeRendered ? document.getElementById(rowId(activeIndex)) : null;
    const rect = (row ?? scrollRef.current)?.getBoundingClientRect();
    useStore.getState().openContextMenu({ target: 'objects', x: (rect?.left ?? 0) + 32, y: (rect?.top ?? 0) + (row ? ROW_HEIGHT : 0) });
  }

  function pageSize(): number {
    const height = scrollRef.current?.clientHeight ?? 0;
    return Math.max(1, Math.floor(height / ROW_HEIGHT) - 1) || 10;
  }

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    // Keys pressed on a column header's button are that button's.
    if (event.target !== event.currentTarget) return;
    const state = latest.current.state;
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'a') {
      event.preventDefault();
      apply(selectAll(view, state));
      return;
    }
    const modifiers = { range: event.shiftKey, toggle: event.ctrlKey || event.metaKey };
    const move = (index: number) => apply(moveSelect(view, state, index, modifiers), Math.max(0, Math.min(view.length - 1, index)));
    const current = activeIndex;
    switch (event.key) {
      case 'ArrowDown':
        if (event.altKey) return;
        move(current < 0 ? 0 : current + 1);
        break;
      case 'ArrowUp':
        if (event.altKey) goUp();
        else move(current < 0 ? 0 : current - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(view.length - 1);
        break;
      case 'PageDown':
        move(current + pageSize());
        break;
      case 'PageUp':
        move(current - pageSize());
        break;
      case 'Enter': {
        const selected = view.filter((entry) => state.selection.has(entry.key));
        const target = selected.length === 1 ? selected[0] : view[current];
        if (target) openEntry(target);
        break;
      }
      case 'Backspace':
        goUp();
        break;
      case 'Delete':
        requestDelete();
        break;
      case 'F2':
        requestRename();
        break;
      case 'F5':
        void refresh();
        break;
      case 'ContextMenu':
        openMenuFromKeyboard();
        break;
      case 'F10':
        if (!event.shiftKey) return;
        openMenuFromKeyboard();
        break;
      case ' ':
        if (modifiers.toggle) apply(toggleActive(state));
        else if (current >= 0) apply(clickSelect(view, state, current));
        break;
      default:
        if (
          typeAhead(event, (text) => {
            const index = view.findIndex((entry) => entry.name.toLowerCase().startsWith(text));
            if (index >= 0) apply(moveSelect(view, latest.current.state, index), index);
          })
        )
          break;
        return;
    }
    event.preventDefault();
  }

  function onBodyContextMenu(event: MouseEvent<HTMLDivElement>): void {
    // A right-click on empty space below the rows: commands for the folder itself.
    event.preventDefault();
    useStore.getState().setSelection(new Set(), null, null);
    useStore.getState().openContextMenu({ target: 'objects', x: event.clientX, y: event.clientY });
  }

  function onBodyClick(event: MouseEvent<HTMLDivElement>): void {
    if (event.target === event.currentTarget || (event.target as HTMLElement).classList.contains('grid-sizer')) {
      useStore.getState().setSelection(new Set(), null, null);
    }
  }

  return (
    <div
      className={`object-grid${sameLocation(dropTarget, location) && location?.bucket != null ? ' drop-target' : ''}`}
      role="grid"
      aria-label="Objects"
      aria-multiselectable="true"
      aria-rowcount={view.length + 1}
      aria-colcount={COLUMNS.length}
      aria-activedescendant={activeRendered ? rowId(activeIndex) : undefined}
      tabIndex={0}
      onKeyDown={onKeyDown}
      {...dropHandlers(dropLocation)}
      onContextMenu={(event) => {
        // The browser's own contextmenu event for the Menu key or Shift+F10 lands on the grid itself.
        if (event.target !== event.currentTarget) return;
        event.preventDefault();
        openMenuFromKeyboard();
      }}
    >
      <div role="rowgroup" className="grid-head">
        <div role="row" aria-rowindex={1} className="grid-row header-row">
          {COLUMNS.map((column) => {
            const sorted = sort.column === column.id;
            return (
              <div
                key={column.id}
                role="columnheader"
                aria-sort={sorted ? (sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}
                className={`cell col-${column.id}`}
                onClick={() => sortBy(column.id)}
              >
                <button type="button" className="column-button">
                  {column.label}
                  {sorted && (
                    <span className="sort-arrow" aria-hidden="true">
                      {sort.direction === 'asc' ? '▲' : '▼'}
                    </span>
                  )}
                </button>
              </div>
            );
          })}
        </div>
      </div>
      <div role="rowgroup" ref={scrollRef} className="grid-body" onContextMenu={onBodyContextMenu} onClick={onBodyClick}>
        <div className="grid-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const entry = view[item.index];
            if (!entry) return null;
            return (
              <ObjectRow
                key={item.key}
                id={rowId(item.index)}
                entry={entry}
                index={item.index}
                start={item.start}
                selected={selection.has(entry.key)}
                active={item.index === activeIndex}
                dropping={entry.kind === 'folder' && dropTarget !== null && dropKey(dropTarget) === entry.key}
                handlers={handlers}
                canDragOut={dragOut}
              />
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** Where files dropped on the list go: the folder (or bucket) row under the pointer, else the folder shown. */
function dropLocation(event: { target: EventTarget }): Location | null {
  const { location } = useStore.getState();
  if (!location) return null;
  const row = event.target instanceof Element ? event.target.closest<HTMLElement>('[data-drop-key]') : null;
  const key = row?.dataset.dropKey;
  if (key === undefined) return location.bucket === null ? null : location;
  return location.bucket === null ? { connectionId: location.connectionId, bucket: key, prefix: '' } : { ...location, prefix: key };
}

/** The row key a drop target stands for in the list shown: a bucket's name at the top, else the folder's prefix. */
function dropKey(target: Location): string | null {
  const { location } = useStore.getState();
  if (!location || target.connectionId !== location.connectionId) return null;
  if (location.bucket === null) return target.prefix === '' ? target.bucket : null;
  return target.bucket === location.bucket && target.prefix !== location.prefix ? target.prefix : null;
}
