import { xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { requireBucket } from './shared/bucket.js';

/** GetBucketLocation: us-east-1, which S3 writes as an empty LocationConstraint. */
export async function getBucketLocation(ctx: RequestContext): Promise<S3Response> {
  requireBucket(ctx);
  return xmlResponse(
    '<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></LocationConstraint>',
  );
}
