import type { S3Client } from '@aws-sdk/client-s3';
import { chooseSecretStore } from '../services/credentials/choose-secret-store.js';
import { ConnectionStore } from '../services/credentials/connection-store.js';
import { createS3Client } from '../services/s3/client-factory.js';
import { pailHome } from '../services/settings/pail-home.js';
import { UsageError } from './args.js';

/** How a CLI command (`cp`, `ls`, `presign`…) was told to reach S3. */
export interface CliCredentialOptions {
  /** `--connection NAME`: a saved connection (name or id) and its keychain secret. */
  connection?: string;
  /** `--endpoint-url URL`, like the aws CLI: credentials from AWS_* variables or AWS_PROFILE. */
  endpointUrl?: string;
  region?: string;
  profile?: string;
  pailHome?: string;
  env?: NodeJS.ProcessEnv;
}

/** A ready client and a phrase naming where its credentials came from (never a secret). */
export interface CliClient {
  client: S3Client;
  source: string;
}

/**
 * Resolves a command's credentials: `--connection NAME` uses a saved Pail connection and its
 * keychain secret; otherwise the AWS SDK's default chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/
 * AWS_SESSION_TOKEN, then AWS_PROFILE from ~/.aws) against `--endpoint-url` or AWS itself.
 */
export async function resolveCliClient(options: CliCredentialOptions): Promise<CliClient> {
  const env = options.env ?? process.env;
  if (options.connection !== undefined && options.endpointUrl !== undefined)
    throw new UsageError('Give --connection or --endpoint-url, not both: a saved connection has its own endpoint.');
  if (options.connection !== undefined) {
    const home = options.pailHome ?? pailHome(env);
    const store = await ConnectionStore.open(home, await chooseSecretStore());
    const name = options.connection;
    const profile = store.list().find((p) => p.id === name || p.name.toLowerCase() === name.toLowerCase());
    if (!profile) throw new UsageError(`No saved connection is named "${name}" in ${home}.`);
    const secret = await store.secret(profile.id);
    if (!secret)
      throw new UsageError(
        `The secret of connection "${profile.name}" could not be read from the keychain. Unlock it, or use --endpoint-url with AWS_* variables.`,
      );
    return {
      client: createS3Client({ profile: { ...profile, region: options.region ?? profile.region }, secret }),
      source: `connection "${profile.name}"`,
    };
  }
  if (options.endpointUrl !== undefined && !/^https?:\/\/[^/\s]+/i.test(options.endpointUrl))
    throw new UsageError('--endpoint-url must be an http:// or https:// URL, such as http://127.0.0.1:9000.');
  const profile = options.profile ?? env.AWS_PROFILE;
  const { defaultProvider } = await import('@aws-sdk/credential-provider-node');
  const { S3Client } = await import('@aws-sdk/client-s3');
  const endpoint = options.endpointUrl?.replace(/\/+$/, '');
  const checksums = endpoint ? 'WHEN_REQUIRED' : 'WHEN_SUPPORTED';
  const client = new S3Client({
    region: options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    forcePathStyle: endpoint !== undefined,
    followRegionRedirects: endpoint === undefined,
    credentials: defaultProvider(profile ? { profile } : {}),
    requestChecksumCalculation: checksums,
    responseChecksumValidation: checksums,
    // The engine retries a streamed part itself; the SDK's warning about not retrying it is noise here.
    logger: { debug() {}, info() {}, warn() {}, error() {} },
  });
  return { client, source: env.AWS_ACCESS_KEY_ID && !options.profile ? 'AWS_ACCESS_KEY_ID' : `AWS profile "${profile ?? 'default'}"` };
}
