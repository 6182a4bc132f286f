import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectsCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCopyCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { ObjectDetails, ObjectSelection } from '../../../preload/contract/types.js';
import { PailError } from '../errors/pail-error.js';
import type { OperationHandle } from '../operations/index.js';
import { keysUnder } from './listing-service.js';
import { httpStatusOf } from './explain-error.js';

const DELETE_BATCH = 1000;
/** S3's CopyObject limit; larger objects are copied part by part. */
const MAX_SINGLE_COPY = 5 * 1024 ** 3;
const COPY_PART_SIZE = 512 * 1024 ** 2;

/** Creates a folder: the zero-byte `prefix/` marker S3 consoles use. */
export async function createFolder(client: S3Client, bucket: string, key: string): Promise<void> {
  const folderKey = key.endsWith('/') ? key : `${key}/`;
  if (folderKey === '/' || folderKey.includes('//')) throw new PailError('invalid-input', 'Folder names cannot be empty or contain "//".');
  // ContentLength: the SDK adds none for an empty body, then warns about "a Stream of unknown length".
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: folderKey, Body: '', ContentLength: 0 }));
}

/** Every key a selection covers: the chosen keys plus everything under each chosen folder. */
async function expandSelection(
  client: S3Client,
  selection: ObjectSelection,
  signal?: AbortSignal,
): Promise<{ key: string; size: number }[]> {
  const found = new Map<string, number>();
  for (const key of selection.keys) found.set(key, -1);
  for (const prefix of selection.prefixes) {
    for await (const page of keysUnder(client, selection.bucket, prefix, signal)) for (const o of page) found.set(o.key, o.size);
  }
  return [...found].map(([key, size]) => ({ key, size }));
}

/**
 * A folder's own marker (the empty `prefix/` object consoles create): deleted with its folder, but
 * not one of the objects a person counts ("Delete 1 object" for a folder holding one file).
 */
function isFolderMarker(object: { key: string; size: number }): boolean {
  return object.key.endsWith('/') && object.size <= 0;
}

/** Counts the objects a delete would remove, folder markers aside (sizes of single keys come from HEAD). */
export async function countSelection(client: S3Client, selection: ObjectSelection): Promise<{ count: number; bytes: number }> {
  const all = (await expandSelection(client, selection)).filter((o) => !isFolderMarker(o));
  const unknown = all.filter((o) => o.size < 0);
  for (let i = 0; i < unknown.length; i += 16) {
    await Promise.all(
      unknown.slice(i, i + 16).map(async (o) => {
        const head = await client.send(new HeadObjectCommand({ Bucket: selection.bucket, Key: o.key })).catch(() => undefined);
        o.size = head?.ContentLength ?? 0;
      }),
    );
  }
  return { count: all.length, bytes: all.reduce((sum, o) => sum + Math.max(o.size, 0), 0) };
}

/**
 * Deletes a selection with DeleteObjects in batches of 1,000, reporting progress after each
 * batch and stopping between batches once the operation is cancelled. Keys S3 refuses to delete
 * are reported together at the end.
 */
export async function deleteSelection(client: S3Client, selection: ObjectSelection, op: OperationHandle): Promise<{ deleted: number }> {
  const objects = await expandSelection(client, selection, op.signal);
  const keys = objects.map((o) => o.key);
  const markers = new Set(objects.filter(isFolderMarker).map((o) => o.key));
  const failed = new Set<string>();
  let done = 0;
  const failures: string[] = [];
  op.progress(done, keys.length);
  for (let i = 0; i < keys.length; i += DELETE_BATCH) {
    op.throwIfCancelled();
    const batch = keys.slice(i, i + DELETE_BATCH);
    const res = await client.send(
      new DeleteObjectsCommand({ Bucket: selection.bucket, Delete: { Quiet: true, Objects: batch.map((Key) => ({ Key })) } }),
    );
    for (const e of res.Errors ?? []) {
      failures.push(`${e.Key}: ${e.Message ?? e.Code}`);
      if (e.Key !== undefined) failed.add(e.Key);
    }
    done += batch.length - (res.Errors?.length ?? 0);
    op.progress(done, keys.length);
  }
  if (failures.length)
    throw new PailError('internal', `${failures.length} of ${keys.length} objects could not be deleted, for example ${failures[0]}`);
  // Like the confirmation, the answer counts objects, not the folder markers that went with them.
  return { deleted: keys.filter((key) => !markers.has(key) && !failed.has(key)).length };
}

/** S3's CopySource: bucket and key, URL-encoded. */
function copySource(bucket: string, key: string): string {
  return `${bucket}/${encodeURIComponent(key)}`;
}

/**
 * Copies one object server-side, part by part above 5 GiB (CopyObject's limit); `toBucket`
 * defaults to the source bucket. A cancelled `signal` aborts the copy (and its multipart upload).
 */
export async function copyObject(
  client: S3Client,
  bucket: string,
  from: string,
  to: string,
  options: { toBucket?: string; signal?: AbortSignal; onPart?: (bytes: number) => void } = {},
): Promise<void> {
  const toBucket = options.toBucket ?? bucket;
  const abortSignal = options.signal;
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: from }), { abortSignal });
  const size = head.ContentLength ?? 0;
  if (size <= MAX_SINGLE_COPY) {
    await client.send(
      new CopyObjectCommand({ Bucket: toBucket, Key: to, CopySource: copySource(bucket, from), MetadataDirective: 'COPY' }),
      { abortSignal },
    );
    options.onPart?.(size);
    return;
  }
  const upload = await client.send(
    new CreateMultipartUploadCommand({
      Bucket: toBucket,
      Key: to,
      ContentType: head.ContentType,
      Metadata: head.Metadata,
      CacheControl: head.CacheControl,
      ContentDisposition: head.ContentDisposition,
      ContentEncoding: head.ContentEncoding,
      StorageClass: head.StorageClass,
    }),
  );
  try {
    const parts = [];
    for (let start = 0, n = 1; start < size; start += COPY_PART_SIZE, n++) {
      const end = Math.min(start + COPY_PART_SIZE, size) - 1;
      const part = await client.send(
        new UploadPartCopyCommand({
          Bucket: toBucket,
          Key: to,
          UploadId: upload.UploadId,
          PartNumber: n,
          CopySource: copySource(bucket, from),
          CopySourceRange: `bytes=${start}-${end}`,
        }),
        { abortSignal },
      );
      parts.push({ PartNumber: n, ETag: part.CopyPartResult?.ETag });
      options.onPart?.(end - start + 1);
    }
    await client.send(
      new CompleteMultipartUploadCommand({ Bucket: toBucket, Key: to, UploadId: upload.UploadId, MultipartUpload: { Parts: parts } }),
      { abortSignal },
    );
  } catch (err) {
    await client.send(new AbortMultipartUploadCommand({ Bucket: toBucket, Key: to, UploadId: upload.UploadId })).catch(() => {});
    throw err;
  }
}

async function exists(client: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (err) {
    if (httpStatusOf(err) === 404) return false;
    throw err;
  }
}

/**
 * Renames or moves an object or a whole folder within a bucket: copy everything, then delete the
 * originals (S3 has no rename). Refuses to overwrite anything that already exists at the target.
 */
export async function moveObjects(
  client: S3Client,
  bucket: string,
  from: string,
  to: string,
  op: OperationHandle,
): Promise<{ moved: number }> {
  if (!to || to === from) throw new PailError('invalid-input', 'Choose a different name.');
  const isFolder = from.endsWith('/');
  const target = isFolder && !to.endsWith('/') ? `${to}/` : to;
  if (isFolder && target.startsWith(from)) throw new PailError('invalid-input', 'A folder cannot be moved into itself.');
  const pairs: [string, string][] = [];
  if (isFolder) {
    for await (const page of keysUnder(client, bucket, from, op.signal))
      for (const o of page) pairs.push([o.key, target + o.key.slice(from.length)]);
  } else {
    pairs.push([from, target]);
  }
  if (isFolder) {
    for await (const page of keysUnder(client, bucket, target)) {
      if (page.length)
        throw new PailError('already-exists', `A folder "${target}" already exists. Choose another name or delete it first.`);
      break;
    }
  } else if (await exists(client, bucket, target)) {
    throw new PailError('already-exists', `"${target}" already exists. Choose another name or delete it first.`);
  }
  // Cancelling stops between objects, before anything is deleted: what was copied stays at both
  // places, and every original is still there.
  let done = 0;
  op.progress(done, pairs.length);
  for (const [source, destination] of pairs) {
    op.throwIfCancelled();
    await copyObject(client, bucket, source, destination, { signal: op.signal });
    done++;
    op.progress(done, pairs.length);
  }
  op.throwIfCancelled();
  for (let i = 0; i < pairs.length; i += DELETE_BATCH) {
    await client.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Quiet: true, Objects: pairs.slice(i, i + DELETE_BATCH).map(([Key]) => ({ Key })) },
      }),
    );
  }
  return { moved: pairs.length };
}

/** The properties panel's facts about one object. */
export async function objectDetails(client: S3Client, bucket: string, key: string, objectUrl: string): Promise<ObjectDetails> {
  const head = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  return {
    key,
    size: head.ContentLength ?? 0,
    etag: head.ETag ?? '',
    contentType: head.ContentType ?? 'binary/octet-stream',
    lastModified: (head.LastModified ?? new Date(0)).toISOString(),
    storageClass: head.StorageClass ?? 'STANDARD',
    metadata: head.Metadata ?? {},
    s3Uri: `s3://${bucket}/${key}`,
    url: objectUrl,
  };
}
