import type { BucketSummary, ObjectEntry } from '../../../../preload/contract';
import { call, callOrAlert } from '../../api/call';
import { selectedEntries } from '../../store/browser-slice';
import { cancelListingState, completeWith, failListing, finishListing, startListing } from '../../store/listing';
import { parentLocation, type Location } from '../../store/location';
import { useStore } from '../../store/store';
import { revealLocation } from '../connections/tree-actions';
import { openObject } from '../transfers/download-actions';

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
    useStore.setState((state) =>
      result.ok ? completeWith(state, id, result.value.map(bucketEntry)) : failListing(state, id, result.error.message),
    );
    return;
  }
  const result = await call('listObjects', {
    listingId: id,
    connectionId: location.connectionId,
    bucket: location.bucket,
    prefix: location.prefix,
  });
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

/** Enter or double-click: a folder (or bucket) opens; an object is previewed, opened or downloaded. */
export function openEntry(entry: ObjectEntry): void {
  const { location } = useStore.getState();
  if (!location) return;
  if (entry.kind === 'object') {
    void openObject(location, entry.key);
    return;
  }
  void openLocation(
    location.bucket === null ? { connectionId: location.connectionId, bucket: entry.key, prefix: '' } : { ...location, prefix: entry.key },
  );
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

/** Loads what the properties panel shows about one object. */
export async function loadDetails(location: Location, key: string): Promise<void> {
  if (location.bucket === null) return;
  useStore.setState({ details: { key, status: 'loading' } });
  const result = await call('getObjectDetails', location.connectionId, location.bucket, key);
  useStore.setState((state) => {
    if (state.details?.key !== key) return {};
    return {
      details: result.ok ? { key, status: 'loaded', value: result.value } : { key, status: 'error', message: result.error.message },
    };
  });
}
