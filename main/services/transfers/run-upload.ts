import { createReadStream, readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import type { CompletedPart } from '@aws-sdk/client-s3';
import type { S3Sender } from '../s3/deferred-client.js';
import { PailError } from '../errors/pail-error.js';
import { DIRECT_MAX_BYTES, directRoute, type DirectRoute } from './direct-requests.js';
import { choosePartSize, partRanges } from './part-size.js';
import { withRetry } from './retry.js';
import { runPool, type RunContext } from './run-context.js';
import { httpStatusOf } from '../s3/explain-error.js';
import { loadS3Sdk } from '../s3/sdk.js';

/** Counts bytes as they leave for the network, so progress moves within a part. */
export function counter(onBytes: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      onBytes(chunk.length);
      done(null, chunk);
    },
  });
}

/** The parts already stored for an upload (ListParts, every page); undefined when the upload is gone. */
export async function storedParts(
  client: S3Sender,
  bucket: string,
  key: string,
  uploadId: string,
  signal?: AbortSignal,
): Promise<Map<number, { etag: string; size: number }> | undefined> {
  const { ListPartsCommand } = await loadS3Sdk();
  const parts = new Map<number, { etag: string; size: number }>();
  let marker: string | undefined;
  try {
    do {
      const page = await client.send(
        new ListPartsCommand({ Bucket: bucket, Key: key, UploadId: uploadId, ...(marker ? { PartNumberMarker: marker } : {}) }),
        { abortSignal: signal },
      );
      for (const p of page.Parts ?? []) if (p.PartNumber && p.ETag) parts.set(p.PartNumber, { etag: p.ETag, size: p.Size ?? 0 });
      marker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (marker);
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchUpload' || httpStatusOf(err) === 404) return undefined;
    throw err;
  }
  return parts;
}

/** Aborts a multipart upload; an upload that is already gone counts as aborted. */
export async function abortUpload(client: S3Sender, bucket: string, key: string, uploadId: string): Promise<void> {
  const { AbortMultipartUploadCommand } = await loadS3Sdk();
  try {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: key, UploadId: uploadId }));
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchUpload' || httpStatusOf(err) === 404) return;
    throw err;
  }
}

/**
 * Uploads a local file: one PUT below the part size, otherwise Pail's own multipart upload whose
 * UploadId is journaled, so a retry or a restart continues it — ListParts says which parts are
 * stored, and those are not sent again.
 */
/**
 * Creates the multipart upload and journals it: `creatingAt` before the request, so the start-up
 * sweep can find an upload whose id never reached the journal, then the id once it exists.
 */
export async function createJournaledUpload(ctx: RunContext, partSize: number): Promise<string> {
  const { CreateMultipartUploadCommand } = await loadS3Sdk();
  const { rec, client, signal } = ctx;
  await ctx.persist({ creatingAt: new Date().toISOString(), partSize });
  const created = await withRetry(
    () =>
      client.send(new CreateMultipartUploadCommand({ Bucket: rec.target.bucket, Key: rec.target.key, ContentType: rec.contentType }), {
        abortSignal: signal,
      }),
    signal,
    ctx.retry,
  );
  await ctx.persist({ uploadId: created.UploadId!, creatingAt: undefined });
  return created.UploadId!;
}

export async function uploadFile(ctx: RunContext): Promise<void> {
  const { rec, client, signal } = ctx;
  const path = rec.localPath!;
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new PailError('not-found', `The file ${path} no longer exists.`);
    throw err;
  });
  if (!info.isFile()) throw new PailError('invalid-input', `${path} is not a file.`);
  const size = info.size;
  if (rec.uploadId && (rec.size !== size || rec.lastModified !== Math.trunc(info.mtimeMs))) {
    // The file changed since the upload began: its stored parts are of the old content.
    await abortUpload(client, rec.target.bucket, rec.target.key, rec.uploadId).catch(() => {});
    await ctx.persist({ uploadId: undefined, partSize: undefined });
  }
  if (rec.size !== size || rec.lastModified !== Math.trunc(info.mtimeMs))
    await ctx.persist({ size, lastModified: Math.trunc(info.mtimeMs) });
  const partSize = rec.partSize ?? choosePartSize(size, ctx.partSize);
  const { bucket, key } = rec.target;

  if (size < partSize && !rec.uploadId && size <= DIRECT_MAX_BYTES) {
    const route = await directRoute(client);
    if (route) return uploadDirect(ctx, route, size);
  }
  const { CompleteMultipartUploadCommand, PutObjectCommand, UploadPartCommand } = await loadS3Sdk();
  if (size < partSize && !rec.uploadId) {
    ctx.progress(-rec.transferred);
    await withRetry(
      async () => {
        let sent = 0;
        const body = createReadStream(path, { highWaterMark: 256 * 1024 }).pipe(
          counter((n) => {
            sent += n;
            ctx.progress(n);
          }),
        );
        try {
          await client.send(
            new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: size, ContentType: rec.contentType }),
            { abortSignal: signal },
          );
        } catch (err) {
          body.destroy();
          ctx.progress(-sent);
          throw err;
        }
      },
      signal,
      ctx.retry,
    );
    return;
  }

  let uploadId = rec.uploadId;
  let stored = new Map<number, { etag: string; size: number }>();
  if (uploadId) {
    const found = await withRetry(() => storedParts(client, bucket, key, uploadId!, signal), signal, ctx.retry);
    if (found) stored = found;
    else {
      uploadId = undefined;
      await ctx.persist({ uploadId: undefined });
    }
  }
  uploadId ??= await createJournaledUpload(ctx, partSize);
  const ranges = partRanges(size, partSize);
  const done = new Map<number, string>();
  let have = 0;
  for (const r of ranges) {
    const s = stored.get(r.partNumber);
    if (s && s.size === r.end - r.start) {
      done.set(r.partNumber, s.etag);
      have += s.size;
    }
  }
  ctx.progress(have - rec.transferred);
  const todo = ranges.filter((r) => !done.has(r.partNumber));
  await runPool(todo, ctx.partsPerFile, async (r) => {
    const etag = await withRetry(
      async () => {
        let sent = 0;
        const body: Readable = createReadStream(path, { start: r.start, end: r.end - 1, highWaterMark: 256 * 1024 }).pipe(
          counter((n) => {
            sent += n;
            ctx.progress(n);
          }),
        );
        try {
          const res = await client.send(
            new UploadPartCommand({
              Bucket: bucket,
              Key: key,
              UploadId: uploadId,
              PartNumber: r.partNumber,
              Body: body,
              ContentLength: r.end - r.start,
            }),
            { abortSignal: signal },
          );
          return res.ETag!;
        } catch (err) {
          body.destroy();
          ctx.progress(-sent);
          throw err;
        }
      },
      signal,
      ctx.retry,
    );
    done.set(r.partNumber, etag);
  });
  const parts: CompletedPart[] = ranges.map((r) => ({ PartNumber: r.partNumber, ETag: done.get(r.partNumber)! }));
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

/**
 * A small file through the direct path: read whole (it is at most DIRECT_MAX_BYTES), sent as one
 * PUT whose payload hash (SHA-256, signed) the server checks. A file that changed size since it
 * was queued is sent as it is now, and its row shows the new size.
 */
async function uploadDirect(ctx: RunContext, route: DirectRoute, size: number): Promise<void> {
  const { rec, signal } = ctx;
  // Synchronous on purpose: at most DIRECT_MAX_BYTES, read in microseconds, where a thread-pool
  // round trip per call (open, stat, read, close) costs more than the bytes with thousands of files.
  const body = readFileSync(rec.localPath!);
  if (body.length !== size) await ctx.persist({ size: body.length });
  ctx.progress(-rec.transferred);
  await withRetry(
    () =>
      route.send(
        {
          method: 'PUT',
          bucket: rec.target.bucket,
          key: rec.target.key,
          headers: rec.contentType ? { 'content-type': rec.contentType } : {},
          body,
        },
        signal,
      ),
    signal,
    ctx.retry,
  );
  ctx.progress(body.length);
}
