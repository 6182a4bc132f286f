import { createHash, randomBytes } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type CopyObjectCommandInput,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-s3.js';

let t: TestServer;
const BUCKET = 'copy-source';
const OTHER = 'copy-target';
const MiB = 1024 * 1024;

const md5Hex = (data: Buffer | string) => createHash('md5').update(data).digest('hex');
/** A key as CopySource wants it: URL-encoded by the caller (the SDK sends the header as given). */
const copySource = (bucket: string, key: string) => `${bucket}/${key.split('/').map(encodeURIComponent).join('/')}`;

async function expectS3Error(promise: Promise<unknown>, name: string, status: number): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e as { name?: string; $metadata?: { httpStatusCode?: number } },
  );
  expect(err, `expected ${name}, but the request succeeded`).toBeDefined();
  expect({ name: err!.name, status: err!.$metadata?.httpStatusCode }).toEqual({ name, status });
}

function copy(input: Omit<CopyObjectCommandInput, 'Bucket'> & { Bucket?: string }) {
  return t.client.send(new CopyObjectCommand({ Bucket: BUCKET, ...input }));
}

async function getBytes(key: string, bucket = BUCKET) {
  const res = await t.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return { res, bytes: Buffer.from(await res.Body!.transformToByteArray()) };
}

/** LastModified from a listing: millisecond precision, where HTTP headers have seconds. */
async function listedLastModified(key: string, bucket = BUCKET): Promise<number> {
  const res = await t.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key }));
  const entry = res.Contents?.find((c) => c.Key === key);
  expect(entry, `${key} is listed`).toBeDefined();
  return entry!.LastModified!.getTime();
}

const SOURCE_KEY = 'originals/report.pdf';
const SOURCE = randomBytes(64 * 1024);

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await t.client.send(new CreateBucketCommand({ Bucket: OTHER }));
  await t.client.send(
    new PutObjectCommand({
      Bucket: BUCKET,
      Key: SOURCE_KEY,
      Body: SOURCE,
      ContentType: 'application/pdf',
      CacheControl: 'no-cache',
      ContentDisposition: 'inline; filename="report.pdf"',
      ContentLanguage: 'fr',
      Metadata: { author: 'ada', 'review-state': 'final' },
    }),
  );
});
afterAll(async () => {
  await t?.stop();
});

describe('MetadataDirective', () => {
  it('COPY (the default) carries the bytes, content type, standard headers and user metadata', async () => {
    for (const [key, directive] of [
      ['copies/default.pdf', undefined],
      ['copies/explicit.pdf', 'COPY'],
    ] as const) {
      const res = await copy({
        Key: key,
        CopySource: copySource(BUCKET, SOURCE_KEY),
        ...(directive ? { MetadataDirective: directive } : {}),
        ContentType: 'text/ignored',
        Metadata: { ignored: 'yes' },
      });
      expect(res.CopyObjectResult?.ETag).toBe(`"${md5Hex(SOURCE)}"`);
      expect(res.CopyObjectResult?.LastModified).toBeInstanceOf(Date);
      const { res: got, bytes } = await getBytes(key);
      expect(bytes.equals(SOURCE)).toBe(true);
      expect(got.ContentType).toBe('application/pdf');
      expect(got.CacheControl).toBe('no-cache');
      expect(got.ContentDisposition).toBe('inline; filename="report.pdf"');
      expect(got.ContentLanguage).toBe('fr');
      expect(got.Metadata).toEqual({ author: 'ada', 'review-state': 'final' });
      expect(got.ETag).toBe(`"${md5Hex(SOURCE)}"`);
    }
  });

  it('REPLACE takes the metadata and headers of the request, dropping the old ones', async () => {
    const key = 'copies/replaced.pdf';
    await copy({
      Key: key,
      CopySource: copySource(BUCKET, SOURCE_KEY),
      MetadataDirective: 'REPLACE',
      ContentType: 'application/octet-stream',
      Metadata: { stage: 'draft' },
    });
    const { res, bytes } = await getBytes(key);
    expect(bytes.equals(SOURCE)).toBe(true);
    expect(res.ContentType).toBe('application/octet-stream');
    expect(res.Metadata).toEqual({ stage: 'draft' });
    expect(res.CacheControl).toBeUndefined();
    expect(res.ContentDisposition).toBeUndefined();
    expect(res.ContentLanguage).toBeUndefined();
    // The source is untouched.
    const source = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: SOURCE_KEY }));
    expect(source.Metadata).toEqual({ author: 'ada', 'review-state': 'final' });
    expect(source.ContentType).toBe('application/pdf');
  });

  it("REPLACE without a content type does not keep the source's", async () => {
    const key = 'copies/replaced-no-type.pdf';
    await copy({ Key: key, CopySource: copySource(BUCKET, SOURCE_KEY), MetadataDirective: 'REPLACE' });
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.ContentType).not.toBe('application/pdf');
    expect(head.Metadata).toEqual({});
  });

  it('InvalidArgument for an unknown directive', async () => {
    await expectS3Error(
      copy({ Key: 'copies/bad-directive', CopySource: copySource(BUCKET, SOURCE_KEY), MetadataDirective: 'MERGE' as 'COPY' }),
      'InvalidArgument',
      400,
    );
    await expectS3Error(t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'copies/bad-directive' })), 'NotFound', 404);
  });
});

describe('copying an object onto itself', () => {
  it('with REPLACE updates the metadata in place: same bytes and ETag, newer LastModified', async () => {
    const key = 'in-place/photo.jpg';
    const body = randomBytes(10_000);
    await t.client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentType: 'image/jpeg', Metadata: { camera: 'old' } }),
    );
    const before = await listedLastModified(key);
    const res = await copy({
      Key: key,
      CopySource: copySource(BUCKET, key),
      MetadataDirective: 'REPLACE',
      ContentType: 'image/jpeg',
      Metadata: { camera: 'new', rating: '5' },
    });
    expect(res.CopyObjectResult?.ETag).toBe(`"${md5Hex(body)}"`);
    const after = await listedLastModified(key);
    expect(after).toBeGreaterThan(before);
    expect(after).toBe(res.CopyObjectResult!.LastModified!.getTime());
    const { res: got, bytes } = await getBytes(key);
    expect(bytes.equals(body)).toBe(true);
    expect(got.Metadata).toEqual({ camera: 'new', rating: '5' });
    expect(got.ContentType).toBe('image/jpeg');
    expect(got.ETag).toBe(`"${md5Hex(body)}"`);
  });

  it('with COPY (and nothing else changed) is InvalidRequest', async () => {
    const key = 'in-place/unchanged.txt';
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'unchanged', Metadata: { keep: 'me' } }));
    const before = await listedLastModified(key);
    await expectS3Error(copy({ Key: key, CopySource: copySource(BUCKET, key) }), 'InvalidRequest', 400);
    await expectS3Error(copy({ Key: key, CopySource: copySource(BUCKET, key), MetadataDirective: 'COPY' }), 'InvalidRequest', 400);
    expect(await listedLastModified(key)).toBe(before);
    expect((await getBytes(key)).res.Metadata).toEqual({ keep: 'me' });
  });

  it('with COPY and a new storage class is allowed and keeps the metadata', async () => {
    const key = 'in-place/storage-class.txt';
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'cold data', Metadata: { keep: 'me' } }));
    await copy({ Key: key, CopySource: copySource(BUCKET, key), StorageClass: 'STANDARD_IA' });
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.StorageClass).toBe('STANDARD_IA');
    expect(head.Metadata).toEqual({ keep: 'me' });
    expect((await getBytes(key)).bytes.toString()).toBe('cold data');
  });
});

describe('copy destinations and sources', () => {
  it('copies across buckets and overwrites an existing destination', async () => {
    const key = 'from-other-bucket.pdf';
    await t.client.send(new PutObjectCommand({ Bucket: OTHER, Key: key, Body: 'to be overwritten' }));
    const res = await copy({ Bucket: OTHER, Key: key, CopySource: copySource(BUCKET, SOURCE_KEY) });
    expect(res.CopyObjectResult?.ETag).toBe(`"${md5Hex(SOURCE)}"`);
    const { res: got, bytes } = await getBytes(key, OTHER);
    expect(bytes.equals(SOURCE)).toBe(true);
    expect(got.Metadata).toEqual({ author: 'ada', 'review-state': 'final' });
    expect((await getBytes(SOURCE_KEY)).bytes.equals(SOURCE)).toBe(true);
  });

  it('accepts a CopySource with a leading slash', async () => {
    await copy({ Key: 'copies/leading-slash.pdf', CopySource: `/${copySource(BUCKET, SOURCE_KEY)}` });
    expect((await getBytes('copies/leading-slash.pdf')).bytes.equals(SOURCE)).toBe(true);
  });

  it('copies an empty object', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'empty', Body: Buffer.alloc(0) }));
    const res = await copy({ Key: 'copies/empty', CopySource: copySource(BUCKET, 'empty') });
    expect(res.CopyObjectResult?.ETag).toBe(`"${md5Hex('')}"`);
    const { res: got, bytes } = await getBytes('copies/empty');
    expect(bytes.length).toBe(0);
    expect(got.ContentLength).toBe(0);
  });

  it('copies a multipart object byte for byte', async () => {
    const key = 'multipart/source.bin';
    const parts = [randomBytes(5 * MiB), randomBytes(4321)];
    const { UploadId } = await t.client.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ContentType: 'application/x-tar', Metadata: { parts: 'two' } }),
    );
    const etags: string[] = [];
    for (const [i, body] of parts.entries()) {
      etags.push((await t.client.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: i + 1, Body: body }))).ETag!);
    }
    const done = await t.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
      }),
    );
    const whole = Buffer.concat(parts);
    const res = await copy({ Bucket: OTHER, Key: 'multipart/copy.bin', CopySource: copySource(BUCKET, key) });
    // S3 gives a copy either the source's multipart ETag or the MD5 of its bytes; either way HEAD agrees.
    expect([done.ETag, `"${md5Hex(whole)}"`]).toContain(res.CopyObjectResult?.ETag);
    const { res: got, bytes } = await getBytes('multipart/copy.bin', OTHER);
    expect(bytes.equals(whole)).toBe(true);
    expect(got.ETag).toBe(res.CopyObjectResult?.ETag);
    expect(got.ContentType).toBe('application/x-tar');
    expect(got.Metadata).toEqual({ parts: 'two' });
  });

  for (const key of [
    'dir with spaces/file name.txt',
    'math/1+1=2.txt',
    'percent/100% done.txt',
    'unicode/naïve café/日本語 ключ 🚀.txt',
    'mixed/a+b %20 c?d#e&f.txt',
  ]) {
    it(`copies the key ${JSON.stringify(key)} given URL-encoded in CopySource`, async () => {
      const body = Buffer.from(`content of ${key}`);
      await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
      const target = `copied/${key}`;
      await copy({ Bucket: OTHER, Key: target, CopySource: copySource(BUCKET, key) });
      expect((await getBytes(target, OTHER)).bytes.equals(body)).toBe(true);
      const listed = await t.client.send(new ListObjectsV2Command({ Bucket: OTHER, Prefix: 'copied/' }));
      expect(listed.Contents?.map((c) => c.Key)).toContain(target);
      // Fully encoded, slashes included, names the same object.
      const encodedSlashes = `${BUCKET}/${encodeURIComponent(key)}`;
      await copy({ Bucket: OTHER, Key: `${target}.2`, CopySource: encodedSlashes });
      expect((await getBytes(`${target}.2`, OTHER)).bytes.equals(body)).toBe(true);
    });
  }

  it('a literal + in CopySource is a plus, not a space', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'plus/a+b', Body: 'plus' }));
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'plus/a b', Body: 'space' }));
    await copy({ Key: 'plus/copied', CopySource: `${BUCKET}/plus/a+b` });
    expect((await getBytes('plus/copied')).bytes.toString()).toBe('plus');
  });
});

describe('copy failures', () => {
  it('NoSuchKey for a missing source key', async () => {
    await expectS3Error(copy({ Key: 'copies/nothing', CopySource: copySource(BUCKET, 'no/such/key') }), 'NoSuchKey', 404);
    await expectS3Error(t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'copies/nothing' })), 'NotFound', 404);
  });

  it('NoSuchBucket for a missing source bucket or destination bucket', async () => {
    await expectS3Error(copy({ Key: 'copies/nothing', CopySource: copySource('no-such-source-bucket', SOURCE_KEY) }), 'NoSuchBucket', 404);
    await expectS3Error(
      copy({ Bucket: 'no-such-target-bucket', Key: 'x', CopySource: copySource(BUCKET, SOURCE_KEY) }),
      'NoSuchBucket',
      404,
    );
  });

  it('InvalidArgument for a CopySource without a key', async () => {
    await expectS3Error(copy({ Key: 'copies/nothing', CopySource: BUCKET }), 'InvalidArgument', 400);
  });

  it('NoSuchVersion for a versionId other than null in an unversioned bucket', async () => {
    await expectS3Error(
      copy({ Key: 'copies/nothing', CopySource: `${copySource(BUCKET, SOURCE_KEY)}?versionId=3HL4kqtJlcpXroDTDmjVBH40Nrjfkd` }),
      'NoSuchVersion',
      404,
    );
    await copy({ Key: 'copies/null-version', CopySource: `${copySource(BUCKET, SOURCE_KEY)}?versionId=null` });
    expect((await getBytes('copies/null-version')).bytes.equals(SOURCE)).toBe(true);
  });
});

describe('copy-source conditions', () => {
  const key = 'conditional/source.txt';
  let etag: string;
  let lastModified: Date;
  const src = () => copySource(BUCKET, key);
  const shift = (ms: number) => new Date(lastModified.getTime() + ms);
  const HOUR = 3600_000;

  beforeAll(async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'conditional body' }));
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    etag = head.ETag!;
    lastModified = head.LastModified!;
  });

  it('CopySourceIfMatch: copies on a matching ETag, 412 otherwise', async () => {
    await expectS3Error(
      copy({ Key: 'conditional/if-match', CopySource: src(), CopySourceIfMatch: `"${md5Hex('other')}"` }),
      'PreconditionFailed',
      412,
    );
    await expectS3Error(t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'conditional/if-match' })), 'NotFound', 404);
    await copy({ Key: 'conditional/if-match', CopySource: src(), CopySourceIfMatch: etag });
    await copy({ Key: 'conditional/if-match-star', CopySource: src(), CopySourceIfMatch: '*' });
    expect((await getBytes('conditional/if-match')).bytes.toString()).toBe('conditional body');
  });

  it('CopySourceIfNoneMatch: 412 on a matching ETag, copies otherwise', async () => {
    await expectS3Error(
      copy({ Key: 'conditional/if-none-match', CopySource: src(), CopySourceIfNoneMatch: etag }),
      'PreconditionFailed',
      412,
    );
    await expectS3Error(
      copy({ Key: 'conditional/if-none-match', CopySource: src(), CopySourceIfNoneMatch: '*' }),
      'PreconditionFailed',
      412,
    );
    await copy({ Key: 'conditional/if-none-match', CopySource: src(), CopySourceIfNoneMatch: `"${md5Hex('other')}"` });
    expect((await getBytes('conditional/if-none-match')).bytes.toString()).toBe('conditional body');
  });

  it('CopySourceIfModifiedSince: 412 when not modified since the date, copies when modified after it', async () => {
    await expectS3Error(
      copy({ Key: 'conditional/if-modified', CopySource: src(), CopySourceIfModifiedSince: lastModified }),
      'PreconditionFailed',
      412,
    );
    await expectS3Error(
      copy({ Key: 'conditional/if-modified', CopySource: src(), CopySourceIfModifiedSince: shift(HOUR) }),
      'PreconditionFailed',
      412,
    );
    await copy({ Key: 'conditional/if-modified', CopySource: src(), CopySourceIfModifiedSince: shift(-HOUR) });
    expect((await getBytes('conditional/if-modified')).bytes.toString()).toBe('conditional body');
  });

  it('CopySourceIfUnmodifiedSince: 412 when modified after the date, copies otherwise', async () => {
    await expectS3Error(
      copy({ Key: 'conditional/if-unmodified', CopySource: src(), CopySourceIfUnmodifiedSince: shift(-HOUR) }),
      'PreconditionFailed',
      412,
    );
    await copy({ Key: 'conditional/if-unmodified', CopySource: src(), CopySourceIfUnmodifiedSince: lastModified });
    await copy({ Key: 'conditional/if-unmodified-2', CopySource: src(), CopySourceIfUnmodifiedSince: shift(HOUR) });
    expect((await getBytes('conditional/if-unmodified')).bytes.toString()).toBe('conditional body');
  });

  it('combines them as S3 documents: If-Match wins over If-Unmodified-Since, If-None-Match fails over If-Modified-Since', async () => {
    // If-Match true + If-Unmodified-Since false: the copy happens.
    await copy({ Key: 'conditional/combined-1', CopySource: src(), CopySourceIfMatch: etag, CopySourceIfUnmodifiedSince: shift(-HOUR) });
    // If-None-Match false + If-Modified-Since true: 412.
    await expectS3Error(
      copy({ Key: 'conditional/combined-2', CopySource: src(), CopySourceIfNoneMatch: etag, CopySourceIfModifiedSince: shift(-HOUR) }),
      'PreconditionFailed',
      412,
    );
    // If-Match false fails whatever the dates say.
    await expectS3Error(
      copy({
        Key: 'conditional/combined-3',
        CopySource: src(),
        CopySourceIfMatch: `"${md5Hex('x')}"`,
        CopySourceIfUnmodifiedSince: shift(HOUR),
      }),
      'PreconditionFailed',
      412,
    );
  });
});
