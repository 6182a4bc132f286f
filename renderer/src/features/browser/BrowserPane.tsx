import type { ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store/store';
import { Breadcrumbs } from './Breadcrumbs';
import { ObjectGrid } from './ObjectGrid';
import { PropertiesPanel } from './PropertiesPanel';
import { StatusBar } from './StatusBar';
import { Toolbar } from './Toolbar';
import './BrowserPane.css';

/** The right pane: where we are, what can be done, the list, its properties and its status. */
export function BrowserPane(): ReactElement {
  const hasLocation = useStore((state) => state.location !== null);
  const propertiesOpen = useStore((state) => state.propertiesOpen);
  return (
    <main className="browser">
      {hasLocation ? (
        <>
          <div className="browser-top">
            <Breadcrumbs />
            <Toolbar />
          </div>
          <div className="browser-body">
            <div className="browser-list">
              <ObjectGrid />
              <ListOverlay />
            </div>
            {propertiesOpen && <PropertiesPanel />}
          </div>
          <StatusBar />
        </>
      ) : (
        <div className="browser-empty">
          <p>Choose a connection, bucket or folder on the left.</p>
          <p className="browser-empty-hint">Add one with “Add connection”, or use the Local bucket that runs on this computer.</p>
        </div>
      )}
    </main>
  );
}

/** Says why the list is empty: still loading, nothing there, nothing matching, or the listing failed. */
function ListOverlay(): ReactElement | null {
  const { status, error, rows, total, filter, atRoot } = useStore(
    useShallow((state) => ({
      status: state.listing?.status,
      error: state.listing?.error ?? null,
      rows: state.view.length,
      total: state.sorted.length,
      filter: state.filter.trim(),
      atRoot: state.location?.bucket === null,
    })),
  );
  if (rows > 0 || !status) return null;
  let message: string;
  if (status === 'loading') message = 'Loading…';
  else if (status === 'error') message = `This folder could not be listed: ${error ?? 'unknown error'}`;
  else if (total > 0 && filter) message = `No names contain “${filter}”.`;
  else message = atRoot ? 'No buckets yet.' : 'This folder is empty.';
  return <div className="list-overlay">{message}</div>;
}
