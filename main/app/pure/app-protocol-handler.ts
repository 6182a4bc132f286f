import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import type { ObjectStreamAnswer } from '../../api/object-stream-answer.js';
import { parseDownloadStreamPath } from '../../../preload/contract/transfers.js';
import type { ApiResult } from '../../../preload/contract/errors.js';
import { APP_HOST, resolveAppRequest } from './app-url.js';
import { securityHeaders, type CspOptions } from './csp.js';
import { mimeTypeFor } from './mime-types.js';

/**
 * What the page gets when it calls Pail as browser mode would (`/api/…`): in the app that only
 * happens when the preload failed to load, so `window.pail` is missing and the renderer fell
 * back to its HTTP client. Answered as a result the renderer shows, instead of a bare 405.
 */
export const BRIDGE_MISSING: ApiResult<never> = {
  ok: false,
  error: {
    code: 'internal',
    message:
      'Pail could not start its bridge between the window and the app (its preload script failed to load). Quit and reopen Pail; if it keeps happening, reinstall it.',
  },
};

/** The `/api/…` path of a request to Pail's own host, or undefined. */
function apiPath(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.host === APP_HOST && (parsed.pathname === '/api' || parsed.pathname.startsWith('/api/')) ? parsed.pathname : undefined;
  } catch {
    return undefined;
  }
}

/** Opens an object stream ticket (the core's, once it has started). */
export type ObjectStreamOpener = (ticket: string, range: string | undefined) => Promise<ObjectStreamAnswer>;

/**
 * The `app://` request handler: built renderer files from `rendererRoot`, typed by extension,
 * every response (errors included) with the CSP; object stream paths (previews fetch them, as in
 * browser mode) through `openStream`; any other `/api/…` answers BRIDGE_MISSING. A plain fetch-API
 * function, so main/app hands it to `protocol.handle` and tests call it with real Request objects.
 */
export function createAppProtocolHandler(
  rendererRoot: string,
  csp: CspOptions = {},
  openStream?: ObjectStreamOpener,
): (request: Request) => Promise<Response> {
  const headers = securityHeaders(csp);
  const notFound = (status: number) =>
    new Response('Not found', { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
  return async function serveAppRequest(request: Request): Promise<Response> {
    const api = apiPath(request.url);
    const ticket = api === undefined ? undefined : parseDownloadStreamPath(api);
    if (ticket !== undefined && openStream && (request.method === 'GET' || request.method === 'HEAD')) {
      return streamResponse(await openStream(ticket, request.headers.get('range') ?? undefined), request.method);
    }
    if (api !== undefined) {
      return new Response(JSON.stringify(BRIDGE_MISSING), { status: 503, headers: { ...headers, 'Content-Type': 'application/json' } });
    }
    const resolved = resolveAppRequest(request.method, request.url, rendererRoot);
    if (resolved.status !== 200) return notFound(resolved.status);
    let body: Buffer;
    try {
      body = await readFile(resolved.filePath);
    } catch {
      // Missing files and folders alike: nothing under the renderer root is listed.
      return notFound(404);
    }
    const responseHeaders = { ...headers, 'Content-Type': mimeTypeFor(resolved.filePath), 'Content-Length': String(body.byteLength) };
    return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: responseHeaders });
  };
}

/** An object stream answer as a fetch Response: bytes stream through, never read whole. */
function streamResponse(answer: ObjectStreamAnswer, method: string): Response {
  if (!('body' in answer)) {
    const body = answer.error ? JSON.stringify({ ok: false, error: answer.error }) : null;
    return new Response(body, {
      status: answer.status,
      headers: answer.error ? { ...answer.headers, 'content-type': 'application/json; charset=utf-8' } : answer.headers,
    });
  }
  if (method === 'HEAD') {
    answer.body.destroy();
    return new Response(null, { status: answer.status, headers: answer.headers });
  }
  return new Response(Readable.toWeb(answer.body) as ReadableStream<Uint8Array>, { status: answer.status, headers: answer.headers });
}
