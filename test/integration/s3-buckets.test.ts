import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLocationCommand,
  GetBucketVersioningCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
  DeleteObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-s3.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('buckets', () => {
  it('creates, lists, heads and deletes a bucket', async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: 'alpha-bucket' }));
    await t.client.send(new CreateBucketCommand({ Bucket: 'beta.bucket' }));
    const listed = await t.client.send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => b.Name)).toEqual(expect.arrayContaining(['alpha-bucket', 'beta.bucket']));
    expect(listed.Owner?.ID).toMatch(/^[0-9a-f]{64}$/);
    const head = await t.client.send(new HeadBucketCommand({ Bucket: 'alpha-bucket' }));
    expect(head.$metadata.httpStatusCode).toBe(200);
    await t.client.send(new DeleteBucketCommand({ Bucket: 'beta.bucket' }));
    await expect(t.client.send(new HeadBucketCommand({ Bucket: 'beta.bucket' }))).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('reports the LocationConstraint a bucket was created with, and an empty one for us-east-1', async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: 'located', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const location = await t.client.send(new GetBucketLocationCommand({ Bucket: 'located' }));
    expect(location.LocationConstraint).toBe('eu-west-1');
    await t.client.send(new CreateBucketCommand({ Bucket: 'virginia' }));
    expect((await t.client.send(new GetBucketLocationCommand({ Bucket: 'virginia' }))).LocationConstraint ?? '').toBe('');
  });

  it('refuses names that break the bucket naming rules', async () => {
    for (const name of ['ab', 'UPPER', 'under_score', '-dash', 'dot.', 'a..b', '192.168.1.1', 'x'.repeat(64), 'xn--punycode']) {
      await expect(t.client.send(new CreateBucketCommand({ Bucket: name })), name).rejects.toMatchObject({ name: 'InvalidBucketName' });
    }
  });

  it('answers BucketAlreadyOwnedByYou for an existing bucket outside us-east-1 (where S3 answers 200)', async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: 'twice', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const europe = t.makeClient({ region: 'eu-west-1' });
    await expect(
      europe.send(new CreateBucketCommand({ Bucket: 'twice', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })),
    ).rejects.toMatchObject({
      name: 'BucketAlreadyOwnedByYou',
      $metadata: { httpStatusCode: 409 },
    });
    europe.destroy();
  });

  it('refuses to delete a bucket that is not empty', async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: 'full' }));
    await t.client.send(new PutObjectCommand({ Bucket: 'full', Key: 'x', Body: 'x' }));
    await expect(t.client.send(new DeleteBucketCommand({ Bucket: 'full' }))).rejects.toMatchObject({
      name: 'BucketNotEmpty',
      $metadata: { httpStatusCode: 409 },
    });
    await t.client.send(new DeleteObjectCommand({ Bucket: 'full', Key: 'x' }));
    await t.client.send(new DeleteBucketCommand({ Bucket: 'full' }));
  });

  it('reports NoSuchBucket for operations on a missing bucket', async () => {
    await expect(t.client.send(new DeleteBucketCommand({ Bucket: 'missing-bucket' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
    await expect(t.client.send(new PutObjectCommand({ Bucket: 'missing-bucket', Key: 'k', Body: 'b' }))).rejects.toMatchObject({
      name: 'NoSuchBucket',
    });
    await expect(t.client.send(new GetBucketVersioningCommand({ Bucket: 'missing-bucket' }))).rejects.toMatchObject({
      name: 'NoSuchBucket',
    });
  });

  it('says buckets are unversioned', async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: 'versioning' }));
    const versioning = await t.client.send(new GetBucketVersioningCommand({ Bucket: 'versioning' }));
    expect(versioning.Status).toBeUndefined();
  });

  it('keeps buckets across a restart on the same data folder', async () => {
    const dataDir = t.dataDir;
    const { startTestServer: start } = await import('../support/local-s3.js');
    const other = await start({ dataDir: `${dataDir}-restart` });
    await other.client.send(new CreateBucketCommand({ Bucket: 'survivor' }));
    await other.client.send(new PutObjectCommand({ Bucket: 'survivor', Key: 'k', Body: 'kept' }));
    await other.stop();
    const again = await start({ dataDir: `${dataDir}-restart` });
    try {
      const listed = await again.client.send(new ListBucketsCommand({}));
      expect(listed.Buckets?.map((b) => b.Name)).toEqual(['survivor']);
    } finally {
      await again.stop();
    }
  });
});
