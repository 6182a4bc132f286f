import type { RequestContext, S3Response } from '../context.js';
import { requireBucket } from './shared/bucket.js';

/** HeadBucket: 200 when the bucket exists, with its region. */
export async function headBucket(ctx: RequestContext): Promise<S3Response> {
  requireBucket(ctx);
  return { status: 200, headers: { 'x-amz-bucket-region': 'us-east-1' } };
}
