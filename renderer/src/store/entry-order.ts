import type { ObjectEntry } from '../../../preload/contract';

/** The object list's sortable columns. */
export type SortColumn = 'name' | 'size' | 'lastModified' | 'storageClass';

/** How the object list is ordered. Folders always come first, whatever the column. */
export interface SortSpec {
  column: SortColumn;
  direction: 'asc' | 'desc';
}

export const DEFAULT_SORT: SortSpec = { column: 'name', direction: 'asc' };

// Numeric collation puts "file2" before "file10", as Finder and Explorer do.
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

function compareNames(a: ObjectEntry, b: ObjectEntry): number {
  const byName = collator.compare(a.name, b.name);
  if (byName !== 0) return byName;
  // Names equal to the collator (case, accents) still need a stable, total order.
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function compareOptional<T extends string | number>(a: T | undefined, b: T | undefined): number {
  if (a === b) return 0;
  // Missing values (folders have no size) sort before present ones.
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}

function compareColumn(column: SortColumn, a: ObjectEntry, b: ObjectEntry): number {
  switch (column) {
    case 'name':
      return 0;
    case 'size':
      return compareOptional(a.size, b.size);
    case 'lastModified':
      // ISO-8601 strings from one server compare correctly as text, without parsing 100,000 dates.
      return compareOptional(a.lastModified, b.lastModified);
    case 'storageClass':
      return compareOptional(a.storageClass, b.storageClass);
  }
}

/** The comparator for a sort: folders first, then the column, then the name; direction applies within each group. */
export function compareEntries(sort: SortSpec): (a: ObjectEntry, b: ObjectEntry) => number {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return function compare(a, b) {
    if (a.kind !== b.kind) return a.kind === 'folder' ? -1 : 1;
    const byColumn = compareColumn(sort.column, a, b);
    return sign * (byColumn !== 0 ? byColumn : compareNames(a, b));
  };
}

/** A sorted copy. */
export function sortEntries(entries: readonly ObjectEntry[], sort: SortSpec): ObjectEntry[] {
  return entries.slice().sort(compareEntries(sort));
}

/**
 * Merges two lists already sorted by `compare` into a new sorted list, in O(a + b).
 * Appending a page this way, instead of re-sorting everything, keeps a 100-page listing linear per page.
 */
export function mergeSorted(
  a: readonly ObjectEntry[],
  b: readonly ObjectEntry[],
  compare: (x: ObjectEntry, y: ObjectEntry) => number,
): ObjectEntry[] {
  if (b.length === 0) return a as ObjectEntry[];
  if (a.length === 0) return b as ObjectEntry[];
  // S3 returns keys in order, so a new page usually sorts entirely after what is there.
  if (compare(a[a.length - 1]!, b[0]!) <= 0) return a.concat(b);
  const out: ObjectEntry[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    out[k++] = compare(a[i]!, b[j]!) <= 0 ? a[i++]! : b[j++]!;
  }
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}

/** The filter box: a case-insensitive substring of the shown name. */
export function entryMatcher(filter: string): ((entry: ObjectEntry) => boolean) | null {
  const needle = filter.trim().toLowerCase();
  if (!needle) return null;
  return function matches(entry) {
    return entry.name.toLowerCase().includes(needle);
  };
}

/** The next sort after clicking a column header: the same column flips, another starts ascending. */
export function toggleSort(current: SortSpec, column: SortColumn): SortSpec {
  if (current.column === column) return { column, direction: current.direction === 'asc' ? 'desc' : 'asc' };
  return { column, direction: 'asc' };
}
