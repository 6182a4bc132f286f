import { GetObjectCommand, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { PailError } from '../errors/pail-error.js';

/** Where and with what a link is signed: a connection's endpoint and its credentials. */
export interface PresignTarget {
  region: string;
  /** Empty or absent for AWS itself (the SDK picks the regional endpoint). */
  endpoint?: string;
  forcePathStyle: boolean;
  /** A key pair (perhaps with a session token and expiration), or a provider that resolves one. */
  credentials: NonNullable<S3ClientConfig['credentials']>;
}

/** One link to sign. */
export interface LinkSpec {
  bucket: string;
  key: string;
  method: 'GET' | 'PUT';
  /** Seconds, already decided by the expiry policy. */
  expiresIn: number;
  /** PUT: the Content-Type the upload must carry; it is signed, so any other type is refused. */
  contentType?: string;
  /** GET: the file name the browser saves the download as (Content-Disposition: attachment). */
  downloadAs?: string;
  /** GET: the Content-Type the response claims. */
  responseContentType?: string;
  /** The signature's clock; now when absent (tests sign in the past instead of sleeping). */
  signingDate?: Date;
}

/**
 * A client only for presigning. It never adds checksums: a default client bakes the CRC32 of an
 * empty body into PUT links (`x-amz-checksum-crc32=AAAAAA==`), which R2, SeaweedFS and others
 * then hold every real upload against.
 */
export function createPresignClient(target: PresignTarget): S3Client {
  return new S3Client({
    region: target.region || 'us-east-1',
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    forcePathStyle: target.forcePathStyle,
    credentials: target.credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/**
 * Signs one GET or PUT link with SigV4 query parameters. A PUT locked to a Content-Type signs
 * that header (`signableHeaders`): today's presigner leaves Content-Type unsigned unless told,
 * which would let any type through.
 */
export async function presignUrl(client: S3Client, spec: LinkSpec): Promise<string> {
  const base = { expiresIn: spec.expiresIn, ...(spec.signingDate ? { signingDate: spec.signingDate } : {}) };
  if (spec.method === 'PUT') {
    const command = new PutObjectCommand({
      Bucket: spec.bucket,
      Key: spec.key,
      ...(spec.contentType ? { ContentType: spec.contentType } : {}),
    });
    return getSignedUrl(client, command, { ...base, ...(spec.contentType ? { signableHeaders: new Set(['content-type']) } : {}) });
  }
  const command = new GetObjectCommand({
    Bucket: spec.bucket,
    Key: spec.key,
    ...(spec.downloadAs ? { ResponseContentDisposition: attachmentDisposition(spec.downloadAs) } : {}),
    ...(spec.responseContentType ? { ResponseContentType: spec.responseContentType } : {}),
  });
  return getSignedUrl(client, command, base);
}

/** The credentials the target signs with, resolved (for their session token and expiration). */
export async function resolveCredentials(target: PresignTarget): Promise<{ sessionToken?: string; expiration?: Date }> {
  try {
    const identity = typeof target.credentials === 'function' ? await target.credentials() : target.credentials;
    return {
      ...(identity.sessionToken ? { sessionToken: identity.sessionToken } : {}),
      ...(identity.expiration ? { expiration: identity.expiration } : {}),
    };
  } catch (err) {
    throw new PailError('access-denied', `No credentials to sign the link with: ${(err as Error).message}`, { cause: err });
  }
}

/** The endpoint a target talks to, for measuring clock skew and for "this computer only". */
export function endpointOf(target: Pick<PresignTarget, 'endpoint' | 'region'>): string {
  return target.endpoint || `https://s3.${target.region || 'us-east-1'}.amazonaws.com`;
}

/** True when links to this endpoint only work on this computer (127.0.0.1, localhost, ::1). */
export function isLoopbackEndpoint(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
    return host === 'localhost' || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}

/**
 * `attachment` with the name twice: an ASCII fallback, and the exact UTF-8 name (RFC 6266/5987)
 * that current browsers prefer.
 */
export function attachmentDisposition(name: string): string {
  const fallback = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** The `curl` command that uploads a file with a PUT link (with the Content-Type it was locked to). */
export function curlUploadCommand(url: string, contentType?: string, file = 'FILE'): string {
  const header = contentType ? ` -H ${shellQuote(`Content-Type: ${contentType}`)}` : '';
  return `curl --fail -X PUT${header} --upload-file ${shellQuote(file)} ${shellQuote(url)}`;
}

function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
