import type { BucketCorsRule } from '../../../../preload/contract';

/**
 * The rule that lets a web page at `origin` PUT to presigned upload links (and read the ETag):
 * without it the browser's preflight fails and the upload never starts.
 */
export function browserUploadRule(origin: string): BucketCorsRule {
  return {
    allowedOrigins: [origin],
    allowedMethods: ['PUT', 'GET', 'HEAD'],
    allowedHeaders: ['*'],
    exposeHeaders: ['ETag'],
    maxAgeSeconds: 3000,
  };
}
