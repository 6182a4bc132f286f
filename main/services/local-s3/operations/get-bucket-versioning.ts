import { xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { toXml } from '../xml.js';
import { requireBucket } from './shared/bucket.js';

/** GetBucketVersioning: local buckets are never versioned, which S3 writes as an empty document. */
export async function getBucketVersioning(ctx: RequestContext): Promise<S3Response> {
  requireBucket(ctx);
  return xmlResponse(toXml('VersioningConfiguration', {}));
}
