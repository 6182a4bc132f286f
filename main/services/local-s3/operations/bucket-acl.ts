import { readSmallBody } from '../body.js';
import { xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { toXml } from '../xml.js';
import { aclDocument, aclXml, requestedAcl } from './shared/acl.js';
import { requireBucket } from './shared/bucket.js';

/** GetBucketAcl: the owner's FULL_CONTROL, plus AllUsers READ when the bucket is public-read. */
export async function getBucketAcl(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  return xmlResponse(aclXml(toXml('AccessControlPolicy', aclDocument(ctx, bucket.config.acl))));
}

/** PutBucketAcl: canned `private` or `public-read` (header or equivalent policy body). */
export async function putBucketAcl(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const acl = await requestedAcl(ctx, () => readSmallBody(ctx));
  await bucket.updateConfig({ acl });
  return { status: 200 };
}
