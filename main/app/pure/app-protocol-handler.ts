import { readFile } from 'node:fs/promises';
import { resolveAppRequest } from './app-url.js';
import { securityHeaders, type CspOptions } from './csp.js';
import { mimeTypeFor } from './mime-types.js';

/**
 * The `app://` request handler: built renderer files from `rendererRoot`, typed by extension,
 * every response (errors included) with the CSP. A plain fetch-API function, so main/app hands
 * it to `protocol.handle` and tests call it with real Request objects.
 */
export function createAppProtocolHandler(rendererRoot: string, csp: CspOptions = {}): (request: Request) => Promise<Response> {
  const headers = securityHeaders(csp);
  const notFound = (status: number) =>
    new Response('Not found', { status, headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' } });
  return async function serveAppRequest(request: Request): Promise<Response> {
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
