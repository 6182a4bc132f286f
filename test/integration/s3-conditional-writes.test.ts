import { request } from 'node:http';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-s3.js';
import { errorCode, signRequest } from '../support/raw-request.js';

/**
 * Conditional writes (S3 user guide, "Preventing object overwrites with conditional writes"):
 * If-None-Match: * writes only a new key, If-Match: <etag> replaces only that version; 412
 * PreconditionFailed when the condition does not hold, 409 ConditionalRequestConflict when a
 * conflicting write lands while the request is in progress.
 */
let t: TestServer;
const BUCKET = 'conditional';

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  await t.stop();
});

async function text(key: string): Promise<string> {
  const got = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return got.Body!.transformToString();
}

async function rejection(promise: Promise<unknown>): Promise<{ name?: string; status?: number }> {
  const err = await promise.then(
    () => undefined,
    (e: { name?: string; $metadata?: { httpStatusCode?: number } }) => e,
  );
  expect(err, 'expected the request to fail').toBeDefined();
  return { name: err!.name, status: err!.$metadata?.httpStatusCode };
}

/**
 * Starts a signed request with `Expect: 100-continue`, waits for the server's 100 (sent once the
 * request passed its checks), runs `meanwhile`, then sends the body.
 */
async function withPause(method: string, target: string, headers: Record<string, string>, body: string, meanwhile: () => Promise<void>) {
  const url = new URL(t.server.endpoint);
  const [path, search = ''] = target.split('?');
  const query = Object.fromEntries(new URLSearchParams(search));
  const signed = await signRequest(t.server.endpoint, { method, path: path!, query, headers, body, payloadHash: 'UNSIGNED-PAYLOAD' });
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, method, path: target, headers: { ...signed, expect: '100-continue' } },
      (res) => {
        let data = '';
        res.on('data', (c) => (data += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on('error', reject);
    req.on('continue', () => {
      meanwhile().then(() => req.end(body), reject);
    });
    req.flushHeaders();
  });
}

describe('PutObject', () => {
  it('If-None-Match: * creates a key once, then 412 PreconditionFailed leaves it untouched', async () => {
    const first = await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'once.txt', Body: 'first', IfNoneMatch: '*' }));
    expect(first.ETag).toBeTruthy();
    expect(
      await rejection(t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'once.txt', Body: 'second', IfNoneMatch: '*' }))),
    ).toEqual({
      name: 'PreconditionFailed',
      status: 412,
    });
    expect(await text('once.txt')).toBe('first');
  });

  it('If-Match replaces only the version it names; 404 NoSuchKey for a missing key', async () => {
    const v1 = await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'match.txt', Body: 'v1' }));
    const v2 = await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'match.txt', Body: 'v2', IfMatch: v1.ETag }));
    expect(await text('match.txt')).toBe('v2');
    expect(
      await rejection(t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'match.txt', Body: 'v3', IfMatch: v1.ETag }))),
    ).toEqual({
      name: 'PreconditionFailed',
      status: 412,
    });
    expect(await text('match.txt')).toBe('v2');
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'match.txt', Body: 'v3', IfMatch: v2.ETag }));
    expect(await text('match.txt')).toBe('v3');
    expect(
      await rejection(t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'nothing.txt', Body: 'x', IfMatch: v1.ETag }))),
    ).toEqual({
      name: 'NoSuchKey',
      status: 404,
    });
  });

  it('409 ConditionalRequestConflict when another write lands during the upload', async () => {
    const res = await withPause('PUT', `/${BUCKET}/race.txt`, { 'if-none-match': '*' }, 'slow writer', async () => {
      await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'race.txt', Body: 'fast writer' }));
    });
    expect(res.status).toBe(409);
    expect(errorCode(res.body)).toBe('ConditionalRequestConflict');
    expect(await text('race.txt')).toBe('fast writer');
  });
});

describe('CompleteMultipartUpload', () => {
  async function upload(key: string, body: string): Promise<{ uploadId: string; parts: { PartNumber: number; ETag: string }[] }> {
    const { UploadId } = await t.client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
    const part = await t.client.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: 1, Body: body }));
    return { uploadId: UploadId!, parts: [{ PartNumber: 1, ETag: part.ETag! }] };
  }
  const complete = (key: string, u: { uploadId: string; parts: { PartNumber: number; ETag: string }[] }, extra: object = {}) =>
    t.client.send(
      new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: u.uploadId, MultipartUpload: { Parts: u.parts }, ...extra }),
    );

  it('If-None-Match: * refuses an existing key with 412, and the upload can still be completed', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'mp.txt', Body: 'existing' }));
    const u = await upload('mp.txt', 'multipart');
    expect(await rejection(complete('mp.txt', u, { IfNoneMatch: '*' }))).toEqual({ name: 'PreconditionFailed', status: 412 });
    expect(await text('mp.txt')).toBe('existing');
    await complete('mp.txt', u);
    expect(await text('mp.txt')).toBe('multipart');
  });

  it('If-Match completes only over the named version', async () => {
    const current = await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'mp-match.txt', Body: 'current' }));
    const u = await upload('mp-match.txt', 'replacement');
    expect(await rejection(complete('mp-match.txt', u, { IfMatch: '"0123456789abcdef0123456789abcdef"' }))).toEqual({
      name: 'PreconditionFailed',
      status: 412,
    });
    await complete('mp-match.txt', u, { IfMatch: current.ETag });
    expect(await text('mp-match.txt')).toBe('replacement');
    const fresh = await upload('mp-new.txt', 'new');
    await complete('mp-new.txt', fresh, { IfNoneMatch: '*' });
    expect(await text('mp-new.txt')).toBe('new');
  });

  it('409 ConditionalRequestConflict when another write lands while it completes', async () => {
    const u = await upload('mp-race.txt', 'multipart');
    const xml = `<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>${u.parts[0]!.ETag}</ETag></Part></CompleteMultipartUpload>`;
    const res = await withPause('POST', `/${BUCKET}/mp-race.txt?uploadId=${u.uploadId}`, { 'if-none-match': '*' }, xml, async () => {
      await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'mp-race.txt', Body: 'fast writer' }));
    });
    expect(res.status).toBe(409);
    expect(errorCode(res.body)).toBe('ConditionalRequestConflict');
    expect(await text('mp-race.txt')).toBe('fast writer');
  });
});

describe('CopyObject', () => {
  it('If-None-Match: * refuses to overwrite the destination', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'copy-src.txt', Body: 'source' }));
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'copy-dst.txt', Body: 'destination' }));
    expect(
      await rejection(
        t.client.send(
          new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy-dst.txt', CopySource: `${BUCKET}/copy-src.txt`, IfNoneMatch: '*' }),
        ),
      ),
    ).toEqual({ name: 'PreconditionFailed', status: 412 });
    expect(await text('copy-dst.txt')).toBe('destination');
    await t.client.send(
      new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy-new.txt', CopySource: `${BUCKET}/copy-src.txt`, IfNoneMatch: '*' }),
    );
    expect(await text('copy-new.txt')).toBe('source');
  });
});
