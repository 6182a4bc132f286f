import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { S3Client } from '@aws-sdk/client-s3';
import { SignatureV4 } from '@smithy/signature-v4';
import { rawRangeRead, type RunWriter } from './raw-range-read.js';

/**
 * Objects up to this size move in one request through the direct path (a folder of thousands of
 * small files is where the SDK's per-request work sets the pace). Their bytes are held in memory
 * whole: with 32 in flight that is at most 32 MiB.
 */
export const DIRECT_MAX_BYTES = 1024 * 1024;

/** Where and how direct requests for one client go. */
export interface DirectRoute {
  send(request: DirectRequest, signal: AbortSignal): Promise<DirectResponse>;
  /**
   * Plain-HTTP endpoints only (the local bucket, a LAN server): reads bytes [start, end) of an
   * object straight from the socket into runs handed to `write` (see rawRangeRead). Resolves false,
   * having written nothing, when the server's answer is not a plain ranged one: the caller then
   * takes the SDK's way.
   */
  readRange?(request: RangeRequest, write: RunWriter, onBytes: (n: number) => void, signal: AbortSignal): Promise<boolean>;
}

interface RangeRequest {
  bucket: string;
  key: string;
  start: number;
  end: number;
  ifMatch?: string;
}

interface DirectRequest {
  method: 'GET' | 'PUT';
  bucket: string;
  key: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

interface DirectResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** The parts of the SDK's resolved client configuration the direct path reads. */
interface ResolvedConfig {
  isCustomEndpoint?: boolean;
  forcePathStyle?: boolean;
  useAccelerateEndpoint?: boolean;
  bucketEndpoint?: boolean;
  endpoint?: () => Promise<{ protocol: string; hostname: string; port?: number; path: string }>;
  region: () => Promise<string>;
  credentials: () => Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken?: string }>;
  requestChecksumCalculation?: () => Promise<string>;
  sha256: ConstructorParameters<typeof SignatureV4>[0]['sha256'];
  systemClockOffset?: number;
  requestHandler?: {
    handle(
      request: unknown,
      options: { abortSignal?: AbortSignal },
    ): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: IncomingMessage } }>;
  };
}

const EMPTY_SHA256 = createHash('sha256').digest('hex');
const routes = new WeakMap<S3Client, Promise<DirectRoute | undefined>>();

/**
 * A direct route for `client`, or undefined when its requests need what only the SDK's middleware
 * does. The direct path signs a path-style GET or PUT with SigV4 and hands it to the client's own
 * HTTP handler (its agents, TLS settings and timeouts): the SDK's per-request middleware (endpoint
 * rules, serialisation, retries, checksums, user agent) costs several times the request itself on
 * a local server. It serves only what that middleware would not change: a custom endpoint
 * addressed path-style (the local bucket, MinIO, Ceph…), with checksums only when required.
 * AWS itself (virtual hosts, region redirects, flexible checksums) always goes through the SDK.
 */
export function directRoute(client: S3Client): Promise<DirectRoute | undefined> {
  let route = routes.get(client);
  if (!route) {
    route = resolveRoute(client.config as unknown as ResolvedConfig).catch(() => undefined);
    routes.set(client, route);
  }
  return route;
}

async function resolveRoute(config: ResolvedConfig): Promise<DirectRoute | undefined> {
  if (
    config.isCustomEndpoint !== true ||
    config.forcePathStyle !== true ||
    config.useAccelerateEndpoint === true ||
    config.bucketEndpoint === true ||
    typeof config.endpoint !== 'function' ||
    typeof config.requestHandler?.handle !== 'function' ||
    (await config.requestChecksumCalculation?.()) !== 'WHEN_REQUIRED'
  )
    return undefined;
  const endpoint = await config.endpoint();
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:') return undefined;
  const handler = config.requestHandler;
  const defaultPort = endpoint.protocol === 'https:' ? 443 : 80;
  const host = endpoint.port && endpoint.port !== defaultPort ? `${endpoint.hostname}:${endpoint.port}` : endpoint.hostname;
  const base = endpoint.path.replace(/\/+$/, '');
  const signer = new SignatureV4({
    credentials: config.credentials,
    region: config.region,
    service: 's3',
    sha256: config.sha256,
    // S3 signs the path as sent (each segment encoded once), not normalised and encoded again.
    uriEscapePath: false,
    applyChecksum: false,
  });
  const objectPath = (bucket: string, key: string) => `${base}/${encodeSegment(bucket)}/${key.split('/').map(encodeSegment).join('/')}`;
  /** A path-style request to this endpoint, signed (the payload's SHA-256 and `host` included). */
  const sign = (method: string, path: string, headers: Record<string, string>, body?: Buffer) =>
    signer.sign(
      {
        method,
        protocol: endpoint.protocol,
        hostname: endpoint.hostname,
        port: endpoint.port,
        path,
        query: {},
        headers: {
          ...headers,
          host,
          'x-amz-content-sha256': body ? createHash('sha256').update(body).digest('hex') : EMPTY_SHA256,
          ...(body ? { 'content-length': String(body.length) } : {}),
        },
        ...(body ? { body } : {}),
      },
      { signingDate: new Date(Date.now() + (config.systemClockOffset ?? 0)) },
    );
  const readRange: DirectRoute['readRange'] = async (req, write, onBytes, signal) => {
    const path = objectPath(req.bucket, req.key);
    const signed = await sign('GET', path, {
      range: `bytes=${req.start}-${req.end - 1}`,
      ...(req.ifMatch ? { 'if-match': req.ifMatch } : {}),
    });
    const answer = await rawRangeRead(
      { hostname: endpoint.hostname, port: endpoint.port ?? defaultPort, path, headers: signed.headers },
      req.end - req.start,
      write,
      onBytes,
      signal,
    );
    if (!answer) return true;
    if (answer.status >= 200 && answer.status < 300) return false;
    throw serviceError(answer);
  };
  return {
    ...(endpoint.protocol === 'http:' ? { readRange } : {}),
    async send(req, signal) {
      const signed = await sign(req.method, objectPath(req.bucket, req.key), req.headers ?? {}, req.body);
      const { response } = await handler.handle(signed, { abortSignal: signal });
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) chunks.push(chunk as Buffer);
      const out = { status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) };
      if (out.status < 200 || out.status >= 300) throw serviceError(out);
      return out;
    },
  };
}

/** Encodes one path segment as S3 expects it (RFC 3986: also `!'()*`). */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * An error shaped like the SDK's for the same answer (name and Code from the XML body, the status
 * in `$metadata`), so retries and the words a person sees do not depend on which path sent it.
 */
function serviceError(res: DirectResponse): Error {
  const text = res.body.toString('utf8');
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1] ?? (res.status === 404 ? 'NotFound' : `Http${res.status}`);
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1] ?? `The server answered ${res.status}.`;
  return Object.assign(new Error(message), {
    name: code,
    Code: code,
    $fault: res.status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: res.status, requestId: res.headers['x-amz-request-id'] },
  });
}
