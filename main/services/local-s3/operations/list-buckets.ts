import { xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { S3Error } from '../s3-error.js';
import { toXml } from '../xml.js';
import { bucketRegion } from './shared/bucket.js';
import { decodeToken, encodeToken } from './shared/listing-params.js';
import { isoDate } from './shared/object-headers.js';
import { ownerOf } from './shared/owner.js';

/**
 * ListBuckets, in name order, with S3's optional paging: max-buckets (1–10000), continuation-token,
 * prefix and bucket-region. Without max-buckets every bucket is listed in one page, as S3 does.
 */
export async function listBuckets(ctx: RequestContext): Promise<S3Response> {
  const prefix = ctx.query.get('prefix') ?? '';
  const region = ctx.query.get('bucket-region');
  const maxParam = ctx.query.get('max-buckets');
  let max = Infinity;
  if (maxParam !== null) {
    max = Number(maxParam);
    if (!/^\d+$/.test(maxParam) || max < 1 || max > 10000)
      throw new S3Error('InvalidArgument', 'max-buckets must be an integer from 1 to 10000', {
        ArgumentName: 'max-buckets',
        ArgumentValue: maxParam,
      });
  }
  const token = ctx.query.get('continuation-token');
  const after = token ? decodeToken(token) : undefined;
  const matching = ctx.store
    .listBuckets()
    .filter((b) => b.name.startsWith(prefix) && (after === undefined || b.name > after))
    .filter((b) => region === null || bucketRegion(b) === region)
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const page = matching.slice(0, max);
  const more = matching.length > page.length;
  const buckets = page.map((b) => ({ Name: b.name, CreationDate: isoDate(b.created), BucketRegion: bucketRegion(b) }));
  return xmlResponse(
    toXml('ListAllMyBucketsResult', {
      Owner: { ...ownerOf(ctx) },
      Buckets: { Bucket: buckets },
      ...(more ? { ContinuationToken: encodeToken(page[page.length - 1]!.name) } : {}),
      ...(prefix ? { Prefix: prefix } : {}),
    }),
  );
}
