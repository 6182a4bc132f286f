import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type ChecksumAlgorithm,
  type ChecksumType,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-s3.js';
import { errorCode, rawRequest } from '../support/raw-request.js';

/**
 * Additional checksums of multipart uploads as S3 documents them ("Checking object integrity"):
 * FULL_OBJECT (the CRC of the whole object, for CRC32, CRC32C and CRC64NVME) and COMPOSITE (a
 * checksum of the part checksums, "-N"), returned by Complete and by HEAD/GET with checksum mode.
 */
let t: TestServer;
const BUCKET = 'checksums';
const MiB = 1024 * 1024;
const part1 = Buffer.alloc(5 * MiB, 'a');
const part2 = Buffer.from('the last part');
const whole = Buffer.concat([part1, part2]);
const crc32 = (data: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE((zlib as unknown as { crc32(d: Buffer): number }).crc32(data) >>> 0);
  return out.toString('base64');
};
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  await t.stop();
});

async function multipart(key: string, algorithm: ChecksumAlgorithm, type: ChecksumType | undefined, complete: Record<string, string> = {}) {
  const { UploadId } = await t.client.send(
    new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key, ChecksumAlgorithm: algorithm, ...(type ? { ChecksumType: type } : {}) }),
  );
  const parts = [];
  for (const [i, body] of [part1, part2].entries()) {
    const res = await t.client.send(
      new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: i + 1, Body: body, ChecksumAlgorithm: algorithm }),
    );
    parts.push({ PartNumber: i + 1, ETag: res.ETag!, [`Checksum${algorithm}`]: res[`Checksum${algorithm}` as 'ChecksumCRC32'] });
  }
  return t.client.send(
    new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: key, UploadId, MultipartUpload: { Parts: parts }, ...complete }),
  );
}

describe('FULL_OBJECT multipart checksums', () => {
  it('CRC32: Complete verifies the whole-object checksum and returns it; HEAD returns it with checksum mode', async () => {
    const done = await multipart('full-crc32', 'CRC32', 'FULL_OBJECT', { ChecksumCRC32: crc32(whole), ChecksumType: 'FULL_OBJECT' });
    expect(done.ChecksumCRC32).toBe(crc32(whole));
    expect(done.ChecksumType).toBe('FULL_OBJECT');
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'full-crc32', ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumCRC32).toBe(crc32(whole));
    expect(head.ChecksumType).toBe('FULL_OBJECT');
  });

  it('refuses a whole-object checksum that does not match with BadDigest', async () => {
    await expect(
      multipart('full-bad', 'CRC32', 'FULL_OBJECT', { ChecksumCRC32: crc32(part2), ChecksumType: 'FULL_OBJECT' }),
    ).rejects.toMatchObject({
      name: 'BadDigest',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('CRC64NVME is FULL_OBJECT by default', async () => {
    const done = await multipart('full-crc64', 'CRC64NVME', undefined);
    expect(done.ChecksumType).toBe('FULL_OBJECT');
    const single = await t.client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'single-crc64', Body: whole, ChecksumAlgorithm: 'CRC64NVME' }),
    );
    expect(done.ChecksumCRC64NVME).toBe(single.ChecksumCRC64NVME);
  });

  it("the SDK's managed upload (lib-storage) with a CRC32 checksum completes", async () => {
    const upload = new Upload({
      client: t.client,
      params: { Bucket: BUCKET, Key: 'managed', Body: Buffer.concat([whole, whole]), ChecksumAlgorithm: 'CRC32' },
      partSize: 5 * MiB,
    });
    await upload.done();
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'managed', ChecksumMode: 'ENABLED' }));
    expect(head.ContentLength).toBe(2 * whole.length);
    expect(head.ChecksumCRC32).toBeTruthy();
  });

  it('SHA256 cannot be FULL_OBJECT, CRC64NVME cannot be COMPOSITE: 400 InvalidRequest', async () => {
    for (const [algorithm, type] of [
      ['SHA256', 'FULL_OBJECT'],
      ['CRC64NVME', 'COMPOSITE'],
    ] as const) {
      await expect(
        t.client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'bad', ChecksumAlgorithm: algorithm, ChecksumType: type })),
      ).rejects.toMatchObject({ name: 'InvalidRequest', $metadata: { httpStatusCode: 400 } });
    }
  });
});

describe('COMPOSITE multipart checksums', () => {
  it('SHA256: the checksum of the part checksums, with -2', async () => {
    const done = await multipart('composite-sha256', 'SHA256', 'COMPOSITE');
    const expected = `${createHash('sha256')
      .update(Buffer.concat([sha256(part1), sha256(part2)]))
      .digest('base64')}-2`;
    expect(done.ChecksumSHA256).toBe(expected);
    expect(done.ChecksumType).toBe('COMPOSITE');
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'composite-sha256', ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumSHA256).toBe(expected);
    expect(head.ChecksumType).toBe('COMPOSITE');
  });
});

describe('CopyObject with x-amz-checksum-algorithm', () => {
  it("computes the checksum asked for, not the source's", async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'copy-src', Body: whole, ChecksumAlgorithm: 'CRC32' }));
    const copy = await t.client.send(
      new CopyObjectCommand({ Bucket: BUCKET, Key: 'copy-dst', CopySource: `${BUCKET}/copy-src`, ChecksumAlgorithm: 'SHA256' }),
    );
    expect(copy.CopyObjectResult?.ChecksumSHA256).toBe(sha256(whole).toString('base64'));
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'copy-dst', ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumSHA256).toBe(sha256(whole).toString('base64'));
    expect(head.ChecksumCRC32).toBeUndefined();
  });
});

describe('algorithms the local bucket does not compute', () => {
  it('SHA512 and XXHASH64 answer 501 NotImplemented, naming what is supported', async () => {
    for (const name of ['sha512', 'xxhash64']) {
      const res = await rawRequest(t.server.endpoint, {
        method: 'PUT',
        path: `/${BUCKET}/unsupported-${name}`,
        body: 'x',
        headers: { [`x-amz-checksum-${name}`]: 'AAAA' },
      });
      expect(res.status).toBe(501);
      expect(errorCode(res.body)).toBe('NotImplemented');
      expect(res.body).toContain('CRC32, CRC32C, CRC64NVME, SHA1 or SHA256');
    }
  });
});
