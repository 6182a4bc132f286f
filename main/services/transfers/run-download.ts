import { createHash } from 'node:crypto';
import { createReadStream, renameSync, writeFileSync, rename as renameWithCallback, writeFile as writeFileWithCallback } from 'node:fs';
import { mkdir, open, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { combineCrc, CRC32 } from '../checksums/crc-combine.js';
import { PailError } from '../errors/pail-error.js';
import { loadS3Sdk } from '../s3/sdk.js';
import { DIRECT_MAX_BYTES, directRoute, type DirectRoute } from './direct-requests.js';
import { writeFully } from './disk-full.js';
import { withRetry } from './retry.js';
import { runPool, type RunContext } from './run-context.js';
import { httpStatusOf } from '../s3/explain-error.js';

const writeFileCb = promisify(writeFileWithCallback);
// zlib.crc32 is native in Node >= 20.15 (and Electron's Node).
const crc32 = (zlib as unknown as { crc32: (data: Uint8Array, value?: number) => number }).crc32;
const renameCb = promisify(renameWithCallback);

/** Where a download's bytes collect until they are complete and verified. */
export const PART_SUFFIX = '.pail-part';
/**
 * The watermark (and the CRC of the bytes below it) is journaled every this many chunks: a kill -9
 * costs at most this many chunks again. The bytes themselves are not synced: waiting for the disk
 * set the pace of a large download (the page cache takes bytes several times faster than this
 * disk), and what a power cut takes is found by the CRC when the download resumes.
 */
const JOURNAL_EVERY_CHUNKS = 2;
/**
 * Received bytes are written in runs of about this size (one pwritev for many network chunks):
 * one write per 64 KiB socket read costs more in thread-pool round trips than the bytes do.
 */
const WRITE_RUN_BYTES = 1024 * 1024;

/**
 * Downloads an object to `rec.localPath`: parallel ranged GETs written in place into
 * `NAME.pail-part`, continued from the part file's verified length after a retry or restart,
 * checked (size; MD5 when the ETag is one) and only then renamed to the final name.
 */
export async function downloadObject(ctx: RunContext): Promise<void> {
  const { rec, client, signal } = ctx;
  const { bucket, key } = rec.target;
  const finalPath = rec.localPath!;
  const partPath = finalPath + PART_SUFFIX;
  if (rec.size >= 0 && rec.size <= ctx.partSize && !rec.watermark) return downloadSmall(ctx);
  // Plain-HTTP endpoints: read straight from the socket, until a server answers in a way only the SDK handles.
  const route = await directRoute(client);
  const { size, etag } = await withRetry(
    async () => {
      if (route) {
        const { headers } = await route.head({ bucket, key }, signal);
        return { size: Number(headers['content-length'] ?? 0), etag: headers['etag'] ?? '' };
      }
      const { HeadObjectCommand } = await loadS3Sdk();
      const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
      return { size: head.ContentLength ?? 0, etag: head.ETag ?? '' };
    },
    signal,
    ctx.retry,
  );
  let from = 0;
  /** CRC-32 of the bytes [0, watermark). */
  let prefixCrc = 0;
  if (rec.etag === etag && rec.size === size && (rec.watermark ?? 0) > 0) {
    const onDisk = await stat(partPath).then(
      (s) => s.size,
      () => 0,
    );
    // The journal's watermark was written without syncing the bytes below it: read them back and
    // check them against its CRC (a journal of an older Pail, which synced them, has none).
    const mark = rec.watermark!;
    const crc = onDisk >= mark ? await crcOf(partPath, mark, signal) : undefined;
    if (crc !== undefined && (rec.watermarkCrc === undefined || crc === rec.watermarkCrc)) {
      from = mark;
      prefixCrc = crc;
    }
  }
  await ctx.persist({ etag, size, watermark: from, watermarkCrc: prefixCrc });
  ctx.progress(from - rec.transferred);
  await mkdir(dirname(finalPath), { recursive: true });
  const file = await open(partPath, from > 0 ? 'r+' : 'w');
  try {
    // 'w' already emptied it; 'r+' drops whatever lies past the verified length.
    if (from > 0) await file.truncate(from);
    const chunk = ctx.partSize;
    const chunks: { start: number; end: number }[] = [];
    for (let start = from; start < size; start += chunk) chunks.push({ start, end: Math.min(start + chunk, size) });
    // The watermark moves over chunks finished in order; chunks finished early wait in `finished`.
    const finished = new Set<number>();
    let watermark = from;
    let journaled = from;
    let journaling: Promise<void> = Promise.resolve();
    /** Each finished chunk's CRC-32, by start, until the watermark passes it. */
    const chunkCrcs = new Map<number, number>();
    // One write at a time into the file, whichever lane's run it is: concurrent writes to one file
    // queue on its inode lock in the kernel, and on a busy machine the waiters spin there (measured
    // for 1 GiB: two to four seconds of system CPU with four lanes writing, about one at a time).
    let writing: Promise<void> = Promise.resolve();
    const writeInTurn = (bufs: Buffer[], position: number): Promise<void> => {
      const done = writing.then(() => writeFully(file, bufs, position));
      writing = done.catch(() => {});
      return done;
    };
    let raw = route?.readRange !== undefined;
    await runPool(chunks, ctx.partsPerFile, async (c) => {
      const chunkCrc = await withRetry(
        async () => {
          let written = 0;
          // Of this attempt's bytes, in order (each attempt starts the chunk over).
          let crc = 0;
          // Progress counts bytes as they arrive (a failed attempt takes them back), not as runs land.
          let received = 0;
          try {
            if (raw) {
              const read = await route!.readRange!(
                { bucket, key, start: c.start, end: c.end, ifMatch: etag || undefined },
                (run, offset) => {
                  crc = crc32(run, crc);
                  return writeInTurn([run], c.start + offset);
                },
                (n) => {
                  received += n;
                  ctx.progress(n);
                },
                signal,
              );
              if (read) return crc;
              raw = false;
            }
            const { GetObjectCommand } = await loadS3Sdk();
            const res = await client.send(
              new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${c.start}-${c.end - 1}`, IfMatch: etag || undefined }),
              { abortSignal: signal },
            );
            let run: Buffer[] = [];
            let runBytes = 0;
            const writeRun = async () => {
              const bufs = run;
              const n = runBytes;
              run = [];
              runBytes = 0;
              for (const b of bufs) crc = crc32(b, crc);
              await writeInTurn(bufs, c.start + written);
              written += n;
            };
            for await (const data of res.Body as Readable) {
              const buf = data as Buffer;
              run.push(buf);
              runBytes += buf.length;
              received += buf.length;
              ctx.progress(buf.length);
              if (runBytes >= WRITE_RUN_BYTES) await writeRun();
            }
            if (runBytes > 0) await writeRun();
            if (written !== c.end - c.start) throw Object.assign(new Error('The download was cut short.'), { code: 'ECONNRESET' });
            return crc;
          } catch (err) {
            ctx.progress(-received);
            throw err;
          }
        },
        signal,
        ctx.retry,
      );
      finished.add(c.start);
      chunkCrcs.set(c.start, chunkCrc);
      let moved = false;
      while (finished.has(watermark)) {
        finished.delete(watermark);
        const end = Math.min(watermark + chunk, size);
        prefixCrc = Number(combineCrc(CRC32, BigInt(prefixCrc), BigInt(chunkCrcs.get(watermark)!), end - watermark));
        chunkCrcs.delete(watermark);
        watermark = end;
        moved = true;
      }
      // Journaled every few chunks, in order, while the lanes go on; only over bytes already written.
      if (moved && (watermark - journaled >= JOURNAL_EVERY_CHUNKS * chunk || watermark === size)) {
        const mark = watermark;
        const markCrc = prefixCrc;
        journaled = mark;
        journaling = journaling.then(() => ctx.persist({ watermark: mark, watermarkCrc: markCrc }));
      }
    })
      .catch((err: unknown) => {
        // Each ranged GET asks for the version the HEAD saw: a 412 means the object was replaced meanwhile.
        if (httpStatusOf(err) === 412)
          throw new PailError('not-found', `${key} changed on the server while it was downloading. Retry to download the new version.`, {
            cause: err,
          });
        throw err;
      })
      .finally(() => journaling.catch(() => {}));
    await journaling;
    const onDisk = (await file.stat()).size;
    if (onDisk !== size)
      throw new PailError('internal', `The downloaded file has ${onDisk} bytes, but the object has ${size}. Retry the download.`);
  } finally {
    await file.close();
  }
  const md5 = etagMd5(etag);
  if (md5 && (await md5Of(partPath, signal)) !== md5) {
    await ctx.persist({ watermark: 0 });
    throw md5Mismatch(key);
  }
  await rename(partPath, finalPath);
}

/** The MD5 an ETag states (lowercase hex), or undefined: only a single-request upload's ETag is one. */
function etagMd5(etag: string | undefined): string | undefined {
  return /^"?([0-9a-f]{32})"?$/i.exec(etag ?? '')?.[1]?.toLowerCase();
}

function md5Mismatch(key: string): PailError {
  return new PailError('internal', `The downloaded bytes of ${key} do not match the object's MD5. Retry the download.`);
}

/** The CRC-32 of the first `length` bytes of a file. */
async function crcOf(path: string, length: number, signal: AbortSignal): Promise<number> {
  let crc = 0;
  for await (const chunk of createReadStream(path, { start: 0, end: length - 1, highWaterMark: 1024 * 1024, signal }))
    crc = crc32(chunk as Buffer, crc);
  return crc;
}

async function md5Of(path: string, signal: AbortSignal): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024, signal })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * A small object (one request): one GET streamed into `.pail-part` while its MD5 is computed, checked
 * against the ETag when that is an MD5, then renamed. Nothing to resume: a retry starts it over.
 */
async function downloadSmall(ctx: RunContext): Promise<void> {
  const { rec, client, signal } = ctx;
  const finalPath = rec.localPath!;
  const partPath = finalPath + PART_SUFFIX;
  const route = rec.size >= 0 && rec.size <= DIRECT_MAX_BYTES ? await directRoute(client) : undefined;
  if (route) return downloadDirect(ctx, route, partPath, finalPath);
  const { GetObjectCommand } = await loadS3Sdk();
  await mkdir(dirname(finalPath), { recursive: true });
  await withRetry(
    async () => {
      let written = 0;
      const file = await open(partPath, 'w');
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: rec.target.bucket, Key: rec.target.key }), { abortSignal: signal });
        const size = res.ContentLength ?? -1;
        const hash = createHash('md5');
        for await (const data of res.Body as Readable) {
          const buf = data as Buffer;
          hash.update(buf);
          await writeFully(file, [buf], written);
          written += buf.length;
          ctx.progress(buf.length);
        }
        if (size >= 0 && written !== size) throw Object.assign(new Error('The download was cut short.'), { code: 'ECONNRESET' });
        const md5 = etagMd5(res.ETag);
        if (md5 && hash.digest('hex') !== md5) throw md5Mismatch(rec.target.key);
        if (written !== rec.size) await ctx.persist({ size: written });
      } catch (err) {
        ctx.progress(-written);
        throw err;
      } finally {
        await file.close();
      }
    },
    signal,
    ctx.retry,
  );
  await rename(partPath, finalPath);
}

/**
 * Writes a small file whole. Blocking when asked (a command-line run; see RunContext). Otherwise
 * asynchronous: creating a file waits on the file system's journal, which is busy whenever
 * anything on the machine syncs; in the thread pool those waits overlap. The callback API, because
 * fs/promises' writeFile wraps each step in a FileHandle and costs about twice the CPU.
 */
async function writeWhole(path: string, body: Buffer, blocking: boolean): Promise<void> {
  if (blocking) writeFileSync(path, body);
  else await writeFileCb(path, body);
}

/**
 * A small object through the direct path: one GET held in memory, checked (length, and MD5 when the
 * ETag is one) before a byte reaches the disk, then written as `.pail-part` and renamed. Nothing is
 * journaled or synced for it: it has nothing to resume, and a transfer that did not reach 'done'
 * in the journal simply runs again.
 */
async function downloadDirect(ctx: RunContext, route: DirectRoute, partPath: string, finalPath: string): Promise<void> {
  const { rec, signal } = ctx;
  const res = await withRetry(
    async () => {
      const got = await route.send({ method: 'GET', bucket: rec.target.bucket, key: rec.target.key }, signal);
      const declared = Number(got.headers['content-length'] ?? got.body.length);
      if (got.body.length !== declared) throw Object.assign(new Error('The download was cut short.'), { code: 'ECONNRESET' });
      return got;
    },
    signal,
    ctx.retry,
  );
  const md5 = etagMd5(res.headers['etag']);
  if (md5 && createHash('md5').update(res.body).digest('hex') !== md5) throw md5Mismatch(rec.target.key);
  if (res.body.length !== rec.size) await ctx.persist({ size: res.body.length });
  signal.throwIfAborted();
  await writeWhole(partPath, res.body, ctx.blockingSmallWrites === true).catch(async (err: NodeJS.ErrnoException) => {
    // The folder is made only when the first write finds it missing: one mkdir per folder, not per file.
    if (err.code !== 'ENOENT') throw err;
    await mkdir(dirname(finalPath), { recursive: true });
    await writeWhole(partPath, res.body, ctx.blockingSmallWrites === true);
  });
  if (ctx.blockingSmallWrites) renameSync(partPath, finalPath);
  else await renameCb(partPath, finalPath);
  ctx.progress(res.body.length - rec.transferred);
}
