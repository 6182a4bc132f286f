import { checksumElement } from '../checksums.js';
import { xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { S3Error } from '../s3-error.js';
import { toXml } from '../xml.js';
import { requireBucket } from './shared/bucket.js';
import { maxKeysParam } from './shared/listing-params.js';
import { isoDate } from './shared/object-headers.js';
import { ownerOf } from './shared/owner.js';
import { requireUpload } from './shared/upload.js';

/** ListParts: the parts uploaded so far, paginated by part number. */
export async function listParts(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const upload = requireUpload(ctx, bucket);
  const maxParts = maxKeysParam(ctx, 'max-parts');
  const markerText = ctx.query.get('part-number-marker') ?? '0';
  if (!/^\d+$/.test(markerText))
    throw new S3Error('InvalidArgument', 'part-number-marker must be an integer', { ArgumentName: 'part-number-marker' });
  const marker = Number(markerText);
  const after = bucket.parts(upload.uploadId).filter((p) => p.partNumber > marker);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  const owner = ownerOf(ctx);
  const element = upload.checksumAlgorithm ? checksumElement(upload.checksumAlgorithm) : undefined;
  return xmlResponse(
    toXml('ListPartsResult', {
      Bucket: bucket.config.name,
      Key: upload.key,
      UploadId: upload.uploadId,
      Initiator: { ...owner },
      Owner: { ...owner },
      StorageClass: upload.storageClass,
      PartNumberMarker: marker,
      NextPartNumberMarker: page.length ? page[page.length - 1]!.partNumber : marker,
      MaxParts: maxParts,
      IsTruncated: truncated,
      ChecksumAlgorithm: upload.checksumAlgorithm?.toUpperCase(),
      Part: page.map((p) => ({
        PartNumber: p.partNumber,
        LastModified: isoDate(p.lastModified),
        ETag: `"${p.etag}"`,
        Size: p.size,
        ...(element && p.checksum ? { [element]: p.checksum } : {}),
      })),
    }),
  );
}
