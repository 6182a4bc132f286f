import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../s3-error.js';
import type { Credentials } from './credentials.js';

/** Sub-resources that are part of a SigV2 canonical resource. */
const SIGNED_SUBRESOURCES = new Set([
  'acl',
  'cors',
  'delete',
  'lifecycle',
  'location',
  'logging',
  'notification',
  'partNumber',
  'policy',
  'requestPayment',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'response-content-language',
  'response-content-type',
  'response-expires',
  'tagging',
  'torrent',
  'uploadId',
  'uploads',
  'versionId',
  'versioning',
  'versions',
  'website',
]);

const MAX_SKEW_MS = 15 * 60 * 1000;

/** True when a request carries legacy SigV2 (header `AWS key:sig` or presigned `AWSAccessKeyId`). */
export function hasSigV2(headers: IncomingHttpHeaders, query: URLSearchParams): boolean {
  return /^AWS [^:]+:/.test(headers.authorization ?? '') || (query.has('AWSAccessKeyId') && query.has('Signature'));
}

/**
 * Verifies SigV2, which older tools still use for presigned URLs (`s3cmd signurl`).
 * `resourcePath` is the raw path as sent, with the bucket first even for virtual-host requests.
 */
export function verifySigV2(
  method: string,
  headers: IncomingHttpHeaders,
  query: URLSearchParams,
  resourcePath: string,
  credentials: Credentials,
  now = Date.now(),
): string {
  const header = headers.authorization;
  let accessKeyId: string;
  let signature: string;
  let dateLine: string;
  if (header?.startsWith('AWS ')) {
    const colon = header.lastIndexOf(':');
    accessKeyId = header.slice(4, colon);
    signature = header.slice(colon + 1);
    const date = single(headers['x-amz-date']) ?? single(headers.date);
    const time = date ? Date.parse(date) : NaN;
    if (Number.isNaN(time)) throw new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
    if (Math.abs(now - time) > MAX_SKEW_MS) throw new S3Error('RequestTimeTooSkewed');
    dateLine = headers['x-amz-date'] ? '' : (single(headers.date) ?? '');
  } else {
    accessKeyId = query.get('AWSAccessKeyId') ?? '';
    signature = query.get('Signature') ?? '';
    const expires = query.get('Expires') ?? '';
    if (!/^\d+$/.test(expires))
      throw new S3Error('AccessDenied', 'Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters');
    if (now > Number(expires) * 1000) throw new S3Error('AccessDenied', 'Request has expired');
    dateLine = expires;
  }
  if (accessKeyId !== credentials.accessKeyId) throw new S3Error('InvalidAccessKeyId', undefined, { AWSAccessKeyId: accessKeyId });

  const amzHeaders = Object.keys(headers)
    .filter((name) => name.startsWith('x-amz-'))
    .sort()
    .map(
      (name) =>
        `${name}:${([] as string[])
          .concat(headers[name] ?? [])
          .map((v) => v.trim())
          .join(',')}\n`,
    )
    .join('');
  const subresources = [...query.entries()]
    .filter(([name]) => SIGNED_SUBRESOURCES.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    // Decoded query values are text; as bytes (UTF-8) they join the Latin-1 string below.
    .map(([name, value]) => (value === '' ? name : `${name}=${Buffer.from(value, 'utf8').toString('latin1')}`));
  const resource = subresources.length ? `${resourcePath}?${subresources.join('&')}` : resourcePath;
  const stringToSign = [
    method,
    single(headers['content-md5']) ?? '',
    single(headers['content-type']) ?? '',
    dateLine,
    `${amzHeaders}${resource}`,
  ].join('\n');
  // Header values arrive as Latin-1 (one character per byte): sign the bytes the client sent.
  const expected = createHmac('sha1', credentials.secretAccessKey).update(stringToSign, 'latin1').digest();
  const given = Buffer.from(signature, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    throw new S3Error('SignatureDoesNotMatch', undefined, { AWSAccessKeyId: accessKeyId, StringToSign: stringToSign });
  return accessKeyId;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
