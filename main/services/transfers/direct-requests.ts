import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { DeferredS3Client, type DirectSettings, type S3Sender } from '../s3/deferred-client.js';
import { canonicalQuery, EMPTY_SHA256, SigV4Signer, uriEncode, type SigningCredentials } from '../s3/sign-v4.js';
import { KeepAlivePool } from './keep-alive-pool.js';
import { parseListPage, type ListPage } from './list-page.js';
import { rawRangeRead, type RunWriter } from './raw-range-read.js';

/**
 * Objects up to this size move in one request through the direct path (a folder of thousands of
 * small files is where the SDK's per-request work sets the pace). Their bytes are held in memory
 * whole: with 32 in flight that is at most 32 MiB.
 */
export const DIRECT_MAX_BYTES = 1024 * 1024;
/** The largest answer read whole from a pooled connection: a direct object, or an error's XML. */
const ANSWER_MAX_BYTES = DIRECT_MAX_BYTES + 64 * 1024;

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
  /** HeadObject (with a key) or HeadBucket (without): the answer's status and headers. */
  head(request: { bucket: string; key?: string }, signal?: AbortSignal): Promise<DirectResponse>;
  /** One page (up to 1,000 keys) of ListObjectsV2 under a prefix, no delimiter. */
  listPage(request: { bucket: string; prefix: string; token?: string }, signal?: AbortSignal): Promise<ListPage>;
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
  credentials: () => Promise<SigningCredentials>;
  requestChecksumCalculation?: () => Promise<string>;
  systemClockOffset?: number;
  requestHandler?: HttpHandler;
}

/** The SDK's HTTP handler (its agents, TLS settings and timeouts), as the direct path calls it. */
interface HttpHandler {
  handle(
    request: unknown,
    options: { abortSignal?: AbortSignal },
  ): Promise<{ response: { statusCode: number; headers: Record<string, string>; body: IncomingMessage } }>;
}

const routes = new WeakMap<S3Sender, Promise<DirectRoute | undefined>>();
/** For requests made without a signal. */
const NEVER_ABORTED = new AbortController().signal;

/**
 * A direct route for `client`, or undefined when its requests need what only the SDK's middleware
 * does. The direct path signs a path-style request with SigV4 itself and sends it: over its own
 * keep-alive connections to a plain-HTTP endpoint, through the client's own HTTP handler (its
 * agents, TLS settings and timeouts) otherwise. The SDK's per-request middleware (endpoint rules,
 * serialisation, retries, checksums, user agent) costs several times the request itself on a
 * local server. It serves only what that middleware would not change: a custom endpoint
 * addressed path-style (the local bucket, MinIO, Ceph…), with checksums only when required.
 * AWS itself (virtual hosts, region redirects, flexible checksums) always goes through the SDK.
 */
export function directRoute(client: S3Sender): Promise<DirectRoute | undefined> {
  let route = routes.get(client);
  if (!route) {
    route = (
      client instanceof DeferredS3Client
        ? Promise.resolve(
            client.direct && makeRoute(client.direct, async () => (await client.sdkClient()).config as unknown as ResolvedConfig),
          )
        : fromSdkConfig(client.config as unknown as ResolvedConfig)
    ).catch(() => undefined);
    routes.set(client, route);
  }
  return route;
}

async function fromSdkConfig(config: ResolvedConfig): Promise<DirectRoute | undefined> {
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
  const port = endpoint.port ? `:${endpoint.port}` : '';
  const settings: DirectSettings = {
    endpoint: `${endpoint.protocol}//${endpoint.hostname}${port}${endpoint.path}`,
    region: await config.region(),
    credentials: config.credentials,
  };
  return makeRoute(
    settings,
    async () => config,
    () => config.systemClockOffset ?? 0,
  );
}

function makeRoute(
  settings: DirectSettings,
  sdkConfig: () => Promise<ResolvedConfig>,
  clockOffset: () => number = () => 0,
): DirectRoute | undefined {
  const url = new URL(settings.endpoint);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  const plain = url.protocol === 'http:';
  const port = url.port ? Number(url.port) : plain ? 80 : 443;
  // URL drops a port that is the protocol's default: `host` is then the bare name, as clients send it.
  const host = url.host;
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const base = url.pathname.replace(/\/+$/, '');
  const signer = new SigV4Signer(settings.region);
  const objectPath = (bucket: string, key: string) => `${base}/${uriEncode(bucket)}/${key.split('/').map(uriEncode).join('/')}`;
  /** A path-style request to this endpoint: its headers, signed (the payload's SHA-256 and `host` included). */
  const sign = async (method: string, path: string, headers: Record<string, string>, body?: Buffer, query?: Record<string, string>) =>
    signer.sign(
      {
        method,
        path,
        ...(query ? { query } : {}),
        headers: { ...headers, host, ...(body ? { 'content-length': String(body.length) } : {}) },
        payloadHash: body ? createHash('sha256').update(body).digest('hex') : EMPTY_SHA256,
      },
      await settings.credentials(),
      new Date(Date.now() + clockOffset()),
    );
  // Plain HTTP: small requests go over our own keep-alive connections (see KeepAlivePool).
  const pool = plain ? new KeepAlivePool(hostname, port) : undefined;
  const send = async (
    method: 'GET' | 'PUT' | 'HEAD',
    path: string,
    headers: Record<string, string>,
    signal: AbortSignal,
    body?: Buffer,
    query?: Record<string, string>,
  ) => {
    const signed = await sign(method, path, headers, body, query);
    const wirePath = query ? `${path}?${canonicalQuery(query)}` : path;
    const pooled = await pool?.request({ method, path: wirePath, headers: signed, ...(body ? { body } : {}) }, ANSWER_MAX_BYTES, signal);
    let out: DirectResponse;
    if (pooled) out = pooled;
    else {
      const handler = (await sdkConfig()).requestHandler;
      if (!handler) throw new Error('No HTTP handler for this endpoint.');
      const { response } = await handler.handle(
        { method, protocol: url.protocol, hostname, port, path, query: query ?? {}, headers: signed, ...(body ? { body } : {}) },
        { abortSignal: signal },
      );
      const chunks: Buffer[] = [];
      for await (const chunk of response.body) chunks.push(chunk as Buffer);
      out = { status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) };
    }
    if (out.status < 200 || out.status >= 300) throw serviceError(out);
    return out;
  };
  const readRange: DirectRoute['readRange'] = async (req, write, onBytes, signal) => {
    const path = objectPath(req.bucket, req.key);
    const signed = await sign('GET', path, {
      range: `bytes=${req.start}-${req.end - 1}`,
      ...(req.ifMatch ? { 'if-match': req.ifMatch } : {}),
    });
    const answer = await rawRangeRead({ hostname, port, path, headers: signed }, req.end - req.start, write, onBytes, signal);
    if (!answer) return true;
    if (answer.status >= 200 && answer.status < 300) return false;
    throw serviceError(answer);
  };
  return {
    ...(plain ? { readRange } : {}),
    send: (req, signal) => send(req.method, objectPath(req.bucket, req.key), req.headers ?? {}, signal, req.body),
    head: (req, signal) =>
      send(
        'HEAD',
        req.key === undefined ? `${base}/${uriEncode(req.bucket)}` : objectPath(req.bucket, req.key),
        {},
        signal ?? NEVER_ABORTED,
      ),
    async listPage(req, signal) {
      const query: Record<string, string> = { 'list-type': '2', prefix: req.prefix };
      if (req.token) query['continuation-token'] = req.token;
      const res = await send('GET', `${base}/${uriEncode(req.bucket)}`, {}, signal ?? NEVER_ABORTED, undefined, query);
      return parseListPage(res.body.toString('utf8'));
    },
  };
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
