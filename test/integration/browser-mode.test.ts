import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserMode, type BrowserMode } from '../../main/web/browser-mode.js';

let home: string;
let rendererDir: string;
let mode: BrowserMode;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'pail-serve-'));
  rendererDir = join(home, 'renderer');
  await mkdir(rendererDir);
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Pail</title>');
  await writeFile(join(home, 'outside.txt'), 'secret file');
  mode = await startBrowserMode({ pailHome: join(home, 'home'), rendererDir, startLocalBucket: false });
});
afterAll(async () => {
  await mode.close();
  await rm(home, { recursive: true, force: true });
});

/**
 * A raw request, so Host and Origin can be set to anything (fetch would refuse). A POST carries
 * this server's Origin, as a browser's does, unless `origin` is given ('' sends none).
 */
function send(
  path: string,
  headers: Record<string, string> = {},
  method = 'GET',
  body?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: mode.port, path, method, headers: withOrigin(method, { host: `127.0.0.1:${mode.port}`, ...headers }) },
      (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function withOrigin(method: string, headers: Record<string, string>): Record<string, string> {
  const all: Record<string, string> = method === 'POST' ? { origin: `http://127.0.0.1:${mode.port}`, ...headers } : { ...headers };
  if (all.origin === '') delete all.origin;
  return all;
}

const cookie = () => `pail_token_${mode.port}=${mode.token}`;

describe('browser mode', () => {
  it('prints a loopback link with a token', () => {
    expect(mode.url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${mode.port}/\\?token=[A-Za-z0-9_-]{32}$`));
  });

  it('refuses requests without the token', async () => {
    expect((await send('/')).status).toBe(401);
    expect((await send('/api/call/getAppInfo', { 'content-type': 'application/json' }, 'POST', '{"args":[]}')).status).toBe(401);
    expect((await send('/api/events')).status).toBe(401);
    expect((await send('/?token=wrong')).status).toBe(401);
    expect((await send('/api/call/getAppInfo', { cookie: `pail_token_${mode.port}=wrong` }, 'POST', '{}')).status).toBe(401);
  });

  it('trades the token in the link for a cookie and drops it from the address', async () => {
    const res = await send(`/?token=${mode.token}`);
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/');
    expect(String(res.headers['set-cookie'])).toContain(`pail_token_${mode.port}=${mode.token}; HttpOnly; SameSite=Strict`);
    const page = await send('/', { cookie: cookie() });
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
  });

  it('keeps the redirect after the token exchange on this server', async () => {
    for (const path of ['/.//evil.example/', '//evil.example/', '/%2F%2Fevil.example/', '/\\evil.example/']) {
      const res = await send(`${path}?token=${mode.token}`);
      expect(res.status, path).toBe(303);
      const location = String(res.headers.location);
      expect(location, path).toMatch(/^\/(?![/\\])/);
      expect(new URL(location, `http://127.0.0.1:${mode.port}/`).host, path).toBe(`127.0.0.1:${mode.port}`);
    }
  });

  it('refuses a state-changing call that carries no Origin, even with the token', async () => {
    const res = await send('/api/call/stopLocalBucket', { cookie: cookie(), origin: '' }, 'POST', '{"args":[]}');
    expect(res.status).toBe(403);
    expect(res.body).toContain('Origin');
    const header = await send('/api/call/getSettings', { 'x-pail-token': mode.token, origin: '' }, 'POST', '{"args":[]}');
    expect(header.status).toBe(403);
  });

  it('answers calls with the token, as ApiResult JSON', async () => {
    const res = await send('/api/call/getAppInfo', { cookie: cookie(), 'content-type': 'application/json' }, 'POST', '{"args":[]}');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ ok: true, value: { transport: 'browser' } });
    const header = await send('/api/call/getSettings', { 'x-pail-token': mode.token }, 'POST', '{"args":[]}');
    expect(JSON.parse(header.body)).toEqual({
      ok: true,
      value: { theme: 'system', linkExpirySeconds: 3600, transferFilesAtOnce: 4, transferPartsPerFile: 4 },
    });
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin even with the token', async () => {
    expect((await send('/', { cookie: cookie(), host: `evil.example:${mode.port}` })).status).toBe(421);
    expect((await send('/', { cookie: cookie(), host: 'localhost:1' })).status).toBe(421);
    const cross = await send('/api/call/getAppInfo', { cookie: cookie(), origin: 'http://evil.example' }, 'POST', '{"args":[]}');
    expect(cross.status).toBe(403);
    const same = await send('/api/call/getAppInfo', { cookie: cookie(), origin: `http://127.0.0.1:${mode.port}` }, 'POST', '{"args":[]}');
    expect(same.status).toBe(200);
  });

  it('refuses path traversal out of the renderer folder', async () => {
    for (const path of ['/../outside.txt', '/%2e%2e/outside.txt', '/..%2foutside.txt', '/%2e%2e%5coutside.txt']) {
      const res = await send(path, { cookie: cookie() });
      expect(res.status, path).toBe(404);
      expect(res.body).not.toContain('secret file');
    }
  });

  it('answers bad calls with errors, not crashes', async () => {
    expect(JSON.parse((await send('/api/call/noSuchMethod', { cookie: cookie() }, 'POST', '{}')).body)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect((await send('/api/call/getAppInfo', { cookie: cookie() }, 'POST', '{not json')).status).toBe(400);
    expect(JSON.parse((await send('/api/call/listBuckets', { cookie: cookie() }, 'POST', '{"args":[{"x":1}]}')).body)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
    expect((await send('/api/call/getAppInfo', { cookie: cookie() }, 'GET')).status).toBe(405);
  });

  it('streams events over SSE', async () => {
    const received = new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: mode.port, path: '/api/events', headers: { host: `127.0.0.1:${mode.port}`, cookie: cookie() } },
        (res) => {
          expect(res.headers['content-type']).toContain('text/event-stream');
          let text = '';
          res.on('data', (chunk) => {
            text += chunk;
            if (text.includes('event: didChangeLocalBucket')) {
              req.destroy();
              resolve(text);
            } else if (text.includes(': connected')) {
              // The stream is open: make something happen.
              void send('/api/call/stopLocalBucket', { cookie: cookie() }, 'POST', '{"args":[]}');
            }
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
    const text = await received;
    expect(text).toMatch(/event: didChangeLocalBucket\ndata: \{.*"state":"stopped"/);
  });
});
