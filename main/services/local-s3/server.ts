import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { hasSigV2, verifySigV2 } from './auth/sigv2.js';
import { hasSigV4, verifySigV4 } from './auth/sigv4.js';
import type { Credentials } from './auth/credentials.js';
import type { RequestAuth, RequestContext, S3Response } from './context.js';
import { corsHeaders, findCorsRule, requestCorsHeaders } from './cors.js';
import { continueOnFirstRead, expectsContinue } from './expect-continue.js';
import { lingerOnClose } from './lingering-close.js';
import { grantsPublicRead, grantsPublicWrite } from './operations/shared/acl.js';
import { toWire } from './header-text.js';
import { matchRoute, type AnonymousAccess, type Target } from './routes.js';
import { isS3Error, S3Error } from './s3-error.js';
import type { BucketStore, ObjectStore } from './store/object-store.js';
import { toXml } from './xml.js';
import { redact } from '../logging/redact.js';

/** What the HTTP layer needs: storage, the accepted key pair, and an optional access log. */
export interface S3ServerDeps {
  store: ObjectStore;
  credentials: Credentials;
  /** One line per request; presigned signatures and credentials are redacted. */
  log?: (line: string) => void;
}

const MAX_KEY_BYTES = 1024;
/** A body this small is read and discarded before an error answer so the connection can be reused. */
const DRAIN_LIMIT = 1024 * 1024;

/** Creates the HTTP server that speaks S3 over `deps.store`. */
export function createS3Server(deps: S3ServerDeps): Server {
  const server = createServer({ requestTimeout: 0, headersTimeout: 60_000, keepAliveTimeout: 5_000 });
  const onRequest = (req: IncomingMessage, res: ServerResponse) => void handle(req, res, deps);
  server.on('request', onRequest);
  // Answer `Expect: 100-continue` ourselves, once an operation reads the body: a request that
  // fails authentication or validation is refused before the client sends a possibly huge body.
  server.on('checkContinue', (req, res) => {
    continueOnFirstRead(req, res);
    onRequest(req, res);
  });
  return server;
}

async function handle(req: IncomingMessage, res: ServerResponse, deps: S3ServerDeps): Promise<void> {
  const started = Date.now();
  const requestId = nextRequestId();
  const method = req.method ?? 'GET';
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q === -1 ? url : url.slice(0, q);
  const rawQuery = q === -1 ? '' : url.slice(q + 1);
  let ctx: RequestContext | undefined;
  let cors: Record<string, string> = {};
  let status = 500;
  try {
    const query = new URLSearchParams(rawQuery);
    const target = parseTarget(rawPath, req.headers.host);
    const bucketConfig = target.bucket !== undefined ? deps.store.bucket(target.bucket)?.config : undefined;
    const origin = req.headers.origin;
    if (method === 'OPTIONS') {
      const response = preflight(req, bucketConfig?.cors, target.bucket);
      status = response.status;
      await send(req, res, requestId, response, method);
      return;
    }
    if (origin && bucketConfig?.cors) cors = requestCorsHeaders(bucketConfig.cors, origin, method);
    hoistPresignedHeaders(req, query);
    const auth = authenticate(req, method, query, rawPath, target, deps.credentials);
    ctx = {
      requestId,
      req,
      method,
      bucket: target.bucket,
      key: target.key,
      query,
      rawPath,
      rawQuery,
      auth,
      credentials: deps.credentials,
      store: deps.store,
      endpoint: `http://${req.headers.host ?? 'localhost'}`,
      bodyConsumed: false,
    };
    const match = matchRoute(method, target.kind, query, (name) => req.headers[name] !== undefined);
    if ('error' in match) throw new S3Error(match.error, match.detail);
    if (auth.kind === 'anonymous')
      authorizeAnonymous(match.route.anonymous, target.bucket === undefined ? undefined : deps.store.bucket(target.bucket));
    if (target.key !== undefined && Buffer.byteLength(target.key) > MAX_KEY_BYTES)
      throw new S3Error('KeyTooLongError', undefined, {
        Size: String(Buffer.byteLength(target.key)),
        MaxSizeAllowed: String(MAX_KEY_BYTES),
      });
    const response = await match.route.handler(ctx);
    status = response.status;
    response.headers = { ...cors, ...response.headers };
    await send(req, res, requestId, response, method);
  } catch (err) {
    const error = toS3Error(err, deps.log);
    status = error.status;
    if (isClientGone(err, req)) {
      status = 499;
      res.destroy();
    } else {
      await sendError(req, res, requestId, error, rawPath, method, cors, ctx?.bodyConsumed ?? false);
    }
  } finally {
    deps.log?.(`${method} ${redact(url)} ${status} ${Date.now() - started}ms`);
  }
}

/** The bucket and key a request addresses: path style, or virtual-host style on `*.localhost`. */
function parseTarget(rawPath: string, host: string | undefined): { kind: Target; bucket: string | undefined; key: string | undefined } {
  if (!rawPath.startsWith('/')) throw new S3Error('InvalidURI');
  const hostname = (host ?? '').replace(/:\d+$/, '').toLowerCase();
  let bucket: string | undefined;
  let keyPath: string;
  if (hostname.endsWith('.localhost') && hostname.length > '.localhost'.length) {
    bucket = hostname.slice(0, -'.localhost'.length);
    keyPath = rawPath.slice(1);
  } else {
    const slash = rawPath.indexOf('/', 1);
    const segment = slash === -1 ? rawPath.slice(1) : rawPath.slice(1, slash);
    if (segment === '') return { kind: 'service', bucket: undefined, key: undefined };
    bucket = decode(segment);
    keyPath = slash === -1 ? '' : rawPath.slice(slash + 1);
  }
  if (keyPath === '') return { kind: 'bucket', bucket, key: undefined };
  return { kind: 'object', bucket, key: decode(keyPath) };
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new S3Error('InvalidURI', "Couldn't parse the specified URI: it is not valid percent-encoded UTF-8.");
  }
}

/** Query parameters of a presigned URL that belong to its authentication, not to the request. */
const AUTH_PARAMETERS = new Set([
  'x-amz-algorithm',
  'x-amz-credential',
  'x-amz-date',
  'x-amz-expires',
  'x-amz-signedheaders',
  'x-amz-signature',
  'x-amz-security-token',
  'x-amz-content-sha256',
  'x-amz-sdk-checksum-algorithm',
]);

/**
 * Presigners move request headers into the query string: SigV2 ones (botocore, aws-sdk v2) every
 * `x-amz-*` header, which the signature then covers as headers; SigV4 ones (aws-sdk v3) the
 * unsigned `x-amz-*` headers (`x-amz-meta-*`, `x-amz-acl`…). S3 reads them as the headers they
 * stand for, so a presigned PUT keeps its metadata. A header actually sent wins. Checksums stay
 * ignored (see the route table: presigned URLs do not carry body checksums).
 */
function hoistPresignedHeaders(req: IncomingMessage, query: URLSearchParams): void {
  const presigned = query.has('X-Amz-Signature') || (query.has('AWSAccessKeyId') && query.has('Signature'));
  if (!presigned) return;
  for (const [name, value] of query) {
    const lower = name.toLowerCase();
    if (!lower.startsWith('x-amz-') || AUTH_PARAMETERS.has(lower) || lower.startsWith('x-amz-checksum-')) continue;
    if (req.headers[lower] === undefined) req.headers[lower] = value;
  }
}

function authenticate(
  req: IncomingMessage,
  method: string,
  query: URLSearchParams,
  rawPath: string,
  target: { bucket: string | undefined },
  credentials: Credentials,
): RequestAuth {
  if (hasSigV4(req.headers, query)) {
    const signed = {
      method,
      rawPath,
      rawQuery: (req.url ?? '').split('?').slice(1).join('?'),
      headers: req.headers,
      headersDistinct: req.headersDistinct,
    };
    return { kind: 'sigv4', ...verifySigV4(signed, query, credentials) };
  }
  if (hasSigV2(req.headers, query)) {
    const virtualHost = target.bucket !== undefined && !rawPath.startsWith(`/${target.bucket}`);
    const resource = virtualHost ? `/${target.bucket}${rawPath}` : rawPath;
    return { kind: 'sigv2', accessKeyId: verifySigV2(method, req.headers, query, resource, credentials) };
  }
  return { kind: 'anonymous' };
}

/**
 * What an unsigned request may do, from the bucket's canned ACL: READ lets anyone list it,
 * WRITE lets anyone create, overwrite and delete its objects. Reading an object is decided by the
 * object's own ACL or the bucket policy (operations/shared/access.ts). A missing bucket is left
 * to the operation, which answers NoSuchBucket as S3 does.
 */
function authorizeAnonymous(access: AnonymousAccess | undefined, bucket: BucketStore | undefined): void {
  if (access === undefined) throw new S3Error('AccessDenied');
  if (bucket === undefined || access === 'object-read' || access === 'post-form') return;
  const allowed = access === 'bucket-read' ? grantsPublicRead(bucket.config.acl) : grantsPublicWrite(bucket.config.acl);
  if (!allowed) throw new S3Error('AccessDenied');
}

/** Answers a CORS preflight from the bucket's rules, as S3 does: no authentication involved. */
function preflight(req: IncomingMessage, rules: Parameters<typeof findCorsRule>[0], bucket: string | undefined): S3Response {
  const origin = req.headers.origin;
  const method = req.headers['access-control-request-method'];
  if (!origin || typeof method !== 'string') throw new S3Error('BadRequest', 'Insufficient information. Origin request header needed.');
  if (bucket === undefined) throw new S3Error('CORSResponse', 'CORS is not enabled for this bucket.');
  const requested = (req.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  if (!rules) throw new S3Error('CORSResponse', 'CORS is not enabled for this bucket.');
  const rule = findCorsRule(rules, origin, method, requested);
  if (!rule) throw new S3Error('CORSResponse');
  return { status: 200, headers: corsHeaders(rule, origin, requested) };
}

async function send(req: IncomingMessage, res: ServerResponse, requestId: string, response: S3Response, method: string): Promise<void> {
  res.statusCode = response.status;
  res.setHeader('x-amz-request-id', requestId);
  res.setHeader('x-amz-id-2', requestId);
  res.setHeader('server', 'Pail');
  for (const [name, value] of Object.entries(response.headers ?? {}))
    if (value !== undefined) res.setHeader(name, typeof value === 'string' ? toWire(value) : value);
  const body = response.body;
  // Headers are written before the body: when Node writes them as part of `end(body)` it re-decodes
  // a Content-Disposition value as UTF-8 and mangles what toWire() encoded (Node 20's
  // processHeader), which is how `filename="résumé"` reached clients as neither UTF-8 nor Latin-1.
  try {
    if (body === undefined || method === 'HEAD') {
      if (body instanceof Readable) body.destroy();
      if (!res.hasHeader('content-length') && method !== 'HEAD') res.setHeader('content-length', 0);
      res.writeHead(res.statusCode);
      await drainAndEnd(req, res);
    } else if (body instanceof Readable) {
      res.writeHead(res.statusCode);
      await pipeline(body, res);
    } else {
      res.setHeader('content-length', Buffer.byteLength(body));
      res.writeHead(res.statusCode);
      await drainAndEnd(req, res, body);
    }
  } catch {
    // The client went away mid-response; nothing more to tell it.
    res.destroy();
  } finally {
    await response.done?.();
  }
}

async function sendError(
  req: IncomingMessage,
  res: ServerResponse,
  requestId: string,
  error: S3Error,
  resource: string,
  method: string,
  cors: Record<string, string>,
  bodyConsumed: boolean,
): Promise<void> {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const name of res.getHeaderNames()) res.removeHeader(name);
  const headers: Record<string, string> = { ...cors };
  if (error.code === 'InvalidRange' && error.extra.ActualObjectSize) headers['content-range'] = `bytes */${error.extra.ActualObjectSize}`;
  const noBody = method === 'HEAD' || error.status === 304;
  if (!bodyConsumed && hasUnreadBody(req)) {
    // Reading a large unwanted body would waste the client's time: answer, then hang up.
    const length = Number(req.headers['content-length'] ?? Infinity);
    if (length > DRAIN_LIMIT || expectsContinue(req)) headers.connection = 'close';
  }
  const body = noBody
    ? undefined
    : toXml(
        'Error',
        {
          Code: error.code,
          Message: error.message,
          ...error.extra,
          Resource: resource,
          RequestId: requestId,
        },
        false,
      );
  await send(
    req,
    res,
    requestId,
    { status: error.status, headers: { ...headers, ...(body ? { 'content-type': 'application/xml' } : {}) }, body },
    method,
  );
}

function hasUnreadBody(req: IncomingMessage): boolean {
  return !req.complete && (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0);
}

/** Ends the response; an unread small request body is drained first so the socket stays usable. */
async function drainAndEnd(req: IncomingMessage, res: ServerResponse, body?: string | Buffer): Promise<void> {
  if (res.getHeader('connection') === 'close') {
    if (req.socket) lingerOnClose(req.socket);
    res.end(body);
    return;
  }
  // A request a failed pipeline destroyed has emitted (or will emit) its last event already: don't wait for it.
  if (hasUnreadBody(req) && !req.destroyed && !expectsContinue(req)) {
    req.resume();
    await new Promise<void>((resolve) => {
      req.once('end', resolve);
      req.once('close', resolve);
      req.once('error', resolve);
    });
  }
  await new Promise<void>((resolve) => res.end(body, resolve));
}

function toS3Error(err: unknown, log: ((line: string) => void) | undefined): S3Error {
  if (isS3Error(err)) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return new S3Error('InternalError', "The local bucket's disk is full. Free some space and try again.");
  if (code === 'EACCES' || code === 'EPERM')
    return new S3Error('InternalError', 'The local bucket cannot write to its data folder (permission denied).');
  log?.(`internal error: ${(err as Error)?.stack ?? String(err)}`);
  return new S3Error('InternalError');
}

/** The connection is gone (a request body that was fully read also reports `destroyed`, so ask the socket). */
function isClientGone(err: unknown, req: IncomingMessage): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return (req.socket as Socket | null)?.destroyed === true || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE';
}

// Request ids: random per process, then a counter; unique without a getrandom syscall per request.
const requestIdPrefix = randomBytes(4).toString('hex').toUpperCase();
let requestCounter = 0;
function nextRequestId(): string {
  requestCounter = (requestCounter + 1) % 0x100000000;
  return requestIdPrefix + requestCounter.toString(16).toUpperCase().padStart(8, '0');
}
