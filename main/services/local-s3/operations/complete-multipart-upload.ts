import { createHash } from 'node:crypto';
import { readSmallBody } from '../body.js';
import { checksumElement, checksumHeader, compositeChecksum } from '../checksums.js';
import { xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { S3Error } from '../s3-error.js';
import { UploadGoneError } from '../store/fs-bucket.js';
import type { ObjectRecord, PartRecord } from '../store/object-store.js';
import { asList, elementOf, parseXml, textOf, toXml } from '../xml.js';
import { uriEncode } from '../auth/uri-encode.js';
import { requireBucket } from './shared/bucket.js';
import { requireUpload } from './shared/upload.js';
import { checkWriteConditions, hasWriteConditions } from './put-object.js';

const MIN_PART_SIZE = 5 * 1024 * 1024;

/**
 * CompleteMultipartUpload: checks the part list (ascending, known parts with matching ETags,
 * every part but the last at least 5 MiB) and commits the object in one atomic step. The parts'
 * files become the object's files: nothing is copied, so completing is instant at any size.
 */
export async function completeMultipartUpload(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const upload = requireUpload(ctx, bucket);
  checkWriteConditions(ctx, bucket.head(upload.key));
  const doc = elementOf(parseXml((await readSmallBody(ctx)).toString('utf8')).CompleteMultipartUpload);
  const requested = asList(doc.Part).map(elementOf);
  if (requested.length === 0) throw new S3Error('MalformedXML', 'You must specify at least one part');
  const stored = new Map(bucket.parts(upload.uploadId).map((p) => [p.partNumber, p]));

  const chosen: PartRecord[] = [];
  let previous = 0;
  for (const el of requested) {
    const number = Number(textOf(el.PartNumber)?.trim());
    const etag = textOf(el.ETag)
      ?.trim()
      .replace(/^"|"$/g, '')
      .replace(/^&quot;|&quot;$/g, '');
    if (!Number.isInteger(number) || etag === undefined) throw new S3Error('MalformedXML');
    if (number <= previous) throw new S3Error('InvalidPartOrder', undefined, { UploadId: upload.uploadId });
    previous = number;
    const part = stored.get(number);
    if (!part || part.etag !== etag)
      throw new S3Error('InvalidPart', undefined, { UploadId: upload.uploadId, PartNumber: String(number), ETag: etag });
    const claimed = upload.checksumAlgorithm ? textOf(el[checksumElement(upload.checksumAlgorithm)])?.trim() : undefined;
    if (claimed !== undefined && part.checksum !== undefined && claimed !== part.checksum) {
      throw new S3Error(
        'InvalidPart',
        `The ${checksumElement(upload.checksumAlgorithm!)} of part ${number} does not match the uploaded part`,
        { UploadId: upload.uploadId, PartNumber: String(number) },
      );
    }
    chosen.push(part);
  }
  chosen.forEach((part, i) => {
    if (i < chosen.length - 1 && part.size < MIN_PART_SIZE) {
      throw new S3Error('EntityTooSmall', undefined, {
        UploadId: upload.uploadId,
        PartNumber: String(part.partNumber),
        ProposedSize: String(part.size),
        MinSizeAllowed: String(MIN_PART_SIZE),
      });
    }
  });

  const md5s = createHash('md5');
  for (const part of chosen) md5s.update(Buffer.from(part.etag, 'hex'));
  const record: ObjectRecord = {
    size: chosen.reduce((sum, p) => sum + p.size, 0),
    etag: `${md5s.digest('hex')}-${chosen.length}`,
    lastModified: Date.now(),
    headers: upload.headers,
    meta: upload.meta,
    acl: upload.acl,
    storageClass: upload.storageClass,
    parts: chosen.map((p) => ({ size: p.size, etag: p.etag, ...(p.checksum ? { checksum: p.checksum } : {}) })),
    files: chosen.map((p) => p.file),
  };
  const algorithm = upload.checksumAlgorithm;
  if (algorithm && upload.checksumType !== 'FULL_OBJECT' && chosen.every((p) => p.checksum)) {
    record.checksum = {
      algorithm,
      value: compositeChecksum(
        algorithm,
        chosen.map((p) => p.checksum!),
      ),
      type: 'COMPOSITE',
    };
  }
  try {
    // A write that landed since the request started is a conflict (409), as on S3.
    if (hasWriteConditions(ctx)) checkWriteConditions(ctx, bucket.head(upload.key), true);
    await bucket.completeUpload(upload.uploadId, record);
  } catch (err) {
    if (err instanceof UploadGoneError) throw new S3Error('NoSuchUpload', undefined, { UploadId: upload.uploadId });
    throw err;
  }
  const headers: Record<string, string> = {};
  if (record.checksum) headers[checksumHeader(record.checksum.algorithm)] = record.checksum.value;
  return xmlResponse(
    toXml('CompleteMultipartUploadResult', {
      Location: `${ctx.endpoint}/${bucket.config.name}/${uriEncode(upload.key, true)}`,
      Bucket: bucket.config.name,
      Key: upload.key,
      ETag: `"${record.etag}"`,
      ...(record.checksum ? { [checksumElement(record.checksum.algorithm)]: record.checksum.value, ChecksumType: 'COMPOSITE' } : {}),
    }),
    200,
    headers,
  );
}
