import { parseChecksumAlgorithm } from '../checksums.js';
import { header, xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { S3Error } from '../s3-error.js';
import { toXml } from '../xml.js';
import { cannedAclFrom } from './shared/acl.js';
import { requireBucket } from './shared/bucket.js';
import { storageClassFrom, storedHeadersFrom, userMetadataFrom } from './shared/object-headers.js';

/** CreateMultipartUpload: remembers the object's metadata until the upload completes. */
export async function createMultipartUpload(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const algorithmName = header(ctx, 'x-amz-checksum-algorithm');
  const checksumAlgorithm = algorithmName === undefined ? undefined : parseChecksumAlgorithm(algorithmName);
  if (algorithmName !== undefined && !checksumAlgorithm)
    throw new S3Error('InvalidRequest', `Checksum algorithm ${algorithmName} is not supported`);
  const typeName = header(ctx, 'x-amz-checksum-type')?.toUpperCase();
  if (typeName !== undefined && typeName !== 'COMPOSITE' && typeName !== 'FULL_OBJECT')
    throw new S3Error('InvalidRequest', `Checksum type ${typeName} is not supported`);
  const upload = await bucket.createUpload({
    key: ctx.key!,
    headers: storedHeadersFrom(ctx),
    meta: userMetadataFrom(ctx),
    acl: cannedAclFrom(ctx),
    storageClass: storageClassFrom(ctx),
    ...(checksumAlgorithm ? { checksumAlgorithm, checksumType: (typeName as 'COMPOSITE' | 'FULL_OBJECT' | undefined) ?? 'COMPOSITE' } : {}),
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
