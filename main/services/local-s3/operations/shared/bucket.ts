import type { RequestContext } from '../../context.js';
import { S3Error } from '../../s3-error.js';
import type { BucketConfig, BucketStore } from '../../store/object-store.js';

/** The request's bucket, or NoSuchBucket. */
export function requireBucket(ctx: RequestContext): BucketStore {
  const name = ctx.bucket!;
  const bucket = ctx.store.bucket(name);
  if (!bucket) throw new S3Error('NoSuchBucket', undefined, { BucketName: name });
  return bucket;
}

/** The request's key (operations routed at object level always have one). */
export function requireKey(ctx: RequestContext): string {
  return ctx.key!;
}

/**
 * S3's bucket naming rules (general purpose buckets): 3–63 characters of lowercase letters,
 * digits, dots and hyphens, starting and ending with a letter or digit, not an IP address.
 */
export function isValidBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false;
  if (name.includes('..') || name.includes('.-') || name.includes('-.')) return false;
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(name)) return false;
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name) || /(-s3alias|--ol-s3|--x-s3|\.mrap)$/.test(name)) return false;
  return true;
}

/**
 * The region a bucket lives in, from its LocationConstraint: none is us-east-1, and the legacy
 * `EU` constraint is eu-west-1 (S3 API reference, CreateBucketConfiguration and HeadBucket).
 */
export function bucketRegion(config: BucketConfig): string {
  if (config.location === undefined || config.location === '') return 'us-east-1';
  return config.location === 'EU' ? 'eu-west-1' : config.location;
}
