import { xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { toXml } from '../xml.js';
import { requireBucket } from './shared/bucket.js';
import { decodeToken, encodeToken, keyEncoder, maxKeysParam } from './shared/listing-params.js';
import { isoDate } from './shared/object-headers.js';
import { ownerOf } from './shared/owner.js';

/** ListObjectsV2: prefix, delimiter, max-keys, continuation-token, start-after, encoding-type, fetch-owner. */
export async function listObjectsV2(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const prefix = ctx.query.get('prefix') ?? '';
  const delimiter = ctx.query.get('delimiter') ?? '';
  const maxKeys = maxKeysParam(ctx, 'max-keys');
  const token = ctx.query.get('continuation-token');
  const startAfter = ctx.query.get('start-after') ?? '';
  const after = token !== null ? decodeToken(token) : startAfter;
  const page = bucket.list({ prefix, delimiter, maxKeys, after });
  const enc = keyEncoder(ctx);
  const owner = ctx.query.get('fetch-owner') === 'true' ? { ...ownerOf(ctx) } : undefined;
  return xmlResponse(
    toXml('ListBucketResult', {
      Name: bucket.config.name,
      Prefix: enc(prefix),
      Delimiter: delimiter ? enc(delimiter) : undefined,
      MaxKeys: maxKeys,
      EncodingType: ctx.query.get('encoding-type') ?? undefined,
      KeyCount: page.keys.length + page.commonPrefixes.length,
      ContinuationToken: token ?? undefined,
      StartAfter: startAfter ? enc(startAfter) : undefined,
      IsTruncated: page.isTruncated,
      NextContinuationToken: page.isTruncated && page.last !== undefined ? encodeToken(page.last) : undefined,
      Contents: page.keys.map((key) => {
        const obj = bucket.head(key)!;
        return {
          Key: enc(key),
          LastModified: isoDate(obj.lastModified),
          ETag: `"${obj.etag}"`,
          ChecksumAlgorithm: obj.checksum?.algorithm.toUpperCase(),
          Size: obj.size,
          Owner: owner,
          StorageClass: obj.storageClass,
        };
      }),
      CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: enc(p) })),
    }),
  );
}
