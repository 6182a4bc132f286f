import {
  CreateBucketCommand,
  GetBucketAclCommand,
  GetBucketLocationCommand,
  ListBucketsCommand,
  PutBucketAclCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-s3.js';

/** Bucket operations where S3's documented answers are easy to get wrong. */
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe('CreateBucket', () => {
  it('on a bucket you own in us-east-1: 200, and the ACL is reset (S3: BucketAlreadyOwnedByYou)', async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: 'again' }));
    await t.client.send(new PutBucketAclCommand({ Bucket: 'again', ACL: 'public-read' }));
    const res = await t.client.send(new CreateBucketCommand({ Bucket: 'again' }));
    expect(res.$metadata.httpStatusCode).toBe(200);
    const acl = await t.client.send(new GetBucketAclCommand({ Bucket: 'again' }));
    expect(acl.Grants?.map((g) => g.Permission)).toEqual(['FULL_CONTROL']);
  });

  it('refuses us-east-1 and unknown names as a LocationConstraint with InvalidLocationConstraint', async () => {
    for (const constraint of ['us-east-1', 'moon-base']) {
      await expect(
        t.client.send(
          new CreateBucketCommand({ Bucket: `bad-${constraint}`, CreateBucketConfiguration: { LocationConstraint: constraint as 'EU' } }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidLocationConstraint', $metadata: { httpStatusCode: 400 } });
    }
    await t.client.send(new CreateBucketCommand({ Bucket: 'legacy-eu', CreateBucketConfiguration: { LocationConstraint: 'EU' } }));
    expect((await t.client.send(new GetBucketLocationCommand({ Bucket: 'legacy-eu' }))).LocationConstraint).toBe('EU');
  });
});

describe('ListBuckets', () => {
  it('pages with max-buckets and continuation-token, in name order, and filters by prefix and region', async () => {
    const names = ['page-a', 'page-b', 'page-c', 'page-d', 'page-e'];
    for (const name of [...names].reverse()) await t.client.send(new CreateBucketCommand({ Bucket: name }));
    await t.client.send(new CreateBucketCommand({ Bucket: 'page-f', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await t.client.send(new ListBucketsCommand({ MaxBuckets: 2, Prefix: 'page-', ContinuationToken: token }));
      expect(page.Buckets!.length).toBeLessThanOrEqual(2);
      expect(page.Prefix).toBe('page-');
      seen.push(...page.Buckets!.map((b) => b.Name!));
      token = page.ContinuationToken;
      pages++;
    } while (token);
    expect(seen).toEqual([...names, 'page-f']);
    expect(pages).toBe(3);
    const europe = await t.client.send(new ListBucketsCommand({ BucketRegion: 'eu-west-1', Prefix: 'page-' }));
    expect(europe.Buckets?.map((b) => [b.Name, b.BucketRegion])).toEqual([['page-f', 'eu-west-1']]);
    const all = await t.client.send(new ListBucketsCommand({}));
    expect(all.ContinuationToken).toBeUndefined();
    expect(all.Buckets!.length).toBeGreaterThanOrEqual(6);
  });

  it('refuses max-buckets outside 1–10000 with InvalidArgument', async () => {
    await expect(t.client.send(new ListBucketsCommand({ MaxBuckets: 0 }))).rejects.toMatchObject({
      name: 'InvalidArgument',
      $metadata: { httpStatusCode: 400 },
    });
  });
});
