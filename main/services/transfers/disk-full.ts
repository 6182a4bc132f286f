import type { FileHandle } from 'node:fs/promises';
import { rm } from 'node:fs/promises';
import { basename } from 'node:path';
import { PailError } from '../errors/pail-error.js';
import type { RunContext } from './run-context.js';

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

/**
 * Writes all of `bufs` at `position`, with as few pwritev calls as the kernel allows. A write on a
 * nearly full disk may store only part of what it was given (the next one then fails with ENOSPC):
 * the rest is written, never silently dropped.
 */
export async function writeFully(file: FileHandle, bufs: Buffer[], position: number): Promise<void> {
  let rest = bufs;
  let at = position;
  while (rest.length) {
    const { bytesWritten } = await file.writev(rest, at);
    if (bytesWritten <= 0) throw Object.assign(new Error('No space left on device'), { code: 'ENOSPC', syscall: 'write' });
    at += bytesWritten;
    let skip = bytesWritten;
    const next: Buffer[] = [];
    for (const b of rest) {
      if (skip >= b.length) skip -= b.length;
      else {
        next.push(skip ? b.subarray(skip) : b);
        skip = 0;
      }
    }
    rest = next;
  }
}

/**
 * Runs a download and turns a full disk (ENOSPC, EDQUOT) into an error a person can act on. What
 * happens to `NAME.pail-part`:
 * - it holds verified bytes (a ranged download whose watermark moved): it is **kept**, so Retry
 *   continues from there once space is free — re-fetching gigabytes would be the worse outcome;
 *   Cancel removes it, and the message says both;
 * - it holds nothing verified (a single-request download, or none of the ranges finished): it is
 *   **removed** at once, giving the space back, since a retry starts over anyway.
 * The final name is never written: the rename happens only after a complete, verified download.
 */
export async function withDiskFullHandling(ctx: RunContext, partPath: string, download: () => Promise<void>): Promise<void> {
  try {
    await download();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException | undefined)?.code;
    if (!code || !DISK_FULL.has(code)) throw err;
    const what = code === 'EDQUOT' ? 'Your disk quota is used up' : 'The disk is full';
    const kept = ctx.rec.watermark ?? 0;
    const name = basename(partPath);
    if (kept > 0) {
      throw new PailError(
        'internal',
        `${what}: ${ctx.rec.localPath} could not be written. The ${formatSize(kept)} downloaded so far stay in ${name}: free some space and Retry to continue from there, or Cancel to remove it.`,
      );
    }
    await rm(partPath, { force: true }).catch(() => {});
    throw new PailError('internal', `${what}: ${ctx.rec.localPath} could not be written. Free some space, then Retry.`);
  }
}

function formatSize(bytes: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let n = bytes;
  let unit = 0;
  while (n >= 1024 && unit < units.length - 1) {
    n /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} bytes` : `${n.toFixed(1)} ${units[unit]}`;
}
