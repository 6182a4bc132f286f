import { DeleteBucketCorsCommand, GetBucketCorsCommand, PutBucketCorsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { BucketCorsRule } from '../../../preload/contract/types.js';

/** A bucket's CORS rules; [] when it has none (S3 answers NoSuchCORSConfiguration). */
export async function getBucketCors(client: S3Client, bucket: string): Promise<BucketCorsRule[]> {
  try {
    const answer = await client.send(new GetBucketCorsCommand({ Bucket: bucket }));
    return (answer.CORSRules ?? []).map((rule) => ({
      allowedOrigins: rule.AllowedOrigins ?? [],
      allowedMethods: (rule.AllowedMethods ?? []) as BucketCorsRule['allowedMethods'],
      allowedHeaders: rule.AllowedHeaders ?? [],
      exposeHeaders: rule.ExposeHeaders ?? [],
      ...(rule.MaxAgeSeconds !== undefined ? { maxAgeSeconds: rule.MaxAgeSeconds } : {}),
    }));
  } catch (err) {
    if ((err as { name?: string }).name === 'NoSuchCORSConfiguration') return [];
    throw err;
  }
}

/** Replaces a bucket's CORS rules; an empty list deletes the configuration. */
export async function putBucketCors(client: S3Client, bucket: string, rules: BucketCorsRule[]): Promise<void> {
  if (rules.length === 0) {
    await client.send(new DeleteBucketCorsCommand({ Bucket: bucket }));
    return;
  }
  await client.send(
    new PutBucketCorsCommand({
      Bucket: bucket,
      CORSConfiguration: {
        CORSRules: rules.map((rule) => ({
          AllowedOrigins: rule.allowedOrigins,
          AllowedMethods: rule.allowedMethods,
          AllowedHeaders: rule.allowedHeaders,
          ExposeHeaders: rule.exposeHeaders,
          ...(rule.maxAgeSeconds !== undefined ? { MaxAgeSeconds: rule.maxAgeSeconds } : {}),
        })),
      },
    }),
  );
}
