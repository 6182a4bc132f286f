import {
  CreateBucketCommand,
  ListObjectsCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutObjectCommand,
  paginateListObjectsV2,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-s3.js';
import { errorCode, rawRequest } from '../support/raw-request.js';

let t: TestServer;
const BUCKET = 'listing';
const KEYS = [
  'a.txt',
  'photos/2024/a.jpg',
  'photos/2024/b.jpg',
  'photos/2025/c.jpg',
  'photos/cover.jpg',
  'photos/',
  'z/last',
  'with space/x',
  'plus+/y',
];

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await Promise.all(KEYS.map((Key) => t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: Key }))));
  await t.client.send(new CreateBucketCommand({ Bucket: 'many' }));
  const many = Array.from({ length: 2500 }, (_, i) => `item-${String(i).padStart(5, '0')}`);
  for (let i = 0; i < many.length; i += 100) {
    await Promise.all(many.slice(i, i + 100).map((Key) => t.client.send(new PutObjectCommand({ Bucket: 'many', Key, Body: '' }))));
  }
});
afterAll(async () => {
  await t.stop();
});

const sorted = (keys: string[]) => [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));

describe('ListObjectsV2', () => {
  it('lists every key in byte order with sizes, ETags and storage class', async () => {
    const res = await t.client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
    expect(res.Contents?.map((c) => c.Key)).toEqual(sorted(KEYS));
    expect(res.KeyCount).toBe(KEYS.length);
    const photo = res.Contents!.find((c) => c.Key === 'photos/cover.jpg')!;
    expect(photo.Size).toBe('photos/cover.jpg'.length);
    expect(photo.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(photo.StorageClass).toBe('STANDARD');
    expect(photo.Owner).toBeUndefined();
  });

  it('groups by delimiter under a prefix', async () => {
    const res = await t.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'photos/', Delimiter: '/' }));
    expect(res.Contents?.map((c) => c.Key)).toEqual(['photos/', 'photos/cover.jpg']);
    expect(res.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['photos/2024/', 'photos/2025/']);
    const top = await t.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: '/' }));
    expect(top.Contents?.map((c) => c.Key)).toEqual(['a.txt']);
    expect(top.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['photos/', 'plus+/', 'with space/', 'z/']);
  });

  it('paginates with continuation tokens, counting common prefixes as keys', async () => {
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const res = await t.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Delimiter: '/', MaxKeys: 2, ContinuationToken: token }));
      expect((res.Contents?.length ?? 0) + (res.CommonPrefixes?.length ?? 0)).toBeLessThanOrEqual(2);
      seen.push(...(res.Contents ?? []).map((c) => c.Key!), ...(res.CommonPrefixes ?? []).map((p) => p.Prefix!));
      token = res.IsTruncated ? res.NextContinuationToken : undefined;
    } while (token);
    expect(sorted(seen)).toEqual(['a.txt', 'photos/', 'plus+/', 'with space/', 'z/']);
  });

  it('pages through 2,500 keys with the SDK paginator, 1,000 at a time', async () => {
    const pages: number[] = [];
    for await (const page of paginateListObjectsV2({ client: t.client }, { Bucket: 'many' })) pages.push(page.KeyCount ?? 0);
    expect(pages).toEqual([1000, 1000, 500]);
  });

  it('caps max-keys at 1000 and honours max-keys=0', async () => {
    const big = await t.client.send(new ListObjectsV2Command({ Bucket: 'many', MaxKeys: 5000 }));
    expect(big.KeyCount).toBe(1000);
    expect(big.IsTruncated).toBe(true);
    const none = await t.client.send(new ListObjectsV2Command({ Bucket: 'many', MaxKeys: 0 }));
    expect(none.KeyCount).toBe(0);
  });

  it('starts after start-after', async () => {
    const res = await t.client.send(new ListObjectsV2Command({ Bucket: BUCKET, StartAfter: 'photos/2025/c.jpg' }));
    expect(res.StartAfter).toBe('photos/2025/c.jpg');
    expect(res.Contents?.map((c) => c.Key)).toEqual(
      sorted(KEYS).filter((k) => Buffer.compare(Buffer.from(k), Buffer.from('photos/2025/c.jpg')) > 0),
    );
  });

  it('URL-encodes keys and prefixes with encoding-type=url', async () => {
    const raw = await rawRequest(t.server.endpoint, {
      method: 'GET',
      path: `/${BUCKET}`,
      query: { 'list-type': '2', 'encoding-type': 'url', prefix: 'with space/' },
    });
    expect(raw.body).toContain('<Key>with%20space/x</Key>');
    expect(raw.body).toContain('<Prefix>with%20space/</Prefix>');
    const res = await t.client.send(new ListObjectsV2Command({ Bucket: BUCKET, EncodingType: 'url', Prefix: 'plus' }));
    // The JS SDK hands encoded keys back as they came (botocore decodes them itself).
    expect(res.Contents?.map((c) => c.Key)).toEqual(['plus%2B/y']);
    expect(decodeURIComponent(res.Contents![0]!.Key!)).toBe('plus+/y');
  });

  it('includes owners with fetch-owner', async () => {
    const res = await t.client.send(new ListObjectsV2Command({ Bucket: BUCKET, FetchOwner: true }));
    expect(res.Contents?.[0]?.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses a forged continuation token and a bad max-keys', async () => {
    const forged = await rawRequest(t.server.endpoint, {
      method: 'GET',
      path: `/${BUCKET}`,
      query: { 'list-type': '2', 'continuation-token': '!!not-a-token!!' },
    });
    expect(errorCode(forged.body)).toBe('InvalidArgument');
    const bad = await rawRequest(t.server.endpoint, { method: 'GET', path: `/${BUCKET}`, query: { 'list-type': '2', 'max-keys': 'ten' } });
    expect(errorCode(bad.body)).toBe('InvalidArgument');
  });
});

describe('ListObjects (v1)', () => {
  it('paginates with Marker and NextMarker', async () => {
    const first = await t.client.send(new ListObjectsCommand({ Bucket: BUCKET, Delimiter: '/', MaxKeys: 2 }));
    expect(first.IsTruncated).toBe(true);
    expect(first.NextMarker).toBe('photos/');
    const second = await t.client.send(new ListObjectsCommand({ Bucket: BUCKET, Delimiter: '/', MaxKeys: 2, Marker: first.NextMarker }));
    expect(second.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['plus+/', 'with space/']);
    const third = await t.client.send(new ListObjectsCommand({ Bucket: BUCKET, Delimiter: '/', MaxKeys: 2, Marker: second.NextMarker }));
    expect(third.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['z/']);
    expect(third.IsTruncated).toBe(false);
  });

  it('continues from the last key when there is no delimiter', async () => {
    const first = await t.client.send(new ListObjectsCommand({ Bucket: 'many', MaxKeys: 3 }));
    expect(first.NextMarker).toBeUndefined();
    const next = await t.client.send(new ListObjectsCommand({ Bucket: 'many', MaxKeys: 3, Marker: first.Contents!.at(-1)!.Key }));
    expect(next.Contents?.map((c) => c.Key)).toEqual(['item-00003', 'item-00004', 'item-00005']);
    expect(first.Contents?.[0]?.Owner?.ID).toBeTruthy();
  });
});

describe('ListObjectVersions', () => {
  it('shows each object as its single version "null"', async () => {
    const res = await t.client.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: 'photos/2024/' }));
    expect(res.Versions?.map((v) => [v.Key, v.VersionId, v.IsLatest])).toEqual([
      ['photos/2024/a.jpg', 'null', true],
      ['photos/2024/b.jpg', 'null', true],
    ]);
    expect(res.DeleteMarkers ?? []).toEqual([]);
  });

  it('paginates with key markers', async () => {
    const first = await t.client.send(new ListObjectVersionsCommand({ Bucket: 'many', MaxKeys: 2 }));
    expect(first.IsTruncated).toBe(true);
    expect(first.NextVersionIdMarker).toBe('null');
    const next = await t.client.send(
      new ListObjectVersionsCommand({
        Bucket: 'many',
        MaxKeys: 2,
        KeyMarker: first.NextKeyMarker,
        VersionIdMarker: first.NextVersionIdMarker,
      }),
    );
    expect(next.Versions?.map((v) => v.Key)).toEqual(['item-00002', 'item-00003']);
  });
});
