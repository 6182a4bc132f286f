import type { RequestContext, S3Response } from '../context.js';
import { S3Error } from '../s3-error.js';
import { UploadGoneError } from '../store/fs-bucket.js';
import { requireBucket } from './shared/bucket.js';
import { requireUpload } from './shared/upload.js';

/** AbortMultipartUpload: removes the upload and its parts. */
export async function abortMultipartUpload(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const upload = requireUpload(ctx, bucket);
  try {
    await bucket.abortUpload(upload.uploadId);
  } catch (err) {
    if (err instanceof UploadGoneError) throw new S3Error('NoSuchUpload', undefined, { UploadId: upload.uploadId });
    throw err;
  }
  return { status: 204 };
}
