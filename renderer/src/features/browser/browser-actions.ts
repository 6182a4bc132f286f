import type { ApiResult, BucketSummary, ObjectEntry, ObjectSelection } from '../../../../preload/contract';
import { call, callOrAlert } from '../../api/call';
import { selectedEntries } from '../../store/browser-slice';
import { cancelListingState, completeWith, failListing, finishListing, startListing } from '../../store/listing';
import { parentLocation, s3Uri, type Location } from '../../store/location';
import { useStore } from '../../store/store';
import { refreshTreeAt, revealLocation } from '../connections/tree-actions';

let serial = 0;

/** An id for a listing or operation, unique in this window, so its events can be matched. */
export function newId(kind: string): string {
  serial += 1;
  return `${kind}-${Date.now().toString(36)}-${serial}`;
}

/** How to open a location. */
export interface OpenOptions {
  /** Keep the filter text (a refresh does; navigating clears it). */
  keepFilter?: boolean;
  /** Select this key once it arrives (the folder we came up from, a renamed object). */
  select?: string | null;
}

function bucketEntry(bucket: BucketSummary): ObjectEntry {
  return { key: bucket.name, name: bucket.name, kind: 'folder', ...(bucket.created ? { lastModified: bucket.created } : {}) };
}

/** Stops the running listing, if any: main stops paging and the list keeps what arrived. */
export function cancelListing(): void {
  const { listing } = useStore.getState();
  if (!listing || listing.status !== 'loading') return;
  useStore.setState((state) => cancelListingState(state));
  void call('cancelListing', listing.id).then((result) => {
    // A listing that finished in the meantime has nothing left to cancel: that is not an error.
    if (!result.ok && result.error.code !== 'not-found') useStore.getState().pushAlert(result.error.message);
  });
}

/** Shows a location in the object list: a connection's buckets, or one prefix of a bucket, streamed page by page. */
export async function openLocation(location: Location, options: OpenOptions = {}): Promise<void> {
  cancelListing();
  const id = newId('listing');
  const select = options.select ?? null;
  useStore.setState((state) => ({
    location,
    listing: startListing(id),
    sorted: [],
    view: [],
    filter: options.keepFilter ? state.filter : '',
    selection: new Set(select === null ? [] : [select]),
    anchorKey: select,
    activeKey: select,
    details: null,
  }));
  revealLocation(location);
  if (location.bucket === null) {
    const result = await callOrAlert('listBuckets', location.connectionId);
    useStore.setState((state) => (result.ok ? completeWith(state, id, result.value.map(bucketEntry)) : failListing(state, id, result.error.message)));
    return;
  }
  const result = await call('listObjects', { listingId: id, connectionId: location.connectionId, bucket: location.bucket, prefix: location.prefix });
  if (result.ok) {
    useStore.setState((state) => finishListing(state, result.value));
    return;
  }
  const current = useStore.getState().listing?.id === id;
  useStore.setState((state) => failListing(state, id, result.error.message));
  if (current && result.error.code !== 'cancelled') useStore.getState().pushAlert(result.error.message);
}

/** Lists the current location again, keeping the filter. */
export async function refresh(options: Omit<OpenOptions, 'keepFilter'> = {}): Promise<void> {
  const { location } = useStore.getState();
  if (location) await openLocation(location, { ...options, keepFilter: true });
}

/** Backspace: one level up, with the folder we left selected. */
export function goUp(): void {
  const { location } = useStore.getState();
  if (!location) return;
  const parent = parentLocation(location);
  if (!parent) return;
  void openLocation(parent, { select: location.prefix === '' ? location.bucket : location.prefix });
}

/** Enter or double-click: a folder (or bucket) opens; an object shows its properties. */
export function openEntry(entry: ObjectEntry): void {
  const { location } = useStore.getState();
  if (!location) return;
  if (entry.kind === 'object') {
    useStore.getState().setPropertiesOpen(true);
    return;
  }
  void openLocation(location.bucket === null ? { connectionId: location.connectionId, bucket: entry.key, prefix: '' } : { ...location, prefix: entry.key });
}

/** The selected rows, in list order. */
export function currentSelection(): ObjectEntry[] {
  const { view, selection } = useStore.getState();
  return selectedEntries(view, selection);
}

/** Opens the one selected row. */
export function openSelected(): void {
  const entries = currentSelection();
  if (entries.length === 1) openEntry(entries[0]!);
}

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
export async function renameEntry(location: Location, entry: ObjectEntry, name: string, operationId: string): Promise<ApiResult<{ moved: number }>> {
  if (location.bucket === null) throw new Error('Renaming needs a bucket.');
  const to = `${location.prefix}${name}${entry.kind === 'folder' ? '/' : ''}`;
  const result = await call('moveObjects', { operationId, connectionId: location.connectionId, bucket: location.bucket, from: entry.key, to });
  if (result.ok) afterChange(location, to);
  return result;
}

/** How many objects and bytes a delete would remove. */
export function countObjects(selection: ObjectSelection): Promise<ApiResult<{ count: number; bytes: number }>> {
  return call('countObjects', selection);
}

/** Deletes; progress arrives under `operationId`. */
export async function deleteObjects(selection: ObjectSelection, operationId: string): Promise<ApiResult<{ deleted: number }>> {
  const result = await call('deleteObjects', { ...selection, operationId });
  const { location } = useStore.getState();
  if (location && location.connectionId === selection.connectionId && location.bucket === selection.bucket) afterChange(location, null);
  return result;
}

function afterChange(location: Location, select: string | null): void {
  if (useStore.getState().location?.connectionId === location.connectionId) void refresh({ select });
  refreshTreeAt(location);
}

/** Loads what the properties panel shows about one object. */
export async function loadDetails(location: Location, key: string): Promise<void> {
  if (location.bucket === null) return;
  useStore.setState({ details: { key, status: 'loading' } });
  const result = await call('getObjectDetails', location.connectionId, location.bucket, key);
  useStore.setState((state) => {
    if (state.details?.key !== key) return {};
    return { details: result.ok ? { key, status: 'loaded', value: result.value } : { key, status: 'error', message: result.error.message } };
  });
}

/** Puts text on the clipboard and says so. */
export async function copyText(text: string, what: string): Promise<void> {
  const result = await callOrAlert('writeClipboard', text);
  if (result.ok) useStore.getState().showNotice(`Copied ${what} to the clipboard`);
}

/** The s3:// URIs of the selection (one a line), or of the current folder when nothing is selected. */
export function copyS3Uri(): void {
  const { location } = useStore.getState();
  if (!location) return;
  const entries = currentSelection();
  if (location.bucket === null) {
    const buckets = entries.map((entry) => s3Uri(entry.key));
    if (buckets.length > 0) void copyText(buckets.join('\n'), buckets.length === 1 ? 'S3 URI' : 'S3 URIs');
    return;
  }
  const bucket = location.bucket;
  const uris = entries.length > 0 ? entries.map((entry) => s3Uri(bucket, entry.key)) : [s3Uri(bucket, location.prefix)];
  void copyText(uris.join('\n'), uris.length === 1 ? 'S3 URI' : 'S3 URIs');
}

/** The plain URL of the one selected object (useful where it is public). */
export async function copyUrl(): Promise<void> {
  const { location } = useStore.getState();
  const entries = currentSelection();
  if (!location || location.bucket === null || entries.length !== 1 || entries[0]!.kind !== 'object') return;
  const result = await callOrAlert('getObjectDetails', location.connectionId, location.bucket, entries[0]!.key);
  if (result.ok) await copyText(result.value.url, 'URL');
}
