import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectAttributesCommand,
  GetObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-s3.js';
import { errorCode, rawRequest } from '../support/raw-request.js';

/** Object operations checked against the S3 API reference. */
let t: TestServer;
const BUCKET = 'conformance';
const MiB = 1024 * 1024;

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  await t.stop();
});

describe('GetObjectAttributes', () => {
  it('answers ETag (unquoted), ObjectSize, StorageClass and Checksum of a single object', async () => {
    const put = await t.client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'single', Body: 'attributes', ChecksumAlgorithm: 'SHA256' }),
    );
    const attrs = await t.client.send(
      new GetObjectAttributesCommand({
        Bucket: BUCKET,
        Key: 'single',
        ObjectAttributes: ['ETag', 'ObjectSize', 'StorageClass', 'Checksum', 'ObjectParts'],
      }),
    );
    expect(attrs.ETag).toBe(put.ETag!.replace(/"/g, ''));
    expect(attrs.ObjectSize).toBe(10);
    expect(attrs.StorageClass).toBe('STANDARD');
    expect(attrs.Checksum?.ChecksumSHA256).toBe(put.ChecksumSHA256);
    expect(attrs.Checksum?.ChecksumType).toBe('FULL_OBJECT');
    expect(attrs.ObjectParts).toBeUndefined();
    expect(attrs.LastModified).toBeInstanceOf(Date);
  });

  it('lists the parts of a multipart object, page by page', async () => {
    const sizes = [5 * MiB, 5 * MiB, 123];
    const { UploadId } = await t.client.send(
      new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'parts', ChecksumAlgorithm: 'CRC32' }),
    );
    const parts = [];
    for (const [i, size] of sizes.entries()) {
      const res = await t.client.send(
        new UploadPartCommand({
          Bucket: BUCKET,
          Key: 'parts',
          UploadId,
          PartNumber: i + 1,
          Body: Buffer.alloc(size, i),
          ChecksumAlgorithm: 'CRC32',
        }),
      );
      parts.push({ PartNumber: i + 1, ETag: res.ETag!, ChecksumCRC32: res.ChecksumCRC32! });
    }
    await t.client.send(new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key: 'parts', UploadId, MultipartUpload: { Parts: parts } }));
    const first = await t.client.send(
      new GetObjectAttributesCommand({ Bucket: BUCKET, Key: 'parts', ObjectAttributes: ['ObjectParts', 'ObjectSize'], MaxParts: 2 }),
    );
    expect(first.ObjectSize).toBe(sizes.reduce((a, b) => a + b, 0));
    expect(first.ObjectParts).toMatchObject({ TotalPartsCount: 3, MaxParts: 2, IsTruncated: true, NextPartNumberMarker: '2' });
    expect(first.ObjectParts?.Parts?.map((p) => [p.PartNumber, p.Size, p.ChecksumCRC32])).toEqual([
      [1, sizes[0], parts[0]!.ChecksumCRC32],
      [2, sizes[1], parts[1]!.ChecksumCRC32],
    ]);
    const rest = await t.client.send(
      new GetObjectAttributesCommand({
        Bucket: BUCKET,
        Key: 'parts',
        ObjectAttributes: ['ObjectParts'],
        MaxParts: 2,
        PartNumberMarker: '2',
      }),
    );
    expect(rest.ObjectParts).toMatchObject({ IsTruncated: false, PartNumberMarker: '2' });
    expect(rest.ObjectParts?.Parts?.map((p) => p.PartNumber)).toEqual([3]);
  });

  it('NoSuchKey for a missing object, InvalidArgument for an unknown attribute', async () => {
    await expect(
      t.client.send(new GetObjectAttributesCommand({ Bucket: BUCKET, Key: 'missing', ObjectAttributes: ['ETag'] })),
    ).rejects.toMatchObject({ name: 'NoSuchKey' });
    const res = await rawRequest(t.server.endpoint, {
      method: 'GET',
      path: `/${BUCKET}/single`,
      query: { attributes: '' },
      headers: { 'x-amz-object-attributes': 'ETag,Colour' },
    });
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe('InvalidArgument');
  });
});

describe('conditional GETs', () => {
  it('If-None-Match with several ETags: 304 when one matches', async () => {
    const put = await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cond', Body: 'conditional' }));
    const res = await rawRequest(t.server.endpoint, {
      method: 'GET',
      path: `/${BUCKET}/cond`,
      headers: { 'if-none-match': `"0123456789abcdef0123456789abcdef", ${put.ETag}` },
    });
    expect(res.status).toBe(304);
    const other = await rawRequest(t.server.endpoint, {
      method: 'GET',
      path: `/${BUCKET}/cond`,
      headers: { 'if-none-match': '"0123456789abcdef0123456789abcdef", "fedcba9876543210fedcba9876543210"' },
    });
    expect(other.status).toBe(200);
  });

  it('If-Modified-Since later than the server clock is ignored (RFC 2616 §14.25): 200', async () => {
    const future = new Date(Date.now() + 24 * 3600 * 1000).toUTCString();
    const got = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cond', IfModifiedSince: new Date(future) }));
    expect(await got.Body!.transformToString()).toBe('conditional');
    // A date between the object's Last-Modified and now still answers 304.
    const res = await rawRequest(t.server.endpoint, {
      method: 'GET',
      path: `/${BUCKET}/cond`,
      headers: { 'if-modified-since': new Date().toUTCString() },
    });
    expect(res.status).toBe(304);
  });
});

describe('presigned URL expiry', () => {
  it('X-Amz-Expires of 0, negative or beyond 604800 is refused with AuthorizationQueryParametersError, as S3 does', async () => {
    const url = new URL(await getSignedUrl(t.client, new GetObjectCommand({ Bucket: BUCKET, Key: 'cond' }), { expiresIn: 60 }));
    for (const value of ['0', '-5', '604801']) {
      url.searchParams.set('X-Amz-Expires', value);
      const res = await fetch(url);
      expect(res.status, value).toBe(400);
      expect(errorCode(await res.text()), value).toBe('AuthorizationQueryParametersError');
    }
  });
});
