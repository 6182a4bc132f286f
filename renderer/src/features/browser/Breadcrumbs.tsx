import type { ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { baseName, prefixChain, type Location } from '../../store/location';
import { useStore } from '../../store/store';
import { openLocation } from './browser-actions';
import { focusObjectGrid } from './focus-grid';
import { dropHandlers } from '../transfers/drop-target';
import { nodeId } from '../../store/tree-nodes';

interface Crumb {
  label: string;
  location: Location;
}

function crumbsOf(location: Location, connectionName: string): Crumb[] {
  const crumbs: Crumb[] = [{ label: connectionName, location: { connectionId: location.connectionId, bucket: null, prefix: '' } }];
  if (location.bucket === null) return crumbs;
  crumbs.push({ label: location.bucket, location: { ...location, prefix: '' } });
  for (const prefix of prefixChain(location.prefix)) crumbs.push({ label: baseName(prefix), location: { ...location, prefix } });
  return crumbs;
}

/** Connection › bucket › folders; every level but the current one opens on click. */
export function Breadcrumbs(): ReactElement | null {
  const { location, connectionName, dropTarget } = useStore(
    useShallow((state) => ({
      location: state.location,
      dropTarget: state.dropTarget,
      connectionName: state.connections.find((c) => c.id === state.location?.connectionId)?.name ?? '',
    })),
  );
  if (!location) return null;
  const crumbs = crumbsOf(location, connectionName);
  return (
    <nav className="breadcrumbs" aria-label="Breadcrumbs">
      <ol>
        {crumbs.map((crumb, index) => (
          <li
            key={index}
            className={dropTarget && nodeId(dropTarget) === nodeId(crumb.location) ? 'drop-target' : undefined}
            // Files dropped on a crumb upload into that bucket or folder.
            {...dropHandlers(() => (crumb.location.bucket === null ? null : crumb.location))}
          >
            {index === crumbs.length - 1 ? (
              <span className="crumb current" aria-current="page">
                {crumb.label}
              </span>
            ) : (
              <button
                type="button"
                className="crumb"
                onClick={() => {
                  void openLocation(crumb.location);
                  // This crumb becomes the current one (plain text); keep focus somewhere useful.
                  focusObjectGrid();
                }}
              >
                {crumb.label}
              </button>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
