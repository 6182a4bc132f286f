import { endOfPrefix, lowerBound, upperBound } from './key-order.js';

/** What a listing asks for, already decoded. */
export interface ListingQuery {
  prefix: string;
  delimiter: string;
  /** List keys strictly after this one (marker, start-after or a continuation token). */
  after: string;
  maxKeys: number;
}

/** One page of a listing: keys and rolled-up common prefixes, both in byte order. */
export interface ListingPage {
  keys: string[];
  commonPrefixes: string[];
  isTruncated: boolean;
  /** The last key or common prefix returned: where the next page starts. */
  last: string | undefined;
}

/**
 * Lists one page over sorted keys with S3's prefix/delimiter semantics. Common prefixes count
 * toward maxKeys like keys do. When `after` is itself a common prefix (a NextMarker or our own
 * continuation token), everything under it was already reported and is skipped.
 */
export function listPage(sortedKeys: readonly string[], query: ListingQuery): ListingPage {
  const { prefix, delimiter, maxKeys } = query;
  const page: ListingPage = { keys: [], commonPrefixes: [], isTruncated: false, last: undefined };
  if (maxKeys <= 0) return page;
  let i = Math.max(lowerBound(sortedKeys, prefix), query.after ? upperBound(sortedKeys, query.after) : 0);
  if (delimiter && query.after.startsWith(prefix)) {
    const rolled = commonPrefixOf(query.after, prefix, delimiter);
    if (rolled !== undefined && rolled === query.after) i = Math.max(i, endOfPrefix(sortedKeys, rolled, i));
  }
  while (i < sortedKeys.length) {
    const key = sortedKeys[i]!;
    if (!key.startsWith(prefix)) break;
    const rolled = delimiter ? commonPrefixOf(key, prefix, delimiter) : undefined;
    if (page.keys.length + page.commonPrefixes.length >= maxKeys) {
      page.isTruncated = true;
      break;
    }
    if (rolled !== undefined) {
      page.commonPrefixes.push(rolled);
      page.last = rolled;
      i = endOfPrefix(sortedKeys, rolled, i);
    } else {
      page.keys.push(key);
      page.last = key;
      i++;
    }
  }
  return page;
}

/** The common prefix `key` rolls up into, or undefined when it has no delimiter after the prefix. */
export function commonPrefixOf(key: string, prefix: string, delimiter: string): string | undefined {
  const at = key.indexOf(delimiter, prefix.length);
  return at === -1 ? undefined : key.slice(0, at + delimiter.length);
}
