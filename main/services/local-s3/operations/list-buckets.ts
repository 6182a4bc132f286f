import { xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { toXml } from '../xml.js';
import { isoDate } from './shared/object-headers.js';
import { ownerOf } from './shared/owner.js';

/** ListBuckets: every bucket of the local server. */
export async function listBuckets(ctx: RequestContext): Promise<S3Response> {
  const buckets = ctx.store.listBuckets().map((b) => ({ Name: b.name, CreationDate: isoDate(b.created) }));
  return xmlResponse(toXml('ListAllMyBucketsResult', { Owner: { ...ownerOf(ctx) }, Buckets: { Bucket: buckets } }));
}
