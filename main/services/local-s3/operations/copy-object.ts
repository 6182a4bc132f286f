import { header, xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { S3Error } from '../s3-error.js';
import type { BucketStore, ObjectChecksum, ObjectRecord, StoredFile } from '../store/object-store.js';
import { checksumElement, createDigest, requireChecksumAlgorithm } from '../checksums.js';
import { toXml } from '../xml.js';
import { cannedAclFrom } from './shared/acl.js';
import { requireBucket } from './shared/bucket.js';
import { resolveCopySource, type CopySource } from './shared/copy-source.js';
import { checkWriteConditions, hasWriteConditions } from './put-object.js';
import { isoDate, storageClassFrom, storedHeadersFrom, userMetadataFrom } from './shared/object-headers.js';

/**
 * CopyObject, with metadata directive COPY or REPLACE. Copying an object onto itself with
 * REPLACE updates its metadata in place without touching its bytes.
 */
export async function copyObject(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const source = resolveCopySource(ctx);
  const directive = (header(ctx, 'x-amz-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE')
    throw new S3Error('InvalidArgument', `Unknown metadata directive: ${directive}`, { ArgumentName: 'x-amz-metadata-directive' });
  const storageClass = header(ctx, 'x-amz-storage-class') !== undefined ? storageClassFrom(ctx) : undefined;
  const inPlace = source.bucket === bucket && source.key === ctx.key;
  if (inPlace && directive === 'COPY' && storageClass === undefined) {
    throw new S3Error(
      'InvalidRequest',
      "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  const acl = cannedAclFrom(ctx);
  checkWriteConditions(ctx, bucket.head(ctx.key!));
  const replace = directive === 'REPLACE';
  const describe = (src: ObjectRecord, files: StoredFile[]): ObjectRecord => ({
    ...src,
    headers: replace ? storedHeadersFrom(ctx) : src.headers,
    meta: replace ? userMetadataFrom(ctx) : src.meta,
    storageClass: storageClass ?? src.storageClass,
    acl,
    lastModified: Date.now(),
    files,
    uploadId: undefined,
  });
  describe(source.record, source.record.files); // validates the new headers before any bytes move
  const checksum = await requestedChecksum(ctx, source);

  let committed: ObjectRecord | undefined;
  if (inPlace) {
    committed = await bucket.modify(ctx.key!, (current) => {
      checkWriteConditions(ctx, current, true);
      return current ? withChecksum(describe(current, current.files), checksum) : undefined;
    });
    if (!committed) throw new S3Error('NoSuchKey', undefined, { Key: source.key });
  } else {
    const { record, files } = await cloneSource(bucket, source);
    committed = withChecksum(describe(record, files), checksum);
    const next = committed;
    try {
      if (hasWriteConditions(ctx))
        await bucket.modify(ctx.key!, (current) => {
          checkWriteConditions(ctx, current, true);
          return next;
        });
      else await bucket.commit(ctx.key!, committed);
    } catch (err) {
      await Promise.all(files.map((f) => bucket.discard(f, err)));
      throw err;
    }
  }
  const result = committed.checksum
    ? { [checksumElement(committed.checksum.algorithm)]: committed.checksum.value, ChecksumType: committed.checksum.type }
    : {};
  return xmlResponse(toXml('CopyObjectResult', { LastModified: isoDate(committed.lastModified), ETag: `"${committed.etag}"`, ...result }));
}

/** Copies the source's files; if a concurrent overwrite removes them mid-copy, copies the newer object. */
async function cloneSource(target: BucketStore, source: CopySource): Promise<{ record: ObjectRecord; files: StoredFile[] }> {
  let record = source.record;
  for (let attempt = 0; attempt < 5; attempt++) {
    const files: StoredFile[] = [];
    try {
      for (const file of record.files) files.push(await target.cloneFile(file, source.bucket));
      return { record, files };
    } catch (err) {
      await Promise.all(files.map((f) => target.discard(f)));
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      const newer = source.bucket.head(source.key);
      if (!newer) throw new S3Error('NoSuchKey', undefined, { Key: source.key });
      record = newer;
    }
  }
  throw new S3Error('InternalError', 'The source object kept changing during the copy; try again.');
}

function withChecksum(record: ObjectRecord, checksum: ObjectChecksum | undefined): ObjectRecord {
  return checksum ? { ...record, checksum } : record;
}

/**
 * x-amz-checksum-algorithm on CopyObject: the copy gets a full-object checksum of that algorithm,
 * computed from the source's bytes unless the source already has exactly that checksum.
 */
async function requestedChecksum(ctx: RequestContext, source: CopySource): Promise<ObjectChecksum | undefined> {
  const name = header(ctx, 'x-amz-checksum-algorithm');
  if (name === undefined) return undefined;
  const algorithm = requireChecksumAlgorithm(name);
  const existing = source.record.checksum;
  if (existing?.algorithm === algorithm && existing.type === 'FULL_OBJECT') return existing;
  const opened = await source.bucket.open(source.key);
  if (!opened) throw new S3Error('NoSuchKey', undefined, { Key: source.key });
  try {
    const digest = createDigest(algorithm);
    if (opened.record.size > 0) for await (const chunk of opened.read(0, opened.record.size - 1)) digest.update(chunk as Buffer);
    return { algorithm, value: digest.digest().toString('base64'), type: 'FULL_OBJECT' };
  } finally {
    await opened.close();
  }
}
