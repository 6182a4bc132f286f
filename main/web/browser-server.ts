import { timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { BROWSER_TRANSPORT, tokenCookieName } from '../../preload/contract/browser-transport.js';
import { METHOD_NAMES, type MethodName } from '../../preload/contract/channels.js';
import { parseDownloadStreamPath, parseUploadStreamPath } from '../../preload/contract/transfers.js';
import type { PailCore } from '../api/core-types.js';
import { receiveUploadStream, sendObjectStream } from './stream-paths.js';
import { mimeType, RENDERER_CSP, resolveStaticPath } from './static-files.js';

/** How browser mode serves one Pail core. */
export interface BrowserServerOptions {
  core: PailCore;
  /** The built renderer (dist/renderer). */
  rendererDir: string;
  /** The secret in the printed link; every request must carry it (cookie, header or ?token=). */
  token: string;
  /** The port the server listens on, for the Host/Origin checks. */
  port: () => number;
}

const MAX_BODY = 16 * 1024 * 1024;
const METHODS = new Set<string>(METHOD_NAMES);

/**
 * Browser mode's HTTP server: the built renderer, `POST /api/call/<method>` for calls and
 * `GET /api/events` (Server-Sent Events) for events (paths from preload/contract/browser-transport),
 * all behind the printed token. Requests whose Host or Origin is not this loopback server are
 * refused, so a web page on another origin — or a DNS-rebound name — cannot drive Pail even from
 * the same machine; a state-changing request must name its Origin (browsers always do), so one
 * whose origin cannot be checked is refused too.
 */
export function createBrowserServer(options: BrowserServerOptions): Server {
  const server = createServer((req, res) => {
    handle(req, res, options).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', `Internal error: ${(err as Error).message}`);
      else res.destroy();
    });
  });
  return server;
}

async function handle(req: IncomingMessage, res: ServerResponse, options: BrowserServerOptions): Promise<void> {
  const port = options.port();
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(req.headers.host ?? '')) {
    return send(res, 421, 'text/plain; charset=utf-8', 'Refused: this server only answers to its own loopback address.');
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts.some((h) => origin === `http://${h}`)) {
    return send(res, 403, 'text/plain; charset=utf-8', 'Refused: requests from other origins are not allowed.');
  }
  if (origin === undefined && req.method !== 'GET' && req.method !== 'HEAD') {
    return send(res, 403, 'text/plain; charset=utf-8', 'Refused: a request that changes something must say where it comes from (Origin).');
  }
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const queryToken = url.searchParams.get(BROWSER_TRANSPORT.tokenQuery);
  if (queryToken !== null && req.method === 'GET' && sameSecret(queryToken, options.token)) {
    // Trade the token in the link for a cookie, and drop it from the address bar and history.
    url.searchParams.delete(BROWSER_TRANSPORT.tokenQuery);
    res.setHeader('set-cookie', `${tokenCookieName(port)}=${options.token}; HttpOnly; SameSite=Strict; Path=/`);
    res.setHeader('location', `${appRelativePath(url.pathname)}${url.search}`);
    return send(res, 303, 'text/plain; charset=utf-8', '');
  }
  if (!hasToken(req, port, options.token)) {
    return send(
      res,
      401,
      'text/plain; charset=utf-8',
      'Refused: open the link Pail printed when it started (it carries the access token).',
    );
  }

  if (url.pathname === BROWSER_TRANSPORT.eventsPath && req.method === 'GET') return streamEvents(req, res, options.core);
  const uploadId = parseUploadStreamPath(url.pathname);
  if (uploadId !== undefined) {
    if (req.method !== 'PUT') return send(res, 405, 'text/plain; charset=utf-8', 'Use PUT.');
    return receiveUploadStream(req, res, options.core, uploadId);
  }
  const ticket = parseDownloadStreamPath(url.pathname);
  if (ticket !== undefined) {
    if (req.method !== 'GET') return send(res, 405, 'text/plain; charset=utf-8', 'Use GET.');
    return sendObjectStream(req, res, options.core, ticket);
  }
  if (url.pathname.startsWith(BROWSER_TRANSPORT.callPathPrefix)) {
    if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'Use POST.');
    return call(req, res, options.core, url.pathname.slice(BROWSER_TRANSPORT.callPathPrefix.length));
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed.');
  return serveStatic(req, res, options.rendererDir, url.pathname);
}

/**
 * A path on this server for a redirect: `//evil.example/` (what `/.//evil.example/` normalizes to)
 * would be read by the browser as another host, so leading slashes collapse into one.
 */
export function appRelativePath(pathname: string): string {
  return `/${pathname.replace(/^[/\\]+/, '')}`;
}

function hasToken(req: IncomingMessage, port: number, token: string): boolean {
  const header = req.headers[BROWSER_TRANSPORT.tokenHeader];
  if (typeof header === 'string' && sameSecret(header, token)) return true;
  const cookies = (req.headers.cookie ?? '').split(';').map((c) => c.trim());
  const prefix = `${tokenCookieName(port)}=`;
  return cookies.some((c) => c.startsWith(prefix) && sameSecret(c.slice(prefix.length), token));
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function call(req: IncomingMessage, res: ServerResponse, core: PailCore, name: string): Promise<void> {
  if (!METHODS.has(name)) return sendJson(res, 404, { ok: false, error: { code: 'invalid-input', message: `Unknown method: ${name}` } });
  let args: unknown[];
  try {
    const body = await readBody(req);
    const parsed = JSON.parse(body.length ? body.toString('utf8') : '{}') as { args?: unknown };
    args = Array.isArray(parsed.args) ? parsed.args : [];
  } catch (err) {
    return sendJson(res, 400, {
      ok: false,
      error: { code: 'invalid-input', message: `The request body is not valid JSON (${(err as Error).message}).` },
    });
  }
  const result = await core.handlers[name as MethodName](args);
  sendJson(res, 200, result);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('request body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function streamEvents(req: IncomingMessage, res: ServerResponse, core: PailCore): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
  });
  res.write('retry: 1000\n: connected\n\n');
  const unsubscribe = core.events.subscribe((event, payload) => {
    res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  });
  // A comment every 15 s keeps proxies and idle timers from closing the stream.
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  const stop = () => {
    clearInterval(keepAlive);
    unsubscribe();
  };
  req.on('close', stop);
  res.on('error', stop);
}

async function serveStatic(req: IncomingMessage, res: ServerResponse, root: string, pathname: string): Promise<void> {
  const file = resolveStaticPath(root, pathname);
  const info = file ? await stat(file).catch(() => undefined) : undefined;
  if (!file || !info?.isFile()) {
    if (pathname === '/' || pathname === '/index.html') {
      return send(res, 503, 'text/plain; charset=utf-8', 'The renderer is not built yet. Run `npm run build:renderer`, then reload.');
    }
    return send(res, 404, 'text/plain; charset=utf-8', 'Not found.');
  }
  res.writeHead(200, {
    'content-type': mimeType(file),
    'content-length': info.size,
    'content-security-policy': RENDERER_CSP,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  });
  if (req.method === 'HEAD') return void res.end();
  createReadStream(file).pipe(res);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'x-content-type-options': 'nosniff' });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}
