import fc from 'fast-check';

/**
 * An independent, deliberately naive model of S3 listing for property tests: sort by UTF-8
 * bytes, roll keys up at the first delimiter after the prefix, and cut the result into pages.
 * It shares no code with main/services/local-s3 on purpose.
 */

/** One listing entry, in the order S3 returns them (keys and common prefixes interleaved). */
export interface ListingEntry {
  kind: 'key' | 'prefix';
  value: string;
}

export function utf8Compare(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Every entry a listing of `keys` under `prefix`, grouped by `delimiter`, returns. */
export function referenceListing(keys: Iterable<string>, prefix: string, delimiter: string): ListingEntry[] {
  const sorted = [...new Set(keys)].sort(utf8Compare);
  const entries: ListingEntry[] = [];
  const seenPrefixes = new Set<string>();
  for (const key of sorted) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const at = delimiter === '' ? -1 : rest.indexOf(delimiter);
    if (at === -1) {
      entries.push({ kind: 'key', value: key });
      continue;
    }
    const common = prefix + rest.slice(0, at + delimiter.length);
    if (!seenPrefixes.has(common)) {
      seenPrefixes.add(common);
      entries.push({ kind: 'prefix', value: common });
    }
  }
  // A common prefix sorts before all of its keys, so first-seen order is byte order too; check it.
  for (let i = 1; i < entries.length; i++) {
    if (utf8Compare(entries[i - 1]!.value, entries[i]!.value) >= 0) throw new Error('reference listing out of order');
  }
  return entries;
}

/** The keys and the common prefixes of some entries, each in their listed order. */
export function splitEntries(entries: readonly ListingEntry[]): { keys: string[]; prefixes: string[] } {
  return {
    keys: entries.filter((e) => e.kind === 'key').map((e) => e.value),
    prefixes: entries.filter((e) => e.kind === 'prefix').map((e) => e.value),
  };
}

/**
 * Key pieces: plain and special ASCII, 2-, 3- and 4-byte UTF-8 (an astral emoji, which JavaScript
 * orders by UTF-16 code unit *below* U+E000–U+FFFF, while UTF-8 puts it above), and delimiters.
 */
export const KEY_PIECES = [
  '/',
  '-',
  'a',
  'b',
  '%',
  '+',
  ' ',
  'é',
  '中',
  '\u{1F600}',
  '\u{10348}',
  '\uFF5E',
  '\uE000',
  '\uFFFD',
  '//',
  'a/',
] as const;

export const DELIMITERS = ['', '/', '-', '//', 'a', '\u{1F600}'] as const;

export const MAX_KEY_BYTES = 1024;

const piece = fc.constantFrom(...KEY_PIECES);

/** Code-point-safe prefix of `s` (never splits a surrogate pair). */
function codePointPrefix(s: string, length: number): string {
  return Array.from(s).slice(0, length).join('');
}

const shortKey = fc.array(piece, { minLength: 1, maxLength: 7 }).map((parts) => parts.join(''));
/** Keys near the 1024-byte limit, to exercise long keys. */
const longKey = fc
  .tuple(fc.integer({ min: 900, max: 1000 }), shortKey)
  .map(([n, tail]) => `${'a'.repeat(n)}/${tail}`)
  .filter((k) => Buffer.byteLength(k, 'utf8') <= MAX_KEY_BYTES);

/**
 * Random key sets, closed under some prefixes so that keys are often prefixes of each other
 * ('a', 'a/', 'a/b').
 */
export function keySet(maxKeys = 40): fc.Arbitrary<string[]> {
  return fc
    .tuple(
      fc.array(fc.oneof({ weight: 12, arbitrary: shortKey }, { weight: 1, arbitrary: longKey }), { minLength: 0, maxLength: maxKeys }),
      fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: maxKeys }),
    )
    .map(([base, cuts]) => {
      const keys = new Set(base);
      for (const [which, length] of cuts) {
        if (base.length === 0) break;
        const source = base[which % base.length]!;
        const cut = codePointPrefix(source, 1 + (length % Array.from(source).length));
        keys.add(cut);
      }
      return [...keys].filter((k) => k.length > 0 && Buffer.byteLength(k, 'utf8') <= MAX_KEY_BYTES);
    });
}

/** A listing prefix for a key set: empty, a prefix of one of its keys, or unrelated pieces. */
export function prefixFor(keys: readonly string[]): fc.Arbitrary<string> {
  const options: fc.Arbitrary<string>[] = [fc.constant(''), fc.array(piece, { maxLength: 3 }).map((p) => p.join(''))];
  if (keys.length > 0) {
    options.push(fc.tuple(fc.constantFrom(...keys), fc.nat()).map(([k, n]) => codePointPrefix(k, n % (Array.from(k).length + 1))));
  }
  return fc.oneof(...options);
}

export const delimiterArb = fc.constantFrom(...DELIMITERS);
