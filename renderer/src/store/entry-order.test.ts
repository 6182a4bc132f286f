import { describe, expect, it } from 'vitest';
import type { ObjectEntry } from '../../../preload/contract';
import { compareEntries, entryMatcher, mergeSorted, sortEntries, toggleSort } from './entry-order';

function obj(name: string, size = 0, lastModified?: string): ObjectEntry {
  return { key: name, name, kind: 'object', size, ...(lastModified ? { lastModified } : {}) };
}
function folder(name: string): ObjectEntry {
  return { key: `${name}/`, name: `${name}/`, kind: 'folder' };
}
const names = (entries: readonly ObjectEntry[]) => entries.map((e) => e.name);

describe('sorting entries', () => {
  it('puts folders first in either direction', () => {
    const entries = [obj('b.txt', 5), folder('z'), obj('a.txt', 9), folder('a')];
    expect(names(sortEntries(entries, { column: 'name', direction: 'asc' }))).toEqual(['a/', 'z/', 'a.txt', 'b.txt']);
    expect(names(sortEntries(entries, { column: 'name', direction: 'desc' }))).toEqual(['z/', 'a/', 'b.txt', 'a.txt']);
    expect(names(sortEntries(entries, { column: 'size', direction: 'desc' }))).toEqual(['z/', 'a/', 'a.txt', 'b.txt']);
  });

  it('orders names naturally and case-insensitively', () => {
    const entries = [obj('file10'), obj('File2'), obj('file1')];
    expect(names(sortEntries(entries, { column: 'name', direction: 'asc' }))).toEqual(['file1', 'File2', 'file10']);
  });

  it('breaks ties by name', () => {
    const entries = [obj('b', 1), obj('a', 1), obj('c', 0)];
    expect(names(sortEntries(entries, { column: 'size', direction: 'asc' }))).toEqual(['c', 'a', 'b']);
  });

  it('sorts by date, missing dates first', () => {
    const entries = [obj('new', 0, '2024-05-01T00:00:00.000Z'), obj('none'), obj('old', 0, '2020-01-01T00:00:00.000Z')];
    expect(names(sortEntries(entries, { column: 'lastModified', direction: 'asc' }))).toEqual(['none', 'old', 'new']);
  });

  it('toggles direction on the same column and starts ascending on another', () => {
    expect(toggleSort({ column: 'name', direction: 'asc' }, 'name')).toEqual({ column: 'name', direction: 'desc' });
    expect(toggleSort({ column: 'name', direction: 'desc' }, 'size')).toEqual({ column: 'size', direction: 'asc' });
  });
});

describe('merging sorted runs', () => {
  const compare = compareEntries({ column: 'name', direction: 'asc' });

  it('equals sorting the union', () => {
    const a = sortEntries([obj('a1'), obj('c3'), obj('e5'), folder('m')], { column: 'name', direction: 'asc' });
    const b = sortEntries([obj('b2'), obj('d4'), folder('f')], { column: 'name', direction: 'asc' });
    expect(names(mergeSorted(a, b, compare))).toEqual(names(sortEntries([...a, ...b], { column: 'name', direction: 'asc' })));
  });

  it('appends without interleaving when the new run comes after', () => {
    const a = [obj('a'), obj('b')];
    const b = [obj('c')];
    expect(names(mergeSorted(a, b, compare))).toEqual(['a', 'b', 'c']);
    expect(mergeSorted(a, [], compare)).toBe(a);
  });
});

describe('filtering', () => {
  it('matches a case-insensitive substring of the name', () => {
    const matches = entryMatcher(' REP ')!;
    expect(matches(obj('Report.pdf'))).toBe(true);
    expect(matches(obj('summary.txt'))).toBe(false);
    expect(entryMatcher('   ')).toBeNull();
  });
});
