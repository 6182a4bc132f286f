import { header, type RequestContext } from '../../context.js';
import { S3Error } from '../../s3-error.js';
import type { BucketStore, ObjectRecord } from '../../store/object-store.js';
import { authorizeRead } from './access.js';
import { checkConditions } from './conditions.js';

/** The object an x-amz-copy-source header names, resolved and with its conditions checked. */
export interface CopySource {
  bucket: BucketStore;
  key: string;
  record: ObjectRecord;
}

/** Parses `x-amz-copy-source` (`bucket/key` or `/bucket/key`, URL-encoded, optional `?versionId=`). */
export function resolveCopySource(ctx: RequestContext): CopySource {
  const raw = header(ctx, 'x-amz-copy-source') ?? '';
  const [pathPart, queryPart] = splitOnce(raw, '?');
  let path: string;
  try {
    path = decodeURIComponent(pathPart.replace(/^\//, ''));
  } catch {
    throw new S3Error('InvalidArgument', 'Invalid copy source encoding', { ArgumentName: 'x-amz-copy-source' });
  }
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1)
    throw new S3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', {
      ArgumentName: 'x-amz-copy-source',
    });
  const bucketName = path.slice(0, slash);
  const key = path.slice(slash + 1);
  const versionId = queryPart ? new URLSearchParams(queryPart).get('versionId') : null;
  if (versionId !== null && versionId !== 'null') throw new S3Error('NoSuchVersion', undefined, { Key: key, VersionId: versionId });
  const bucket = ctx.store.bucket(bucketName);
  if (!bucket) throw new S3Error('NoSuchBucket', undefined, { BucketName: bucketName });
  const record = bucket.head(key);
  // An anonymous copy into a public-read-write bucket still needs read access to its source.
  authorizeRead(ctx, bucket, record);
  if (!record) throw new S3Error('NoSuchKey', undefined, { Key: key });
  checkConditions(
    record,
    {
      ifMatch: header(ctx, 'x-amz-copy-source-if-match'),
      ifNoneMatch: header(ctx, 'x-amz-copy-source-if-none-match'),
      ifModifiedSince: header(ctx, 'x-amz-copy-source-if-modified-since'),
      ifUnmodifiedSince: header(ctx, 'x-amz-copy-source-if-unmodified-since'),
    },
    'PreconditionFailed',
  );
  return { bucket, key, record };
}

function splitOnce(text: string, separator: string): [string, string | undefined] {
  const at = text.indexOf(separator);
  return at === -1 ? [text, undefined] : [text.slice(0, at), text.slice(at + 1)];
}
