import type { RequestContext, S3Response } from '../context.js';
import { checkVersionId } from './shared/access.js';
import { requireBucket } from './shared/bucket.js';

/** DeleteObject: 204 whether or not the key existed, as S3 does. */
export async function deleteObject(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  checkVersionId(ctx);
  await bucket.remove(ctx.key!);
  return { status: 204 };
}
