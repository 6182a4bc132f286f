import { readSmallBody } from '../body.js';
import { header, xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { S3Error } from '../s3-error.js';
import { asList, elementOf, parseXml, textOf, toXml, type XmlNode } from '../xml.js';
import { requireBucket } from './shared/bucket.js';

const MAX_KEYS_PER_REQUEST = 1000;

/** DeleteObjects: up to 1,000 keys; Quiet mode reports only errors. */
export async function deleteObjects(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  requireIntegrityHeader(ctx);
  const doc = elementOf(parseXml((await readSmallBody(ctx)).toString('utf8')).Delete);
  const objects = asList(doc.Object).map(elementOf);
  if (objects.length === 0 || objects.length > MAX_KEYS_PER_REQUEST) throw new S3Error('MalformedXML');
  const quiet = textOf(doc.Quiet)?.trim() === 'true';
  const keys = objects.map((obj) => {
    const key = textOf(obj.Key);
    if (key === undefined || key === '') throw new S3Error('MalformedXML');
    return { key, versionId: textOf(obj.VersionId) };
  });
  // All removals run at once: the journal's group commit then makes one fsync serve many keys.
  const outcomes = await Promise.all(
    keys.map(async ({ key, versionId }) => {
      if (versionId !== undefined && versionId !== 'null') {
        return { error: { Key: key, VersionId: versionId, Code: 'NoSuchVersion', Message: 'The specified version does not exist.' } };
      }
      try {
        await bucket.remove(key);
        return { deleted: { Key: key, VersionId: versionId } };
      } catch (err) {
        return { error: { Key: key, Code: 'InternalError', Message: (err as Error).message } };
      }
    }),
  );
  const deleted: XmlNode[] = quiet ? [] : outcomes.flatMap((o) => (o.deleted ? [o.deleted] : []));
  const errors: XmlNode[] = outcomes.flatMap((o) => (o.error ? [o.error] : []));
  return xmlResponse(toXml('DeleteResult', { Deleted: deleted, Error: errors }));
}

/**
 * "The Content-MD5 or x-amz-sdk-checksum-algorithm header is required for all Multi-Object
 * Delete requests" (S3 API reference, DeleteObjects): a garbled key list must not delete the
 * wrong objects. Every SDK and CLI sends one; a checksum value or trailer counts too.
 */
function requireIntegrityHeader(ctx: RequestContext): void {
  if (header(ctx, 'content-md5') !== undefined || header(ctx, 'x-amz-sdk-checksum-algorithm') !== undefined) return;
  if (header(ctx, 'x-amz-trailer') !== undefined) return;
  const names = Object.keys(ctx.req.headers);
  if (names.some((n) => n.startsWith('x-amz-checksum-') && n !== 'x-amz-checksum-type' && n !== 'x-amz-checksum-mode')) return;
  throw new S3Error('InvalidRequest', 'Missing required header for this request: Content-MD5');
}
