import type { RequestContext, S3Response } from '../context.js';
import { readSmallBody } from '../body.js';
import { S3Error } from '../s3-error.js';
import { elementOf, parseXml, textOf } from '../xml.js';
import { cannedAclFrom } from './shared/acl.js';
import { isValidBucketName } from './shared/bucket.js';

/** A region name (`eu-west-1`, `us-gov-west-1`, `ap-southeast-5`) or the legacy `EU`. */
const LOCATION = /^(EU|[a-z]{2}(-[a-z]+)+-\d+)$/;

/**
 * CreateBucket. The local bucket has one region, but it keeps the LocationConstraint a bucket was
 * created with and reports it from GetBucketLocation, as S3 does. us-east-1 is written as no
 * constraint at all: S3 refuses it as a constraint (InvalidLocationConstraint).
 *
 * Creating a bucket you already own: S3 answers 200 and resets the bucket's ACL in us-east-1 (for
 * legacy compatibility), 409 BucketAlreadyOwnedByYou everywhere else. Here "us-east-1" is a
 * request signed for us-east-1 (or SigV2) without a constraint, on a bucket without one.
 */
export async function createBucket(ctx: RequestContext): Promise<S3Response> {
  const name = ctx.bucket!;
  if (!isValidBucketName(name)) throw new S3Error('InvalidBucketName', undefined, { BucketName: name });
  const acl = cannedAclFrom(ctx);
  const body = (await readSmallBody(ctx)).toString('utf8');
  let location: string | undefined;
  if (body.trim()) {
    const config = elementOf(parseXml(body).CreateBucketConfiguration);
    if (config.LocationConstraint !== undefined) {
      location = textOf(config.LocationConstraint)?.trim();
      if (location === undefined) throw new S3Error('MalformedXML');
      if (location === '') location = undefined;
      else if (!LOCATION.test(location) || location === 'us-east-1')
        throw new S3Error('InvalidLocationConstraint', undefined, { LocationConstraint: location });
    }
  }
  const existing = ctx.store.bucket(name);
  if (existing) {
    if (location === undefined && existing.config.location === undefined && requestRegion(ctx) === 'us-east-1') {
      await existing.updateConfig({ acl });
      return { status: 200, headers: { location: `/${name}` } };
    }
    throw new S3Error('BucketAlreadyOwnedByYou', undefined, { BucketName: name });
  }
  const bucket = await ctx.store.createBucket(name, acl);
  if (location !== undefined) await bucket.updateConfig({ location });
  return { status: 200, headers: { location: `/${name}` } };
}

/** The region a request was signed for (SigV2 and anonymous requests have none: us-east-1). */
function requestRegion(ctx: RequestContext): string {
  return ctx.auth.kind === 'sigv4' ? (ctx.auth.chunkSigning.scope.split('/')[1] ?? 'us-east-1') : 'us-east-1';
}
