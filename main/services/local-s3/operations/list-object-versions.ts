import { xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { toXml } from '../xml.js';
import { requireBucket } from './shared/bucket.js';
import { keyEncoder, maxKeysParam } from './shared/listing-params.js';
import { isoDate } from './shared/object-headers.js';
import { ownerOf } from './shared/owner.js';

/**
 * ListObjectVersions. Local buckets are unversioned, so each object is its one version with
 * VersionId "null" — what S3 answers for an unversioned bucket, and what cleanup code relies on.
 */
export async function listObjectVersions(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const prefix = ctx.query.get('prefix') ?? '';
  const delimiter = ctx.query.get('delimiter') ?? '';
  const keyMarker = ctx.query.get('key-marker') ?? '';
  const maxKeys = maxKeysParam(ctx, 'max-keys');
  const page = bucket.list({ prefix, delimiter, maxKeys, after: keyMarker });
  const enc = keyEncoder(ctx);
  const owner = ownerOf(ctx);
  return xmlResponse(
    toXml('ListVersionsResult', {
      Name: bucket.config.name,
      Prefix: enc(prefix),
      KeyMarker: enc(keyMarker),
      VersionIdMarker: ctx.query.get('version-id-marker') ?? '',
      NextKeyMarker: page.isTruncated && page.last !== undefined ? enc(page.last) : undefined,
      NextVersionIdMarker: page.isTruncated ? 'null' : undefined,
      MaxKeys: maxKeys,
      Delimiter: delimiter ? enc(delimiter) : undefined,
      EncodingType: ctx.query.get('encoding-type') ?? undefined,
      IsTruncated: page.isTruncated,
      Version: page.keys.map((key) => {
        const obj = bucket.head(key)!;
        return {
          Key: enc(key),
          VersionId: 'null',
          IsLatest: true,
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
