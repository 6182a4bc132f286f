import type { RequestContext, S3Response } from '../context.js';
import { readSmallBody } from '../body.js';
import { S3Error } from '../s3-error.js';
import { elementOf, parseXml, textOf } from '../xml.js';
import { cannedAclFrom } from './shared/acl.js';
import { isValidBucketName } from './shared/bucket.js';

/** CreateBucket. A LocationConstraint is accepted and ignored: the local bucket has one region. */
export async function createBucket(ctx: RequestContext): Promise<S3Response> {
  const name = ctx.bucket!;
  if (!isValidBucketName(name)) throw new S3Error('InvalidBucketName', undefined, { BucketName: name });
  const acl = cannedAclFrom(ctx);
  const body = (await readSmallBody(ctx)).toString('utf8');
  if (body.trim()) {
    const config = elementOf(parseXml(body).CreateBucketConfiguration);
    if (config.LocationConstraint !== undefined && textOf(config.LocationConstraint) === undefined) throw new S3Error('MalformedXML');
  }
  await ctx.store.createBucket(name, acl);
  return { status: 200, headers: { location: `/${name}` } };
}
