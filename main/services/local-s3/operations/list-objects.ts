import { xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { toXml } from '../xml.js';
import { requireBucket } from './shared/bucket.js';
import { keyEncoder, maxKeysParam } from './shared/listing-params.js';
import { isoDate } from './shared/object-headers.js';
import { ownerOf } from './shared/owner.js';

/** ListObjects (v1): prefix, delimiter, marker, max-keys, encoding-type; NextMarker when delimited. */
export async function listObjects(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const prefix = ctx.query.get('prefix') ?? '';
  const delimiter = ctx.query.get('delimiter') ?? '';
  const marker = ctx.query.get('marker') ?? '';
  const maxKeys = maxKeysParam(ctx, 'max-keys');
  const page = bucket.list({ prefix, delimiter, maxKeys, after: marker });
  const enc = keyEncoder(ctx);
  const owner = ownerOf(ctx);
  return xmlResponse(
    toXml('ListBucketResult', {
      Name: bucket.config.name,
      Prefix: enc(prefix),
      Marker: enc(marker),
      // S3 returns NextMarker only with a delimiter; without one, clients use the last key.
      NextMarker: page.isTruncated && delimiter && page.last !== undefined ? enc(page.last) : undefined,
      MaxKeys: maxKeys,
      Delimiter: delimiter ? enc(delimiter) : undefined,
      EncodingType: ctx.query.get('encoding-type') ?? undefined,
      IsTruncated: page.isTruncated,
      Contents: page.keys.map((key) => {
        const obj = bucket.head(key)!;
        return {
          Key: enc(key),
          LastModified: isoDate(obj.lastModified),
          ETag: `"${obj.etag}"`,
          Size: obj.size,
          Owner: { ...owner },
          StorageClass: obj.storageClass,
        };
      }),
      CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: enc(p) })),
    }),
  );
}
