import { readFile } from 'node:fs/promises';
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

function isBrowserModeCall(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.host === APP_HOST && (parsed.pathname === '/api' || parsed.pathname.startsWith('/api/'));
  } catch {
    return false;
  }
}

/**
 * The `app://` request handler: built renderer files from `rendererRoot`, typed by extension,
 * every response (errors included) with the CSP; `/api/…` answers BRIDGE_MISSING. A plain fetch-API function, so main/app hands
 * it to `protocol.handle` and tests call it with real Request objects.
 */
export function createAppProtocolHandler(rendererRoot: string, csp: CspOptions = {}): (request: Request) => Promise<Response> {
  const headers = securityHeaders(csp);
  const notFound = (status: number) =>
    new Response('Not found', { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
  return async function serveAppRequest(request: Request): Promise<Response> {
    if (isBrowserModeCall(request.url)) {
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
