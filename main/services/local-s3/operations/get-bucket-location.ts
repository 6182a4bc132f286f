import { xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { requireBucket } from './shared/bucket.js';

/** GetBucketLocation: the LocationConstraint the bucket was created with; us-east-1 is an empty one, as on S3. */
export async function getBucketLocation(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const location = bucket.config.location ?? '';
  return xmlResponse(
    `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${location}</LocationConstraint>`,
  );
}
