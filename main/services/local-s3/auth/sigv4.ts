import { createHash, createHmac, createSecretKey, timingSafeEqual, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { S3Error } from '../s3-error.js';
import type { Credentials } from './credentials.js';
import { uriEncode } from './uri-encode.js';

/** What a request says about its body, from `x-amz-content-sha256`. */
export type PayloadMode =
  | { kind: 'sha256'; hex: string }
  | { kind: 'unsigned' }
  | { kind: 'streaming-signed'; trailer: boolean }
  | { kind: 'streaming-unsigned-trailer' };

/** The state needed to verify aws-chunked chunk signatures after the header signature checked out. */
export interface ChunkSigning {
  signingKey: KeyObject;
  amzDate: string;
  scope: string;
  seedSignature: string;
}

/** A verified SigV4 request. */
export interface SigV4Auth {
  accessKeyId: string;
  payload: PayloadMode;
  chunkSigning: ChunkSigning;
}

/** The parts of a request SigV4 signs. */
export interface SignedRequest {
  method: string;
  rawPath: string;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  headersDistinct: Record<string, string[] | undefined>;
}

const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGN_EXPIRES = 604800;
const EMPTY_SHA256 = createHash('sha256').digest('hex');

/** True when the request carries SigV4 in its Authorization header or query string. */
export function hasSigV4(headers: IncomingHttpHeaders, query: URLSearchParams): boolean {
  return (headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256') || query.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256';
}

/**
 * Verifies a SigV4 request (header or presigned query) against the server's credentials.
 * Throws the S3Error real S3 would answer with.
 */
export function verifySigV4(req: SignedRequest, query: URLSearchParams, credentials: Credentials, now = Date.now()): SigV4Auth {
  const presigned = !(req.headers.authorization ?? '').startsWith('AWS4-HMAC-SHA256');
  const parsed = presigned ? parsePresigned(query, now) : parseAuthorizationHeader(req.headers, now);
  if (parsed.accessKeyId !== credentials.accessKeyId)
    throw new S3Error('InvalidAccessKeyId', undefined, { AWSAccessKeyId: parsed.accessKeyId });

  const payloadHash = presigned
    ? (query.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD')
    : headerValue(req.headers, 'x-amz-content-sha256');
  if (payloadHash === undefined) throw new S3Error('InvalidRequest', 'Missing required header for this request: x-amz-content-sha256');
  const payload = parsePayloadMode(payloadHash);

  const signingKey = deriveSigningKey(credentials.secretAccessKey, parsed.date, parsed.region, parsed.service);
  const canonicalHeaders = parsed.signedHeaders.map((name) => `${name}:${canonicalHeaderValue(req.headersDistinct[name])}\n`).join('');
  const signedHeaders = parsed.signedHeaders.join(';');
  const expected = Buffer.from(parsed.signature, 'hex');

  for (const uri of canonicalUris(req.rawPath)) {
    for (const canonicalQuery of canonicalQueries(req.rawQuery, presigned)) {
      const canonicalRequest = [req.method, uri, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
      // Node gives header values as Latin-1 (one character per byte): hashing them as Latin-1
      // hashes the bytes the client sent, as S3 does.
      const stringToSign = ['AWS4-HMAC-SHA256', parsed.amzDate, parsed.scope, sha256Hex(Buffer.from(canonicalRequest, 'latin1'))].join(
        '\n',
      );
      const signature = createHmac('sha256', signingKey).update(stringToSign).digest();
      if (signature.length === expected.length && timingSafeEqual(signature, expected)) {
        checkSignedHeaders(parsed.signedHeaders, Object.keys(req.headersDistinct));
        return {
          accessKeyId: parsed.accessKeyId,
          payload,
          chunkSigning: { signingKey, amzDate: parsed.amzDate, scope: parsed.scope, seedSignature: parsed.signature },
        };
      }
    }
  }
  throw new S3Error('SignatureDoesNotMatch', undefined, { AWSAccessKeyId: parsed.accessKeyId });
}

/**
 * S3 refuses a request whose signature does not cover every `x-amz-*` header it carries (they
 * change what the request does: x-amz-copy-source, x-amz-acl, x-amz-meta-*…), so a holder of a
 * presigned URL cannot add them. Parameters moved into a presigned URL's query string are covered
 * by the canonical query instead; `sentHeaders` is only what arrived as headers. The Host header
 * must be signed too.
 */
export function checkSignedHeaders(signedHeaders: readonly string[], sentHeaders: readonly string[]): void {
  const signed = new Set(signedHeaders);
  if (!signed.has('host')) throw new S3Error('AccessDenied', 'The host header must be among the signed headers');
  const unsigned = sentHeaders.map((name) => name.toLowerCase()).filter((name) => name.startsWith('x-amz-') && !signed.has(name));
  if (unsigned.length > 0)
    throw new S3Error('AccessDenied', 'There were headers present in the request which were not signed', {
      HeadersNotSigned: [...new Set(unsigned)].join(', '),
    });
}

interface ParsedAuth {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  scope: string;
  amzDate: string;
  signedHeaders: string[];
  signature: string;
}

function parseCredential(credential: string, malformed: () => S3Error): Omit<ParsedAuth, 'amzDate' | 'signedHeaders' | 'signature'> {
  const parts = credential.split('/');
  if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1]!)) throw malformed();
  const [accessKeyId, date, region, service] = parts as [string, string, string, string];
  return { accessKeyId, date, region, service, scope: `${date}/${region}/${service}/aws4_request` };
}

function parseAuthorizationHeader(headers: IncomingHttpHeaders, now: number): ParsedAuth {
  const header = headers.authorization!;
  const malformed = () => new S3Error('AuthorizationHeaderMalformed');
  const fields = new Map<string, string>();
  for (const part of header.slice('AWS4-HMAC-SHA256'.length).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const credential = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!credential || !signedHeaders || !signature || !/^[0-9a-f]{64}$/.test(signature)) throw malformed();
  const cred = parseCredential(credential, malformed);
  const amzDate = headerValue(headers, 'x-amz-date') ?? toAmzDate(headerValue(headers, 'date'));
  const time = parseAmzDate(amzDate);
  if (time === undefined) throw new S3Error('AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header');
  if (Math.abs(now - time) > MAX_SKEW_MS) {
    throw new S3Error('RequestTimeTooSkewed', undefined, {
      RequestTime: amzDate!,
      ServerTime: new Date(now).toISOString(),
      MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
    });
  }
  if (!amzDate!.startsWith(cred.date)) throw new S3Error('SignatureDoesNotMatch', 'The credential date does not match the request date');
  return { ...cred, amzDate: amzDate!, signedHeaders: signedHeaders.split(';'), signature };
}

function parsePresigned(query: URLSearchParams, now: number): ParsedAuth {
  const malformed = () => new S3Error('AuthorizationQueryParametersError');
  const credential = query.get('X-Amz-Credential');
  const amzDate = query.get('X-Amz-Date');
  const expires = query.get('X-Amz-Expires');
  const signedHeaders = query.get('X-Amz-SignedHeaders');
  const signature = query.get('X-Amz-Signature');
  if (!credential || !amzDate || !signedHeaders || !signature || !/^[0-9a-f]{64}$/.test(signature)) throw malformed();
  const cred = parseCredential(credential, malformed);
  const time = parseAmzDate(amzDate);
  if (time === undefined)
    throw new S3Error('AuthorizationQueryParametersError', "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
  if (expires === null || !/^-?\d+$/.test(expires))
    throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Expires should be a number');
  const seconds = Number(expires);
  if (seconds < 1 || seconds > MAX_PRESIGN_EXPIRES) {
    throw new S3Error(
      'AuthorizationQueryParametersError',
      seconds < 1
        ? 'X-Amz-Expires must be non-negative'
        : 'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
    );
  }
  if (time - now > MAX_SKEW_MS) throw new S3Error('AccessDenied', 'Request is not valid yet');
  if (now > time + seconds * 1000) {
    throw new S3Error('AccessDenied', 'Request has expired', {
      'X-Amz-Expires': expires,
      Expires: new Date(time + seconds * 1000).toISOString(),
      ServerTime: new Date(now).toISOString(),
    });
  }
  return { ...cred, amzDate, signedHeaders: signedHeaders.split(';'), signature };
}

function parsePayloadMode(value: string): PayloadMode {
  switch (value) {
    case 'UNSIGNED-PAYLOAD':
      return { kind: 'unsigned' };
    case 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD':
      return { kind: 'streaming-signed', trailer: false };
    case 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER':
      return { kind: 'streaming-signed', trailer: true };
    case 'STREAMING-UNSIGNED-PAYLOAD-TRAILER':
      return { kind: 'streaming-unsigned-trailer' };
    default:
      if (!/^[0-9a-f]{64}$/.test(value))
        throw new S3Error('InvalidArgument', 'x-amz-content-sha256 must be UNSIGNED-PAYLOAD, a STREAMING-* value or a SHA-256 hex digest');
      return { kind: 'sha256', hex: value };
  }
}

/**
 * The canonical URI. Clients sign the S3-encoded form of the key; most also send exactly that,
 * but some send a few characters raw, so the re-encoded path is tried first and the raw one after.
 */
function canonicalUris(rawPath: string): string[] {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return [rawPath];
  }
  const encoded = uriEncode(decoded, true);
  return encoded === rawPath ? [encoded] : [encoded, rawPath];
}

/** The canonical query string; `+` is tried as a literal and, if that fails, as a space. */
function canonicalQueries(rawQuery: string, presigned: boolean): string[] {
  const build = (plusIsSpace: boolean): string => {
    const pairs: [string, string][] = [];
    for (const part of rawQuery.split('&')) {
      if (!part) continue;
      const eq = part.indexOf('=');
      const name = safeDecode(eq === -1 ? part : part.slice(0, eq), plusIsSpace);
      const value = eq === -1 ? '' : safeDecode(part.slice(eq + 1), plusIsSpace);
      if (presigned && name === 'X-Amz-Signature') continue;
      pairs.push([uriEncode(name), uriEncode(value)]);
    }
    pairs.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
    return pairs.map(([n, v]) => `${n}=${v}`).join('&');
  };
  const literal = build(false);
  return rawQuery.includes('+') ? [literal, build(true)] : [literal];
}

function safeDecode(text: string, plusIsSpace: boolean): string {
  const input = plusIsSpace ? text.replaceAll('+', ' ') : text;
  try {
    return decodeURIComponent(input);
  } catch {
    return input;
  }
}

function canonicalHeaderValue(values: string[] | undefined): string {
  return (values ?? []).map((v) => v.trim().replace(/\s+/g, ' ')).join(',');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** `20240102T030405Z` → epoch ms, or undefined when malformed. */
export function parseAmzDate(value: string | undefined): number | undefined {
  const m = value ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  return Date.UTC(y, mo - 1, d, h, mi, s);
}

function toAmzDate(httpDate: string | undefined): string | undefined {
  if (!httpDate) return undefined;
  const time = Date.parse(httpDate);
  return Number.isNaN(time)
    ? undefined
    : new Date(time)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '');
}

const signingKeys = new Map<string, KeyObject>();

/**
 * The SigV4 signing key for a day, region and service; cached, since every request needs one. A
 * KeyObject, not a Buffer: Node (24) checks a Buffer key on every createHmac at several times the
 * cost of the HMAC itself, and every request and every aws-chunked chunk signs with this key.
 */
export function deriveSigningKey(secret: string, date: string, region: string, service: string): KeyObject {
  const cacheKey = `${secret}\n${date}\n${region}\n${service}`;
  let key = signingKeys.get(cacheKey);
  if (!key) {
    const kDate = createHmac('sha256', `AWS4${secret}`).update(date).digest();
    const kRegion = createHmac('sha256', kDate).update(region).digest();
    const kService = createHmac('sha256', kRegion).update(service).digest();
    key = createSecretKey(createHmac('sha256', kService).update('aws4_request').digest());
    if (signingKeys.size > 100) signingKeys.clear();
    signingKeys.set(cacheKey, key);
  }
  return key;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export { EMPTY_SHA256 };
