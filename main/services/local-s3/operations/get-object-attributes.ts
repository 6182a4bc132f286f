import { checksumElement } from '../checksums.js';
import { header, xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { S3Error } from '../s3-error.js';
import { toXml, type XmlNode } from '../xml.js';
import { checkVersionId } from './shared/access.js';
import { requireBucket } from './shared/bucket.js';
import { httpDate } from './shared/object-headers.js';

const ATTRIBUTES = new Set(['ETag', 'Checksum', 'ObjectParts', 'StorageClass', 'ObjectSize']);

/**
 * GetObjectAttributes (GET ?attributes): the attributes named in x-amz-object-attributes. ETag is
 * unquoted, as S3 writes it here; ObjectParts lists a multipart object's parts, paginated with
 * x-amz-max-parts and x-amz-part-number-marker (it is absent for objects not uploaded in parts).
 */
export async function getObjectAttributes(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  checkVersionId(ctx);
  const requested = (header(ctx, 'x-amz-object-attributes') ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  if (requested.length === 0)
    throw new S3Error('InvalidArgument', 'Invalid attribute name specified.', { ArgumentName: 'x-amz-object-attributes' });
  const unknown = requested.find((a) => !ATTRIBUTES.has(a));
  if (unknown !== undefined)
    throw new S3Error('InvalidArgument', 'Invalid attribute name specified.', {
      ArgumentName: 'x-amz-object-attributes',
      ArgumentValue: unknown,
    });
  const record = bucket.head(ctx.key!);
  if (!record) throw new S3Error('NoSuchKey', undefined, { Key: ctx.key! });
  const want = new Set(requested);
  const body: XmlNode = {};
  if (want.has('ETag')) body.ETag = record.etag;
  if (want.has('Checksum') && record.checksum)
    body.Checksum = { [checksumElement(record.checksum.algorithm)]: record.checksum.value, ChecksumType: record.checksum.type };
  if (want.has('ObjectParts') && record.parts) body.ObjectParts = objectParts(ctx, record.parts, record.checksum?.algorithm);
  if (want.has('StorageClass')) body.StorageClass = record.storageClass;
  if (want.has('ObjectSize')) body.ObjectSize = record.size;
  return xmlResponse(toXml('GetObjectAttributesResponse', body), 200, { 'last-modified': httpDate(record.lastModified) });
}

function objectParts(
  ctx: RequestContext,
  parts: { size: number; checksum?: string }[],
  algorithm: Parameters<typeof checksumElement>[0] | undefined,
): XmlNode {
  const number = (name: string, fallback: number, max: number): number => {
    const value = header(ctx, name);
    if (value === undefined) return fallback;
    if (!/^\d+$/.test(value) || Number(value) > max)
      throw new S3Error('InvalidArgument', `${name} must be an integer from 0 to ${max}`, { ArgumentName: name, ArgumentValue: value });
    return Number(value);
  };
  const maxParts = number('x-amz-max-parts', 1000, 1000);
  const marker = number('x-amz-part-number-marker', 0, 10000);
  const after = parts.map((p, i) => ({ ...p, number: i + 1 })).filter((p) => p.number > marker);
  const page = after.slice(0, maxParts);
  const element = algorithm ? checksumElement(algorithm) : undefined;
  return {
    PartsCount: parts.length,
    PartNumberMarker: marker,
    NextPartNumberMarker: page.length ? page[page.length - 1]!.number : marker,
    MaxParts: maxParts,
    IsTruncated: after.length > page.length,
    Part: page.map((p) => ({ PartNumber: p.number, Size: p.size, ...(element && p.checksum ? { [element]: p.checksum } : {}) })),
  };
}
