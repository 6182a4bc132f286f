import { createHash, createHmac } from 'node:crypto';

/** What a request is signed with. */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** A request to sign with AWS Signature Version 4 in the Authorization header. */
export interface RequestToSign {
  method: string;
  /** The path exactly as it goes on the wire (each segment already encoded once, as S3 signs it). */
  path: string;
  /** Query parameters, not yet encoded. */
  query?: Record<string, string>;
  /** Header names in lowercase. `host` must be among them. */
  headers: Record<string, string>;
  /** Hex SHA-256 of the body (S3 requires it in x-amz-content-sha256). */
  payloadHash: string;
}

/** The SHA-256 of nothing: the payload hash of a request without a body. */
export const EMPTY_SHA256 = createHash('sha256').digest('hex');

/**
 * Signs S3 requests with SigV4 for one region. The signing key is derived once per day (four
 * HMACs), not per request: a folder of thousands of small files is thousands of signatures, and
 * the derivation was most of each one.
 */
export class SigV4Signer {
  private key: { secret: string; date: string; value: Buffer } | undefined;

  constructor(
    private readonly region: string,
    private readonly service = 's3',
  ) {}

  /** The headers to send: `headers` plus x-amz-date, x-amz-content-sha256, the session token and Authorization. */
  sign(req: RequestToSign, credentials: SigningCredentials, now: Date): Record<string, string> {
    const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, '');
    const date = amzDate.slice(0, 8);
    const headers: Record<string, string> = { ...req.headers, 'x-amz-date': amzDate, 'x-amz-content-sha256': req.payloadHash };
    if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
    const names = Object.keys(headers).sort();
    let canonicalHeaders = '';
    for (const name of names) canonicalHeaders += `${name}:${headers[name]!.trim().replace(/\s+/g, ' ')}\n`;
    const signedHeaders = names.join(';');
    const canonicalRequest = [req.method, req.path, canonicalQuery(req.query ?? {}), canonicalHeaders, signedHeaders, req.payloadHash].join(
      '\n',
    );
    const scope = `${date}/${this.region}/${this.service}/aws4_request`;
    const stringToSign = `AWS4-HMAC-SHA256\n${amzDate}\n${scope}\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
    const signature = createHmac('sha256', this.signingKey(credentials.secretAccessKey, date)).update(stringToSign).digest('hex');
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return headers;
  }

  private signingKey(secret: string, date: string): Buffer {
    if (this.key?.secret === secret && this.key.date === date) return this.key.value;
    let value = createHmac('sha256', `AWS4${secret}`).update(date).digest();
    for (const part of [this.region, this.service, 'aws4_request']) value = createHmac('sha256', value).update(part).digest();
    this.key = { secret, date, value };
    return value;
  }
}

/** Encodes a string as SigV4 wants in paths and queries: RFC 3986, everything but unreserved characters. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `a=1&b=2`, names and values encoded, sorted by encoded name: the form both the wire and the signature use. */
export function canonicalQuery(query: Record<string, string>): string {
  return Object.keys(query)
    .map((name) => [uriEncode(name), uriEncode(query[name]!)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}
