import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readlink } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  UploadPartCopyCommand,
  type CompletedPart,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-s3.js';

let t: TestServer;
const BUCKET = 'multipart';
const LISTING_BUCKET = 'multipart-listing';
const MiB = 1024 * 1024;

const md5 = (data: Buffer) => createHash('md5').update(data).digest();
const quotedMd5 = (data: Buffer) => `"${md5(data).toString('hex')}"`;
/** S3's multipart ETag, computed here from the part bytes: MD5 of the binary part MD5s, then `-N`. */
const multipartEtag = (parts: Buffer[]) =>
  `"${createHash('md5')
    .update(Buffer.concat(parts.map(md5)))
    .digest('hex')}-${parts.length}"`;
const sha256B64 = (data: Buffer) => createHash('sha256').update(data).digest('base64');
const be32 = (n: number) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(n >>> 0);
  return out;
};
const crc32B64 = (data: Buffer) => be32(crc32(data)).toString('base64');

/** CRC-32C (Castagnoli, reflected 0x82F63B78), written out here so the test does not share the server's code. */
const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();
function crc32c(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = CRC32C_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
const crc32cB64 = (data: Buffer) => be32(crc32c(data)).toString('base64');
/** S3's composite checksum: the checksum of the concatenated binary part checksums, then `-N`. */
const composite = (digest: (data: Buffer) => string, partChecksums: string[]) =>
  `${digest(Buffer.concat(partChecksums.map((c) => Buffer.from(c, 'base64'))))}-${partChecksums.length}`;

/** Rejects with an S3 error of this name and HTTP status. */
async function expectS3Error(promise: Promise<unknown>, name: string, status: number): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e as { name?: string; $metadata?: { httpStatusCode?: number } },
  );
  expect(err, `expected ${name}, but the request succeeded`).toBeDefined();
  expect({ name: err!.name, status: err!.$metadata?.httpStatusCode }).toEqual({ name, status });
}

async function createUpload(
  key: string,
  extra: Partial<ConstructorParameters<typeof CreateMultipartUploadCommand>[0]> = {},
  bucket = BUCKET,
): Promise<string> {
  const res = await t.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ...extra }));
  expect(res.Bucket).toBe(bucket);
  expect(res.Key).toBe(key);
  expect(res.UploadId).toMatch(/\S/);
  return res.UploadId!;
}

async function uploadPart(
  key: string,
  uploadId: string,
  partNumber: number,
  body: Buffer,
  extra: Partial<ConstructorParameters<typeof UploadPartCommand>[0]> = {},
) {
  return t.client.send(
    new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: partNumber, Body: body, ...extra }),
  );
}

async function uploadParts(key: string, uploadId: string, bodies: Buffer[]): Promise<CompletedPart[]> {
  const parts: CompletedPart[] = [];
  for (const [i, body] of bodies.entries()) {
    const res = await uploadPart(key, uploadId, i + 1, body);
    expect(res.ETag).toBe(quotedMd5(body));
    parts.push({ PartNumber: i + 1, ETag: res.ETag! });
  }
  return parts;
}

function complete(key: string, uploadId: string, parts: CompletedPart[] | undefined) {
  return t.client.send(
    new CompleteMultipartUploadCommand({
      Bucket: BUCKET,
      Key: key,
      UploadId: uploadId,
      ...(parts ? { MultipartUpload: { Parts: parts } } : {}),
    }),
  );
}

async function getBytes(key: string, extra: Partial<ConstructorParameters<typeof GetObjectCommand>[0]> = {}, bucket = BUCKET) {
  const res = await t.client.send(new GetObjectCommand({ Bucket: bucket, Key: key, ...extra }));
  return { res, bytes: Buffer.from(await res.Body!.transformToByteArray()) };
}

// Shared part bodies: two full-size parts and a short last part.
const P1 = randomBytes(5 * MiB);
const P2 = randomBytes(5 * MiB + 123);
const P3 = randomBytes(1000);

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await t.client.send(new CreateBucketCommand({ Bucket: LISTING_BUCKET }));
});
afterAll(async () => {
  await t?.stop();
});

describe('a complete multipart upload', () => {
  const key = 'complete/three parts.bin';
  let etag: string;

  beforeAll(async () => {
    const uploadId = await createUpload(key, {
      ContentType: 'application/x-pail-test',
      Metadata: { origin: 'multipart', 'Mixed-Case': 'Kept' },
      CacheControl: 'max-age=42',
      ContentDisposition: 'attachment; filename="three.bin"',
    });
    const parts = await uploadParts(key, uploadId, [P1, P2, P3]);
    const res = await complete(key, uploadId, parts);
    expect(res.Bucket).toBe(BUCKET);
    expect(res.Key).toBe(key);
    expect(res.Location).toMatch(/\/multipart\/complete\/three%20parts\.bin$/);
    etag = res.ETag!;
  });

  it('has the ETag MD5-of-MD5s with the part count', () => {
    expect(etag).toBe(multipartEtag([P1, P2, P3]));
  });

  it('serves the concatenated parts', async () => {
    const { res, bytes } = await getBytes(key);
    expect(bytes.equals(Buffer.concat([P1, P2, P3]))).toBe(true);
    expect(res.ETag).toBe(etag);
    expect(res.ContentLength).toBe(P1.length + P2.length + P3.length);
  });

  it('keeps the metadata given at CreateMultipartUpload', async () => {
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    expect(head.ContentType).toBe('application/x-pail-test');
    expect(head.Metadata).toEqual({ origin: 'multipart', 'mixed-case': 'Kept' });
    expect(head.CacheControl).toBe('max-age=42');
    expect(head.ContentDisposition).toBe('attachment; filename="three.bin"');
    expect(head.ETag).toBe(etag);
    expect(head.ContentLength).toBe(P1.length + P2.length + P3.length);
  });

  it('serves each part with GetObject PartNumber', async () => {
    const total = P1.length + P2.length + P3.length;
    let offset = 0;
    for (const [i, body] of [P1, P2, P3].entries()) {
      const { res, bytes } = await getBytes(key, { PartNumber: i + 1 });
      expect(res.$metadata.httpStatusCode).toBe(206);
      expect(bytes.equals(body)).toBe(true);
      expect(res.PartsCount).toBe(3);
      expect(res.ContentLength).toBe(body.length);
      expect(res.ContentRange).toBe(`bytes ${offset}-${offset + body.length - 1}/${total}`);
      expect(res.ETag).toBe(etag);
      offset += body.length;
    }
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, PartNumber: 2 }));
    expect(head.ContentLength).toBe(P2.length);
    expect(head.PartsCount).toBe(3);
  });

  it('serves any Range byte-exactly: inside one part, across parts, to the end, a suffix', async () => {
    const whole = Buffer.concat([P1, P2, P3]);
    const total = whole.length;
    const cases: [string, number, number][] = [
      ['inside the middle part', P1.length + 10, P1.length + P2.length - 10],
      ['exactly the first part', 0, P1.length - 1],
      ['across the first two parts', P1.length - 100_000, P1.length + 100_000],
      ['ending on the first byte of the next part', P1.length - 10, P1.length],
      ['from the last byte of a part into the next', P1.length - 1, P1.length + P2.length],
      ['across all three', 1, total - 2],
      ['from the middle to the end', P1.length + 5, total - 1],
    ];
    for (const [what, start, end] of cases) {
      const { res, bytes } = await getBytes(key, { Range: `bytes=${start}-${end}` });
      expect(res.ContentRange, what).toBe(`bytes ${start}-${end}/${total}`);
      expect(bytes.equals(whole.subarray(start, end + 1)), what).toBe(true);
    }
    const suffix = await getBytes(key, { Range: 'bytes=-70000' });
    expect(suffix.bytes.equals(whole.subarray(total - 70_000))).toBe(true);
  });

  it('treats a single-part object as part 1 of 1', async () => {
    const body = Buffer.from('a plain PutObject');
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'complete/plain', Body: body }));
    expect((await getBytes('complete/plain', { PartNumber: 1 })).bytes.equals(body)).toBe(true);
    await expectS3Error(getBytes('complete/plain', { PartNumber: 2 }), 'InvalidPartNumber', 416);
  });

  it('refuses PartNumber together with a Range', async () => {
    await expectS3Error(getBytes(key, { PartNumber: 1, Range: 'bytes=0-9' }), 'InvalidRequest', 400);
  });

  it('refuses a part number past the last part', async () => {
    await expectS3Error(getBytes(key, { PartNumber: 4 }), 'InvalidPartNumber', 416);
  });

  it('forgets the upload once completed', async () => {
    const list = await t.client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: key }));
    expect(list.Uploads ?? []).toEqual([]);
  });
});

describe('CompleteMultipartUpload failures', () => {
  it('InvalidPartOrder when parts are not ascending, and the upload survives', async () => {
    const key = 'fail/order';
    const uploadId = await createUpload(key);
    const parts = await uploadParts(key, uploadId, [P1, P3]);
    await expectS3Error(complete(key, uploadId, [parts[1]!, parts[0]!]), 'InvalidPartOrder', 400);
    await expectS3Error(complete(key, uploadId, [parts[0]!, parts[0]!]), 'InvalidPartOrder', 400);
    // A failed completion leaves the upload in place: it can still be completed correctly.
    const res = await complete(key, uploadId, parts);
    expect(res.ETag).toBe(multipartEtag([P1, P3]));
  });

  it('InvalidPart for a part that was never uploaded', async () => {
    const key = 'fail/unknown-part';
    const uploadId = await createUpload(key);
    const parts = await uploadParts(key, uploadId, [P3]);
    await expectS3Error(complete(key, uploadId, [...parts, { PartNumber: 2, ETag: quotedMd5(P3) }]), 'InvalidPart', 400);
    await expectS3Error(t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key })), 'NotFound', 404);
  });

  it('InvalidPart for a wrong ETag', async () => {
    const key = 'fail/wrong-etag';
    const uploadId = await createUpload(key);
    await uploadParts(key, uploadId, [P3]);
    await expectS3Error(complete(key, uploadId, [{ PartNumber: 1, ETag: quotedMd5(P1) }]), 'InvalidPart', 400);
  });

  it('EntityTooSmall when a part other than the last is under 5 MiB', async () => {
    const key = 'fail/too-small';
    const uploadId = await createUpload(key);
    const small = Buffer.alloc(5 * MiB - 1, 7);
    const parts = await uploadParts(key, uploadId, [small, P3]);
    await expectS3Error(complete(key, uploadId, parts), 'EntityTooSmall', 400);
    // A lone small part is fine: only the last part may be small.
    const res = await complete(key, uploadId, [parts[1]!]);
    expect(res.ETag).toBe(multipartEtag([P3]));
    expect((await getBytes(key)).bytes.equals(P3)).toBe(true);
  });

  it('accepts part ETags written without quotes', async () => {
    const key = 'fail/unquoted-etag';
    const uploadId = await createUpload(key);
    const parts = await uploadParts(key, uploadId, [P3]);
    const res = await complete(
      key,
      uploadId,
      parts.map((p) => ({ ...p, ETag: p.ETag!.replace(/"/g, '') })),
    );
    expect(res.ETag).toBe(multipartEtag([P3]));
  });

  it('MalformedXML for an empty part list', async () => {
    const key = 'fail/empty-list';
    const uploadId = await createUpload(key);
    await uploadParts(key, uploadId, [P3]);
    await expectS3Error(complete(key, uploadId, []), 'MalformedXML', 400);
    await expectS3Error(complete(key, uploadId, undefined), 'MalformedXML', 400);
  });

  it('NoSuchUpload for an unknown upload id, or an upload id of another key', async () => {
    const uploadId = await createUpload('fail/owner-key');
    await expectS3Error(complete('fail/owner-key', 'no-such-upload-id', [{ PartNumber: 1, ETag: quotedMd5(P3) }]), 'NoSuchUpload', 404);
    await expectS3Error(complete('fail/other-key', uploadId, [{ PartNumber: 1, ETag: quotedMd5(P3) }]), 'NoSuchUpload', 404);
    await expectS3Error(uploadPart('fail/other-key', uploadId, 1, P3), 'NoSuchUpload', 404);
  });
});

describe('completing a subset of the parts', () => {
  it('keeps only the listed parts', async () => {
    const key = 'subset/object';
    const uploadId = await createUpload(key);
    const parts = await uploadParts(key, uploadId, [P1, P2, P3]);
    const res = await complete(key, uploadId, [parts[0]!, parts[2]!]);
    expect(res.ETag).toBe(multipartEtag([P1, P3]));
    const { res: got, bytes } = await getBytes(key);
    expect(bytes.equals(Buffer.concat([P1, P3]))).toBe(true);
    expect(got.ContentLength).toBe(P1.length + P3.length);
    // Part 2 is gone with the upload: GetObject's part 2 is what was listed second.
    const part2 = await getBytes(key, { PartNumber: 2 });
    expect(part2.bytes.equals(P3)).toBe(true);
    expect(part2.res.PartsCount).toBe(2);
    await expectS3Error(t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId })), 'NoSuchUpload', 404);
  });
});

describe('AbortMultipartUpload', () => {
  it('removes the upload: later UploadPart, ListParts, Complete and Abort say NoSuchUpload', async () => {
    const key = 'abort/me';
    const uploadId = await createUpload(key);
    const parts = await uploadParts(key, uploadId, [P3]);
    const abort = await t.client.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    expect(abort.$metadata.httpStatusCode).toBe(204);
    await expectS3Error(uploadPart(key, uploadId, 2, P3), 'NoSuchUpload', 404);
    await expectS3Error(t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId })), 'NoSuchUpload', 404);
    await expectS3Error(complete(key, uploadId, parts), 'NoSuchUpload', 404);
    await expectS3Error(
      t.client.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId })),
      'NoSuchUpload',
      404,
    );
    const list = await t.client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET, Prefix: 'abort/' }));
    expect(list.Uploads ?? []).toEqual([]);
    await expectS3Error(t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key })), 'NotFound', 404);
  });
});

describe('UploadPart', () => {
  it('replaces a part uploaded again under the same number', async () => {
    const key = 'reupload/part';
    const uploadId = await createUpload(key);
    const first = await uploadPart(key, uploadId, 1, Buffer.from('first version of part one'));
    const second = await uploadPart(key, uploadId, 1, Buffer.from('second'));
    expect(second.ETag).toBe(quotedMd5(Buffer.from('second')));
    const listed = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    expect(listed.Parts?.map((p) => ({ n: p.PartNumber, etag: p.ETag, size: p.Size }))).toEqual([{ n: 1, etag: second.ETag, size: 6 }]);
    await expectS3Error(complete(key, uploadId, [{ PartNumber: 1, ETag: first.ETag! }]), 'InvalidPart', 400);
    await complete(key, uploadId, [{ PartNumber: 1, ETag: second.ETag! }]);
    expect((await getBytes(key)).bytes.toString()).toBe('second');
  });

  it('BadDigest when the part does not match its Content-MD5', async () => {
    const key = 'reupload/md5';
    const uploadId = await createUpload(key);
    await expectS3Error(uploadPart(key, uploadId, 1, P3, { ContentMD5: md5(Buffer.from('other')).toString('base64') }), 'BadDigest', 400);
    const ok = await uploadPart(key, uploadId, 1, P3, { ContentMD5: md5(P3).toString('base64') });
    expect(ok.ETag).toBe(quotedMd5(P3));
    const listed = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    expect(listed.Parts?.map((p) => p.ETag)).toEqual([quotedMd5(P3)]);
  });

  it('refuses part numbers outside 1–10000', async () => {
    const key = 'reupload/numbers';
    const uploadId = await createUpload(key);
    await expectS3Error(uploadPart(key, uploadId, 0, P3), 'InvalidArgument', 400);
    await expectS3Error(uploadPart(key, uploadId, 10001, P3), 'InvalidArgument', 400);
    const ok = await uploadPart(key, uploadId, 10000, P3);
    expect(ok.ETag).toBe(quotedMd5(P3));
  });

  it('NoSuchUpload for an unknown upload id; NoSuchBucket for an unknown bucket', async () => {
    await expectS3Error(uploadPart('x', 'not-an-upload', 1, P3), 'NoSuchUpload', 404);
    await expectS3Error(t.client.send(new CreateMultipartUploadCommand({ Bucket: 'no-such-bucket-mp', Key: 'x' })), 'NoSuchBucket', 404);
  });
});

describe('concurrent parts', () => {
  /** File descriptors of this process (the server runs in it) open on an upload's parts journal. */
  const journalHandles = async (uploadId: string) => {
    const fds = await readdir('/proc/self/fd');
    const targets = await Promise.all(fds.map((fd) => readlink(`/proc/self/fd/${fd}`).catch(() => '')));
    return targets.filter((target) => target.includes(uploadId)).length;
  };

  it.skipIf(!existsSync('/proc/self/fd'))('share one journal handle per upload, closed when the upload completes', async () => {
    const key = 'concurrent/parts';
    const uploadId = await createUpload(key);
    const bodies = Array.from({ length: 8 }, (_, i) => Buffer.from(`concurrent part ${i + 1}`));
    const results = await Promise.all(bodies.map((body, i) => uploadPart(key, uploadId, i + 1, body)));
    expect(await journalHandles(uploadId)).toBe(1);
    await complete(key, uploadId, results.map((r, i) => ({ PartNumber: i + 1, ETag: r.ETag! })).slice(-1));
    expect(await journalHandles(uploadId)).toBe(0);
    expect((await getBytes(key)).bytes.equals(bodies[7]!)).toBe(true);
  });
});

describe('ListParts', () => {
  const key = 'list-parts/object';
  let uploadId: string;
  const bodies = new Map<number, Buffer>([1, 2, 3, 5, 8].map((n) => [n, Buffer.from(`part ${n} `.repeat(n))]));

  beforeAll(async () => {
    uploadId = await createUpload(key, { StorageClass: 'STANDARD_IA' });
    // Out of order on purpose: the listing is by part number.
    for (const n of [5, 1, 8, 3, 2]) await uploadPart(key, uploadId, n, bodies.get(n)!);
  });

  it('lists every part with number, ETag and size', async () => {
    const res = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    expect(res.Bucket).toBe(BUCKET);
    expect(res.Key).toBe(key);
    expect(res.UploadId).toBe(uploadId);
    expect(res.StorageClass).toBe('STANDARD_IA');
    expect(res.IsTruncated).toBe(false);
    expect(res.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size])).toEqual(
      [1, 2, 3, 5, 8].map((n) => [n, quotedMd5(bodies.get(n)!), bodies.get(n)!.length]),
    );
    for (const p of res.Parts!) expect(p.LastModified).toBeInstanceOf(Date);
  });

  it('paginates with MaxParts and PartNumberMarker', async () => {
    const pages: number[][] = [];
    let marker: string | undefined;
    for (let i = 0; i < 5; i++) {
      const res = await t.client.send(
        new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, MaxParts: 2, PartNumberMarker: marker }),
      );
      expect(res.MaxParts).toBe(2);
      pages.push(res.Parts?.map((p) => p.PartNumber!) ?? []);
      if (!res.IsTruncated) break;
      expect(res.NextPartNumberMarker).toBe(String(pages[pages.length - 1]!.at(-1)));
      marker = res.NextPartNumberMarker;
    }
    expect(pages).toEqual([[1, 2], [3, 5], [8]]);
  });

  it('starts after a marker that is not itself a part', async () => {
    const res = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumberMarker: '4' }));
    expect(res.Parts?.map((p) => p.PartNumber)).toEqual([5, 8]);
    expect(res.IsTruncated).toBe(false);
  });
});

describe('ListMultipartUploads', () => {
  const ids = new Map<string, string[]>();

  beforeAll(async () => {
    for (const key of ['docs/a.txt', 'docs/b.txt', 'docs/b.txt', 'docs/sub/c.txt', 'images/d.png', 'top.txt']) {
      const id = await createUpload(key, {}, LISTING_BUCKET);
      ids.set(key, [...(ids.get(key) ?? []), id]);
    }
  });

  it('lists every upload by key, then initiation', async () => {
    const res = await t.client.send(new ListMultipartUploadsCommand({ Bucket: LISTING_BUCKET }));
    expect(res.IsTruncated).toBe(false);
    expect(res.Uploads?.map((u) => [u.Key, u.UploadId])).toEqual([
      ['docs/a.txt', ids.get('docs/a.txt')![0]],
      ['docs/b.txt', ids.get('docs/b.txt')![0]],
      ['docs/b.txt', ids.get('docs/b.txt')![1]],
      ['docs/sub/c.txt', ids.get('docs/sub/c.txt')![0]],
      ['images/d.png', ids.get('images/d.png')![0]],
      ['top.txt', ids.get('top.txt')![0]],
    ]);
    for (const u of res.Uploads!) expect(u.Initiated).toBeInstanceOf(Date);
  });

  it('filters by prefix', async () => {
    const res = await t.client.send(new ListMultipartUploadsCommand({ Bucket: LISTING_BUCKET, Prefix: 'docs/' }));
    expect(res.Prefix).toBe('docs/');
    expect(res.Uploads?.map((u) => u.Key)).toEqual(['docs/a.txt', 'docs/b.txt', 'docs/b.txt', 'docs/sub/c.txt']);
    const none = await t.client.send(new ListMultipartUploadsCommand({ Bucket: LISTING_BUCKET, Prefix: 'nothing/' }));
    expect(none.Uploads ?? []).toEqual([]);
  });

  it('rolls keys up into CommonPrefixes with a delimiter', async () => {
    const res = await t.client.send(new ListMultipartUploadsCommand({ Bucket: LISTING_BUCKET, Delimiter: '/' }));
    expect(res.Uploads?.map((u) => u.Key)).toEqual(['top.txt']);
    expect(res.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['docs/', 'images/']);
    const inner = await t.client.send(new ListMultipartUploadsCommand({ Bucket: LISTING_BUCKET, Delimiter: '/', Prefix: 'docs/' }));
    expect(inner.Uploads?.map((u) => u.Key)).toEqual(['docs/a.txt', 'docs/b.txt', 'docs/b.txt']);
    expect(inner.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['docs/sub/']);
  });

  it('paginates with MaxUploads, KeyMarker and UploadIdMarker, splitting two uploads of one key', async () => {
    const seen: [string, string][] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    let pages = 0;
    for (; pages < 10; pages++) {
      const res = await t.client.send(
        new ListMultipartUploadsCommand({ Bucket: LISTING_BUCKET, MaxUploads: 2, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
      );
      expect(res.MaxUploads).toBe(2);
      expect(res.Uploads!.length).toBeLessThanOrEqual(2);
      seen.push(...res.Uploads!.map((u) => [u.Key!, u.UploadId!] as [string, string]));
      if (!res.IsTruncated) break;
      expect(res.NextKeyMarker).toBe(seen.at(-1)![0]);
      expect(res.NextUploadIdMarker).toBe(seen.at(-1)![1]);
      keyMarker = res.NextKeyMarker;
      uploadIdMarker = res.NextUploadIdMarker;
    }
    expect(pages).toBe(2); // 6 uploads, 2 per page: the third page is the last
    const all = await t.client.send(new ListMultipartUploadsCommand({ Bucket: LISTING_BUCKET }));
    expect(seen).toEqual(all.Uploads!.map((u) => [u.Key, u.UploadId]));
  });

  it('paginates with a delimiter: a common prefix is reported once and the next page starts after it', async () => {
    for (const [prefix, expected] of [
      [
        '',
        [
          ['prefix', 'docs/'],
          ['prefix', 'images/'],
          ['upload', 'top.txt'],
        ],
      ],
      [
        'docs/',
        [
          ['upload', 'docs/a.txt'],
          ['upload', 'docs/b.txt'],
          ['upload', 'docs/b.txt'],
          ['prefix', 'docs/sub/'],
        ],
      ],
    ] as const) {
      const seen: [string, string][] = [];
      let keyMarker: string | undefined;
      let uploadIdMarker: string | undefined;
      for (let page = 0; page < 10; page++) {
        const res = await t.client.send(
          new ListMultipartUploadsCommand({
            Bucket: LISTING_BUCKET,
            Prefix: prefix,
            Delimiter: '/',
            MaxUploads: 1,
            KeyMarker: keyMarker,
            UploadIdMarker: uploadIdMarker,
          }),
        );
        const items = [
          ...(res.Uploads ?? []).map((u) => ['upload', u.Key!] as [string, string]),
          ...(res.CommonPrefixes ?? []).map((p) => ['prefix', p.Prefix!] as [string, string]),
        ];
        expect(items.length).toBe(1);
        seen.push(...items);
        if (!res.IsTruncated) break;
        expect(res.NextKeyMarker).toBe(items[0]![1]);
        keyMarker = res.NextKeyMarker;
        uploadIdMarker = res.NextUploadIdMarker;
      }
      expect(seen).toEqual(expected);
    }
  });

  it('a KeyMarker alone starts after every upload of that key', async () => {
    const res = await t.client.send(new ListMultipartUploadsCommand({ Bucket: LISTING_BUCKET, KeyMarker: 'docs/b.txt' }));
    expect(res.Uploads?.map((u) => u.Key)).toEqual(['docs/sub/c.txt', 'images/d.png', 'top.txt']);
  });
});

describe('UploadPartCopy', () => {
  const source = Buffer.concat([randomBytes(5 * MiB), Buffer.from('0123456789abcdefghij')]);
  const sourceKey = 'copy-source/big.bin';

  beforeAll(async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: sourceKey, Body: source }));
  });

  it('builds parts from a whole object and from a byte range', async () => {
    const key = 'part-copy/target';
    const uploadId = await createUpload(key);
    const whole = await t.client.send(
      new UploadPartCopyCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId, PartNumber: 1, CopySource: `${BUCKET}/${sourceKey}` }),
    );
    expect(whole.CopyPartResult?.ETag).toBe(quotedMd5(source));
    expect(whole.CopyPartResult?.LastModified).toBeInstanceOf(Date);
    const start = source.length - 20;
    const ranged = await t.client.send(
      new UploadPartCopyCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId: uploadId,
        PartNumber: 2,
        CopySource: `${BUCKET}/${sourceKey}`,
        CopySourceRange: `bytes=${start}-${start + 9}`,
      }),
    );
    const slice = source.subarray(start, start + 10);
    expect(slice.toString()).toBe('0123456789');
    expect(ranged.CopyPartResult?.ETag).toBe(quotedMd5(slice));
    const listed = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    expect(listed.Parts?.map((p) => p.Size)).toEqual([source.length, 10]);
    const res = await complete(key, uploadId, [
      { PartNumber: 1, ETag: whole.CopyPartResult!.ETag! },
      { PartNumber: 2, ETag: ranged.CopyPartResult!.ETag! },
    ]);
    expect(res.ETag).toBe(multipartEtag([source, slice]));
    expect((await getBytes(key)).bytes.equals(Buffer.concat([source, slice]))).toBe(true);
  });

  it('mixes copied and uploaded parts, and copies from a multipart source', async () => {
    const key = 'part-copy/mixed';
    const uploadId = await createUpload(key);
    const copied = await t.client.send(
      new UploadPartCopyCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId: uploadId,
        PartNumber: 1,
        CopySource: `${BUCKET}/complete/three%20parts.bin`,
        CopySourceRange: `bytes=0-${5 * MiB}`,
      }),
    );
    const expected1 = Buffer.concat([P1, P2]).subarray(0, 5 * MiB + 1);
    expect(copied.CopyPartResult?.ETag).toBe(quotedMd5(expected1));
    const uploaded = await uploadPart(key, uploadId, 2, P3);
    await complete(key, uploadId, [
      { PartNumber: 1, ETag: copied.CopyPartResult!.ETag! },
      { PartNumber: 2, ETag: uploaded.ETag! },
    ]);
    expect((await getBytes(key)).bytes.equals(Buffer.concat([expected1, P3]))).toBe(true);
  });

  it('InvalidRange for a range past the end; InvalidArgument for a malformed range', async () => {
    const key = 'part-copy/bad-range';
    const uploadId = await createUpload(key);
    const send = (range: string) =>
      t.client.send(
        new UploadPartCopyCommand({
          Bucket: BUCKET,
          Key: key,
          UploadId: uploadId,
          PartNumber: 1,
          CopySource: `${BUCKET}/${sourceKey}`,
          CopySourceRange: range,
        }),
      );
    await expectS3Error(send(`bytes=0-${source.length}`), 'InvalidRange', 416);
    await expectS3Error(send('bytes=10-5'), 'InvalidRange', 416);
    await expectS3Error(send('bytes=5-'), 'InvalidArgument', 400);
    const listed = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    expect(listed.Parts ?? []).toEqual([]);
  });

  it('NoSuchKey, NoSuchBucket and NoSuchUpload', async () => {
    const key = 'part-copy/missing';
    const uploadId = await createUpload(key);
    const send = (copySource: string, id = uploadId) =>
      t.client.send(new UploadPartCopyCommand({ Bucket: BUCKET, Key: key, UploadId: id, PartNumber: 1, CopySource: copySource }));
    await expectS3Error(send(`${BUCKET}/no/such/key`), 'NoSuchKey', 404);
    await expectS3Error(send('no-such-source-bucket/key'), 'NoSuchBucket', 404);
    await expectS3Error(send(`${BUCKET}/${sourceKey}`, 'no-such-upload'), 'NoSuchUpload', 404);
  });

  it('honours x-amz-copy-source-if-match', async () => {
    const key = 'part-copy/conditional';
    const uploadId = await createUpload(key);
    await expectS3Error(
      t.client.send(
        new UploadPartCopyCommand({
          Bucket: BUCKET,
          Key: key,
          UploadId: uploadId,
          PartNumber: 1,
          CopySource: `${BUCKET}/${sourceKey}`,
          CopySourceIfMatch: '"0123456789abcdef0123456789abcdef"',
        }),
      ),
      'PreconditionFailed',
      412,
    );
    const ok = await t.client.send(
      new UploadPartCopyCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId: uploadId,
        PartNumber: 1,
        CopySource: `${BUCKET}/${sourceKey}`,
        CopySourceIfMatch: quotedMd5(source),
      }),
    );
    expect(ok.CopyPartResult?.ETag).toBe(quotedMd5(source));
  });
});

describe('lib-storage Upload', () => {
  it('uploads a ~17 MiB Buffer in 5 MiB parts', async () => {
    const body = randomBytes(17 * MiB + 321);
    const key = 'lib-storage/buffer.bin';
    const upload = new Upload({
      client: t.client,
      params: { Bucket: BUCKET, Key: key, Body: body, ContentType: 'application/zip', Metadata: { via: 'lib-storage' } },
      partSize: 5 * MiB,
      queueSize: 4,
    });
    const parts: number[] = [];
    upload.on('httpUploadProgress', (p) => {
      if (p.part !== undefined) parts.push(p.part);
    });
    const res = await upload.done();
    const chunks = [0, 1, 2, 3].map((i) => body.subarray(i * 5 * MiB, (i + 1) * 5 * MiB));
    expect(res.ETag).toBe(multipartEtag(chunks));
    expect(new Set(parts)).toEqual(new Set([1, 2, 3, 4]));
    const { res: got, bytes } = await getBytes(key);
    expect(bytes.equals(body)).toBe(true);
    expect(got.ContentType).toBe('application/zip');
    expect(got.Metadata).toEqual({ via: 'lib-storage' });
    // lib-storage asks for CRC32 at CreateMultipartUpload: the object has S3's composite CRC32.
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumCRC32).toBe(composite(crc32B64, chunks.map(crc32B64)));
    expect(head.ChecksumType).toBe('COMPOSITE');
  });

  it('uploads a stream of unknown length', async () => {
    const blocks = Array.from({ length: 45 }, () => randomBytes(256 * 1024)); // 11.25 MiB in 256 KiB blocks
    const body = Buffer.concat(blocks);
    const key = 'lib-storage/stream.bin';
    const upload = new Upload({ client: t.client, params: { Bucket: BUCKET, Key: key, Body: Readable.from(blocks) }, partSize: 5 * MiB });
    const res = await upload.done();
    const chunks = [0, 1, 2].map((i) => body.subarray(i * 5 * MiB, (i + 1) * 5 * MiB));
    expect(res.ETag).toBe(multipartEtag(chunks));
    expect((await getBytes(key)).bytes.equals(body)).toBe(true);
  });

  it('rejects with NoSuchBucket when the bucket is missing', async () => {
    const upload = new Upload({
      client: t.client,
      params: { Bucket: 'no-such-bucket-lib-storage', Key: 'x', Body: Buffer.alloc(11 * MiB) },
      partSize: 5 * MiB,
    });
    await expectS3Error(upload.done(), 'NoSuchBucket', 404);
  });

  it('uses a single PutObject for a small stream', async () => {
    const key = 'lib-storage/small.txt';
    const res = await new Upload({
      client: t.client,
      params: { Bucket: BUCKET, Key: key, Body: Readable.from([Buffer.from('tiny '), Buffer.from('stream')]) },
    }).done();
    expect(res.ETag).toBe(quotedMd5(Buffer.from('tiny stream')));
    expect((await getBytes(key)).bytes.toString()).toBe('tiny stream');
  });
});

describe('checksums', () => {
  it("verifies and echoes the SDK's default CRC32 on each part", async () => {
    const key = 'checksums/default';
    const uploadId = await createUpload(key);
    const res = await uploadPart(key, uploadId, 1, P3);
    expect(res.ChecksumCRC32).toBe(crc32B64(P3));
    await complete(key, uploadId, [{ PartNumber: 1, ETag: res.ETag!, ChecksumCRC32: res.ChecksumCRC32! }]);
    expect((await getBytes(key)).bytes.equals(P3)).toBe(true);
  });

  it('BadDigest when a part does not match the checksum sent with it', async () => {
    const key = 'checksums/bad';
    const uploadId = await createUpload(key);
    await expectS3Error(uploadPart(key, uploadId, 1, P3, { ChecksumCRC32: crc32B64(Buffer.from('something else')) }), 'BadDigest', 400);
    const listed = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    expect(listed.Parts ?? []).toEqual([]);
  });

  it("InvalidRequest when a part carries another algorithm than the upload's", async () => {
    const key = 'checksums/mismatch';
    const { UploadId: uploadId } = await t.client.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ChecksumAlgorithm: 'CRC32C' }),
    );
    // The SDK's default for UploadPart is CRC32, not the CRC32C the upload was created with.
    await expectS3Error(uploadPart(key, uploadId!, 1, P3), 'InvalidRequest', 400);
    await expectS3Error(uploadPart(key, uploadId!, 1, P3, { ChecksumAlgorithm: 'SHA256' }), 'InvalidRequest', 400);
    const listed = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    expect(listed.Parts ?? []).toEqual([]);
    const ok = await uploadPart(key, uploadId!, 1, P3, { ChecksumAlgorithm: 'CRC32C' });
    expect(ok.ChecksumCRC32C).toBe(crc32cB64(P3));
  });

  it("computes the upload's checksum for a part made by UploadPartCopy", async () => {
    const key = 'checksums/part-copy';
    const sourceKey = 'checksums/part-copy-source';
    const source = Buffer.from('bytes copied into a part, checksummed by the server');
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: sourceKey, Body: source }));
    const { UploadId: uploadId } = await t.client.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ChecksumAlgorithm: 'SHA256' }),
    );
    const copied = await t.client.send(
      new UploadPartCopyCommand({
        Bucket: BUCKET,
        Key: key,
        UploadId: uploadId,
        PartNumber: 1,
        CopySource: `${BUCKET}/${sourceKey}`,
        CopySourceRange: 'bytes=6-11',
      }),
    );
    const slice = source.subarray(6, 12);
    expect(slice.toString()).toBe('copied');
    expect(copied.CopyPartResult?.ChecksumSHA256).toBe(sha256B64(slice));
    const listed = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
    expect(listed.Parts?.map((p) => p.ChecksumSHA256)).toEqual([sha256B64(slice)]);
    const res = await complete(key, uploadId!, [{ PartNumber: 1, ETag: copied.CopyPartResult!.ETag!, ChecksumSHA256: sha256B64(slice) }]);
    expect(res.ChecksumSHA256).toBe(composite(sha256B64, [sha256B64(slice)]));
  });

  for (const [algorithm, digest, field] of [
    ['CRC32C', crc32cB64, 'ChecksumCRC32C'],
    ['SHA256', sha256B64, 'ChecksumSHA256'],
  ] as const) {
    it(`keeps ${algorithm} chosen at CreateMultipartUpload: per part, in ListParts and as a composite`, async () => {
      const key = `checksums/${algorithm}`;
      const create = await t.client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ChecksumAlgorithm: algorithm }));
      expect(create.ChecksumAlgorithm).toBe(algorithm);
      expect(create.ChecksumType).toBe('COMPOSITE');
      const uploadId = create.UploadId!;
      const bodies = [P1, P3];
      const completed: CompletedPart[] = [];
      for (const [i, body] of bodies.entries()) {
        const res = await uploadPart(key, uploadId, i + 1, body, { ChecksumAlgorithm: algorithm });
        expect(res[field]).toBe(digest(body));
        completed.push({ PartNumber: i + 1, ETag: res.ETag!, [field]: res[field] });
      }
      const listed = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: key, UploadId: uploadId }));
      expect(listed.ChecksumAlgorithm).toBe(algorithm);
      expect(listed.Parts?.map((p) => p[field])).toEqual(bodies.map(digest));
      // A part checksum in the completion list that does not match the uploaded part is refused.
      await expectS3Error(
        complete(key, uploadId, [completed[0]!, { ...completed[1]!, [field]: digest(Buffer.from('nope')) }]),
        'InvalidPart',
        400,
      );
      const res = await complete(key, uploadId, completed);
      const expected = composite(digest, bodies.map(digest));
      expect(res[field]).toBe(expected);
      const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key, ChecksumMode: 'ENABLED' }));
      expect(head[field]).toBe(expected);
      expect(head.ChecksumType).toBe('COMPOSITE');
      const got = await getBytes(key, { ChecksumMode: 'ENABLED' });
      expect(got.bytes.equals(Buffer.concat(bodies))).toBe(true);
    });
  }
});
