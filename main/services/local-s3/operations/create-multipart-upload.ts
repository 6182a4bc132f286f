import { checksumSettings } from './shared/multipart-checksum.js';
import { xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { toXml } from '../xml.js';
import { cannedAclFrom } from './shared/acl.js';
import { requireBucket } from './shared/bucket.js';
import { storageClassFrom, storedHeadersFrom, userMetadataFrom } from './shared/object-headers.js';

/** CreateMultipartUpload: remembers the object's metadata until the upload completes. */
export async function createMultipartUpload(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const checksum = checksumSettings(ctx);
  const upload = await bucket.createUpload({
    key: ctx.key!,
    headers: storedHeadersFrom(ctx),
    meta: userMetadataFrom(ctx),
    acl: cannedAclFrom(ctx),
    storageClass: storageClassFrom(ctx),
    ...checksum,
  });
  const headers: Record<string, string> = {};
  if (upload.checksumAlgorithm) {
    headers['x-amz-checksum-algorithm'] = upload.checksumAlgorithm.toUpperCase();
    headers['x-amz-checksum-type'] = upload.checksumType!;
  }
  return xmlResponse(
    toXml('InitiateMultipartUploadResult', { Bucket: bucket.config.name, Key: ctx.key!, UploadId: upload.uploadId }),
    200,
    headers,
  );
}
