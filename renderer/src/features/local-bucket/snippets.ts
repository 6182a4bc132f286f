import type { LocalBucketKeyPair, LocalBucketStatus } from '../../../../preload/contract';

/** The region other tools should use with the local bucket (it accepts any; SDKs insist on one). */
export const LOCAL_REGION = 'us-east-1';

/** Where the local bucket listens, or would listen once started. */
export function localEndpoint(status: LocalBucketStatus): string {
  return status.endpoint ?? `http://127.0.0.1:${status.port}`;
}

/** Quotes a value for POSIX shells only when it needs it. */
export function shellQuote(value: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** Lines to paste into a terminal: credentials for the aws CLI, then a listing of the local bucket. */
export function awsCliSnippet(status: LocalBucketStatus, keys: LocalBucketKeyPair): string {
  return [
    `export AWS_ACCESS_KEY_ID=${shellQuote(keys.accessKeyId)} AWS_SECRET_ACCESS_KEY=${shellQuote(keys.secretAccessKey)} AWS_DEFAULT_REGION=${LOCAL_REGION}`,
    `aws --endpoint-url ${shellQuote(localEndpoint(status))} s3 ls`,
  ].join('\n');
}

/**
 * Environment variables any AWS SDK, the aws CLI, rclone (env_auth) or boto3 picks up;
 * AWS_ENDPOINT_URL points current SDKs at the local bucket without further flags.
 */
export function environmentSnippet(status: LocalBucketStatus, keys: LocalBucketKeyPair): string {
  return [
    `export AWS_ACCESS_KEY_ID=${shellQuote(keys.accessKeyId)}`,
    `export AWS_SECRET_ACCESS_KEY=${shellQuote(keys.secretAccessKey)}`,
    `export AWS_DEFAULT_REGION=${LOCAL_REGION}`,
    `export AWS_ENDPOINT_URL=${shellQuote(localEndpoint(status))}`,
  ].join('\n');
}
