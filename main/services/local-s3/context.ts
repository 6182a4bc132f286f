import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { Credentials } from './auth/credentials.js';
import type { SigV4Auth } from './auth/sigv4.js';
import type { ObjectStore } from './store/object-store.js';

/** Who sent a request. */
export type RequestAuth = { kind: 'anonymous' } | ({ kind: 'sigv4' } & SigV4Auth) | { kind: 'sigv2'; accessKeyId: string };

/** One S3 request, parsed: what every operation handler receives. */
export interface RequestContext {
  requestId: string;
  req: IncomingMessage;
  method: string;
  /** Decoded bucket name, when the request names one. */
  bucket: string | undefined;
  /** Decoded object key, when the request names one. */
  key: string | undefined;
  /** Decoded query parameters. */
  query: URLSearchParams;
  rawPath: string;
  rawQuery: string;
  auth: RequestAuth;
  /** The server's key pair, for operations that verify signatures of their own (POST Object's policy). */
  credentials: Credentials;
  store: ObjectStore;
  /** The server's endpoint as the client reached it, for Location elements. */
  endpoint: string;
  /** Set once an operation has consumed the request body. */
  bodyConsumed: boolean;
}

/** What an operation answers; the server adds the common headers and CORS. */
export interface S3Response {
  status: number;
  headers?: Record<string, string | number | undefined>;
  body?: string | Buffer | Readable;
  /** Runs after the body was sent or the client went away (closes file handles). */
  done?: () => Promise<void>;
}

/** An operation handler, one per S3 API call. */
export type OperationHandler = (ctx: RequestContext) => Promise<S3Response>;

/** A header's single value. */
export function header(ctx: RequestContext, name: string): string | undefined {
  const value = ctx.req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** An XML response with S3's content type. */
export function xmlResponse(body: string, status = 200, headers: Record<string, string | number | undefined> = {}): S3Response {
  return { status, headers: { 'content-type': 'application/xml', ...headers }, body };
}
