import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { Crc32c } from '@aws-crypto/crc32c';
import {
  AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateBucketCommand, CreateMultipartUploadCommand,
  GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand, ListPartsCommand, PutObjectCommand,
  UploadPartCommand, UploadPartCopyCommand, type CompletedPart, type S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-s3.js';
import { errorCode, rawRequest } from '../support/raw-request.js';

let t: TestServer;
const BUCKET = 'sdk-multipart';
const UPLOADS_BUCKET = 'sdk-multipart-uploads';
const MiB = 1024 * 1024;

const md5 = (data: Buffer) => createHash('md5').update(data).digest();
const md5Hex = (data: Buffer) => md5(data).toString('hex');
/** The S3 multipart ETag: MD5 of the concatenated binary part MD5s, then `-N`. */
const multipartEtag = (parts: Buffer[]) => `"${createHash('md5').update(Buffer.concat(parts.map(md5))).digest('hex')}-${parts.length}"`;
const crc32B64 = (data: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(crc32(data) >>> 0);
  return out.toString('base64');
};
const crc32cB64 = (data: Buffer) => {
  const h = new Crc32c();
  h.update(data);
  const out = Buffer.alloc(4);
  out.writeUInt32BE(h.digest() >>> 0);
  return out.toString('base64');
};
const sha256B64 = (data: Buffer) => createHash('sha256').update(data).digest('base64');
const crc32cRaw = (data: Buffer) => Buffer.from(crc32cB64(data), 'base64');

/** A buffer of `size` bytes with a pattern that differs per `seed`, so parts are distinguishable. */
function pattern(size: number, seed: number): Buffer {
  const buf = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4096) buf.writeUInt32BE(((i / 4096) * 2654435761 + seed * 40503) >>> 0, i);
  buf.fill(seed & 0xff, size - Math.min(size, 7));
  return buf;
}

async function rejection(promise: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await promise;
  } catch (err) {
    return err as S3ServiceException;
  }
  throw new Error('expected the request to fail');
}

async function create(key: string, extra: Partial<ConstructorParameters<typeof CreateMultipartUploadCommand>[0]> = {}, bucket = BUCKET): Promise<string> {
  const res = await t.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ...extra }));
  expect(res.UploadId).toBeTruthy();
  expect(res.Key).toBe(key);
  expect(res.Bucket).toBe(bucket);
  return res.UploadId!;
}

async function part(key: string, uploadId: string, partNumber: number, body: Buffer, extra: Partial<ConstructorParameters<typeof UploadPartCommand>[0]> = {}) {
  const res = await t.client.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: body, ...extra }));
  expect(res.ETag).toBe(`"${md5Hex(body)}"`);
  return res;
}

async function complete(key: string, uploadId: string, parts: CompletedPart[]) {
  return t.client.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
}

async function getBytes(key: string, extra: Partial<ConstructorParameters<typeof GetObjectCommand>[0]> = {}, bucket = BUCKET) {
  const res = await t.client.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...extra }));
  return { res, bytes: Buffer.from(await res.Body!.transformToByteArray()) };
}

const P1 = pattern(5 * MiB, 1);
const P2 = pattern(5 * MiB + 123, 2);
const P3 = pattern(1000, 3);

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await t.client.send(new CreateBucketCommand({ Bucket: UPLOADS_BUCKET }));
});
afterAll(async () => {
  await t?.stop();
});

describe('CreateMultipartUpload, UploadPart, CompleteMultipartUpload', () => {
  it('assembles the parts, with the MD5-of-MD5s ETag, metadata from Create, and PartsCount', async () => {
    const key = 'mp/basic.bin';
    const uploadId = await create(key, { ContentType: 'application/x-pail', Metadata: { origin: 'sdk-test' }, CacheControl: 'no-cache' });
    const r1 = await part(key, uploadId, 1, P1);
    const r2 = await part(key, uploadId, 2, P2);
    const r3 = await part(key, uploadId, 3, P3);
    const done = await complete(key, uploadId, [
      { PartNumber: 1, ETag: r1.ETag! }, { PartNumber: 2, ETag: r2.ETag! }, { PartNumber: 3, ETag: r3.ETag! },
    ]);
    const expected = multipartEtag([P1, P2, P3]);
    expect(done.ETag).toBe(expected);
    expect(done.Key).toBe(key);
    expect(done.Bucket).toBe(BUCKET);
    expect(done.Location).toContain(`/${BUCKET}/mp/basic.bin`);

    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.ETag).toBe(expected);
    expect(head.ContentLength).toBe(P1.length + P2.length + P3.length);
    expect(head.ContentType).toBe('application/x-pail');
    expect(head.CacheControl).toBe('no-cache');
    expect(head.Metadata).toEqual({ origin: 'sdk-test' });

    const { bytes } = await getBytes(key);
    expect(bytes.equals(Buffer.concat([P1, P2, P3]))).toBe(true);

    // The upload is gone once completed.
    const gone = await rejection(t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId })));
    expect(gone.name).toBe('NoSuchUpload');
  });

  it('GetObject with PartNumber returns the bytes of that part and the parts count', async () => {
    const key = 'mp/basic.bin';
    const second = await getBytes(key, { PartNumber: 2 });
    expect(second.res.$metadata.httpStatusCode).toBe(206);
    expect(second.res.PartsCount).toBe(3);
    expect(second.res.ContentLength).toBe(P2.length);
    expect(second.res.ContentRange).toBe(`bytes ${P1.length}-${P1.length + P2.length - 1}/${P1.length + P2.length + P3.length}`);
    expect(second.bytes.equals(P2)).toBe(true);
    const third = await getBytes(key, { PartNumber: 3 });
    expect(third.bytes.equals(P3)).toBe(true);
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, PartNumber: 1 }));
    expect(head.ContentLength).toBe(P1.length);
    expect(head.PartsCount).toBe(3);
    const beyond = await rejection(getBytes(key, { PartNumber: 4 }));
    expect(beyond.$metadata.httpStatusCode).toBe(416);
    expect(beyond.name).toBe('InvalidPartNumber');
  });

  it('completes with a subset of the uploaded parts', async () => {
    const key = 'mp/subset.bin';
    const uploadId = await create(key);
    const r1 = await part(key, uploadId, 1, P1);
    await part(key, uploadId, 2, P2);
    const r3 = await part(key, uploadId, 3, P3);
    const done = await complete(key, uploadId, [{ PartNumber: 1, ETag: r1.ETag! }, { PartNumber: 3, ETag: r3.ETag! }]);
    expect(done.ETag).toBe(multipartEtag([P1, P3]));
    const { bytes } = await getBytes(key);
    expect(bytes.equals(Buffer.concat([P1, P3]))).toBe(true);
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, PartNumber: 2 }));
    expect(head.PartsCount).toBe(2);
    expect(head.ContentLength).toBe(P3.length);
  });

  it('re-uploading a part number replaces the earlier part', async () => {
    const key = 'mp/replace.bin';
    const uploadId = await create(key);
    const first = await part(key, uploadId, 1, Buffer.from('first version'));
    const second = await part(key, uploadId, 1, Buffer.from('second version!'));
    const parts = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    expect(parts.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size])).toEqual([[1, second.ETag, 15]]);
    const stale = await rejection(complete(key, uploadId, [{ PartNumber: 1, ETag: first.ETag! }]));
    expect(stale.name).toBe('InvalidPart');
    await complete(key, uploadId, [{ PartNumber: 1, ETag: second.ETag! }]);
    expect((await getBytes(key)).bytes.toString()).toBe('second version!');
  });

  it('a single small part is a valid upload (the last part may be small)', async () => {
    const key = 'mp/single.bin';
    const uploadId = await create(key);
    const body = Buffer.from('just one small part');
    const r = await part(key, uploadId, 1, body);
    const done = await complete(key, uploadId, [{ PartNumber: 1, ETag: r.ETag! }]);
    expect(done.ETag).toBe(multipartEtag([body]));
    expect((await getBytes(key)).bytes.equals(body)).toBe(true);
  });
});

describe('CompleteMultipartUpload failures', () => {
  let key: string;
  let uploadId: string;
  let small1: Buffer;
  let small2: Buffer;
  const etags: string[] = [];

  beforeAll(async () => {
    key = 'mp/failures.bin';
    uploadId = await create(key);
    small1 = Buffer.from('small part one');
    small2 = Buffer.from('small part two');
    etags.push((await part(key, uploadId, 1, small1)).ETag!);
    etags.push((await part(key, uploadId, 2, small2)).ETag!);
  });

  it('InvalidPartOrder when parts are not ascending', async () => {
    const err = await rejection(complete(key, uploadId, [{ PartNumber: 2, ETag: etags[1] }, { PartNumber: 1, ETag: etags[0] }]));
    expect(err.name).toBe('InvalidPartOrder');
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  it('InvalidPart for a part that was never uploaded', async () => {
    const err = await rejection(complete(key, uploadId, [{ PartNumber: 1, ETag: etags[0] }, { PartNumber: 7, ETag: etags[1] }]));
    expect(err.name).toBe('InvalidPart');
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  it('InvalidPart for a wrong ETag', async () => {
    const err = await rejection(complete(key, uploadId, [{ PartNumber: 1, ETag: `"${md5Hex(Buffer.from('nope'))}"` }]));
    expect(err.name).toBe('InvalidPart');
  });

  it('EntityTooSmall when a part other than the last is under 5 MiB', async () => {
    const err = await rejection(complete(key, uploadId, [{ PartNumber: 1, ETag: etags[0] }, { PartNumber: 2, ETag: etags[1] }]));
    expect(err.name).toBe('EntityTooSmall');
    expect(err.$metadata.httpStatusCode).toBe(400);
  });

  it('MalformedXML for an empty part list (raw request)', async () => {
    const res = await rawRequest(t.server.endpoint, {
      method: 'POST', path: `/${BUCKET}/mp/failures.bin`, query: { uploadId },
      body: '<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/"></CompleteMultipartUpload>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe('MalformedXML');
  });

  it('the failed completions left the upload and its parts intact', async () => {
    const parts = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    expect(parts.Parts?.map((p) => p.ETag)).toEqual(etags);
    const missing = await rejection(t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key })));
    expect(missing.$metadata.httpStatusCode).toBe(404);
    // Completing with only the last part works.
    const done = await complete(key, uploadId, [{ PartNumber: 2, ETag: etags[1] }]);
    expect(done.ETag).toBe(multipartEtag([small2]));
  });

  it('NoSuchUpload for an unknown upload id', async () => {
    const err = await rejection(complete(key, 'does-not-exist', [{ PartNumber: 1, ETag: etags[0] }]));
    expect(err.name).toBe('NoSuchUpload');
    expect(err.$metadata.httpStatusCode).toBe(404);
  });
});

describe('AbortMultipartUpload', () => {
  it('removes the upload: UploadPart, ListParts and Complete then answer NoSuchUpload', async () => {
    const key = 'mp/aborted.bin';
    const uploadId = await create(key);
    const r = await part(key, uploadId, 1, Buffer.from('doomed'));
    const aborted = await t.client.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    expect(aborted.$metadata.httpStatusCode).toBe(204);

    const upload = await rejection(t.client.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: 2, Body: 'late' })));
    expect(upload.name).toBe('NoSuchUpload');
    expect(upload.$metadata.httpStatusCode).toBe(404);
    const list = await rejection(t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId })));
    expect(list.name).toBe('NoSuchUpload');
    const done = await rejection(complete(key, uploadId, [{ PartNumber: 1, ETag: r.ETag! }]));
    expect(done.name).toBe('NoSuchUpload');
    const uploads = await t.client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: key }));
    expect(uploads.Uploads ?? []).toEqual([]);
    const head = await rejection(t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key })));
    expect(head.$metadata.httpStatusCode).toBe(404);
  });

  it('NoSuchUpload when the upload id belongs to another key', async () => {
    const uploadId = await create('mp/owner-key');
    const err = await rejection(t.client.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'mp/other-key', UploadId: uploadId, PartNumber: 1, Body: 'x' })));
    expect(err.name).toBe('NoSuchUpload');
    await t.client.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'mp/owner-key', UploadId: uploadId }));
  });
});

describe('ListParts', () => {
  it('paginates with MaxParts and PartNumberMarker', async () => {
    const key = 'mp/listparts.bin';
    const uploadId = await create(key);
    const bodies = [1, 2, 3, 4, 5].map((n) => Buffer.from(`part number ${n}`.repeat(n)));
    for (const [i, body] of bodies.entries()) await part(key, uploadId, i + 1, body);

    const page1 = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, MaxParts: 2 }));
    expect(page1.IsTruncated).toBe(true);
    expect(page1.MaxParts).toBe(2);
    expect(page1.Parts?.map((p) => p.PartNumber)).toEqual([1, 2]);
    expect(page1.NextPartNumberMarker).toBe('2');
    expect(page1.Parts?.map((p) => p.Size)).toEqual([bodies[0]!.length, bodies[1]!.length]);
    expect(page1.Parts?.[0]?.ETag).toBe(`"${md5Hex(bodies[0]!)}"`);
    expect(page1.Parts?.[0]?.LastModified).toBeInstanceOf(Date);

    const page2 = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, MaxParts: 2, PartNumberMarker: page1.NextPartNumberMarker }));
    expect(page2.Parts?.map((p) => p.PartNumber)).toEqual([3, 4]);
    expect(page2.IsTruncated).toBe(true);
    expect(page2.PartNumberMarker).toBe('2');

    const page3 = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, MaxParts: 2, PartNumberMarker: page2.NextPartNumberMarker }));
    expect(page3.Parts?.map((p) => p.PartNumber)).toEqual([5]);
    expect(page3.IsTruncated).toBe(false);

    const all = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    expect(all.Parts?.map((p) => p.PartNumber)).toEqual([1, 2, 3, 4, 5]);
    expect(all.IsTruncated).toBe(false);
    expect(all.Key).toBe(key);
    expect(all.UploadId).toBe(uploadId);
    await t.client.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
  });

  it('NoSuchUpload for an unknown upload id', async () => {
    const err = await rejection(t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: 'mp/x', UploadId: 'nope' })));
    expect(err.name).toBe('NoSuchUpload');
  });
});

describe('ListMultipartUploads', () => {
  const created: { key: string; uploadId: string }[] = [];

  beforeAll(async () => {
    for (const key of ['docs/a.txt', 'docs/b.txt', 'docs/b.txt', 'docs/b.txt', 'docs/c.txt', 'img/x.png']) {
      created.push({ key, uploadId: await create(key, {}, UPLOADS_BUCKET) });
    }
  });

  it('lists every in-progress upload in key order', async () => {
    const res = await t.client.send(new ListMultipartUploadsCommand({ Bucket: UPLOADS_BUCKET }));
    expect(res.Uploads?.map((u) => u.Key)).toEqual(['docs/a.txt', 'docs/b.txt', 'docs/b.txt', 'docs/b.txt', 'docs/c.txt', 'img/x.png']);
    expect(new Set(res.Uploads?.map((u) => u.UploadId))).toEqual(new Set(created.map((c) => c.uploadId)));
    expect(res.IsTruncated).toBe(false);
    expect(res.Uploads?.[0]?.Initiated).toBeInstanceOf(Date);
  });

  it('filters by prefix', async () => {
    const res = await t.client.send(new ListMultipartUploadsCommand({ Bucket: UPLOADS_BUCKET, Prefix: 'img/' }));
    expect(res.Uploads?.map((u) => [u.Key, u.UploadId])).toEqual([['img/x.png', created[5]!.uploadId]]);
    expect(res.Prefix).toBe('img/');
    const none = await t.client.send(new ListMultipartUploadsCommand({ Bucket: UPLOADS_BUCKET, Prefix: 'nothing/' }));
    expect(none.Uploads ?? []).toEqual([]);
  });

  it('paginates with MaxUploads, KeyMarker and UploadIdMarker', async () => {
    const seen: string[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    let pages = 0;
    for (;;) {
      const res = await t.client.send(new ListMultipartUploadsCommand({ Bucket: UPLOADS_BUCKET, Prefix: 'docs/', MaxUploads: 2, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }));
      pages++;
      expect(res.MaxUploads).toBe(2);
      expect((res.Uploads ?? []).length).toBeLessThanOrEqual(2);
      seen.push(...(res.Uploads ?? []).map((u) => u.UploadId!));
      if (!res.IsTruncated) break;
      expect(res.NextKeyMarker).toBeTruthy();
      keyMarker = res.NextKeyMarker;
      uploadIdMarker = res.NextUploadIdMarker;
      expect(pages).toBeLessThan(10);
    }
    expect(pages).toBe(3);
    // The page boundary inside docs/b.txt neither loses nor repeats an upload: pages follow the unpaginated order.
    const unpaginated = await t.client.send(new ListMultipartUploadsCommand({ Bucket: UPLOADS_BUCKET, Prefix: 'docs/' }));
    expect(seen).toEqual(unpaginated.Uploads?.map((u) => u.UploadId));
    expect(new Set(seen)).toEqual(new Set(created.slice(0, 5).map((c) => c.uploadId)));
  });

  it('groups keys with a delimiter into CommonPrefixes', async () => {
    const res = await t.client.send(new ListMultipartUploadsCommand({ Bucket: UPLOADS_BUCKET, Delimiter: '/' }));
    expect(res.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['docs/', 'img/']);
    expect(res.Uploads ?? []).toEqual([]);
  });

  it('an aborted upload disappears from the list', async () => {
    await t.client.send(new AbortMultipartUploadCommand({ Bucket: UPLOADS_BUCKET, Key: 'img/x.png', UploadId: created[5]!.uploadId }));
    const res = await t.client.send(new ListMultipartUploadsCommand({ Bucket: UPLOADS_BUCKET, Prefix: 'img/' }));
    expect(res.Uploads ?? []).toEqual([]);
  });
});

describe('UploadPartCopy', () => {
  const SOURCE = pattern(6 * MiB, 9);

  beforeAll(async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'copy/source.bin', Body: SOURCE }));
  });

  it('copies a whole object and a CopySourceRange into parts', async () => {
    const key = 'copy/assembled.bin';
    const uploadId = await create(key);
    const whole = await t.client.send(new UploadPartCopyCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: 1, CopySource: `${BUCKET}/copy/source.bin` }));
    expect(whole.CopyPartResult?.ETag).toBe(`"${md5Hex(SOURCE)}"`);
    expect(whole.CopyPartResult?.LastModified).toBeInstanceOf(Date);
    const uploaded = await part(key, uploadId, 2, P1);
    const ranged = await t.client.send(new UploadPartCopyCommand({
      Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: 3, CopySource: `${BUCKET}/copy/source.bin`, CopySourceRange: 'bytes=100-1099',
    }));
    const slice = SOURCE.subarray(100, 1100);
    expect(ranged.CopyPartResult?.ETag).toBe(`"${md5Hex(slice)}"`);

    const parts = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    expect(parts.Parts?.map((p) => p.Size)).toEqual([SOURCE.length, P1.length, 1000]);

    const done = await complete(key, uploadId, [
      { PartNumber: 1, ETag: whole.CopyPartResult!.ETag! }, { PartNumber: 2, ETag: uploaded.ETag! }, { PartNumber: 3, ETag: ranged.CopyPartResult!.ETag! },
    ]);
    expect(done.ETag).toBe(multipartEtag([SOURCE, P1, slice]));
    expect((await getBytes(key)).bytes.equals(Buffer.concat([SOURCE, P1, slice]))).toBe(true);
  });

  it('fails for a range outside the source, a missing source key, and an unknown upload', async () => {
    const key = 'copy/failing.bin';
    const uploadId = await create(key);
    const outside = await rejection(t.client.send(new UploadPartCopyCommand({
      Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: 1, CopySource: `${BUCKET}/copy/source.bin`, CopySourceRange: `bytes=0-${SOURCE.length}`,
    })));
    expect(outside.name).toBe('InvalidRange');
    expect(outside.$metadata.httpStatusCode).toBe(416);
    const missing = await rejection(t.client.send(new UploadPartCopyCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: 1, CopySource: `${BUCKET}/copy/missing.bin` })));
    expect(missing.name).toBe('NoSuchKey');
    const noUpload = await rejection(t.client.send(new UploadPartCopyCommand({ Bucket: BUCKET, Key: key, UploadId: 'nope', PartNumber: 1, CopySource: `${BUCKET}/copy/source.bin` })));
    expect(noUpload.name).toBe('NoSuchUpload');
    const parts = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    expect(parts.Parts ?? []).toEqual([]);
    await t.client.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
  });
});

describe('lib-storage Upload', () => {
  it('uploads a ~17 MiB Buffer in parts', async () => {
    const body = pattern(17 * MiB + 4321, 21);
    const upload = new Upload({ client: t.client, params: { Bucket: BUCKET, Key: 'lib/buffer.bin', Body: body, ContentType: 'application/x-buffer' }, partSize: 5 * MiB, queueSize: 4 });
    const progress: number[] = [];
    upload.on('httpUploadProgress', (p) => progress.push(p.loaded ?? 0));
    const res = await upload.done();
    const parts = [0, 1, 2, 3].map((i) => body.subarray(i * 5 * MiB, Math.min(body.length, (i + 1) * 5 * MiB)));
    expect(res.ETag).toBe(multipartEtag(parts));
    expect(Math.max(...progress)).toBe(body.length);
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'lib/buffer.bin' }));
    expect(head.ContentLength).toBe(body.length);
    expect(head.ContentType).toBe('application/x-buffer');
    expect(head.ETag).toBe(multipartEtag(parts));
    const { bytes } = await getBytes('lib/buffer.bin');
    expect(md5Hex(bytes)).toBe(md5Hex(body));
  });

  it('uploads a Readable stream of unknown length', async () => {
    const chunks = Array.from({ length: 12 }, (_, i) => pattern(MiB - 17 * i, 40 + i));
    const all = Buffer.concat(chunks);
    const upload = new Upload({ client: t.client, params: { Bucket: BUCKET, Key: 'lib/stream.bin', Body: Readable.from(chunks) }, partSize: 5 * MiB });
    const res = await upload.done();
    expect(res.ETag).toMatch(/-3"$/);
    const { bytes } = await getBytes('lib/stream.bin');
    expect(bytes.length).toBe(all.length);
    expect(md5Hex(bytes)).toBe(md5Hex(all));
    const parts = [0, 1, 2].map((i) => all.subarray(i * 5 * MiB, Math.min(all.length, (i + 1) * 5 * MiB)));
    expect(res.ETag).toBe(multipartEtag(parts));
  });

  it('uploads a small stream as a single PutObject', async () => {
    const res = await new Upload({ client: t.client, params: { Bucket: BUCKET, Key: 'lib/small.txt', Body: Readable.from([Buffer.from('tiny stream')]) } }).done();
    expect(res.ETag).toBe(`"${md5Hex(Buffer.from('tiny stream'))}"`);
    expect((await getBytes('lib/small.txt')).bytes.toString()).toBe('tiny stream');
  });
});

describe('multipart checksums', () => {
  it('the SDK default CRC32 of each part is verified and echoed', async () => {
    const key = 'sum/default.bin';
    const uploadId = await create(key);
    const body = Buffer.from('a part with the default checksum');
    const res = await part(key, uploadId, 1, body);
    expect(res.ChecksumCRC32).toBe(crc32B64(body));
    // A wrong CRC32 is refused.
    const bad = await rawRequest(t.server.endpoint, {
      method: 'PUT', path: `/${BUCKET}/sum/default.bin`, query: { partNumber: '2', uploadId }, body: 'tampered part', headers: { 'x-amz-checksum-crc32': crc32B64(Buffer.from('other')) },
    });
    expect(bad.status).toBe(400);
    expect(errorCode(bad.body)).toBe('BadDigest');
    const parts = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    expect(parts.Parts?.map((p) => p.PartNumber)).toEqual([1]);
    const done = await complete(key, uploadId, [{ PartNumber: 1, ETag: res.ETag! }]);
    expect(done.ETag).toBe(multipartEtag([body]));
  });

  it('CRC32C: per-part checksums and the composite `-N` checksum from Complete and HeadObject', async () => {
    const key = 'sum/crc32c.bin';
    const created = await t.client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ChecksumAlgorithm: 'CRC32C' }));
    expect(created.ChecksumAlgorithm).toBe('CRC32C');
    const uploadId = created.UploadId!;
    const r1 = await part(key, uploadId, 1, P1, { ChecksumAlgorithm: 'CRC32C' });
    const r2 = await part(key, uploadId, 2, P3, { ChecksumAlgorithm: 'CRC32C' });
    expect(r1.ChecksumCRC32C).toBe(crc32cB64(P1));
    expect(r2.ChecksumCRC32C).toBe(crc32cB64(P3));
    const listed = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    expect(listed.ChecksumAlgorithm).toBe('CRC32C');
    expect(listed.Parts?.map((p) => p.ChecksumCRC32C)).toEqual([r1.ChecksumCRC32C, r2.ChecksumCRC32C]);

    const composite = `${crc32cB64(Buffer.concat([crc32cRaw(P1), crc32cRaw(P3)]))}-2`;
    const done = await complete(key, uploadId, [
      { PartNumber: 1, ETag: r1.ETag!, ChecksumCRC32C: r1.ChecksumCRC32C! }, { PartNumber: 2, ETag: r2.ETag!, ChecksumCRC32C: r2.ChecksumCRC32C! },
    ]);
    expect(done.ChecksumCRC32C).toBe(composite);
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumCRC32C).toBe(composite);
    expect(head.ChecksumType).toBe('COMPOSITE');
    const { bytes } = await getBytes(key, { ChecksumMode: 'ENABLED' });
    expect(bytes.equals(Buffer.concat([P1, P3]))).toBe(true);
  });

  it('SHA256: per-part checksums and the composite checksum; a wrong part checksum in Complete is refused', async () => {
    const key = 'sum/sha256.bin';
    const created = await t.client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ChecksumAlgorithm: 'SHA256' }));
    const uploadId = created.UploadId!;
    const r1 = await part(key, uploadId, 1, P1, { ChecksumAlgorithm: 'SHA256' });
    const r2 = await part(key, uploadId, 2, P2, { ChecksumAlgorithm: 'SHA256' });
    const r3 = await part(key, uploadId, 3, P3, { ChecksumAlgorithm: 'SHA256' });
    expect([r1.ChecksumSHA256, r2.ChecksumSHA256, r3.ChecksumSHA256]).toEqual([sha256B64(P1), sha256B64(P2), sha256B64(P3)]);

    const wrong = await rejection(complete(key, uploadId, [
      { PartNumber: 1, ETag: r1.ETag!, ChecksumSHA256: r1.ChecksumSHA256! }, { PartNumber: 2, ETag: r2.ETag!, ChecksumSHA256: r3.ChecksumSHA256! },
    ]));
    expect(wrong.name).toBe('InvalidPart');

    const composite = `${createHash('sha256').update(Buffer.concat([P1, P2, P3].map((p) => createHash('sha256').update(p).digest()))).digest('base64')}-3`;
    const done = await complete(key, uploadId, [
      { PartNumber: 1, ETag: r1.ETag!, ChecksumSHA256: r1.ChecksumSHA256! },
      { PartNumber: 2, ETag: r2.ETag!, ChecksumSHA256: r2.ChecksumSHA256! },
      { PartNumber: 3, ETag: r3.ETag!, ChecksumSHA256: r3.ChecksumSHA256! },
    ]);
    expect(done.ChecksumSHA256).toBe(composite);
    expect(done.ETag).toBe(multipartEtag([P1, P2, P3]));
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumSHA256).toBe(composite);
    // Without ChecksumMode the checksum is not returned.
    const plain = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(plain.ChecksumSHA256).toBeUndefined();
  });
});
