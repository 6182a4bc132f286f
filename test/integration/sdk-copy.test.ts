import { createHash } from 'node:crypto';
import {
  CompleteMultipartUploadCommand, CopyObjectCommand, CreateBucketCommand, CreateMultipartUploadCommand, GetObjectCommand,
  HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, UploadPartCommand, type S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-s3.js';
import { errorCode, rawRequest } from '../support/raw-request.js';

let t: TestServer;
const BUCKET = 'sdk-copy';
const OTHER = 'sdk-copy-other';
const MiB = 1024 * 1024;
const md5Hex = (data: string | Buffer) => createHash('md5').update(data).digest('hex');

async function rejection(promise: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await promise;
  } catch (err) {
    return err as S3ServiceException;
  }
  throw new Error('expected the request to fail');
}

async function getBytes(bucket: string, key: string) {
  const res = await t.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { res, bytes: Buffer.from(await res.Body!.transformToByteArray()) };
}

const head = (bucket: string, key: string) => t.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
const source = (bucket: string, key: string) => `${bucket}/${encodeURIComponent(key)}`;

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await t.client.send(new CreateBucketCommand({ Bucket: OTHER }));
  await t.client.send(new PutObjectCommand({
    Bucket: BUCKET, Key: 'src.txt', Body: 'source bytes',
    ContentType: 'text/x-source', ContentDisposition: 'inline', CacheControl: 'max-age=5', Metadata: { color: 'blue', owner: 'alice' },
  }));
});
afterAll(async () => {
  await t?.stop();
});

describe('CopyObject metadata directives', () => {
  it('COPY (the default) carries bytes, content-type and metadata', async () => {
    const res = await t.client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy-default.txt', CopySource: source(BUCKET, 'src.txt') }));
    expect(res.CopyObjectResult?.ETag).toBe(`"${md5Hex('source bytes')}"`);
    expect(res.CopyObjectResult?.LastModified).toBeInstanceOf(Date);
    const h = await head(BUCKET, 'copy-default.txt');
    expect(h.ContentType).toBe('text/x-source');
    expect(h.ContentDisposition).toBe('inline');
    expect(h.CacheControl).toBe('max-age=5');
    expect(h.Metadata).toEqual({ color: 'blue', owner: 'alice' });
    expect((await getBytes(BUCKET, 'copy-default.txt')).bytes.toString()).toBe('source bytes');
  });

  it('COPY explicitly ignores metadata sent with the request', async () => {
    await t.client.send(new CopyObjectCommand({
      Bucket: BUCKET, Key: 'copy-explicit.txt', CopySource: source(BUCKET, 'src.txt'), MetadataDirective: 'COPY', Metadata: { ignored: 'yes' }, ContentType: 'text/ignored',
    }));
    const h = await head(BUCKET, 'copy-explicit.txt');
    expect(h.Metadata).toEqual({ color: 'blue', owner: 'alice' });
    expect(h.ContentType).toBe('text/x-source');
  });

  it('REPLACE sets the new metadata and content-type, dropping the old ones', async () => {
    await t.client.send(new CopyObjectCommand({
      Bucket: BUCKET, Key: 'copy-replace.txt', CopySource: source(BUCKET, 'src.txt'), MetadataDirective: 'REPLACE',
      ContentType: 'application/json', Metadata: { fresh: 'value' },
    }));
    const h = await head(BUCKET, 'copy-replace.txt');
    expect(h.ContentType).toBe('application/json');
    expect(h.Metadata).toEqual({ fresh: 'value' });
    expect(h.CacheControl).toBeUndefined();
    expect(h.ContentDisposition).toBeUndefined();
    expect(h.ETag).toBe(`"${md5Hex('source bytes')}"`);
    // The source is untouched.
    expect((await head(BUCKET, 'src.txt')).Metadata).toEqual({ color: 'blue', owner: 'alice' });
  });

  it('copying an object onto itself with REPLACE updates metadata in place, bytes unchanged', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'self.txt', Body: 'self bytes', ContentType: 'text/plain', Metadata: { v: '1' } }));
    const before = await head(BUCKET, 'self.txt');
    const res = await t.client.send(new CopyObjectCommand({
      Bucket: BUCKET, Key: 'self.txt', CopySource: source(BUCKET, 'self.txt'), MetadataDirective: 'REPLACE', ContentType: 'text/markdown', Metadata: { v: '2' },
    }));
    expect(res.CopyObjectResult?.ETag).toBe(before.ETag);
    const after = await head(BUCKET, 'self.txt');
    expect(after.ETag).toBe(before.ETag);
    expect(after.ContentType).toBe('text/markdown');
    expect(after.Metadata).toEqual({ v: '2' });
    expect((await getBytes(BUCKET, 'self.txt')).bytes.toString()).toBe('self bytes');
  });

  it('copying an object onto itself with COPY is InvalidRequest', async () => {
    const err = await rejection(t.client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'src.txt', CopySource: source(BUCKET, 'src.txt') })));
    expect(err.name).toBe('InvalidRequest');
    expect(err.$metadata.httpStatusCode).toBe(400);
    const alsoExplicit = await rejection(t.client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'src.txt', CopySource: source(BUCKET, 'src.txt'), MetadataDirective: 'COPY' })));
    expect(alsoExplicit.name).toBe('InvalidRequest');
    expect((await head(BUCKET, 'src.txt')).Metadata).toEqual({ color: 'blue', owner: 'alice' });
  });

  it('an unknown metadata directive is InvalidArgument (raw request)', async () => {
    const res = await rawRequest(t.server.endpoint, {
      method: 'PUT', path: `/${BUCKET}/bad-directive.txt`, headers: { 'x-amz-copy-source': `/${BUCKET}/src.txt`, 'x-amz-metadata-directive': 'MERGE' },
    });
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe('InvalidArgument');
  });
});

describe('CopyObject sources', () => {
  it('copies across buckets', async () => {
    const res = await t.client.send(new CopyObjectCommand({ Bucket: OTHER, Key: 'from-other/copied.txt', CopySource: source(BUCKET, 'src.txt') }));
    expect(res.CopyObjectResult?.ETag).toBe(`"${md5Hex('source bytes')}"`);
    const { res: got, bytes } = await getBytes(OTHER, 'from-other/copied.txt');
    expect(bytes.toString()).toBe('source bytes');
    expect(got.ContentType).toBe('text/x-source');
    expect(got.Metadata).toEqual({ color: 'blue', owner: 'alice' });
    const listed = await t.client.send(new ListObjectsV2Command({ Bucket: OTHER }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['from-other/copied.txt']);
  });

  it('copies a multipart object, all of its bytes', async () => {
    const parts = [Buffer.alloc(5 * MiB, 0x61), Buffer.alloc(MiB + 7, 0x62)];
    const { UploadId } = await t.client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'mp-src.bin', ContentType: 'application/x-mp', Metadata: { kind: 'multipart' } }));
    const etags: string[] = [];
    for (const [i, body] of parts.entries()) {
      etags.push((await t.client.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'mp-src.bin', UploadId, PartNumber: i + 1, Body: body }))).ETag!);
    }
    await t.client.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'mp-src.bin', UploadId, MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) } }));

    const res = await t.client.send(new CopyObjectCommand({ Bucket: OTHER, Key: 'mp-copy.bin', CopySource: source(BUCKET, 'mp-src.bin') }));
    const h = await head(OTHER, 'mp-copy.bin');
    expect(h.ETag).toBe(res.CopyObjectResult?.ETag);
    expect(h.ContentLength).toBe(6 * MiB + 7);
    expect(h.ContentType).toBe('application/x-mp');
    expect(h.Metadata).toEqual({ kind: 'multipart' });
    const { bytes } = await getBytes(OTHER, 'mp-copy.bin');
    expect(md5Hex(bytes)).toBe(md5Hex(Buffer.concat(parts)));
  });

  it.each([
    ['spaces', 'folder with spaces/file name.txt'],
    ['unicode', 'ünïcødé/日本語 ファイル 🎉.txt'],
    ['plus', 'a+b/c+d.txt'],
    ['percent', '100% done/50%25.txt'],
    ['mixed', 'mix ü+%?#&=.txt'],
  ])('copies keys with %s (CopySource URL-encoded by the caller)', async (_label, key) => {
    const body = `bytes of ${key}`;
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    const target = `copies/${key}`;
    const res = await t.client.send(new CopyObjectCommand({ Bucket: OTHER, Key: target, CopySource: source(BUCKET, key) }));
    expect(res.CopyObjectResult?.ETag).toBe(`"${md5Hex(body)}"`);
    expect((await getBytes(OTHER, target)).bytes.toString()).toBe(body);
    const listed = await t.client.send(new ListObjectsV2Command({ Bucket: OTHER, Prefix: target }));
    expect(listed.Contents?.map((c) => c.Key)).toEqual([target]);
  });

  it('a missing source key is NoSuchKey, a missing source bucket NoSuchBucket', async () => {
    const noKey = await rejection(t.client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'never.txt', CopySource: source(BUCKET, 'does-not-exist.txt') })));
    expect(noKey.name).toBe('NoSuchKey');
    expect(noKey.$metadata.httpStatusCode).toBe(404);
    const noBucket = await rejection(t.client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'never.txt', CopySource: source('no-such-bucket-here', 'src.txt') })));
    expect(noBucket.name).toBe('NoSuchBucket');
    expect(noBucket.$metadata.httpStatusCode).toBe(404);
    const missingTarget = await rejection(t.client.send(new CopyObjectCommand({ Bucket: 'no-such-target-bucket', Key: 'x.txt', CopySource: source(BUCKET, 'src.txt') })));
    expect(missingTarget.name).toBe('NoSuchBucket');
    const absent = await rejection(head(BUCKET, 'never.txt'));
    expect(absent.$metadata.httpStatusCode).toBe(404);
  });
});

describe('CopyObject conditions', () => {
  let etag: string;
  let lastModified: Date;

  beforeAll(async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cond.txt', Body: 'conditional' }));
    const h = await head(BUCKET, 'cond.txt');
    etag = h.ETag!;
    lastModified = h.LastModified!;
  });

  const copy = (extra: Partial<ConstructorParameters<typeof CopyObjectCommand>[0]>) =>
    t.client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: 'cond-copy.txt', CopySource: source(BUCKET, 'cond.txt'), ...extra }));
  const hour = 3600_000;

  it.each([
    ['CopySourceIfMatch with another ETag', () => ({ CopySourceIfMatch: `"${md5Hex('something else')}"` })],
    ['CopySourceIfNoneMatch with the current ETag', () => ({ CopySourceIfNoneMatch: etag })],
    ['CopySourceIfModifiedSince at LastModified', () => ({ CopySourceIfModifiedSince: lastModified })],
    ['CopySourceIfUnmodifiedSince before LastModified', () => ({ CopySourceIfUnmodifiedSince: new Date(lastModified.getTime() - hour) })],
  ] as const)('%s → 412 PreconditionFailed, nothing written', async (_label, extra) => {
    const err = await rejection(copy(extra()));
    expect(err.$metadata.httpStatusCode).toBe(412);
    expect(err.name).toBe('PreconditionFailed');
    const absent = await rejection(head(BUCKET, 'cond-copy.txt'));
    expect(absent.$metadata.httpStatusCode).toBe(404);
  });

  it.each([
    ['CopySourceIfMatch with the current ETag', () => ({ CopySourceIfMatch: etag })],
    ['CopySourceIfNoneMatch with another ETag', () => ({ CopySourceIfNoneMatch: `"${md5Hex('other')}"` })],
    ['CopySourceIfModifiedSince before LastModified', () => ({ CopySourceIfModifiedSince: new Date(lastModified.getTime() - hour) })],
    ['CopySourceIfUnmodifiedSince at LastModified', () => ({ CopySourceIfUnmodifiedSince: lastModified })],
  ] as const)('%s → copied', async (_label, extra) => {
    const res = await t.client.send(new CopyObjectCommand({ Bucket: BUCKET, Key: `cond-ok-${_label.length}-${_label.slice(0, 20)}`, CopySource: source(BUCKET, 'cond.txt'), ...extra() }));
    expect(res.CopyObjectResult?.ETag).toBe(etag);
  });
});
