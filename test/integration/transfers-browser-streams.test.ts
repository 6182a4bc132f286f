import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListMultipartUploadsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../preload/contract/errors.js';
import { UPLOAD_OFFSET_HEADER, type TransferSummary } from '../../preload/contract/transfers.js';
import { startBrowserMode, type BrowserMode } from '../../main/web/browser-mode.js';
import { md5, MiB } from '../support/transfers.js';

let home: string;
let mode: BrowserMode;
let s3: S3Client;
const BUCKET = 'drops';

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'pail-serve-'));
  await mkdir(join(home, 'renderer'));
  await writeFile(join(home, 'renderer', 'index.html'), '<!doctype html><title>Pail</title>');
  mode = await startBrowserMode({ pailHome: join(home, 'home'), rendererDir: join(home, 'renderer'), transfers: { partSize: 5 * MiB } });
  const status = unwrap(await mode.core.handlers.getLocalBucketStatus([]));
  s3 = new S3Client({
    endpoint: status.endpoint!,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: unwrap(await mode.core.handlers.revealLocalBucketSecret([])),
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  s3?.destroy();
  await mode?.close();
  await rm(home, { recursive: true, force: true });
});

function unwrap<T>(result: ApiResult<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw request; `cutAfter` ends the connection after that many body bytes (a page closed mid-upload). */
function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer; cutAfter?: number } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: mode.port,
        path,
        method: options.method ?? 'GET',
        headers: { host: `127.0.0.1:${mode.port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', (err) =>
      options.cutAfter !== undefined ? resolve({ status: 0, headers: {}, body: Buffer.from(String(err)) }) : reject(err),
    );
    if (options.cutAfter !== undefined && options.body) {
      req.write(options.body.subarray(0, options.cutAfter), () => setImmediate(() => req.destroy()));
    } else req.end(options.body);
  });
}

// Browsers always name the Origin of a PUT; the server refuses state-changing requests without one.
const auth = () => ({ cookie: `pail_token_${mode.port}=${mode.token}`, origin: `http://127.0.0.1:${mode.port}` });

async function enqueue(relativePath: string, data: Buffer, lastModified = 1_700_000_000_000): Promise<TransferSummary> {
  const answer = unwrap(
    await mode.core.handlers.enqueueUploads([
      {
        connectionId: 'local',
        bucket: BUCKET,
        prefix: 'in/',
        files: [{ relativePath, size: data.length, lastModified }],
        conflict: 'overwrite',
      },
    ]),
  );
  return answer.transfers[0]!;
}

function put(
  row: TransferSummary,
  data: Buffer,
  offset: number,
  extra: { headers?: Record<string, string>; cutAfter?: number } = {},
): Promise<Answer> {
  return send(row.streamPath!, {
    method: 'PUT',
    headers: {
      ...auth(),
      [UPLOAD_OFFSET_HEADER]: String(offset),
      'content-type': 'application/octet-stream',
      'content-length': String(data.length - offset),
      ...extra.headers,
    },
    body: data.subarray(offset),
    ...(extra.cutAfter !== undefined ? { cutAfter: extra.cutAfter } : {}),
  });
}

async function objectBytes(key: string): Promise<Buffer> {
  const res = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await res.Body!.transformToByteArray());
}

describe('browser mode upload stream', () => {
  it('is guarded like calls: no token, or a foreign Origin, is refused', async () => {
    const data = Buffer.from('guarded');
    const row = await enqueue('guard.txt', data);
    expect(row).toMatchObject({ state: 'waiting-for-data', transferred: 0, streamPath: `/api/stream/upload/${row.id}` });
    expect((await put(row, data, 0, { headers: { cookie: '' } })).status).toBe(401);
    expect((await put(row, data, 0, { headers: { origin: 'http://evil.example' } })).status).toBe(403);
    expect((await send(row.streamPath!, { method: 'POST', headers: auth() })).status).toBe(405);
  });

  it('refuses a wrong offset (409) and a body other than the rest of the file (400)', async () => {
    const data = randomBytes(1000);
    const row = await enqueue('bounded.bin', data);
    const wrongOffset = await put(row, data, 10);
    expect(wrongOffset.status).toBe(409);
    const tooShort = await send(row.streamPath!, {
      method: 'PUT',
      headers: { ...auth(), [UPLOAD_OFFSET_HEADER]: '0', 'content-length': '999' },
      body: data.subarray(0, 999),
    });
    expect(tooShort.status).toBe(400);
    const ok = await put(row, data, 0);
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body.toString())).toMatchObject({ ok: true, value: { id: row.id, state: 'done', transferred: 1000 } });
    expect(md5(await objectBytes('in/bounded.bin'))).toBe(md5(data));
  });

  it('streams a multipart upload; after the page breaks off, the same file resumes from the stored parts', async () => {
    const data = randomBytes(12 * MiB + 77);
    const row = await enqueue('big.bin', data);
    // The page goes away after 7 MiB: part 1 (5 MiB) is stored, the rest is lost.
    await put(row, data, 0, { cutAfter: 7 * MiB });
    let after = row;
    while (after.state !== 'waiting-for-data' || after.transferred === 0) {
      await new Promise((r) => setTimeout(r, 20));
      after = unwrap(await mode.core.handlers.listTransfers([])).transfers.find((t) => t.id === row.id)!;
    }
    expect(after.transferred).toBe(5 * MiB);
    // Dropping the same file again (name, size, lastModified) resumes it at the part-aligned offset.
    const again = await enqueue('big.bin', data);
    expect(again).toMatchObject({ id: row.id, transferred: 5 * MiB });
    const done = await put(again, data, 5 * MiB);
    expect(done.status).toBe(200);
    expect(md5(await objectBytes('in/big.bin'))).toBe(md5(data));
    const uploads = await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
    expect(uploads.Uploads ?? []).toEqual([]);
  });
});

describe('browser mode download stream', () => {
  it('streams an object for a ticket, with its disposition; a download ticket is refused the second time', async () => {
    const data = randomBytes(3 * MiB);
    const row = await enqueue('photo.png', data);
    expect((await put(row, data, 0)).status).toBe(200);
    const ticket = unwrap(await mode.core.handlers.createObjectStream(['local', BUCKET, 'in/photo.png', 'inline']));
    expect(ticket).toMatchObject({ size: data.length, preview: 'image' });
    expect((await send(ticket.path)).status).toBe(401);
    const res = await send(ticket.path, { headers: auth() });
    expect(res.status).toBe(200);
    expect(md5(res.body)).toBe(md5(data));
    expect(res.headers['content-disposition']).toMatch(/^inline; filename="photo.png"/);
    const attachment = unwrap(await mode.core.handlers.createObjectStream(['local', BUCKET, 'in/photo.png', 'attachment']));
    expect(attachment.preview).toBeNull();
    const once = await send(attachment.path, { headers: auth() });
    expect(once.headers['content-disposition']).toMatch(/^attachment;/);
    expect(md5(once.body)).toBe(md5(data));
    expect((await send(attachment.path, { headers: auth() })).status).toBe(404);
  });

  it('serves HTML objects as text, never as a page on Pail’s origin', async () => {
    const data = Buffer.from('<script>alert(1)</script>');
    const row = await enqueue('page.html', data);
    expect((await put(row, data, 0)).status).toBe(200);
    const ticket = unwrap(await mode.core.handlers.createObjectStream(['local', BUCKET, 'in/page.html', 'inline']));
    const res = await send(ticket.path, { headers: auth() });
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain('sandbox');
  });
});
