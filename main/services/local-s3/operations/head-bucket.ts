import type { RequestContext, S3Response } from '../context.js';
import { bucketRegion, requireBucket } from './shared/bucket.js';

/** HeadBucket: 200 when the bucket exists, with its region. */
export async function headBucket(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  return { status: 200, headers: { 'x-amz-bucket-region': bucketRegion(bucket.config) } };
}
