import type { Readable } from 'node:stream';
import type { ApiError } from '../../preload/contract/errors.js';
import type { PailCore } from './core-types.js';
import { toApiError } from './to-api-error.js';
import { httpStatusOf } from '../services/s3/explain-error.js';

/** Status codes for the errors an object stream can end in. */
const STATUS: Partial<Record<ApiError['code'], number>> = {
  'invalid-input': 400,
  'not-found': 404,
  'already-exists': 409,
  cancelled: 409,
  'access-denied': 403,
};

/** What to answer a GET of an object stream path, whichever server sends it. */
export type ObjectStreamAnswer =
  | { status: number; headers: Record<string, string>; body: Readable }
  | { status: number; headers: Record<string, string>; error?: ApiError };

/**
 * The answer to `GET /api/stream/download/<ticket>`, shared by browser mode's HTTP server and the
 * app's `app://` protocol (where a preview in Electron fetches the same path): the object's bytes
 * with headers that keep them from running as a page, a 206/416 for a preview's ranges, or an
 * error as an ApiResult body.
 */
export async function objectStreamAnswer(
  core: Pick<PailCore, 'objectStreams'>,
  ticket: string,
  range?: string,
): Promise<ObjectStreamAnswer> {
  let opened;
  try {
    opened = await core.objectStreams.open(ticket, range);
  } catch (err) {
    if (httpStatusOf(err) === 412)
      return failed(412, { code: 'invalid-input', message: 'The object changed since it was opened; open it again.' });
    const error = toApiError(err);
    return failed(STATUS[error.code] ?? 502, error);
  }
  if (!opened) return failed(404, { code: 'not-found', message: 'This link was used already or has expired; open the file again.' });
  if ('unsatisfiable' in opened) {
    return { status: 416, headers: { 'content-range': `bytes */${opened.totalSize}`, 'content-length': '0', 'cache-control': 'no-store' } };
  }
  const type = opened.contentType.split(';')[0]!.trim().toLowerCase();
  // Objects are anyone's bytes served on Pail's own origin: never let them run as a page. HTML and
  // other active types become text; everything but PDF (whose viewer needs a plain context) is sandboxed.
  const active = /html|xml|javascript|ecmascript/.test(type) && type !== 'image/svg+xml';
  return {
    status: opened.range ? 206 : 200,
    headers: {
      'content-type': active ? 'text/plain; charset=utf-8' : opened.contentType,
      'content-length': String(opened.size),
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
    },
    body: opened.body,
  };
}

/** An error answer: its ApiResult goes out as JSON. */
function failed(status: number, error: ApiError): ObjectStreamAnswer {
  return { status, headers: {}, error };
}

/** HTTP status for an ApiError code (500 when none fits). */
export function statusForError(error: ApiError): number {
  return STATUS[error.code] ?? 500;
}
