import { readSmallBody } from '../body.js';
import { xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { S3Error } from '../s3-error.js';
import { asList, elementOf, parseXml, textOf, toXml, type XmlNode } from '../xml.js';
import { requireBucket } from './shared/bucket.js';

const MAX_KEYS_PER_REQUEST = 1000;

/** DeleteObjects: up to 1,000 keys; Quiet mode reports only errors. */
export async function deleteObjects(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const doc = elementOf(parseXml((await readSmallBody(ctx)).toString('utf8')).Delete);
  const objects = asList(doc.Object).map(elementOf);
  if (objects.length === 0 || objects.length > MAX_KEYS_PER_REQUEST) throw new S3Error('MalformedXML');
  const quiet = textOf(doc.Quiet)?.trim() === 'true';
  const deleted: XmlNode[] = [];
  const errors: XmlNode[] = [];
  for (const obj of objects) {
    const key = textOf(obj.Key);
    if (key === undefined || key === '') throw new S3Error('MalformedXML');
    const versionId = textOf(obj.VersionId);
    if (versionId !== undefined && versionId !== 'null') {
      errors.push({ Key: key, VersionId: versionId, Code: 'NoSuchVersion', Message: 'The specified version does not exist.' });
      continue;
    }
    try {
      await bucket.remove(key);
      if (!quiet) deleted.push({ Key: key, VersionId: versionId });
    } catch (err) {
      errors.push({ Key: key, Code: 'InternalError', Message: (err as Error).message });
    }
  }
  return xmlResponse(toXml('DeleteResult', { Deleted: deleted, Error: errors }));
}
