/**
 * S3 lists keys in UTF-8 byte order. JavaScript compares strings by UTF-16 code unit, which
 * disagrees for characters above U+FFFF versus U+E000–U+FFFF. Code point order equals UTF-8 byte
 * order, so we compare code units after moving surrogates above the rest of the BMP.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca !== cb) return codePointRank(ca) - codePointRank(cb);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit < 0xd800) return unit;
  if (unit >= 0xe000) return unit - 0x800; // U+E000..U+FFFF sort below astral characters
  return unit + 0x2000; // surrogates (astral characters) sort above the BMP
}

/** Index of the first element of `keys` that is not below `key` (sorted by compareKeys). */
export function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(keys[mid]!, key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of `keys` that is strictly above `key`. */
export function upperBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareKeys(keys[mid]!, key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first key after `from` that does not start with `prefix` (keys with it are contiguous). */
export function endOfPrefix(keys: readonly string[], prefix: string, from: number): number {
  let lo = from;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    if (k.startsWith(prefix) || compareKeys(k, prefix) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Keys of one bucket in byte order, with a value per key. Inserts are a binary search plus a
 * splice: cheap for the hundreds of thousands of keys a local bucket holds.
 */
export class SortedMap<V> {
  private readonly keys: string[] = [];
  private readonly values = new Map<string, V>();

  get size(): number {
    return this.keys.length;
  }

  get(key: string): V | undefined {
    return this.values.get(key);
  }

  set(key: string, value: V): void {
    if (!this.values.has(key)) this.keys.splice(lowerBound(this.keys, key), 0, key);
    this.values.set(key, value);
  }

  delete(key: string): boolean {
    if (!this.values.delete(key)) return false;
    this.keys.splice(lowerBound(this.keys, key), 1);
    return true;
  }

  /** The sorted keys; callers must not mutate them. */
  sortedKeys(): readonly string[] {
    return this.keys;
  }

  entries(): IterableIterator<[string, V]> {
    return this.values.entries();
  }
}
