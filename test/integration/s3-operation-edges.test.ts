import { createHash } from 'node:crypto';
import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, sdkFailure } from '../support/local-s3.js';
import { errorCode, rawRequest } from '../support/raw-request.js';

/** Edges of common operations, each as the S3 API reference documents it. */
let t: TestServer;
const BUCKET = 'operation-edges';

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  await t.stop();
});

describe('GetObject on "folder" keys', () => {
  // S3 has no folders: "docs/" is a key like any other, and exists only if it was written.
  beforeAll(async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'docs/readme.txt', Body: 'inside' }));
  });

  it('404 NoSuchKey for the prefix of existing keys, with or without its slash', async () => {
    expect(await sdkFailure(t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'docs/' })))).toBe('NoSuchKey 404');
    expect(await sdkFailure(t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'docs' })))).toBe('NoSuchKey 404');
    expect(await sdkFailure(t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'docs/' })))).toBe('NotFound 404');
  });

  it('a folder marker "docs/" is an empty object of its own, next to the keys under it', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'docs/', Body: '' }));
    const got = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'docs/' }));
    expect(got.ContentLength).toBe(0);
    expect(await got.Body!.transformToString()).toBe('');
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'docs', Body: 'a file named docs' }));
    const file = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'docs' }));
    expect(await file.Body!.transformToString()).toBe('a file named docs');
    const listed = await t.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'docs' }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['docs', 'docs/', 'docs/readme.txt']);
  });

  it('keys with dot segments and double slashes are plain keys', async () => {
    for (const key of ['a//b', 'dots/./here', 'dots/../up']) {
      await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
    }
    for (const key of ['a//b', 'dots/./here', 'dots/../up']) {
      const got = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(await got.Body!.transformToString(), key).toBe(key);
    }
    expect(await sdkFailure(t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'a/b' })))).toBe('NoSuchKey 404');
    const listed = await t.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'dots/' }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['dots/../up', 'dots/./here']);
  });
});

describe('Range edges', () => {
  beforeAll(async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'ten', Body: '0123456789' }));
  });

  it('bytes=-0 (an empty suffix) is 416 InvalidRange with the object size', async () => {
    const res = await rawRequest(t.server.endpoint, { method: 'GET', path: `/${BUCKET}/ten`, headers: { range: 'bytes=-0' } });
    expect(res.status).toBe(416);
    expect(errorCode(res.body)).toBe('InvalidRange');
    expect(res.headers['content-range']).toBe('bytes */10');
  });

  it('bytes=0- is the whole object as a 206; the last byte alone is bytes=9-9', async () => {
    const whole = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'ten', Range: 'bytes=0-' }));
    expect(whole.$metadata.httpStatusCode).toBe(206);
    expect(whole.ContentRange).toBe('bytes 0-9/10');
    expect(await whole.Body!.transformToString()).toBe('0123456789');
    const last = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'ten', Range: 'bytes=9-9' }));
    expect(await last.Body!.transformToString()).toBe('9');
  });

  it('any Range on an empty object is 416 InvalidRange (nothing to satisfy it)', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'empty', Body: '' }));
    for (const range of ['bytes=0-', 'bytes=0-0', 'bytes=-1']) {
      const res = await rawRequest(t.server.endpoint, { method: 'GET', path: `/${BUCKET}/empty`, headers: { range } });
      expect(res.status, range).toBe(416);
      expect(res.headers['content-range'], range).toBe('bytes */0');
    }
  });

  it('HEAD with a Range answers the range headers without a body', async () => {
    const res = await rawRequest(t.server.endpoint, { method: 'HEAD', path: `/${BUCKET}/ten`, headers: { range: 'bytes=2-4' } });
    expect(res.status).toBe(206);
    expect(res.headers['content-range']).toBe('bytes 2-4/10');
    expect(res.headers['content-length']).toBe('3');
    expect(res.body).toBe('');
  });
});

describe('DeleteObjects', () => {
  const xml = (keys: string[], quiet = false) =>
    `<Delete>${quiet ? '<Quiet>true</Quiet>' : ''}${keys.map((k) => `<Object><Key>${k}</Key></Object>`).join('')}</Delete>`;
  const md5 = (body: string) => createHash('md5').update(body).digest('base64');

  it('requires Content-MD5 or a checksum header, as S3 documents: 400 InvalidRequest otherwise', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'keep-me', Body: 'kept' }));
    const body = xml(['keep-me']);
    const res = await rawRequest(t.server.endpoint, { method: 'POST', path: `/${BUCKET}`, query: { delete: '' }, body });
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe('InvalidRequest');
    expect(await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'keep-me' }))).toBeTruthy();

    const withMd5 = await rawRequest(t.server.endpoint, {
      method: 'POST',
      path: `/${BUCKET}`,
      query: { delete: '' },
      body,
      headers: { 'content-md5': md5(body) },
    });
    expect(withMd5.status).toBe(200);
    expect(withMd5.body).toContain('<Key>keep-me</Key>');
    expect(await sdkFailure(t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'keep-me' })))).toBe('NotFound 404');
  });

  it('answers BadDigest for a Content-MD5 that does not match the body', async () => {
    const res = await rawRequest(t.server.endpoint, {
      method: 'POST',
      path: `/${BUCKET}`,
      query: { delete: '' },
      body: xml(['x']),
      headers: { 'content-md5': md5('something else') },
    });
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe('BadDigest');
  });

  it('quiet mode answers only the errors; a missing key counts as deleted', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'q1', Body: '1' }));
    const res = await t.client.send(
      new DeleteObjectsCommand({
        Bucket: BUCKET,
        Delete: { Quiet: true, Objects: [{ Key: 'q1' }, { Key: 'never-existed' }, { Key: 'q1', VersionId: 'v-unknown' }] },
      }),
    );
    expect(res.Deleted ?? []).toEqual([]);
    expect(res.Errors?.map((e) => [e.Key, e.Code])).toEqual([['q1', 'NoSuchVersion']]);
    const verbose = await t.client.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: [{ Key: 'never-existed' }] } }));
    expect(verbose.Deleted?.map((d) => d.Key)).toEqual(['never-existed']);
  });

  it('MalformedXML for 1001 keys, and nothing is deleted', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'k0', Body: '0' }));
    const keys = Array.from({ length: 1001 }, (_, i) => `k${i}`);
    expect(
      await sdkFailure(t.client.send(new DeleteObjectsCommand({ Bucket: BUCKET, Delete: { Objects: keys.map((Key) => ({ Key })) } }))),
    ).toBe('MalformedXML 400');
    expect(await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'k0' }))).toBeTruthy();
  });
});

describe('ListObjectsV2 parameters', () => {
  it('InvalidArgument for a negative or non-numeric max-keys, and for a forged continuation token', async () => {
    for (const value of ['-1', 'ten', '1.5']) {
      const res = await rawRequest(t.server.endpoint, {
        method: 'GET',
        path: `/${BUCKET}`,
        query: { 'list-type': '2', 'max-keys': value },
      });
      expect(res.status, value).toBe(400);
      expect(errorCode(res.body), value).toBe('InvalidArgument');
    }
    const forged = await rawRequest(t.server.endpoint, {
      method: 'GET',
      path: `/${BUCKET}`,
      query: { 'list-type': '2', 'continuation-token': 'not a token!' },
    });
    expect(forged.status).toBe(400);
    expect(errorCode(forged.body)).toBe('InvalidArgument');
  });

  it('a continuation token wins over start-after', async () => {
    for (const key of ['p/1', 'p/2', 'p/3']) await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: key }));
    const first = await t.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'p/', MaxKeys: 1 }));
    const next = await t.client.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'p/', ContinuationToken: first.NextContinuationToken, StartAfter: 'p/2' }),
    );
    expect(next.Contents?.map((c) => c.Key)).toEqual(['p/2', 'p/3']);
    expect(next.StartAfter).toBe('p/2');
  });
});

describe('bucket regions', () => {
  it('HeadBucket and ListBuckets report the region of the LocationConstraint; the legacy EU is eu-west-1', async () => {
    await t.client.send(
      new CreateBucketCommand({ Bucket: 'edges-frankfurt', CreateBucketConfiguration: { LocationConstraint: 'eu-central-1' } }),
    );
    await t.client.send(new CreateBucketCommand({ Bucket: 'edges-legacy-eu', CreateBucketConfiguration: { LocationConstraint: 'EU' } }));
    expect((await t.client.send(new HeadBucketCommand({ Bucket: 'edges-frankfurt' }))).BucketRegion).toBe('eu-central-1');
    expect((await t.client.send(new HeadBucketCommand({ Bucket: 'edges-legacy-eu' }))).BucketRegion).toBe('eu-west-1');
    expect((await t.client.send(new HeadBucketCommand({ Bucket: BUCKET }))).BucketRegion).toBe('us-east-1');
    const listed = await t.client.send(new ListBucketsCommand({ Prefix: 'edges-' }));
    expect(listed.Buckets?.map((b) => [b.Name, b.BucketRegion])).toEqual([
      ['edges-frankfurt', 'eu-central-1'],
      ['edges-legacy-eu', 'eu-west-1'],
    ]);
    const ireland = await t.client.send(new ListBucketsCommand({ BucketRegion: 'eu-west-1', Prefix: 'edges-' }));
    expect(ireland.Buckets?.map((b) => b.Name)).toEqual(['edges-legacy-eu']);
  });
});
