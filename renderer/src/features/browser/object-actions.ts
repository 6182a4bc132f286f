import type { ApiResult, ObjectEntry, ObjectSelection } from '../../../../preload/contract';
import { call } from '../../api/call';
import { parentPrefix, sameLocation, type Location } from '../../store/location';
import { useStore } from '../../store/store';
import { refreshTreeAt } from '../connections/tree-actions';
import { currentSelection, openLocation, refresh } from './browser-actions';

/** Delete key / menu: confirm deleting the selected objects and folders, or the selected bucket in a bucket list. */
export function requestDelete(): void {
  const { location, openDialog } = useStore.getState();
  const entries = currentSelection();
  if (!location || entries.length === 0) return;
  if (location.bucket === null) {
    if (entries.length === 1) openDialog({ kind: 'delete-bucket', connectionId: location.connectionId, bucket: entries[0]!.key });
    else useStore.getState().pushAlert('Delete buckets one at a time.');
    return;
  }
  const selection: ObjectSelection = {
    connectionId: location.connectionId,
    bucket: location.bucket,
    keys: entries.filter((entry) => entry.kind === 'object').map((entry) => entry.key),
    prefixes: entries.filter((entry) => entry.kind === 'folder').map((entry) => entry.key),
  };
  openDialog({ kind: 'delete', selection });
}

/** F2 / menu: rename the one selected row. */
export function requestRename(): void {
  const { location, openDialog } = useStore.getState();
  const entries = currentSelection();
  if (!location || location.bucket === null || entries.length !== 1) return;
  openDialog({ kind: 'rename', location, entry: entries[0]! });
}

/** New folder here, or a new bucket in a connection's bucket list. */
export function requestNewFolder(): void {
  const { location, openDialog } = useStore.getState();
  if (!location) return;
  if (location.bucket === null) openDialog({ kind: 'new-bucket', connectionId: location.connectionId });
  else openDialog({ kind: 'new-folder', location });
}

/** Creates `<prefix><name>/` and shows it selected. */
export async function createFolder(location: Location, name: string): Promise<ApiResult<null>> {
  if (location.bucket === null) throw new Error('A folder needs a bucket.');
  const key = `${location.prefix}${name}/`;
  const result = await call('createFolder', location.connectionId, location.bucket, key);
  if (result.ok) afterChange(location, key);
  return result;
}

/** Renames (moves) an object or a whole folder within its folder; progress arrives under `operationId`. */
export async function renameEntry(
  location: Location,
  entry: ObjectEntry,
  name: string,
  operationId: string,
): Promise<ApiResult<{ moved: number }>> {
  if (location.bucket === null) throw new Error('Renaming needs a bucket.');
  const to = `${location.prefix}${name}${entry.kind === 'folder' ? '/' : ''}`;
  const result = await call('moveObjects', {
    operationId,
    connectionId: location.connectionId,
    bucket: location.bucket,
    from: entry.key,
    to,
  });
  if (result.ok) afterChange(location, to);
  return result;
}

/** How many objects and bytes a delete would remove. */
export function countObjects(selection: ObjectSelection): Promise<ApiResult<{ count: number; bytes: number }>> {
  return call('countObjects', selection);
}

/** Deletes; progress arrives under `operationId`. Afterwards the list and tree show what is left. */
export async function deleteObjects(selection: ObjectSelection, operationId: string): Promise<ApiResult<{ deleted: number }>> {
  const result = await call('deleteObjects', { ...selection, operationId });
  const { connectionId, bucket } = selection;
  // Even a failed delete may have removed part of the selection.
  for (const prefix of new Set(selection.prefixes.map(parentPrefix))) refreshTreeAt({ connectionId, bucket, prefix });
  const { location } = useStore.getState();
  if (location?.connectionId === connectionId && location.bucket === bucket) {
    // Standing inside a deleted folder: step out to where it was.
    const gone = selection.prefixes.filter((prefix) => location.prefix.startsWith(prefix)).sort((a, b) => a.length - b.length)[0];
    if (gone !== undefined) void openLocation({ ...location, prefix: parentPrefix(gone) });
    else void refresh();
  }
  return result;
}

/** After a change in `location`: list it again (selecting `select`) if it is on screen, and reload its tree node. */
function afterChange(location: Location, select: string | null): void {
  if (sameLocation(useStore.getState().location, location)) void refresh({ select });
  refreshTreeAt(location);
}
