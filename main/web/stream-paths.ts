import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { ApiError } from '../../preload/contract/errors.js';
import { UPLOAD_OFFSET_HEADER } from '../../preload/contract/transfers.js';
import type { PailCore } from '../api/core-types.js';
import { toApiError } from '../api/to-api-error.js';

const STATUS: Partial<Record<ApiError['code'], number>> = {
  'invalid-input': 400,
  'not-found': 404,
  'already-exists': 409,
  cancelled: 409,
  'access-denied': 403,
};

/**
 * `PUT /api/stream/upload/<transfer>`: a browser-mode upload's bytes, streamed into the engine with
 * backpressure (never whole in memory). The offset must be the transfer's resumable one (409
 * otherwise) and the body exactly the rest of the file (400 otherwise); the answer is an ApiResult.
 */
export async function receiveUploadStream(req: IncomingMessage, res: ServerResponse, core: PailCore, transferId: string): Promise<void> {
  const offsetHeader = req.headers[UPLOAD_OFFSET_HEADER];
  const lengthHeader = req.headers['content-length'];
  const offset = typeof offsetHeader === 'string' && /^\d+$/.test(offsetHeader) ? Number(offsetHeader) : NaN;
  const length = typeof lengthHeader === 'string' && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : NaN;
  if (!Number.isSafeInteger(offset))
    return refuse(res, 400, { code: 'invalid-input', message: `Send the byte offset in ${UPLOAD_OFFSET_HEADER}.` });
  if (!Number.isSafeInteger(length))
    return refuse(res, 400, { code: 'invalid-input', message: 'Send the body with a Content-Length (the rest of the file).' });
  try {
    const row = await core.transfers.receiveUpload(transferId, offset, length, req);
    json(res, 200, { ok: true, value: row });
  } catch (err) {
    const error = toApiError(err);
    refuse(res, STATUS[error.code] ?? 500, error);
  }
}

/**
 * `GET /api/stream/download/<ticket>`: one object's bytes for a ticket. A download ticket works
 * once; a preview ticket also answers single `Range` requests (206, or 416 past the end), so a
 * <video> can seek.
 */
export async function sendObjectStream(req: IncomingMessage, res: ServerResponse, core: PailCore, ticket: string): Promise<void> {
  let opened;
  try {
    opened = await core.objectStreams.open(ticket, req.headers.range);
  } catch (err) {
    if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 412)
      return refuse(res, 412, { code: 'invalid-input', message: 'The object changed since it was opened; open it again.' });
    const error = toApiError(err);
    return refuse(res, STATUS[error.code] ?? 502, error);
  }
  if (!opened) return refuse(res, 404, { code: 'not-found', message: 'This link was used already or has expired; open the file again.' });
  if ('unsatisfiable' in opened) {
    res.writeHead(416, { 'content-range': `bytes */${opened.totalSize}`, 'content-length': 0, 'cache-control': 'no-store' });
    return void res.end();
  }
  const type = opened.contentType.split(';')[0]!.trim().toLowerCase();
  // Objects are anyone's bytes served on Pail's own origin: never let them run as a page. HTML and
  // other active types become text; everything but PDF (whose viewer needs a plain context) is sandboxed.
  const active = /html|xml|javascript|ecmascript/.test(type) && type !== 'image/svg+xml';
  res.writeHead(opened.range ? 206 : 200, {
    'content-type': active ? 'text/plain; charset=utf-8' : opened.contentType,
    'content-length': opened.size,
    ...(opened.range ? { 'content-range': `bytes ${opened.range.start}-${opened.range.end}/${opened.totalSize}` } : {}),
    ...(opened.acceptsRanges ? { 'accept-ranges': 'bytes' } : {}),
    'content-disposition': opened.contentDisposition,
    'content-security-policy':
      type === 'application/pdf'
        ? "default-src 'none'; object-src 'self'; plugin-types application/pdf"
        : "sandbox; default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
  });
  if (req.method === 'HEAD') {
    opened.body.destroy();
    return void res.end();
  }
  await pipeline(opened.body, res).catch(() => res.destroy());
}

function refuse(res: ServerResponse, status: number, error: ApiError): void {
  // The body may be unread: close the connection rather than drain a file the server refused.
  if (!res.headersSent) res.setHeader('connection', 'close');
  json(res, status, { ok: false, error });
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}
