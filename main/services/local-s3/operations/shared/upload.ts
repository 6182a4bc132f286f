import type { RequestContext } from '../../context.js';
import { S3Error } from '../../s3-error.js';
import type { BucketStore, UploadRecord } from '../../store/object-store.js';

/** The upload named by ?uploadId for this key, or NoSuchUpload. */
export function requireUpload(ctx: RequestContext, bucket: BucketStore): UploadRecord {
  const uploadId = ctx.query.get('uploadId') ?? '';
  const upload = bucket.upload(uploadId);
  if (!upload || upload.key !== ctx.key) throw new S3Error('NoSuchUpload', undefined, { UploadId: uploadId });
  return upload;
}

/** ?partNumber, 1–10000. */
export function partNumberParam(ctx: RequestContext): number {
  const value = ctx.query.get('partNumber') ?? '';
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 10000) {
    throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', {
      ArgumentName: 'partNumber',
      ArgumentValue: value,
    });
  }
  return n;
}
