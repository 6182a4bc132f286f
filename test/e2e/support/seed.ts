import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { LocalBucketKeyPair, LocalBucketStatus } from '../../../preload/contract/types.js';
import type { ServedPail } from './pail-serve.js';

/** Calls one contract method over browser mode's HTTP API, as the page does. */
export async function callApi<T>(served: ServedPail, method: string, ...args: unknown[]): Promise<T> {
  const token = new URL(served.url).searchParams.get('token')!;
  const res = await fetch(`${served.origin}/api/call/${method}`, {
    method: 'POST',
    headers: { 'x-pail-token': token, origin: served.origin, 'content-type': 'application/json' },
    body: JSON.stringify({ args }),
  });
  const result = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.value as T;
}

/** An SDK client for the served app's local bucket, with the key pair its panel shows. */
export async function localBucketClient(served: ServedPail): Promise<S3Client> {
  const status = await callApi<LocalBucketStatus>(served, 'getLocalBucketStatus');
  const keys = await callApi<LocalBucketKeyPair>(served, 'revealLocalBucketSecret');
  return new S3Client({
    endpoint: status.endpoint!,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: keys,
  });
}

/** Puts `count` small objects under `prefix`, 64 at a time. */
export async function seedObjects(client: S3Client, bucket: string, prefix: string, count: number): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: bucket })).catch((err: { name?: string }) => {
    if (err.name !== 'BucketAlreadyOwnedByYou') throw err;
  });
  const keys = Array.from({ length: count }, (_, i) => `${prefix}file-${String(i).padStart(6, '0')}.txt`);
  for (let i = 0; i < keys.length; i += 64) {
    await Promise.all(
      keys.slice(i, i + 64).map((Key, j) => client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'x'.repeat((i + j) % 97) }))),
    );
  }
}
