import { randomBytes } from 'node:crypto';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, sdkFailure } from '../support/local-s3.js';
import { errorCode, rawRequest } from '../support/raw-request.js';

/**
 * GetObject / HeadObject with `partNumber` (S3 API reference, GetObject and HeadObject): "a
 * positive integer between 1 and 10,000. Effectively performs a 'ranged' GET request for the part
 * specified": 206 with Content-Range and the part's length. `x-amz-mp-parts-count` "is only returned
 * if you specify partNumber in your request and the object was uploaded as a multipart upload".
 * An object that was not uploaded in parts is part 1 of 1 (206 over the whole object, as S3 answers).
 * A part past the last one is 416 InvalidPartNumber; partNumber together with Range is 400.
 */
let t: TestServer;
const BUCKET = 'part-number';
const MiB = 1024 * 1024;
const P1 = randomBytes(5 * MiB);
const P2 = randomBytes(5 * MiB + 17);
const P3 = Buffer.from('the last, short part');
const TOTAL = P1.length + P2.length + P3.length;
const PLAIN = Buffer.from('0123456789');

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const { UploadId } = await t.client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'multi' }));
  const parts = [];
  for (const [i, body] of [P1, P2, P3].entries()) {
    const res = await t.client.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'multi', UploadId, PartNumber: i + 1, Body: body }));
    parts.push({ PartNumber: i + 1, ETag: res.ETag! });
  }
  await t.client.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'multi', UploadId, MultipartUpload: { Parts: parts } }));
  await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'plain', Body: PLAIN }));
}, 60_000);
afterAll(async () => {
  await t.stop();
});

describe('partNumber on a multipart object', () => {
  it('GET serves each part as a 206 with its Content-Range and the parts count', async () => {
    let offset = 0;
    for (const [i, body] of [P1, P2, P3].entries()) {
      const res = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'multi', PartNumber: i + 1 }));
      const bytes = Buffer.from(await res.Body!.transformToByteArray());
      expect(res.$metadata.httpStatusCode).toBe(206);
      expect(bytes.equals(body)).toBe(true);
      expect(res.ContentLength).toBe(body.length);
      expect(res.ContentRange).toBe(`bytes ${offset}-${offset + body.length - 1}/${TOTAL}`);
      expect(res.PartsCount).toBe(3);
      expect(res.ETag).toMatch(/-3"$/);
      offset += body.length;
    }
  });

  it('HEAD answers the same headers for a part, without a body', async () => {
    const res = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'multi', PartNumber: 2 }));
    expect(res.$metadata.httpStatusCode).toBe(206);
    expect(res.ContentLength).toBe(P2.length);
    expect(res.ContentRange).toBe(`bytes ${P1.length}-${P1.length + P2.length - 1}/${TOTAL}`);
    expect(res.PartsCount).toBe(3);
  });

  it('does not announce the parts count when no partNumber is asked', async () => {
    const get = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'multi', Range: 'bytes=0-0' }));
    await get.Body!.transformToByteArray();
    expect(get.PartsCount).toBeUndefined();
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'multi' }));
    expect(head.$metadata.httpStatusCode).toBe(200);
    expect(head.PartsCount).toBeUndefined();
    expect(head.ContentRange).toBeUndefined();
  });

  it('416 InvalidPartNumber past the last part, for GET and HEAD', async () => {
    expect(await sdkFailure(t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'multi', PartNumber: 4 })))).toBe(
      'InvalidPartNumber 416',
    );
    // A HEAD error has no body: the SDK names it by its status.
    expect(await sdkFailure(t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'multi', PartNumber: 4 })))).toMatch(/ 416$/);
  });
});

describe('partNumber on an object uploaded in one PUT', () => {
  it('part 1 is the whole object, as a 206 without a parts count', async () => {
    const res = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'plain', PartNumber: 1 }));
    expect(Buffer.from(await res.Body!.transformToByteArray()).equals(PLAIN)).toBe(true);
    expect(res.$metadata.httpStatusCode).toBe(206);
    expect(res.ContentRange).toBe(`bytes 0-9/10`);
    expect(res.PartsCount).toBeUndefined();
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'plain', PartNumber: 1 }));
    expect(head.$metadata.httpStatusCode).toBe(206);
    expect(head.ContentLength).toBe(10);
  });

  it('part 2 is 416 InvalidPartNumber', async () => {
    expect(await sdkFailure(t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'plain', PartNumber: 2 })))).toBe(
      'InvalidPartNumber 416',
    );
  });
});

describe('invalid partNumber requests', () => {
  it('400 InvalidArgument for a part number outside 1..10000 or not a number', async () => {
    for (const value of ['0', '10001', '-1', 'abc', '1.5']) {
      const res = await rawRequest(t.server.endpoint, { method: 'GET', path: `/${BUCKET}/multi`, query: { partNumber: value } });
      expect(res.status, value).toBe(400);
      expect(errorCode(res.body), value).toBe('InvalidArgument');
    }
  });

  it('400 InvalidRequest for partNumber together with a Range, on GET and HEAD', async () => {
    expect(await sdkFailure(t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'multi', PartNumber: 1, Range: 'bytes=0-9' })))).toBe(
      'InvalidRequest 400',
    );
    const head = await rawRequest(t.server.endpoint, {
      method: 'HEAD',
      path: `/${BUCKET}/plain`,
      query: { partNumber: '1' },
      headers: { range: 'bytes=0-1' },
    });
    expect(head.status).toBe(400);
  });
});
