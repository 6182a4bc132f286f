import { uriEncode } from '../../auth/uri-encode.js';
import type { RequestContext } from '../../context.js';
import { S3Error } from '../../s3-error.js';

/** max-keys (or max-uploads, max-parts): 0–1000, default 1000; S3 caps larger values at 1000. */
export function maxKeysParam(ctx: RequestContext, name: string): number {
  const value = ctx.query.get(name);
  if (value === null || value === '') return 1000;
  if (!/^\d+$/.test(value))
    throw new S3Error('InvalidArgument', `Provided ${name} not an integer or within integer range`, {
      ArgumentName: name,
      ArgumentValue: value,
    });
  return Math.min(Number(value), 1000);
}

/** A function that writes a key as the client asked: URL-encoded with encoding-type=url. */
export function keyEncoder(ctx: RequestContext): (key: string) => string {
  const type = ctx.query.get('encoding-type');
  if (type === null) return (k) => k;
  if (type !== 'url')
    throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', {
      ArgumentName: 'encoding-type',
      ArgumentValue: type,
    });
  return (k) => uriEncode(k, true);
}

/** Opaque continuation tokens: the last key or common prefix returned. */
export function encodeToken(last: string): string {
  return Buffer.from(last, 'utf8').toString('base64url');
}

export function decodeToken(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (encodeToken(text) !== token.replace(/=+$/, ''))
    throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', { ArgumentName: 'continuation-token' });
  return text;
}
