import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';
import { TEST_CREDENTIALS } from './local-s3.js';

/** SHA-256 / HMAC-SHA-256 in the shape the Smithy signer expects, on Node's crypto. */
export class NodeSha256 {
  private readonly hash;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
  reset(): void {}
}

function toBytes(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** A raw HTTP request to the server, signed with SigV4 unless `sign` is false. */
export interface RawRequest {
  method: string;
  /** The path exactly as sent on the wire (already percent-encoded). */
  path: string;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: string | Buffer;
  sign?: boolean;
  /** Overrides x-amz-content-sha256 (the body's real SHA-256 by default). */
  payloadHash?: string;
  secretAccessKey?: string;
  accessKeyId?: string;
  signingDate?: Date;
  /** Changes headers after signing, to prove the server notices. */
  afterSigning?: (headers: Record<string, string>) => void;
  /** Sends only this many body bytes, then drops the connection (resolves with status 0). */
  dropAfterBytes?: number;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** The headers of a request, signed with SigV4 unless `sign` is false (without `afterSigning`). */
export async function signRequest(endpoint: string, req: RawRequest): Promise<Record<string, string>> {
  const url = new URL(endpoint);
  const body = req.body === undefined ? Buffer.alloc(0) : Buffer.from(req.body);
  let headers: Record<string, string> = { host: url.host, ...req.headers };
  if (req.body !== undefined && headers['content-length'] === undefined) headers['content-length'] = String(body.length);
  if (req.sign !== false) {
    headers['x-amz-content-sha256'] = req.payloadHash ?? createHash('sha256').update(body).digest('hex');
    const signer = new SignatureV4({
      credentials: {
        accessKeyId: req.accessKeyId ?? TEST_CREDENTIALS.accessKeyId,
        secretAccessKey: req.secretAccessKey ?? TEST_CREDENTIALS.secretAccessKey,
      },
      region: 'us-east-1',
      service: 's3',
      sha256: NodeSha256,
      uriEscapePath: false,
      applyChecksum: false,
    });
    const signed = await signer.sign(
      {
        method: req.method,
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: req.path,
        query: req.query ?? {},
        headers,
        body,
      },
      { signingDate: req.signingDate ?? new Date() },
    );
    headers = signed.headers as Record<string, string>;
  }
  return headers;
}

/** Sends a hand-made request: for malformed requests the SDK would refuse to produce. */
export async function rawRequest(endpoint: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(endpoint);
  const body = req.body === undefined ? Buffer.alloc(0) : Buffer.from(req.body);
  const headers = await signRequest(endpoint, req);
  req.afterSigning?.(headers);
  const search = new URLSearchParams(req.query ?? {}).toString().replace(/\+/g, '%20');
  return new Promise((resolve, reject) => {
    const r = request(
      { host: url.hostname, port: url.port, method: req.method, path: search ? `${req.path}?${search}` : req.path, headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    if (req.dropAfterBytes !== undefined) {
      r.on('error', () => resolve({ status: 0, headers: {}, body: '' }));
      r.write(body.subarray(0, req.dropAfterBytes), () => r.destroy());
      return;
    }
    r.on('error', reject);
    r.end(body);
  });
}

/** The <Code> of an S3 XML error body. */
export function errorCode(body: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
}
