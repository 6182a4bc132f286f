import type { Readable } from 'node:stream';
import type { CompletedPart } from '@aws-sdk/client-s3';
import { PailError } from '../errors/pail-error.js';
import { choosePartSize, partRanges } from './part-size.js';
import { withRetry } from './retry.js';
import type { RunContext } from './run-context.js';
import { createJournaledUpload, storedParts } from './run-upload.js';
import { loadS3Sdk } from '../s3/sdk.js';

/** At most this many parts of one streamed file are buffered and in flight at once. */
const STREAM_PARTS_IN_FLIGHT = 2;

/**
 * The offset a browser-mode upload resumes from: the bytes of the parts stored on the server,
 * counted from the start and without gaps (0 without an upload).
 */
export async function streamResumeOffset(ctx: Pick<RunContext, 'rec' | 'client' | 'signal'>): Promise<number> {
  const { rec } = ctx;
  if (!rec.uploadId || !rec.partSize) return 0;
  const stored = await storedParts(ctx.client, rec.target.bucket, rec.target.key, rec.uploadId, ctx.signal);
  if (!stored) return 0;
  let offset = 0;
  for (const r of partRanges(rec.size, rec.partSize)) {
    if (stored.get(r.partNumber)?.size !== r.end - r.start) break;
    offset = r.end;
  }
  return offset;
}

/**
 * Uploads the bytes a page streams, from `offset` (part-aligned; the parts before it are on the
 * server). One part at a time is read into memory (at most two in flight); while the transfer is
 * paused no more of the body is read, so TCP backpressure stops the page's upload.
 */
export async function uploadStream(ctx: RunContext, body: Readable, offset: number, waitWhilePaused: () => Promise<void>): Promise<void> {
  const { CompleteMultipartUploadCommand, PutObjectCommand, UploadPartCommand } = await loadS3Sdk();
  const { rec, client, signal } = ctx;
  const { bucket, key } = rec.target;
  const size = rec.size;
  const partSize = rec.partSize ?? choosePartSize(size, ctx.partSize);
  if (size < partSize && !rec.uploadId) {
    const data = await readExactly(body, size, waitWhilePaused, (n) => ctx.progress(n));
    await withRetry(
      () =>
        client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: data, ContentType: rec.contentType }), { abortSignal: signal }),
      signal,
      ctx.retry,
    );
    return;
  }
  let uploadId = rec.uploadId;
  uploadId ??= await createJournaledUpload(ctx, partSize);
  const ranges = partRanges(size, partSize);
  const etags = new Map<number, string>();
  const stored = offset > 0 ? ((await storedParts(client, bucket, key, uploadId, signal)) ?? new Map()) : new Map();
  for (const r of ranges) if (r.end <= offset) etags.set(r.partNumber, stored.get(r.partNumber)?.etag ?? '');
  if ([...etags.values()].some((e) => !e))
    throw new PailError('internal', 'The stored parts changed while the upload was away; send the file again.');
  const inFlight = new Set<Promise<void>>();
  let failure: unknown;
  const iterator = chunks(body);
  for (const r of ranges) {
    if (r.end <= offset) continue;
    await waitWhilePaused();
    let data: Buffer;
    try {
      data = await readPart(iterator, r.end - r.start, (n) => ctx.progress(n));
    } catch (err) {
      // The page went away: let the parts already read reach the server, so it resumes after them.
      await Promise.allSettled(inFlight);
      throw err;
    }
    const job = withRetry(
      () =>
        client.send(
          new UploadPartCommand({
            Bucket: bucket,
            Key: key,
            UploadId: uploadId,
            PartNumber: r.partNumber,
            Body: data,
            ContentLength: data.length,
          }),
          { abortSignal: signal },
        ),
      signal,
      ctx.retry,
    ).then(
      (res) => void etags.set(r.partNumber, res.ETag!),
      (err: unknown) => void (failure ??= err),
    );
    inFlight.add(job);
    void job.finally(() => inFlight.delete(job));
    if (inFlight.size >= STREAM_PARTS_IN_FLIGHT) await Promise.race(inFlight);
    if (failure) throw failure;
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  const parts: CompletedPart[] = ranges.map((r) => ({ PartNumber: r.partNumber, ETag: etags.get(r.partNumber)! }));
  await withRetry(
    () =>
      client.send(new CompleteMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }), {
        abortSignal: signal,
      }),
    signal,
    ctx.retry,
  );
  await ctx.persist({ uploadId: undefined });
}

/** Pulls a stream chunk by chunk, keeping what a part did not use for the next. */
interface ChunkReader {
  next(): Promise<Buffer | undefined>;
  unshift(rest: Buffer): void;
}

function chunks(body: Readable): ChunkReader {
  const it = body[Symbol.asyncIterator]();
  let pending: Buffer | undefined;
  return {
    async next() {
      if (pending) {
        const p = pending;
        pending = undefined;
        return p;
      }
      const r = await it.next();
      return r.done ? undefined : (r.value as Buffer);
    },
    unshift(rest) {
      pending = rest;
    },
  };
}

async function readPart(reader: ChunkReader, length: number, onBytes: (n: number) => void): Promise<Buffer> {
  const out = Buffer.allocUnsafe(length);
  let filled = 0;
  while (filled < length) {
    const chunk = await reader.next();
    if (!chunk) throw new PailError('cancelled', 'The page stopped sending the file before its end.');
    const take = Math.min(chunk.length, length - filled);
    chunk.copy(out, filled, 0, take);
    filled += take;
    onBytes(take);
    if (take < chunk.length) reader.unshift(chunk.subarray(take));
  }
  return out;
}

async function readExactly(
  body: Readable,
  length: number,
  waitWhilePaused: () => Promise<void>,
  onBytes: (n: number) => void,
): Promise<Buffer> {
  await waitWhilePaused();
  const data = await readPart(chunks(body), length, onBytes);
  return data;
}
