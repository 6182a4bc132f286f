import type { RequestContext, S3Response } from '../context.js';

/** DeleteBucket: only an empty bucket (BucketNotEmpty otherwise). */
export async function deleteBucket(ctx: RequestContext): Promise<S3Response> {
  await ctx.store.deleteBucket(ctx.bucket!);
  return { status: 204 };
}
