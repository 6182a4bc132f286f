import type { InspectedLink } from '../../../preload/contract/types.js';
import { PailError } from '../errors/pail-error.js';
import { describeDuration } from './expiry-policy.js';

/** S3 accepts a SigV4 request dated up to 15 minutes ahead of its clock. */
const FUTURE_TOLERANCE_MS = 15 * 60_000;

/**
 * Decodes a presigned URL — SigV4 (X-Amz-*) or SigV2 (AWSAccessKeyId/Expires/Signature) — into
 * what a person asks about it. Pure: works offline and sends nothing. The access key id comes
 * back masked; the signature and session token are never returned.
 */
export function inspectLink(text: string, now: Date = new Date()): InspectedLink {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new PailError('invalid-input', 'That is not a URL. Paste the whole presigned link, starting with https:// or http://.');
  }
  const params = new Map<string, string>();
  // Names compared case-insensitively, as S3 does for these parameters.
  for (const [name, value] of url.searchParams) params.set(name.toLowerCase(), value);
  const { bucket, key } = bucketAndKey(url);
  const responseOverrides: Record<string, string> = {};
  for (const [name, value] of url.searchParams) if (name.toLowerCase().startsWith('response-')) responseOverrides[name] = value;
  const base = {
    endpoint: `${url.protocol}//${url.host}`,
    ...(bucket ? { bucket } : {}),
    ...(key ? { key } : {}),
    responseOverrides,
  };

  if (params.has('x-amz-credential') || params.has('x-amz-algorithm')) {
    const credential = (params.get('x-amz-credential') ?? '').split('/');
    const signedAtText = params.get('x-amz-date') ?? '';
    const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(signedAtText);
    if (!match) throw new PailError('invalid-input', 'This SigV4 link has no valid X-Amz-Date, so when it was signed cannot be told.');
    const signedAt = new Date(Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!, +match[4]!, +match[5]!, +match[6]!));
    const expiresIn = Number(params.get('x-amz-expires') ?? NaN);
    if (!Number.isFinite(expiresIn)) throw new PailError('invalid-input', 'This SigV4 link has no X-Amz-Expires.');
    const expiresAt = new Date(signedAt.getTime() + expiresIn * 1000);
    const signedHeaders = (params.get('x-amz-signedheaders') ?? '').split(';').filter(Boolean);
    const inspected: InspectedLink = {
      signature: 'SigV4',
      methodHint: methodHint(url, signedHeaders),
      ...base,
      accessKeyId: mask(credential[0] ?? ''),
      ...(credential[2] ? { region: credential[2] } : {}),
      signedAt: signedAt.toISOString(),
      expiresAt: expiresAt.toISOString(),
      expiresIn,
      signedHeaders,
      sessionToken: params.has('x-amz-security-token'),
    };
    const problem =
      clockProblem(now, expiresAt, signedAt) ?? (expiresIn > 604_800 ? 'It asks for more than 7 days, which S3 refuses.' : undefined);
    if (problem) inspected.clockProblem = problem;
    return inspected;
  }

  if (params.has('awsaccesskeyid') && params.has('expires')) {
    const expiresAt = new Date(Number(params.get('expires')) * 1000);
    if (Number.isNaN(expiresAt.getTime())) throw new PailError('invalid-input', 'This SigV2 link has an unreadable Expires.');
    const inspected: InspectedLink = {
      signature: 'SigV2',
      methodHint: methodHint(url, []),
      ...base,
      accessKeyId: mask(params.get('awsaccesskeyid') ?? ''),
      expiresAt: expiresAt.toISOString(),
      signedHeaders: [],
      sessionToken: params.has('x-amz-security-token'),
    };
    const problem = clockProblem(now, expiresAt);
    if (problem) inspected.clockProblem = problem;
    return inspected;
  }
  throw new PailError(
    'invalid-input',
    'This URL carries no presigned signature (no X-Amz-Credential or AWSAccessKeyId). A plain object URL works only where the object is public.',
  );
}

function clockProblem(now: Date, expiresAt: Date, signedAt?: Date): string | undefined {
  const left = expiresAt.getTime() - now.getTime();
  if (left <= 0) return `By this computer's clock it expired ${describeDuration(-left / 1000)} ago.`;
  if (signedAt && signedAt.getTime() - now.getTime() > FUTURE_TOLERANCE_MS) {
    return `It was signed ${describeDuration((signedAt.getTime() - now.getTime()) / 1000)} in the future by this computer's clock: the signer's clock (or this one) is wrong, and S3 may refuse it.`;
  }
  return undefined;
}

/** The method is not in the URL: the SDK's x-id says which operation was signed; else guess from what was signed. */
function methodHint(url: URL, signedHeaders: string[]): string {
  const id = url.searchParams.get('x-id');
  if (id === 'PutObject' || url.searchParams.has('uploadId')) return 'PUT (upload)';
  if (id === 'GetObject') return 'GET (download)';
  if (id === 'HeadObject') return 'HEAD';
  if (id === 'DeleteObject') return 'DELETE';
  if (id) return id;
  if (signedHeaders.includes('content-type') || signedHeaders.includes('content-md5'))
    return 'probably PUT (upload): it signs the body’s type';
  return 'GET (download), most likely — the URL does not say';
}

function bucketAndKey(url: URL): { bucket?: string; key?: string } {
  const path = url.pathname.slice(1);
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      return s;
    }
  };
  // Virtual-hosted style: bucket.s3.region.amazonaws.com, bucket.s3.amazonaws.com, bucket.s3-region…
  const virtual = /^(.+?)\.s3[.-]/.exec(url.hostname);
  if (virtual && !/^\d+\.\d+\.\d+\.\d+$/.test(url.hostname)) return { bucket: virtual[1]!, ...(path ? { key: decode(path) } : {}) };
  const slash = path.indexOf('/');
  if (slash < 0) return path ? { bucket: decode(path) } : {};
  return { bucket: decode(path.slice(0, slash)), key: decode(path.slice(slash + 1)) };
}

/** AKIAIOSFODNN7EXAMPLE → AKIA…MPLE: enough to recognise a key, not to use it. */
export function mask(accessKeyId: string): string {
  return accessKeyId.length <= 8 ? '…' : `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}
