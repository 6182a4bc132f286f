/** One byte range of an object, inclusive at both ends (as in `Content-Range`). */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads a `Range` header against an object of `size` bytes (RFC 9110 §14): a single
 * `bytes=first-last`, `bytes=first-` or `bytes=-suffix` range. Answers:
 * - `undefined`: no range to honour (no header, another unit, several ranges, bad syntax): send all;
 * - `'unsatisfiable'`: a valid range that starts past the end (416 with `bytes *\/size`);
 * - the range, its end clamped to the object's last byte.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined;
  if (m[1] === '') {
    const suffix = Number(m[2]);
    if (suffix === 0 || size === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(m[1]);
  const last = m[2] === '' ? undefined : Number(m[2]);
  if (last !== undefined && last < start) return undefined;
  if (start >= size) return 'unsatisfiable';
  return { start, end: Math.min(last ?? size - 1, size - 1) };
}
