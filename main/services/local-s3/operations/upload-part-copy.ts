import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { checksumElement, createDigest } from '../checksums.js';
import { header, xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { S3Error } from '../s3-error.js';
import type { PartRecord } from '../store/object-store.js';
import { toXml } from '../xml.js';
import { requireBucket } from './shared/bucket.js';
import { resolveCopySource } from './shared/copy-source.js';
import { isoDate } from './shared/object-headers.js';
import { partNumberParam, requireUpload } from './shared/upload.js';
import { commitPart } from './upload-part.js';

const MAX_PART = 5 * 1024 ** 3;

/** UploadPartCopy: a part made of (a range of) an existing object. */
export async function uploadPartCopy(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const upload = requireUpload(ctx, bucket);
  const partNumber = partNumberParam(ctx);
  const source = resolveCopySource(ctx);
  const opened = await source.bucket.open(source.key);
  if (!opened) throw new S3Error('NoSuchKey', undefined, { Key: source.key });
  const staged = bucket.stage();
  const md5 = createHash('md5');
  // An upload created with a checksum algorithm gets each copied part's checksum, as S3 computes it.
  const checksum = upload.checksumAlgorithm ? createDigest(upload.checksumAlgorithm) : undefined;
  let size = 0;
  try {
    const { start, end } = copyRange(header(ctx, 'x-amz-copy-source-range'), opened.record.size);
    if (end - start + 1 > MAX_PART)
      throw new S3Error(
        'InvalidRequest',
        'The specified copy source is larger than the maximum allowable size for a copy source: 5368709120',
      );
    const hashing = new Transform({
      transform(chunk: Buffer, _enc, callback) {
        md5.update(chunk);
        checksum?.update(chunk);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    const sink = createWriteStream(staged.path, { flush: true, mode: 0o600 });
    if (end >= start) await pipeline(opened.read(start, end), hashing, sink);
    else await pipeline(async function* () {}, sink);
  } catch (err) {
    await rm(staged.path, { force: true });
    throw err;
  } finally {
    await opened.close();
  }
  const part: PartRecord = { partNumber, size, etag: md5.digest('hex'), lastModified: Date.now(), file: { name: staged.name, size } };
  if (checksum) part.checksum = checksum.digest().toString('base64');
  await commitPart(bucket, upload.uploadId, part, staged);
  return xmlResponse(
    toXml('CopyPartResult', {
      LastModified: isoDate(part.lastModified),
      ETag: `"${part.etag}"`,
      ...(part.checksum ? { [checksumElement(upload.checksumAlgorithm!)]: part.checksum } : {}),
    }),
  );
}

function copyRange(value: string | undefined, size: number): { start: number; end: number } {
  if (value === undefined) return { start: 0, end: size - 1 };
  const m = /^bytes=(\d+)-(\d+)$/.exec(value.trim());
  if (!m)
    throw new S3Error(
      'InvalidArgument',
      'The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy',
      { ArgumentName: 'x-amz-copy-source-range' },
    );
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (start > end || end >= size) throw new S3Error('InvalidRange', undefined, { ActualObjectSize: String(size) });
  return { start, end };
}
