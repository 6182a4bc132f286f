import { receiveBodyToFile } from '../body.js';
import { checksumHeader } from '../checksums.js';
import type { RequestContext, S3Response } from '../context.js';
import { S3Error } from '../s3-error.js';
import { UploadGoneError } from '../store/fs-bucket.js';
import type { BucketStore, PartRecord, StagedFile } from '../store/object-store.js';
import { requireBucket } from './shared/bucket.js';
import { partNumberParam, requireUpload } from './shared/upload.js';

/** UploadPart: one part of up to 5 GiB, stored as its own file until the upload completes. */
export async function uploadPart(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const upload = requireUpload(ctx, bucket);
  const partNumber = partNumberParam(ctx);
  const staged = bucket.stage();
  // Parts of an upload created with a checksum algorithm get that checksum even when the client
  // sent none, so the object's checksum can be computed at completion.
  const body = await receiveBodyToFile(ctx, staged.path, undefined, upload.checksumAlgorithm ? { compute: upload.checksumAlgorithm } : {});
  if (upload.checksumAlgorithm && body.checksum && body.checksum.algorithm !== upload.checksumAlgorithm) {
    // As S3: a part's checksum must use the algorithm the upload was created with.
    await bucket.discard(staged);
    throw new S3Error(
      'InvalidRequest',
      `Checksum Type mismatch occurred, expected checksum Type: ${upload.checksumAlgorithm}, actual checksum Type: ${body.checksum.algorithm}`,
    );
  }
  const part: PartRecord = {
    partNumber,
    size: body.size,
    etag: body.md5Hex,
    lastModified: Date.now(),
    file: { name: staged.name, size: body.size },
  };
  if (body.checksum) part.checksum = body.checksum.value;
  await commitPart(bucket, upload.uploadId, part, staged);
  const headers: Record<string, string> = { etag: `"${part.etag}"` };
  if (body.checksum) headers[checksumHeader(body.checksum.algorithm)] = body.checksum.value;
  return { status: 200, headers };
}

/** Commits a part, mapping a concurrently completed or aborted upload to NoSuchUpload. */
export async function commitPart(bucket: BucketStore, uploadId: string, part: PartRecord, staged: StagedFile): Promise<void> {
  try {
    await bucket.commitPart(uploadId, part);
  } catch (err) {
    await bucket.discard(staged, err);
    if (err instanceof UploadGoneError) throw new S3Error('NoSuchUpload', undefined, { UploadId: uploadId });
    throw err;
  }
}
