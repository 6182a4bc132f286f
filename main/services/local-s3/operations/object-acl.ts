import { readSmallBody } from '../body.js';
import { xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { S3Error } from '../s3-error.js';
import { toXml } from '../xml.js';
import { checkVersionId } from './shared/access.js';
import { aclDocument, aclXml, requestedAcl } from './shared/acl.js';
import { requireBucket } from './shared/bucket.js';

/** GetObjectAcl. */
export async function getObjectAcl(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  checkVersionId(ctx);
  const record = bucket.head(ctx.key!);
  if (!record) throw new S3Error('NoSuchKey', undefined, { Key: ctx.key! });
  return xmlResponse(aclXml(toXml('AccessControlPolicy', aclDocument(ctx, record.acl))));
}

/** PutObjectAcl: canned private or public-read; the object's bytes are untouched. */
export async function putObjectAcl(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  checkVersionId(ctx);
  const acl = await requestedAcl(ctx, () => readSmallBody(ctx));
  const updated = await bucket.modify(ctx.key!, (current) => (current ? { ...current, acl } : undefined));
  if (!updated) throw new S3Error('NoSuchKey', undefined, { Key: ctx.key! });
  return { status: 200 };
}
