import type { ObjectEntry } from '../../../preload/contract';
import { DEFAULT_SORT, toggleSort, type SortColumn } from './entry-order';
import { refilter, resort, type ListView } from './listing';
import type { Location } from './location';
import type { SetState } from './state';

/** The object list: where it is, its rows, and what is selected. */
export interface BrowserSlice extends ListView {
  location: Location | null;
  /** Selected rows by key. */
  selection: ReadonlySet<string>;
  /** Where a Shift-click or Shift-arrow range starts. */
  anchorKey: string | null;
  /** The row the keyboard is on. */
  activeKey: string | null;
  /** Clicking a column header: sort by it, or flip its direction. */
  sortBy(column: SortColumn): void;
  setFilter(filter: string): void;
  setSelection(selection: ReadonlySet<string>, anchorKey: string | null, activeKey: string | null): void;
}

export function createBrowserSlice(set: SetState): BrowserSlice {
  return {
    location: null,
    listing: null,
    sort: DEFAULT_SORT,
    filter: '',
    sorted: [],
    view: [],
    selection: new Set(),
    anchorKey: null,
    activeKey: null,
    sortBy(column) {
      set((state) => resort(state, toggleSort(state.sort, column)));
    },
    setFilter(filter) {
      set((state) => {
        const next = refilter(state, filter);
        const view = next.view ?? state.view;
        // What the filter hides is no longer selected: the status bar, Delete and the other
        // actions only ever act on rows a person can see.
        if (state.selection.size === 0) return next;
        const visible = new Set(view.map((entry) => entry.key));
        const selection = new Set([...state.selection].filter((key) => visible.has(key)));
        if (selection.size === state.selection.size) return next;
        const keep = (key: string | null) => (key !== null && visible.has(key) ? key : null);
        return { ...next, selection, anchorKey: keep(state.anchorKey), activeKey: keep(state.activeKey) };
      });
    },
    setSelection(selection, anchorKey, activeKey) {
      set({ selection, anchorKey, activeKey });
    },
  };
}

/** The selected rows, in list order. */
export function selectedEntries(view: readonly ObjectEntry[], selection: ReadonlySet<string>): ObjectEntry[] {
  if (selection.size === 0) return [];
  return view.filter((entry) => selection.has(entry.key));
}
