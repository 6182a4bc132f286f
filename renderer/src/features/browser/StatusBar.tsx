import { useMemo, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { formatSize, plural } from '../../lib/format';
import { useStore } from '../../store/store';
import { cancelListing } from './browser-actions';
import { statusText } from './status-text';
import './StatusBar.css';

/** The running count of the listing (with Cancel while it runs) and what is selected. */
export function StatusBar(): ReactElement | null {
  const facts = useStore(
    useShallow((state) => ({
      status: state.listing?.status ?? null,
      shown: state.view.length,
      total: state.sorted.length,
      filtered: state.filter.trim() !== '',
      noun: state.location?.bucket === null ? ('bucket' as const) : ('object' as const),
      selected: state.selection.size,
    })),
  );
  const view = useStore((state) => state.view);
  const sorted = useStore((state) => state.sorted);
  // Walks the rows: only when they change (a page arrives), not on every store update.
  const folders = useMemo(() => sorted.reduce((n, entry) => (entry.kind === 'folder' ? n + 1 : n), 0), [sorted]);
  const selection = useStore((state) => state.selection);
  // Summing sizes walks the list: only when the selection or the rows change.
  const selectedBytes = useMemo(() => {
    let bytes = 0;
    if (selection.size > 0) for (const entry of view) if (selection.has(entry.key)) bytes += entry.size ?? 0;
    return bytes;
  }, [view, selection]);
  if (facts.status === null) return null;
  return (
    <footer className="status-bar">
      <span role="status" className="status-count">
        {statusText({ ...facts, status: facts.status, folders })}
      </span>
      {facts.status === 'loading' && (
        <button type="button" className="status-cancel" onClick={cancelListing}>
          Cancel
        </button>
      )}
      <span className="status-spacer" />
      {facts.selected > 0 && (
        <span className="status-selection">
          {plural(facts.selected, 'item')} selected{selectedBytes > 0 ? `, ${formatSize(selectedBytes)}` : ''}
        </span>
      )}
    </footer>
  );
}
