import { CreateBucketCommand, DeleteBucketCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { schemas } from '../validate.js';
import type { DomainHandlers } from './define.js';
import type { HandlerDeps } from './deps.js';

/** The buckets of a connection. */
export function bucketHandlers({ clients }: HandlerDeps) {
  return {
    listBuckets: {
      args: [schemas.id],
      async run(id) {
        const res = await (await clients.client(id)).send(new ListBucketsCommand({}));
        return (res.Buckets ?? [])
          .filter((b) => b.Name)
          .map((b) => ({ name: b.Name!, ...(b.CreationDate ? { created: b.CreationDate.toISOString() } : {}) }));
      },
    },
    createBucket: {
      args: [schemas.id, schemas.bucket],
      async run(id, name) {
        const profile = clients.profile(id);
        const region = profile.region;
        await (
          await clients.client(id)
        ).send(
          new CreateBucketCommand({
            Bucket: name,
            // AWS wants the region spelled out everywhere but us-east-1.
            ...(profile.provider === 'aws' && region && region !== 'us-east-1'
              ? { CreateBucketConfiguration: { LocationConstraint: region as never } }
              : {}),
          }),
        );
        return null;
      },
    },
    deleteBucket: {
      args: [schemas.id, schemas.bucket],
      async run(id, name) {
        await (await clients.client(id)).send(new DeleteBucketCommand({ Bucket: name }));
        return null;
      },
    },
  } satisfies DomainHandlers;
}
