import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { ApiError } from '../../preload/contract/errors.js';
import { UPLOAD_OFFSET_HEADER } from '../../preload/contract/transfers.js';
import type { PailCore } from '../api/core-types.js';
import { objectStreamAnswer, statusForError } from '../api/object-stream-answer.js';
import { toApiError } from '../api/to-api-error.js';

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
    refuse(res, statusForError(error), error);
  }
}

/**
 * `GET /api/stream/download/<ticket>`: one object's bytes for a ticket. A download ticket works
 * once; a preview ticket also answers single `Range` requests (206, or 416 past the end), so a
 * <video> can seek.
 */
export async function sendObjectStream(req: IncomingMessage, res: ServerResponse, core: PailCore, ticket: string): Promise<void> {
  const answer = await objectStreamAnswer(core, ticket, req.headers.range);
  if (!('body' in answer)) {
    if (answer.error) return refuse(res, answer.status, answer.error);
    res.writeHead(answer.status, answer.headers);
    return void res.end();
  }
  res.writeHead(answer.status, answer.headers);
  if (req.method === 'HEAD') {
    answer.body.destroy();
    return void res.end();
  }
  await pipeline(answer.body, res).catch(() => res.destroy());
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
