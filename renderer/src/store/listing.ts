import type { ListingPageEvent, ListingSummary, ObjectEntry } from '../../../preload/contract';
import { compareEntries, entryMatcher, mergeSorted, sortEntries, type SortSpec } from './entry-order';

/** Where a listing is: still receiving pages, complete, stopped by the person, or failed. */
export type ListingStatus = 'loading' | 'done' | 'cancelled' | 'error';

/** One listing of one location, as its pages arrive. */
export interface ListingState {
  id: string;
  status: ListingStatus;
  /** Rows received so far, as main counts them. */
  loaded: number;
  /** The final count from the listing's summary, when it arrived before its last pages. */
  expected: number | null;
  /** Pages as they arrived: appending one never copies the rows before it. */
  chunks: readonly (readonly ObjectEntry[])[];
  error: string | null;
}

/**
 * The rows of the object list. `sorted` holds every row in the current order and `view` the ones
 * that pass the filter (the same array when there is none). Both are kept up to date incrementally,
 * because re-sorting 100,000 rows for each of 100 pages would make a big listing quadratic.
 */
export interface ListView {
  listing: ListingState | null;
  sort: SortSpec;
  filter: string;
  sorted: readonly ObjectEntry[];
  view: readonly ObjectEntry[];
}

/** A fresh, empty listing. */
export function startListing(id: string): ListingState {
  return { id, status: 'loading', loaded: 0, expected: null, chunks: [], error: null };
}

/** Adds the pages of the current listing (others are stale and ignored), keeping order and filter. */
export function appendPages(state: ListView, pages: readonly ListingPageEvent[]): Partial<ListView> {
  const listing = state.listing;
  if (!listing) return {};
  const mine = pages.filter((page) => page.listingId === listing.id);
  if (mine.length === 0) return {};
  const fresh = mine.length === 1 ? mine[0]!.entries : mine.flatMap((page) => page.entries);
  const loaded = Math.max(listing.loaded, ...mine.map((page) => page.loaded));
  const ended = mine.some((page) => page.done) || (listing.expected !== null && loaded >= listing.expected);
  const next: ListingState = {
    ...listing,
    loaded,
    chunks: fresh.length > 0 ? [...listing.chunks, fresh] : listing.chunks,
    status: listing.status === 'loading' && ended ? 'done' : listing.status,
  };
  return { listing: next, ...mergeRun(state, fresh) };
}

/** Sorts new rows and merges them into `sorted` and `view`. */
function mergeRun(state: ListView, fresh: readonly ObjectEntry[]): Pick<ListView, 'sorted' | 'view'> {
  if (fresh.length === 0) return { sorted: state.sorted, view: state.view };
  const compare = compareEntries(state.sort);
  const run = sortEntries(fresh, state.sort);
  const sorted = mergeSorted(state.sorted, run, compare);
  const matches = entryMatcher(state.filter);
  const view = matches ? mergeSorted(state.view, run.filter(matches), compare) : sorted;
  return { sorted, view };
}

/**
 * Applies the summary `listObjects` answers with. Over HTTP + SSE the summary can overtake the
 * last pages, so a listing whose pages are still in flight stays loading until they arrive.
 */
export function finishListing(state: ListView, summary: ListingSummary): Partial<ListView> {
  const listing = state.listing;
  if (!listing || listing.id !== summary.listingId || listing.status !== 'loading') return {};
  if (summary.cancelled) return { listing: { ...listing, status: 'cancelled' } };
  if (listing.loaded >= summary.count) return { listing: { ...listing, status: 'done', expected: summary.count } };
  return { listing: { ...listing, expected: summary.count } };
}

/** Marks the listing as cancelled by the person (its summary may follow). */
export function cancelListingState(state: ListView): Partial<ListView> {
  const listing = state.listing;
  if (!listing || listing.status !== 'loading') return {};
  return { listing: { ...listing, status: 'cancelled' } };
}

/** Marks the listing failed, keeping the rows that did arrive. */
export function failListing(state: ListView, listingId: string, message: string): Partial<ListView> {
  const listing = state.listing;
  if (!listing || listing.id !== listingId) return {};
  return { listing: { ...listing, status: 'error', error: message } };
}

/** A complete listing in one go (the bucket list of a connection). */
export function completeWith(state: ListView, listingId: string, entries: readonly ObjectEntry[]): Partial<ListView> {
  const listing = state.listing;
  if (!listing || listing.id !== listingId) return {};
  const next: ListingState = { ...listing, status: 'done', loaded: entries.length, expected: entries.length, chunks: [entries] };
  return { listing: next, ...mergeRun({ ...state, sorted: [], view: [] }, entries) };
}

/** Re-sorts every row for a new sort. */
export function resort(state: ListView, sort: SortSpec): Partial<ListView> {
  const all = state.listing ? state.listing.chunks.flat() : [];
  const sorted = sortEntries(all, sort);
  const matches = entryMatcher(state.filter);
  return { sort, sorted, view: matches ? sorted.filter(matches) : sorted };
}

/** Applies a new filter to the already-sorted rows. */
export function refilter(state: ListView, filter: string): Partial<ListView> {
  const matches = entryMatcher(filter);
  return { filter, view: matches ? state.sorted.filter(matches) : state.sorted };
}
