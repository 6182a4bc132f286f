import { createHash } from 'node:crypto';
import { readSmallBody } from '../body.js';
import { combineChecksums, isCombinable } from '../checksum-combine.js';
import { checksumElement, checksumHeader, compositeChecksum, requireChecksumAlgorithm } from '../checksums.js';
import { header, xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { S3Error } from '../s3-error.js';
import { UploadGoneError } from '../store/fs-bucket.js';
import type { ObjectChecksum, ObjectRecord, PartRecord, UploadRecord } from '../store/object-store.js';
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
  // x-amz-checksum-* headers of this request are the whole object's checksum, not the XML's.
  const doc = elementOf(
    parseXml((await readSmallBody(ctx, undefined, { ignoreChecksumHeaders: true })).toString('utf8')).CompleteMultipartUpload,
  );
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
  const checksum = objectChecksum(ctx, upload, chosen);
  if (checksum) record.checksum = checksum;
  try {
    // Re-checked under the key's lock: a write that landed since the request started (another
    // Complete included) is a conflict (409), as on S3.
    const check = hasWriteConditions(ctx) ? (current: ObjectRecord | undefined) => checkWriteConditions(ctx, current, true) : undefined;
    await bucket.completeUpload(upload.uploadId, record, check);
  } catch (err) {
    if (err instanceof UploadGoneError) throw new S3Error('NoSuchUpload', undefined, { UploadId: upload.uploadId });
    throw err;
  }
  const headers: Record<string, string> = {};
  if (record.checksum) {
    headers[checksumHeader(record.checksum.algorithm)] = record.checksum.value;
    headers['x-amz-checksum-type'] = record.checksum.type;
  }
  return xmlResponse(
    toXml('CompleteMultipartUploadResult', {
      Location: `${ctx.endpoint}/${bucket.config.name}/${uriEncode(upload.key, true)}`,
      Bucket: bucket.config.name,
      Key: upload.key,
      ETag: `"${record.etag}"`,
      ...(record.checksum
        ? { [checksumElement(record.checksum.algorithm)]: record.checksum.value, ChecksumType: record.checksum.type }
        : {}),
    }),
    200,
    headers,
  );
}

/**
 * The object's additional checksum: FULL_OBJECT (the part CRCs combined into the CRC of the whole
 * object) or COMPOSITE (a checksum of the part checksums, with -N), per the upload's settings or,
 * for an upload created without them, the x-amz-checksum-* and x-amz-checksum-type headers of this
 * request. A whole-object checksum the client sends must match: BadDigest otherwise.
 */
function objectChecksum(ctx: RequestContext, upload: UploadRecord, parts: PartRecord[]): ObjectChecksum | undefined {
  const sentName = Object.keys(ctx.req.headers).find(
    (n) =>
      n.startsWith('x-amz-checksum-') && n !== 'x-amz-checksum-type' && n !== 'x-amz-checksum-algorithm' && n !== 'x-amz-checksum-mode',
  );
  const sentAlgorithm = sentName === undefined ? undefined : requireChecksumAlgorithm(sentName.slice('x-amz-checksum-'.length));
  const sentType = header(ctx, 'x-amz-checksum-type')?.toUpperCase();
  if (sentType !== undefined && sentType !== 'FULL_OBJECT' && sentType !== 'COMPOSITE')
    throw new S3Error('InvalidRequest', `Value for x-amz-checksum-type header is invalid: ${sentType}`);
  const algorithm = upload.checksumAlgorithm ?? sentAlgorithm;
  if (algorithm === undefined) return undefined;
  if (sentAlgorithm !== undefined && sentAlgorithm !== algorithm)
    throw new S3Error('InvalidRequest', `The upload was created with ${algorithm}, not ${sentAlgorithm}`);
  const type =
    upload.checksumType ?? (sentType as 'FULL_OBJECT' | 'COMPOSITE' | undefined) ?? (isCombinable(algorithm) ? 'FULL_OBJECT' : 'COMPOSITE');
  if (sentType !== undefined && sentType !== type)
    throw new S3Error('InvalidRequest', `The upload was created with the ${type} checksum type, not ${sentType}`);
  if (parts.some((p) => p.checksum === undefined)) {
    if (upload.checksumAlgorithm === undefined && sentAlgorithm === undefined) return undefined;
    throw new S3Error('InvalidRequest', `Every part needs a ${algorithm.toUpperCase()} checksum to compute the object's checksum`);
  }
  let value: string;
  if (type === 'FULL_OBJECT') {
    if (!isCombinable(algorithm))
      throw new S3Error('InvalidRequest', `The FULL_OBJECT checksum type cannot be used with the ${algorithm} checksum algorithm.`);
    value = combineChecksums(
      algorithm,
      parts.map((p) => ({ checksum: Buffer.from(p.checksum!, 'base64'), size: p.size })),
    ).toString('base64');
  } else {
    value = compositeChecksum(
      algorithm,
      parts.map((p) => p.checksum!),
    );
  }
  const sent = sentName === undefined ? undefined : header(ctx, sentName);
  // A composite value may be sent with or without its -N suffix.
  if (sent !== undefined && sent !== value && sent !== value.replace(/-\d+$/, ''))
    throw new S3Error('BadDigest', `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`);
  return { algorithm, value, type };
}
