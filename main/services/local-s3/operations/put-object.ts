import { receiveBodyToFile } from '../body.js';
import { checksumHeader } from '../checksums.js';
import { header, type RequestContext, type S3Response } from '../context.js';
import { S3Error } from '../s3-error.js';
import type { ObjectRecord } from '../store/object-store.js';
import { cannedAclFrom } from './shared/acl.js';
import { requireBucket } from './shared/bucket.js';
import { checkConditions } from './shared/conditions.js';
import { storageClassFrom, storedHeadersFrom, userMetadataFrom } from './shared/object-headers.js';
import { objectRecord } from './shared/stored-object.js';

/** PutObject: streams the body to a new file, verifies it, then commits it atomically. */
export async function putObject(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const key = ctx.key!;
  const fields = {
    headers: storedHeadersFrom(ctx),
    meta: userMetadataFrom(ctx),
    acl: cannedAclFrom(ctx),
    storageClass: storageClassFrom(ctx),
  };
  checkWriteConditions(ctx, bucket.head(key));
  const staged = bucket.stage();
  const body = await receiveBodyToFile(ctx, staged);
  const record = objectRecord(fields, staged, body);
  try {
    if (hasWriteConditions(ctx)) {
      // Checked again under the key's lock: a write that landed during the upload is a conflict.
      await bucket.modify(key, (current) => {
        checkWriteConditions(ctx, current, true);
        return record;
      });
    } else {
      await bucket.commit(key, record);
    }
  } catch (err) {
    await bucket.discard(staged, err);
    throw err;
  }
  const headers: Record<string, string> = { etag: `"${record.etag}"` };
  if (body.checksum) headers[checksumHeader(body.checksum.algorithm)] = body.checksum.value;
  return { status: 200, headers };
}

/** True when a write request carries If-None-Match or If-Match. */
export function hasWriteConditions(ctx: RequestContext): boolean {
  return header(ctx, 'if-none-match') !== undefined || header(ctx, 'if-match') !== undefined;
}

/**
 * Conditional writes (PutObject, CompleteMultipartUpload, CopyObject): If-None-Match: * creates
 * only, If-Match: "etag" replaces only that version; 412 PreconditionFailed otherwise, and
 * NoSuchKey for If-Match on a missing key. `atCommit`: the condition held when the request
 * started, so failing now means a concurrent write won: 409 ConditionalRequestConflict, as S3
 * answers ("If a conflicting operation occurs during the upload").
 */
export function checkWriteConditions(ctx: RequestContext, existing: ObjectRecord | undefined, atCommit = false): void {
  const ifNoneMatch = header(ctx, 'if-none-match');
  const ifMatch = header(ctx, 'if-match');
  try {
    if (ifNoneMatch !== undefined) {
      if (ifNoneMatch.trim() !== '*') throw new S3Error('NotImplemented', 'If-None-Match on writes supports only *');
      if (existing) throw new S3Error('PreconditionFailed', undefined, { Condition: 'If-None-Match' });
    }
    if (ifMatch !== undefined) {
      if (!existing) throw new S3Error('NoSuchKey', undefined, { Key: ctx.key ?? '' });
      checkConditions(existing, { ifMatch }, 'PreconditionFailed');
    }
  } catch (err) {
    if (atCommit && err instanceof S3Error && err.code !== 'NotImplemented') throw new S3Error('ConditionalRequestConflict');
    throw err;
  }
}
