import type { RequestContext } from '../../context.js';
import { S3Error } from '../../s3-error.js';
import type { BucketStore, ObjectRecord } from '../../store/object-store.js';
import { grantsPublicRead } from './acl.js';

/**
 * Anonymous reads of an object: allowed by the object's own ACL (public-read, public-read-write)
 * or the bucket's public-read policy, as on S3; a bucket's ACL only governs listing it. A missing
 * key is 404 only to callers who may list the bucket (READ on it); to others it is 403, so
 * existence is never revealed.
 */
export function authorizeRead(ctx: RequestContext, bucket: BucketStore, record: ObjectRecord | undefined): void {
  if (ctx.auth.kind !== 'anonymous') return;
  if (record === undefined) {
    if (grantsPublicRead(bucket.config.acl)) return;
    throw new S3Error('AccessDenied');
  }
  if (bucket.config.policy !== undefined || grantsPublicRead(record.acl)) return;
  throw new S3Error('AccessDenied');
}

/** Only "null" names a version in an unversioned bucket. */
export function checkVersionId(ctx: RequestContext): void {
  const versionId = ctx.query.get('versionId');
  if (versionId !== null && versionId !== 'null')
    throw new S3Error('NoSuchVersion', undefined, { Key: ctx.key ?? '', VersionId: versionId });
}
