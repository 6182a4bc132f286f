import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareKeys } from '../../main/services/local-s3/key-order.js';
import { listPage } from '../../main/services/local-s3/listing.js';
import {
  delimiterArb,
  keySet,
  prefixFor,
  referenceListing,
  splitEntries,
  utf8Compare,
  type ListingEntry,
} from '../support/listing-reference.js';

/** A scenario: a key set, and a listing request over it. */
const scenario = keySet().chain((keys) =>
  fc.record({
    keys: fc.constant(keys),
    prefix: prefixFor(keys),
    delimiter: delimiterArb,
    maxKeys: fc.integer({ min: 1, max: 20 }),
  }),
);

/** The keys as the store holds them: sorted by its own comparator (checked separately below). */
const storeOrder = (keys: readonly string[]) => [...new Set(keys)].sort(compareKeys);

describe('key order', () => {
  it('compareKeys agrees with UTF-8 byte order on any strings of valid code points', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 6 }), (a, b) => {
        expect(Math.sign(compareKeys(a, b))).toBe(Math.sign(utf8Compare(a, b)));
      }),
      { numRuns: 2000 },
    );
  });

  it('compareKeys agrees with UTF-8 byte order on key pieces (astral vs U+E000–U+FFFF)', () => {
    fc.assert(
      fc.property(keySet(), (keys) => {
        expect(storeOrder(keys)).toEqual([...new Set(keys)].sort(utf8Compare));
      }),
      { numRuns: 300 },
    );
  });
});

describe('listPage against a reference listing', () => {
  it('pages through everything (after = last) exactly like sort + delimiter grouping + slicing', () => {
    fc.assert(
      fc.property(scenario, ({ keys, prefix, delimiter, maxKeys }) => {
        const sorted = storeOrder(keys);
        const expected = referenceListing(keys, prefix, delimiter);
        const seen: ListingEntry[] = [];
        let after = '';
        for (let pageNo = 0; ; pageNo++) {
          expect(pageNo).toBeLessThanOrEqual(expected.length); // no endless paging
          const page = listPage(sorted, { prefix, delimiter, after, maxKeys });
          const want = expected.slice(seen.length, seen.length + maxKeys);
          const split = splitEntries(want);
          expect(page.keys).toEqual(split.keys);
          expect(page.commonPrefixes).toEqual(split.prefixes);
          expect(page.isTruncated).toBe(seen.length + want.length < expected.length);
          expect(page.last).toBe(want.at(-1)?.value);
          seen.push(...want);
          if (!page.isTruncated) break;
          after = page.last!;
        }
        expect(seen).toEqual(expected);
        const values = seen.map((e) => e.value);
        expect(new Set(values).size).toBe(values.length);
      }),
      { numRuns: 1500 },
    );
  });

  it('a single page with room for everything is the whole reference listing', () => {
    fc.assert(
      fc.property(scenario, ({ keys, prefix, delimiter }) => {
        const page = listPage(storeOrder(keys), { prefix, delimiter, after: '', maxKeys: 1000 });
        const split = splitEntries(referenceListing(keys, prefix, delimiter));
        expect(page.keys).toEqual(split.keys);
        expect(page.commonPrefixes).toEqual(split.prefixes);
        expect(page.isTruncated).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('start-after any string (not only a listed key) lists exactly the keys above it', () => {
    const withAfter = scenario.chain((s) =>
      fc.record({
        s: fc.constant(s),
        after: fc.oneof(prefixFor(s.keys), s.keys.length ? fc.constantFrom(...s.keys) : fc.constant('')),
      }),
    );
    fc.assert(
      fc.property(withAfter, ({ s: { keys, prefix, maxKeys }, after }) => {
        const page = listPage(storeOrder(keys), { prefix, delimiter: '', after, maxKeys });
        const expected = referenceListing(keys, prefix, '')
          .map((e) => e.value)
          .filter((k) => utf8Compare(k, after) > 0);
        expect(page.keys).toEqual(expected.slice(0, maxKeys));
        expect(page.commonPrefixes).toEqual([]);
        expect(page.isTruncated).toBe(expected.length > maxKeys);
      }),
      { numRuns: 1000 },
    );
  });

  it('max-keys 0 returns an empty, untruncated page', () => {
    fc.assert(
      fc.property(scenario, ({ keys, prefix, delimiter }) => {
        const page = listPage(storeOrder(keys), { prefix, delimiter, after: '', maxKeys: 0 });
        expect(page).toEqual({ keys: [], commonPrefixes: [], isTruncated: false, last: undefined });
      }),
      { numRuns: 100 },
    );
  });
});
