import type { RequestContext } from '../../context.js';
import { S3Error } from '../../s3-error.js';
import type { BucketStore, ObjectRecord } from '../../store/object-store.js';

/**
 * Anonymous requests may only read objects of a public bucket (public-read ACL or the
 * public-read policy) or objects with a public-read ACL. Everything else is AccessDenied,
 * including a missing key (anonymous callers may not list, so existence is never revealed).
 */
export function authorizeRead(ctx: RequestContext, bucket: BucketStore, record: ObjectRecord | undefined): void {
  if (ctx.auth.kind !== 'anonymous') return;
  const bucketPublic = bucket.config.acl === 'public-read' || bucket.config.policy !== undefined;
  // Anonymous callers never hold s3:ListBucket here, so, as on AWS, a missing key is 403, not 404.
  if (record !== undefined && (bucketPublic || record.acl === 'public-read')) return;
  throw new S3Error('AccessDenied');
}

/** Only "null" names a version in an unversioned bucket. */
export function checkVersionId(ctx: RequestContext): void {
  const versionId = ctx.query.get('versionId');
  if (versionId !== null && versionId !== 'null')
    throw new S3Error('NoSuchVersion', undefined, { Key: ctx.key ?? '', VersionId: versionId });
}
