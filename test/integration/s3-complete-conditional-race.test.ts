import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-s3.js';

/**
 * CompleteMultipartUpload with If-None-Match: * (S3 user guide, "Preventing object overwrites with
 * conditional writes"): of two uploads racing to create the same key, exactly one wins; the other
 * gets 412 PreconditionFailed, or 409 ConditionalRequestConflict when the winner landed while it
 * was being completed.
 */
let t: TestServer;
const BUCKET = 'complete-race';

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  await t.stop();
});

async function upload(key: string, body: string) {
  const { UploadId } = await t.client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: key }));
  const part = await t.client.send(new UploadPartCommand({ Bucket: BUCKET, Key: key, UploadId, PartNumber: 1, Body: body }));
  return { UploadId: UploadId!, Parts: [{ PartNumber: 1, ETag: part.ETag! }] };
}

describe('concurrent CompleteMultipartUpload with If-None-Match: *', () => {
  it('lets exactly one of several uploads create the key', async () => {
    for (let round = 0; round < 5; round++) {
      const key = `race-${round}.txt`;
      const bodies = ['first', 'second', 'third', 'fourth'];
      const uploads = await Promise.all(bodies.map((b) => upload(key, b)));
      const results = await Promise.allSettled(
        uploads.map((u) =>
          t.client.send(
            new CompleteMultipartUploadCommand({
              Bucket: BUCKET,
              Key: key,
              UploadId: u.UploadId,
              MultipartUpload: { Parts: u.Parts },
              IfNoneMatch: '*',
            }),
          ),
        ),
      );
      const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
      expect(won, `round ${round}`).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'fulfilled') continue;
        const err = r.reason as { name?: string; $metadata?: { httpStatusCode?: number } };
        expect(['PreconditionFailed:412', 'ConditionalRequestConflict:409']).toContain(`${err.name}:${err.$metadata?.httpStatusCode}`);
      }
      const got = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      expect(await got.Body!.transformToString()).toBe(bodies[won[0]!]);
    }
  });
});
