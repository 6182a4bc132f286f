import { describe, expect, it } from 'vitest';
import type { ListingPageEvent, ObjectEntry } from '../../../preload/contract';
import { DEFAULT_SORT } from './entry-order';
import {
  appendPages,
  cancelListingState,
  completeWith,
  failListing,
  finishListing,
  refilter,
  resort,
  startListing,
  type ListView,
} from './listing';

function obj(name: string, size = 0): ObjectEntry {
  return { key: name, name, kind: 'object', size };
}
function page(listingId: string, entries: ObjectEntry[], loaded: number, done = false): ListingPageEvent {
  return { listingId, entries, loaded, done };
}
function empty(id = 'L1'): ListView {
  return { listing: startListing(id), sort: DEFAULT_SORT, filter: '', sorted: [], view: [] };
}
function apply(state: ListView, patch: Partial<ListView>): ListView {
  return { ...state, ...patch };
}
const names = (entries: readonly ObjectEntry[]) => entries.map((e) => e.name);

describe('listing accumulation', () => {
  it('appends pages in order and finishes on the done page', () => {
    let state = empty();
    state = apply(state, appendPages(state, [page('L1', [obj('a'), obj('b')], 2)]));
    expect(state.listing?.status).toBe('loading');
    state = apply(state, appendPages(state, [page('L1', [obj('c')], 3, true)]));
    expect(names(state.view)).toEqual(['a', 'b', 'c']);
    expect(state.listing).toMatchObject({ status: 'done', loaded: 3 });
  });

  it('never copies earlier pages when a new one arrives', () => {
    let state = empty();
    const first = [obj('a')];
    state = apply(state, appendPages(state, [page('L1', first, 1)]));
    state = apply(state, appendPages(state, [page('L1', [obj('b')], 2)]));
    expect(state.listing?.chunks[0]).toBe(first);
  });

  it('ignores pages of another (stale) listing', () => {
    const state = empty();
    expect(appendPages(state, [page('OLD', [obj('x')], 1)])).toEqual({});
  });

  it('keeps the sort when pages arrive out of order', () => {
    let state: ListView = { ...empty(), sort: { column: 'size', direction: 'desc' } };
    state = apply(state, appendPages(state, [page('L1', [obj('a', 1), obj('b', 30)], 2)]));
    state = apply(state, appendPages(state, [page('L1', [obj('c', 20), obj('d', 40)], 4)]));
    expect(names(state.view)).toEqual(['d', 'b', 'c', 'a']);
  });

  it('applies the filter to arriving pages', () => {
    let state: ListView = { ...empty(), filter: 'log' };
    state = apply(state, appendPages(state, [page('L1', [obj('app.log'), obj('readme'), obj('LOGO.png')], 3)]));
    expect(names(state.view)).toEqual(['app.log', 'LOGO.png']);
    expect(state.sorted).toHaveLength(3);
  });

  it('accumulates 100 pages of 1,000 into one ordered list', () => {
    let state = empty();
    for (let p = 0; p < 100; p++) {
      const entries = Array.from({ length: 1000 }, (_, i) => obj(`k${String(p * 1000 + i).padStart(6, '0')}`));
      state = apply(state, appendPages(state, [page('L1', entries, (p + 1) * 1000, p === 99)]));
    }
    expect(state.view).toHaveLength(100_000);
    expect(state.view[0]!.name).toBe('k000000');
    expect(state.view[99_999]!.name).toBe('k099999');
    expect(state.listing?.status).toBe('done');
  });

  it('waits for pages still in flight when the summary comes first', () => {
    let state = empty();
    state = apply(state, appendPages(state, [page('L1', [obj('a')], 1)]));
    state = apply(state, finishListing(state, { listingId: 'L1', count: 2, cancelled: false }));
    expect(state.listing?.status).toBe('loading');
    state = apply(state, appendPages(state, [page('L1', [obj('b')], 2)]));
    expect(state.listing?.status).toBe('done');
  });

  it('finishes an empty listing from its summary', () => {
    const state = empty();
    expect(apply(state, finishListing(state, { listingId: 'L1', count: 0, cancelled: false })).listing?.status).toBe('done');
  });

  it('records cancellation and failure', () => {
    const state = empty();
    expect(apply(state, cancelListingState(state)).listing?.status).toBe('cancelled');
    expect(apply(state, finishListing(state, { listingId: 'L1', count: 5, cancelled: true })).listing?.status).toBe('cancelled');
    expect(apply(state, failListing(state, 'L1', 'Access denied')).listing).toMatchObject({ status: 'error', error: 'Access denied' });
  });
});

describe('changing order and filter', () => {
  it('re-sorts and re-filters all rows', () => {
    let state = empty();
    state = apply(state, completeWith(state, 'L1', [obj('b', 2), obj('a', 1), obj('c', 3)]));
    state = apply(state, resort(state, { column: 'size', direction: 'desc' }));
    expect(names(state.view)).toEqual(['c', 'b', 'a']);
    state = apply(state, refilter(state, 'A'));
    expect(names(state.view)).toEqual(['a']);
    state = apply(state, refilter(state, ''));
    expect(state.view).toBe(state.sorted);
  });
});
