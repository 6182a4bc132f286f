import { createHash } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type ChecksumAlgorithm,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-s3.js';
import { errorCode, rawRequest } from '../support/raw-request.js';

let t: TestServer;
const BUCKET = 'objects';
const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('hex');

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  await t.stop();
});

async function getText(key: string, extra: Partial<ConstructorParameters<typeof GetObjectCommand>[0]> = {}) {
  const res = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key, ...extra }));
  return { res, text: await res.Body!.transformToString() };
}

describe('PutObject and GetObject', () => {
  it('keeps the standard headers and user metadata', async () => {
    const expires = new Date('2030-01-02T03:04:05Z');
    const put = await t.client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'doc.txt',
        Body: 'hello world',
        ContentType: 'text/plain; charset=utf-8',
        ContentDisposition: 'attachment; filename="d.txt"',
        ContentEncoding: 'identity',
        CacheControl: 'max-age=60',
        Expires: expires,
        ContentLanguage: 'en',
        Metadata: { project: 'pail', 'Mixed-Case': 'Value' },
      }),
    );
    expect(put.ETag).toBe(`"${md5('hello world')}"`);
    const { res, text } = await getText('doc.txt');
    expect(text).toBe('hello world');
    expect(res.ContentType).toBe('text/plain; charset=utf-8');
    expect(res.ContentDisposition).toBe('attachment; filename="d.txt"');
    expect(res.ContentEncoding).toBe('identity');
    expect(res.CacheControl).toBe('max-age=60');
    expect(res.ExpiresString ?? res.Expires?.toUTCString()).toBe(expires.toUTCString());
    expect(res.ContentLanguage).toBe('en');
    expect(res.Metadata).toEqual({ project: 'pail', 'mixed-case': 'Value' });
    expect(res.ETag).toBe(`"${md5('hello world')}"`);
    expect(res.ContentLength).toBe(11);
  });

  it('stores an empty object', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'empty', Body: '' }));
    const { res, text } = await getText('empty');
    expect(text).toBe('');
    expect(res.ETag).toBe(`"${md5('')}"`);
    expect(res.ContentType).toBeDefined();
  });

  it('replaces an object: the last complete write wins', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'replace', Body: 'one' }));
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'replace', Body: 'two' }));
    expect((await getText('replace')).text).toBe('two');
  });

  it.each(['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'CRC64NVME'] as ChecksumAlgorithm[])(
    'verifies and returns a %s checksum',
    async (algorithm) => {
      const body = Buffer.from(`checksummed with ${algorithm}`);
      const put = await t.client.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: `sum-${algorithm}`, Body: body, ChecksumAlgorithm: algorithm }),
      );
      const field = `Checksum${algorithm}` as 'ChecksumCRC32';
      expect(put[field]).toBeTruthy();
      const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `sum-${algorithm}`, ChecksumMode: 'ENABLED' }));
      expect(head[field]).toBe(put[field]);
      const got = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: `sum-${algorithm}`, ChecksumMode: 'ENABLED' }));
      expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(body);
    },
  );

  it('rejects a body whose checksum header does not match (BadDigest) and keeps the old object', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'guarded', Body: 'original' }));
    const res = await rawRequest(t.server.endpoint, {
      method: 'PUT',
      path: `/${BUCKET}/guarded`,
      body: 'tampered',
      headers: { 'x-amz-checksum-crc32': 'AAAAAA==' },
    });
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe('BadDigest');
    expect((await getText('guarded')).text).toBe('original');
  });

  it('verifies Content-MD5', async () => {
    const good = Buffer.from(createHash('md5').update('md5 body').digest()).toString('base64');
    const ok = await rawRequest(t.server.endpoint, {
      method: 'PUT',
      path: `/${BUCKET}/md5`,
      body: 'md5 body',
      headers: { 'content-md5': good },
    });
    expect(ok.status).toBe(200);
    const bad = await rawRequest(t.server.endpoint, {
      method: 'PUT',
      path: `/${BUCKET}/md5`,
      body: 'other body',
      headers: { 'content-md5': good },
    });
    expect(errorCode(bad.body)).toBe('BadDigest');
    const invalid = await rawRequest(t.server.endpoint, {
      method: 'PUT',
      path: `/${BUCKET}/md5`,
      body: 'x',
      headers: { 'content-md5': 'not-md5' },
    });
    expect(errorCode(invalid.body)).toBe('InvalidDigest');
    expect((await getText('md5')).text).toBe('md5 body');
  });

  it('refuses more than 2 KB of user metadata', async () => {
    await expect(
      t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'meta', Body: 'x', Metadata: { big: 'v'.repeat(2100) } })),
    ).rejects.toMatchObject({ name: 'MetadataTooLarge' });
  });

  it('supports conditional writes with If-None-Match: *', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'once', Body: 'first', IfNoneMatch: '*' }));
    await expect(
      t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'once', Body: 'second', IfNoneMatch: '*' })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 412 } });
    expect((await getText('once')).text).toBe('first');
  });

  it('reports NoSuchKey for a missing key', async () => {
    await expect(t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'nope' }))).rejects.toMatchObject({
      name: 'NoSuchKey',
      $metadata: { httpStatusCode: 404 },
    });
    await expect(t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'nope' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });
});

describe('ranges', () => {
  const body = '0123456789abcdefghij';
  beforeAll(async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'ranged', Body: body }));
  });

  it.each([
    ['bytes=0-4', '01234', 'bytes 0-4/20'],
    ['bytes=15-', 'fghij', 'bytes 15-19/20'],
    ['bytes=-3', 'hij', 'bytes 17-19/20'],
    ['bytes=18-100', 'ij', 'bytes 18-19/20'],
    ['bytes=-100', body, 'bytes 0-19/20'],
  ])('%s → 206', async (range, expected, contentRange) => {
    const { res, text } = await getText('ranged', { Range: range });
    expect(res.$metadata.httpStatusCode).toBe(206);
    expect(text).toBe(expected);
    expect(res.ContentRange).toBe(contentRange);
    expect(res.ContentLength).toBe(expected.length);
  });

  it('answers 416 InvalidRange for a range past the end', async () => {
    await expect(getText('ranged', { Range: 'bytes=20-30' })).rejects.toMatchObject({
      name: 'InvalidRange',
      $metadata: { httpStatusCode: 416 },
    });
    const raw = await rawRequest(t.server.endpoint, { method: 'GET', path: `/${BUCKET}/ranged`, headers: { range: 'bytes=50-' } });
    expect(raw.status).toBe(416);
    expect(raw.headers['content-range']).toBe('bytes */20');
  });

  it('ignores a range it cannot parse and serves the whole object', async () => {
    const raw = await rawRequest(t.server.endpoint, { method: 'GET', path: `/${BUCKET}/ranged`, headers: { range: 'bytes=5-2' } });
    expect(raw.status).toBe(200);
    expect(raw.body).toBe(body);
    const multi = await rawRequest(t.server.endpoint, { method: 'GET', path: `/${BUCKET}/ranged`, headers: { range: 'bytes=0-1,3-4' } });
    expect(multi.status).toBe(200);
  });
});

describe('conditional requests', () => {
  let etag: string;
  let lastModified: Date;
  beforeAll(async () => {
    const put = await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cond', Body: 'conditional' }));
    etag = put.ETag!;
    lastModified = (await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'cond' }))).LastModified!;
  });
  const later = () => new Date(lastModified.getTime() + 60_000);
  const earlier = () => new Date(lastModified.getTime() - 60_000);

  it('If-Match', async () => {
    expect((await getText('cond', { IfMatch: etag })).text).toBe('conditional');
    await expect(getText('cond', { IfMatch: '"0000"' })).rejects.toMatchObject({ $metadata: { httpStatusCode: 412 } });
  });

  it('If-None-Match', async () => {
    await expect(getText('cond', { IfNoneMatch: etag })).rejects.toMatchObject({ $metadata: { httpStatusCode: 304 } });
    expect((await getText('cond', { IfNoneMatch: '"0000"' })).text).toBe('conditional');
  });

  it('If-Modified-Since', async () => {
    // Not modified since now (a date later than the server's clock would be ignored: RFC 2616 §14.25).
    await expect(getText('cond', { IfModifiedSince: new Date() })).rejects.toMatchObject({ $metadata: { httpStatusCode: 304 } });
    expect((await getText('cond', { IfModifiedSince: earlier() })).text).toBe('conditional');
  });

  it('If-Unmodified-Since', async () => {
    await expect(getText('cond', { IfUnmodifiedSince: earlier() })).rejects.toMatchObject({ $metadata: { httpStatusCode: 412 } });
    expect((await getText('cond', { IfUnmodifiedSince: later() })).text).toBe('conditional');
  });

  it('If-Match wins over a failing If-Unmodified-Since, as S3 documents', async () => {
    expect((await getText('cond', { IfMatch: etag, IfUnmodifiedSince: earlier() })).text).toBe('conditional');
  });

  it('HEAD answers 304 and 412 without a body', async () => {
    const raw = await rawRequest(t.server.endpoint, { method: 'HEAD', path: `/${BUCKET}/cond`, headers: { 'if-none-match': etag } });
    expect(raw.status).toBe(304);
    expect(raw.body).toBe('');
  });
});

describe('response header overrides', () => {
  it('applies response-content-* to a signed GET and a presigned URL', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'override', Body: 'x', ContentType: 'text/plain' }));
    const { res } = await getText('override', {
      ResponseContentType: 'application/json',
      ResponseContentDisposition: 'attachment; filename="x.json"',
      ResponseCacheControl: 'no-cache',
    });
    expect(res.ContentType).toBe('application/json');
    expect(res.ContentDisposition).toBe('attachment; filename="x.json"');
    expect(res.CacheControl).toBe('no-cache');
    const url = await getSignedUrl(
      t.client,
      new GetObjectCommand({ Bucket: BUCKET, Key: 'override', ResponseContentDisposition: 'attachment; filename="y.txt"' }),
      { expiresIn: 60 },
    );
    const fetched = await fetch(url);
    expect(fetched.headers.get('content-disposition')).toBe('attachment; filename="y.txt"');
  });
});

describe('keys', () => {
  const keys = [
    'a',
    'a/b',
    'a/b/',
    'folder/',
    '../x',
    'x/../../y',
    'with space',
    'per%cent',
    'plus+sign',
    'semi;colon',
    'quote\'"',
    'hash#tag',
    'question?mark',
    'amp&ersand',
    'equals=sign',
    'unicode/日本語/ファイル.txt',
    'emoji/😀.png',
    'ümlaut',
    '\u00e9 vs e\u0301',
    'tab\tkey',
    'back\\slash',
    '//double//slash',
    '~tilde',
    'star*',
    '(paren)',
    '[bracket]',
    '{brace}',
    '<angle>',
    'control\u0001char',
    'k'.repeat(1024),
  ];

  it('round-trip byte-exactly, including keys that are prefixes of each other', async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: 'keys' }));
    for (const key of keys) {
      const body = `body of ${key}`;
      await t.client.send(new PutObjectCommand({ Bucket: 'keys', Key: key, Body: body }));
      const got = await t.client.send(new GetObjectCommand({ Bucket: 'keys', Key: key }));
      expect(await got.Body!.transformToString(), key).toBe(body);
    }
    const listed = await t.client.send(new ListObjectsV2Command({ Bucket: 'keys' }));
    const expected = [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(expected);
  });

  it('refuses keys over 1024 bytes', async () => {
    await expect(t.client.send(new PutObjectCommand({ Bucket: 'keys', Key: 'é'.repeat(513), Body: 'x' }))).rejects.toMatchObject({
      name: 'KeyTooLongError',
    });
  });
});

describe('DeleteObject and DeleteObjects', () => {
  it('deletes one object, and answers 204 for a key that does not exist', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'doomed', Body: 'x' }));
    const res = await t.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'doomed' }));
    expect(res.$metadata.httpStatusCode).toBe(204);
    await expect(t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'doomed' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    const again = await t.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'doomed' }));
    expect(again.$metadata.httpStatusCode).toBe(204);
  });

  it('deletes up to 1000 keys at once, verbose and quiet', async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: 'bulk' }));
    const keys = Array.from({ length: 1000 }, (_, i) => `bulk/${String(i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i += 50) {
      await Promise.all(keys.slice(i, i + 50).map((Key) => t.client.send(new PutObjectCommand({ Bucket: 'bulk', Key, Body: Key }))));
    }
    const verbose = await t.client.send(
      new DeleteObjectsCommand({ Bucket: 'bulk', Delete: { Objects: keys.slice(0, 10).map((Key) => ({ Key })) } }),
    );
    expect(verbose.Deleted?.map((d) => d.Key)).toEqual(keys.slice(0, 10));
    const quiet = await t.client.send(
      new DeleteObjectsCommand({ Bucket: 'bulk', Delete: { Quiet: true, Objects: keys.slice(10).map((Key) => ({ Key })) } }),
    );
    expect(quiet.Deleted ?? []).toEqual([]);
    expect(quiet.Errors ?? []).toEqual([]);
    const left = await t.client.send(new ListObjectsV2Command({ Bucket: 'bulk' }));
    expect(left.KeyCount).toBe(0);
  });

  it('refuses more than 1000 keys with MalformedXML', async () => {
    const objects = Array.from({ length: 1001 }, (_, i) => ({ Key: `k${i}` }));
    await expect(t.client.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: objects } }))).rejects.toMatchObject({
      name: 'MalformedXML',
    });
  });

  it('reports a per-key error for a version other than "null"', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'versioned-delete', Body: 'x' }));
    const res = await t.client.send(
      new DeleteObjectsCommand({
        Bucket: BUCKET,
        Delete: {
          Objects: [
            { Key: 'versioned-delete', VersionId: 'v1' },
            { Key: 'versioned-delete', VersionId: 'null' },
          ],
        },
      }),
    );
    expect(res.Errors?.map((e) => e.Code)).toEqual(['NoSuchVersion']);
    expect(res.Deleted?.map((d) => d.Key)).toEqual(['versioned-delete']);
  });
});
