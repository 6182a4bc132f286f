import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiResult } from '../../preload/contract/errors.js';
import { ObjectStreams } from '../../main/services/transfers/index.js';
import { parseDownloadStreamPath } from '../../preload/contract/transfers.js';
import { startBrowserMode, type BrowserMode } from '../../main/web/browser-mode.js';
import { md5, MiB } from '../support/transfers.js';

// A <video> asks for a new byte range on every seek: a preview ticket must answer them all.
let home: string;
let mode: BrowserMode;
let s3: S3Client;
const BUCKET = 'media';
const video = randomBytes(3 * MiB + 11);

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'pail-serve-'));
  await mkdir(join(home, 'renderer'));
  await writeFile(join(home, 'renderer', 'index.html'), '<!doctype html><title>Pail</title>');
  mode = await startBrowserMode({ pailHome: join(home, 'home'), rendererDir: join(home, 'renderer') });
  const status = unwrap(await mode.core.handlers.getLocalBucketStatus([]));
  s3 = new S3Client({
    endpoint: status.endpoint!,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: unwrap(await mode.core.handlers.revealLocalBucketSecret([])),
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'clip.mp4', Body: video, ContentType: 'video/mp4' }));
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

function get(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: mode.port, path, headers: { host: `127.0.0.1:${mode.port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const cookie = () => ({ cookie: `pail_token_${mode.port}=${mode.token}` });
const preview = async () => unwrap(await mode.core.handlers.createObjectStream(['local', BUCKET, 'clip.mp4', 'inline']));

describe('preview tickets and Range requests (browser mode)', () => {
  it('answers the first request whole, then every seek with its range (206), many times', async () => {
    const ticket = await preview();
    expect(ticket.preview).toBe('video');
    const whole = await get(ticket.path, cookie());
    expect(whole.status).toBe(200);
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(md5(whole.body)).toBe(md5(video));

    for (const [range, start, end] of [
      ['bytes=0-', 0, video.length - 1],
      ['bytes=1000-1999', 1000, 1999],
      ['bytes=2000000-', 2_000_000, video.length - 1],
      ['bytes=-500', video.length - 500, video.length - 1],
      ['bytes=3145000-99999999', 3_145_000, video.length - 1],
    ] as const) {
      const res = await get(ticket.path, { ...cookie(), range });
      expect(res.status, range).toBe(206);
      expect(res.headers['content-range'], range).toBe(`bytes ${start}-${end}/${video.length}`);
      expect(Number(res.headers['content-length']), range).toBe(end - start + 1);
      expect(res.body.equals(video.subarray(start, end + 1)), range).toBe(true);
    }
  });

  it('refuses a range past the end with 416, and ignores ranges it does not serve (several, malformed)', async () => {
    const ticket = await preview();
    const past = await get(ticket.path, { ...cookie(), range: `bytes=${video.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers['content-range']).toBe(`bytes */${video.length}`);
    for (const range of ['bytes=0-1,5-9', 'bytes=9-1', 'items=0-1']) {
      const res = await get(ticket.path, { ...cookie(), range });
      expect(res.status, range).toBe(200);
      expect(res.body.length, range).toBe(video.length);
    }
  });

  it('keeps the guards: no token is refused on every request, the ticket included', async () => {
    const ticket = await preview();
    expect((await get(ticket.path, { range: 'bytes=0-99' })).status).toBe(401);
    expect((await get(ticket.path, { ...cookie(), range: 'bytes=0-99' })).status).toBe(206);
  });

  it('lives while used: renewed by each request, gone after 5 idle minutes and 4 hours after it was made', async () => {
    // The same service browser mode uses, on a clock the test moves (the servers keep real time).
    let now = Date.now();
    const streams = new ObjectStreams({ client: async () => s3 }, () => now);
    const use = async (path: string) => {
      const opened = await streams.open(parseDownloadStreamPath(path)!, 'bytes=0-9');
      if (opened && 'body' in opened) opened.body.destroy();
      return opened !== undefined;
    };
    const idle = await streams.create('local', BUCKET, 'clip.mp4', 'inline');
    now += 4 * 60_000;
    expect(await use(idle.path)).toBe(true);
    // 8 minutes after it was made, but 4 after its last use: still good.
    now += 4 * 60_000;
    expect(await use(idle.path)).toBe(true);
    now += 5 * 60_000 + 1000;
    expect(await use(idle.path)).toBe(false);

    const used = await streams.create('local', BUCKET, 'clip.mp4', 'inline');
    for (let minutes = 4; minutes <= 4 * 60; minutes += 4) {
      now += 4 * 60_000;
      if (!(await use(used.path))) throw new Error(`refused after ${minutes} minutes`);
    }
    now += 4 * 60_000;
    expect(await use(used.path)).toBe(false);

    // A download ticket works once, within a minute.
    const once = await streams.create('local', BUCKET, 'clip.mp4', 'attachment');
    expect(await use(once.path)).toBe(true);
    expect(await use(once.path)).toBe(false);
    const late = await streams.create('local', BUCKET, 'clip.mp4', 'attachment');
    now += 61_000;
    expect(await use(late.path)).toBe(false);
  });

  it('refuses ranges of an object that changed since the preview opened (no mixed bytes)', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'changing.mp4', Body: video, ContentType: 'video/mp4' }));
    const ticket = unwrap(await mode.core.handlers.createObjectStream(['local', BUCKET, 'changing.mp4', 'inline']));
    expect((await get(ticket.path, { ...cookie(), range: 'bytes=0-9' })).status).toBe(206);
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'changing.mp4', Body: randomBytes(1000), ContentType: 'video/mp4' }));
    const res = await get(ticket.path, { ...cookie(), range: 'bytes=10-19' });
    expect(res.status).toBe(412);
    expect(res.body.toString()).toMatch(/changed since it was opened/);
  });
});
