/** S3's multipart limits. */
export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;
/** Pail's default part: large enough that a 1 GiB file is 64 requests, small enough to keep memory flat. */
export const DEFAULT_PART_SIZE = 16 * 1024 * 1024;

/**
 * The part size for a file of `size` bytes: `preferred` (at least S3's 5 MiB minimum, unless a test
 * asks for less), grown in whole MiB until the file fits in 10,000 parts.
 */
export function choosePartSize(size: number, preferred = DEFAULT_PART_SIZE): number {
  const MiB = 1024 * 1024;
  const needed = Math.ceil(size / MAX_PARTS / MiB) * MiB;
  return Math.max(preferred, needed);
}

/** The byte ranges `[start, end)` of each part, numbered from 1. */
export function partRanges(size: number, partSize: number): { partNumber: number; start: number; end: number }[] {
  const parts = [];
  for (let start = 0, n = 1; start < size || (n === 1 && size === 0); start += partSize, n++) {
    parts.push({ partNumber: n, start, end: Math.min(start + partSize, size) });
    if (size === 0) break;
  }
  return parts;
}
