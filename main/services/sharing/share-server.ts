import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { networkInterfaces } from 'node:os';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AttemptLimiter } from './attempt-limiter.js';
import { verifyPassword } from './password-hash.js';
import { stateOf, type ProtectedLinkStore, type ProtectedRecord } from './protected-links.js';
import { downloadPage, unavailablePage } from './share-page.js';

/** Where a permitted download's bytes come from. */
export type DownloadSource = { redirect: string } | { body: Readable; contentType?: string; contentLength?: number };

/** Opens one permitted download: a fresh short-lived presigned GET, or the bytes themselves. */
export type OpenDownload = (record: ProtectedRecord) => Promise<DownloadSource>;

const UNAVAILABLE: Record<'revoked' | 'expired' | 'used-up', string> = {
  revoked: 'The sender revoked it.',
  expired: 'It has expired.',
  'used-up': 'It has been downloaded as many times as the sender allowed.',
};

/**
 * Serves protected links at `http://HOST:PORT/s/<id>`: a plain page (file name, size, expiry —
 * never bucket, key or key id), an optional password (scrypt hash; failures rate-limited per
 * link and address), an optional download limit, and a download log. Each permitted download is
 * counted and logged, then redirected to a fresh presigned GET or streamed. Loopback by default;
 * the local network only when asked for.
 */
export class ShareServer {
  private server: Server | undefined;
  private host = '127.0.0.1';
  private readonly limiter: AttemptLimiter;

  constructor(
    private readonly store: ProtectedLinkStore,
    private readonly openDownload: OpenDownload,
    options: { limiter?: AttemptLimiter } = {},
  ) {
    this.limiter = options.limiter ?? new AttemptLimiter();
  }

  get port(): number | undefined {
    return this.server ? (this.server.address() as AddressInfo).port : undefined;
  }

  get lan(): boolean {
    return this.host === '0.0.0.0';
  }

  /** Listens (loopback, or every interface for `lan`) on the port links were made with, when free. */
  async start(options: { lan?: boolean } = {}): Promise<void> {
    const host = options.lan || this.lan ? '0.0.0.0' : '127.0.0.1';
    if (this.server && host === this.host) return;
    await this.close();
    this.host = host;
    const wanted = this.store.port ?? 0;
    try {
      this.server = await this.listen(host, wanted);
    } catch {
      // The old port is taken: links made before will not reach us, new ones will.
      this.server = await this.listen(host, 0);
    }
    if (this.port !== wanted) await this.store.setPort(this.port!);
  }

  /** The address to give out: this computer's LAN address for LAN links, else 127.0.0.1. */
  urlFor(record: ProtectedRecord): string {
    const host = record.lan ? lanAddress() : '127.0.0.1';
    return `http://${host}:${this.port ?? this.store.port ?? 0}/s/${record.id}`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private listen(host: string, port: number): Promise<Server> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) send(res, 500, unavailablePage('Something went wrong on the sender’s computer. Try again later.'));
        else res.destroy();
      });
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve(server);
      });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://share').pathname;
    const match = /^\/s\/([A-Za-z0-9_-]{1,64})(\/download)?$/.exec(path);
    const record = match ? this.store.get(match[1]!) : undefined;
    if (!match || !record) return send(res, 404, unavailablePage('There is no such link here. Check that you copied all of it.'));
    const state = stateOf(record, new Date());
    if (state !== 'live') return send(res, 410, unavailablePage(UNAVAILABLE[state]));

    if (!match[2]) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, unavailablePage('Open the link in a browser.'));
      return send(res, 200, downloadPage(facts(record)));
    }
    // Downloads are POSTs: link previews and prefetchers (which GET) must not use up a limit.
    if (req.method !== 'POST') return send(res, 405, unavailablePage('Use the Download button on the link’s page.'));
    const form = new URLSearchParams(await readBody(req, 8192));
    const address = req.socket.remoteAddress ?? '';
    if (record.password) {
      const attemptKey = `${record.id} ${address}`;
      const wait = this.limiter.retryAfter(attemptKey);
      if (wait > 0) {
        res.setHeader('retry-after', String(wait));
        return send(res, 429, downloadPage(facts(record), `Too many wrong passwords. Try again in ${Math.ceil(wait / 60)} minutes.`));
      }
      if (!(await verifyPassword(form.get('password') ?? '', record.password))) {
        this.limiter.fail(attemptKey);
        return send(res, 401, downloadPage(facts(record), 'That password is not right.'));
      }
      this.limiter.succeed(attemptKey);
    }
    // Checked again and counted in one step: the password check above took time, and a revoke
    // or another download may have happened meanwhile.
    let permitted = false;
    await this.store.update(record.id, (current) => {
      if (stateOf(current, new Date()) !== 'live') return;
      permitted = true;
      current.downloads += 1;
      current.log.push({ time: new Date().toISOString(), address, userAgent: String(req.headers['user-agent'] ?? '').slice(0, 300) });
    });
    if (!permitted) {
      const now = stateOf(record, new Date());
      return send(res, 410, unavailablePage(now === 'live' ? 'It is no longer available.' : UNAVAILABLE[now]));
    }

    const source = await this.openDownload(record);
    if ('redirect' in source) {
      res.writeHead(303, { location: source.redirect, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
      res.end();
      return;
    }
    res.writeHead(200, {
      'content-type': source.contentType ?? 'application/octet-stream',
      ...(source.contentLength !== undefined ? { 'content-length': String(source.contentLength) } : {}),
      'content-disposition': `attachment; filename="${record.fileName.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(record.fileName)}`,
      'cache-control': 'no-store',
    });
    await pipeline(source.body, res);
  }
}

function facts(record: ProtectedRecord) {
  return {
    id: record.id,
    fileName: record.fileName,
    hasPassword: record.password !== undefined,
    ...(record.size !== undefined ? { size: record.size } : {}),
    ...(record.expiresAt ? { expiresAt: record.expiresAt } : {}),
    ...(record.maxDownloads !== undefined ? { downloadsLeft: record.maxDownloads - record.downloads } : {}),
  };
}

function send(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': String(Buffer.byteLength(html)),
    'cache-control': 'no-store',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    // No script at all; the download form may redirect to the storage provider.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
  });
  res.end(html);
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    text += String(chunk);
    if (text.length > limit) throw new Error('form too large');
  }
  return text;
}

/** This computer's first non-internal IPv4 address, for links given out on the local network. */
export function lanAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) if (address.family === 'IPv4' && !address.internal) return address.address;
  }
  return '127.0.0.1';
}
