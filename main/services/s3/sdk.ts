import type * as S3Sdk from '@aws-sdk/client-s3';

let loading: Promise<typeof S3Sdk> | undefined;

/**
 * The AWS SDK's S3 module, loaded on first use. Loading it takes about a quarter of a second of
 * CPU; a `pail cp` of small files against a plain-HTTP endpoint (the local bucket, a LAN server)
 * never needs it, and the command is done in about the time the SDK would take to load.
 */
export function loadS3Sdk(): Promise<typeof S3Sdk> {
  loading ??= import('@aws-sdk/client-s3');
  return loading;
}
