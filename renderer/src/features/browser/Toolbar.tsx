import type { KeyboardEvent, ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { InfoIcon, NewFolderIcon, RefreshIcon, SearchIcon, TrashIcon, UpIcon } from '../../components/icons';
import { useStore } from '../../store/store';
import { goUp, refresh } from './browser-actions';
import { requestDelete, requestNewFolder } from './object-actions';
import { focusObjectGrid } from './focus-grid';
import { TransferTools } from '../transfers/TransferTools';
import './Toolbar.css';

/** Commands on the current folder and selection, and the filter box. */
export function Toolbar(): ReactElement {
  const { atTop, inBucket, hasSelection, filter, propertiesOpen } = useStore(
    useShallow((state) => ({
      atTop: state.location === null || state.location.bucket === null,
      inBucket: state.location?.bucket != null,
      hasSelection: state.selection.size > 0,
      filter: state.filter,
      propertiesOpen: state.propertiesOpen,
    })),
  );
  const setFilter = useStore((state) => state.setFilter);
  const setPropertiesOpen = useStore((state) => state.setPropertiesOpen);

  function onFilterKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'Escape' && filter) {
      event.preventDefault();
      setFilter('');
    } else if (event.key === 'ArrowDown' || event.key === 'Enter') {
      // From the filter straight into the results.
      event.preventDefault();
      focusObjectGrid();
    }
  }

  return (
    <div className="toolbar">
      <button
        type="button"
        className="tool"
        onClick={() => {
          goUp();
          focusObjectGrid();
        }}
        disabled={atTop}
        title="Up one level (Backspace)"
      >
        <UpIcon /> Up
      </button>
      <button type="button" className="tool" onClick={() => void refresh()} title="Refresh (F5)">
        <RefreshIcon /> Refresh
      </button>
      <span className="toolbar-separator" aria-hidden="true" />
      <button type="button" className="tool" onClick={requestNewFolder}>
        <NewFolderIcon /> {inBucket ? 'New folder' : 'New bucket'}
      </button>
      <button type="button" className="tool" onClick={requestDelete} disabled={!hasSelection} title="Delete (Del)">
        <TrashIcon /> Delete
      </button>
      <button type="button" className="tool" aria-pressed={propertiesOpen} onClick={() => setPropertiesOpen(!propertiesOpen)}>
        <InfoIcon /> Properties
      </button>
      <span className="toolbar-separator" aria-hidden="true" />
      <TransferTools />
      <div className="toolbar-spacer" />
      <div className="filter">
        <SearchIcon className="filter-icon" />
        <input
          type="search"
          aria-label="Filter"
          placeholder="Filter"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
          onKeyDown={onFilterKeyDown}
          spellCheck={false}
        />
      </div>
    </div>
  );
}
