import { header, type RequestContext } from '../../context.js';
import { checksumHeader } from '../../checksums.js';
import { decodeRfc2047, encodeRfc2047, fromWire } from '../../header-text.js';
import { S3Error } from '../../s3-error.js';
import type { ObjectRecord } from '../../store/object-store.js';

/** Standard headers S3 stores with an object and returns on GET/HEAD. */
export const STORED_HEADERS = [
  'content-type',
  'content-encoding',
  'content-disposition',
  'cache-control',
  'expires',
  'content-language',
] as const;

const STORAGE_CLASSES = new Set([
  'STANDARD',
  'REDUCED_REDUNDANCY',
  'STANDARD_IA',
  'ONEZONE_IA',
  'INTELLIGENT_TIERING',
  'GLACIER',
  'DEEP_ARCHIVE',
  'GLACIER_IR',
  'OUTPOSTS',
  'SNOW',
  'EXPRESS_ONEZONE',
]);
const MAX_USER_METADATA = 2048;

/** The standard headers of a PUT/CreateMultipartUpload/CopyObject(REPLACE) request. */
export function storedHeadersFrom(ctx: RequestContext): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    let value = header(ctx, name);
    if (name === 'content-encoding' && value !== undefined) {
      // aws-chunked describes the transfer, not the object.
      value = value
        .split(',')
        .map((v) => v.trim())
        .filter((v) => v && v !== 'aws-chunked')
        .join(', ');
    }
    if (value) headers[name] = fromWire(value);
  }
  headers['content-type'] ??= 'binary/octet-stream';
  return headers;
}

/** User metadata (`x-amz-meta-*`), limited to S3's 2 KB. */
export function userMetadataFrom(ctx: RequestContext): Record<string, string> {
  const meta: Record<string, string> = {};
  let size = 0;
  for (const [name, value] of Object.entries(ctx.req.headers)) {
    if (!name.startsWith('x-amz-meta-') || value === undefined) continue;
    const key = name.slice('x-amz-meta-'.length);
    // S3 decodes RFC 2047 words before storing, and reads other bytes as UTF-8 text.
    const text = decodeRfc2047(fromWire(Array.isArray(value) ? value.join(',') : value));
    meta[key] = text;
    size += Buffer.byteLength(key) + Buffer.byteLength(text);
  }
  if (size > MAX_USER_METADATA)
    throw new S3Error('MetadataTooLarge', undefined, { MaxSizeAllowed: String(MAX_USER_METADATA), Size: String(size) });
  return meta;
}

/** The storage class a request asks for; the local bucket keeps it as a label. */
export function storageClassFrom(ctx: RequestContext): string {
  const value = header(ctx, 'x-amz-storage-class') ?? 'STANDARD';
  if (!STORAGE_CLASSES.has(value))
    throw new S3Error('InvalidArgument', `Invalid storage class: ${value}`, { ArgumentName: 'x-amz-storage-class' });
  return value;
}

/** HTTP-date of epoch milliseconds, as S3 writes Last-Modified. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** ISO-8601 with milliseconds, as S3 writes dates in XML. */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

/** The headers GET and HEAD answer with for an object. */
export function objectHeaders(ctx: RequestContext, record: ObjectRecord, fullObject: boolean): Record<string, string | number | undefined> {
  const out: Record<string, string | number | undefined> = {
    etag: `"${record.etag}"`,
    'last-modified': httpDate(record.lastModified),
    'accept-ranges': 'bytes',
    ...record.headers,
  };
  // S3 returns metadata that is not US-ASCII as RFC 2047 words, which every HTTP stack can carry.
  for (const [name, value] of Object.entries(record.meta)) out[`x-amz-meta-${name}`] = encodeRfc2047(value);
  if (record.storageClass !== 'STANDARD') out['x-amz-storage-class'] = record.storageClass;
  // S3 announces the parts count only to a partNumber request.
  if (record.parts && ctx.query.has('partNumber')) out['x-amz-mp-parts-count'] = record.parts.length;
  if (record.checksum && fullObject && header(ctx, 'x-amz-checksum-mode')?.toUpperCase() === 'ENABLED') {
    out[checksumHeader(record.checksum.algorithm)] = record.checksum.value;
    out['x-amz-checksum-type'] = record.checksum.type;
  }
  for (const [param, name] of RESPONSE_OVERRIDES) {
    const value = ctx.query.get(param);
    if (value !== null) {
      if (ctx.auth.kind === 'anonymous')
        throw new S3Error('InvalidRequest', 'Request specific response headers cannot be used for anonymous GET requests.');
      out[name] = value;
    }
  }
  return out;
}

const RESPONSE_OVERRIDES: [string, string][] = [
  ['response-content-type', 'content-type'],
  ['response-content-language', 'content-language'],
  ['response-expires', 'expires'],
  ['response-cache-control', 'cache-control'],
  ['response-content-disposition', 'content-disposition'],
  ['response-content-encoding', 'content-encoding'],
];
