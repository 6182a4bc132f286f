import { S3Client } from '@aws-sdk/client-s3';
import type { ConnectionProfile } from '../../../preload/contract/types.js';
import type { ConnectionSecret } from '../credentials/connection-store.js';

/** What a client needs: where to go and the key pair, never persisted here. */
export interface ClientTarget {
  profile: Pick<ConnectionProfile, 'provider' | 'endpoint' | 'region' | 'forcePathStyle' | 'accessKeyId'>;
  secret: ConnectionSecret;
}

/**
 * Builds an S3Client for a connection. AWS follows region redirects, so buckets in other
 * regions just work. Other providers get request checksums only when required: several
 * S3-compatible services reject the SDK's newer default checksum trailers.
 */
export function createS3Client(target: ClientTarget): S3Client {
  const { profile, secret } = target;
  const isAws = profile.provider === 'aws';
  return new S3Client({
    region: profile.region || 'us-east-1',
    ...(profile.endpoint ? { endpoint: profile.endpoint } : {}),
    forcePathStyle: profile.forcePathStyle,
    followRegionRedirects: isAws,
    credentials: {
      accessKeyId: profile.accessKeyId,
      secretAccessKey: secret.secretAccessKey,
      ...(secret.sessionToken ? { sessionToken: secret.sessionToken } : {}),
    },
    requestChecksumCalculation: isAws ? 'WHEN_SUPPORTED' : 'WHEN_REQUIRED',
    responseChecksumValidation: isAws ? 'WHEN_SUPPORTED' : 'WHEN_REQUIRED',
    maxAttempts: 3,
  });
}
