import type { S3ClientConfig } from '@aws-sdk/client-s3';
import { DeferredS3Client, type S3Sender } from '../services/s3/deferred-client.js';
import type { SigningCredentials } from '../services/s3/sign-v4.js';
import { chooseSecretStore } from '../services/credentials/choose-secret-store.js';
import { ConnectionStore } from '../services/credentials/connection-store.js';
import type { SecretStore } from '../services/credentials/secret-store.js';
import { pailHome } from '../services/settings/pail-home.js';
import { UsageError } from './args.js';

/** How a CLI command (`presign`, `cp`, `ls`…) was told to reach S3. */
export interface CliCredentialOptions {
  /** `--connection NAME`: a saved connection (name or id) and its secret from the keychain. */
  connection?: string;
  /** `--endpoint-url URL`: like the aws CLI, with credentials from AWS_* variables or profiles. */
  endpointUrl?: string;
  /** `--region`; else AWS_REGION / AWS_DEFAULT_REGION, else the profile's, else us-east-1. */
  region?: string;
  /** `--profile`; else AWS_PROFILE (only without --connection). */
  profile?: string;
  /** Checksums the client adds to requests; `WHEN_REQUIRED` for presigning. Default: per provider. */
  requestChecksumCalculation?: 'WHEN_SUPPORTED' | 'WHEN_REQUIRED';
  /** Where saved connections live; default $PAIL_HOME. */
  pailHome?: string;
  /** The secret store to read a connection's secret from; default the OS keychain. */
  secretStore?: SecretStore;
  env?: NodeJS.ProcessEnv;
}

/** A ready client, what it was built from (for presigning), and a phrase naming its credentials. */
export interface CliClient {
  /** Made without loading the SDK: it loads when a request first needs it (see DeferredS3Client). */
  client: S3Sender;
  /** The client's settings, so a presigner can build its own checksum-free client from them. */
  config: {
    region: string;
    endpoint?: string;
    forcePathStyle: boolean;
    credentials: NonNullable<S3ClientConfig['credentials']>;
  };
  /** e.g. `connection "Work"`, `AWS profile "dev"`, `AWS_ACCESS_KEY_ID`: for messages, never a secret. */
  source: string;
  /** The saved connection's provider when one was used ('local', 'aws'…). */
  provider?: string;
}

/**
 * Resolves a command's credentials the way the app and the aws CLI do: `--connection NAME` uses a
 * saved Pail connection and its keychain secret; otherwise the AWS SDK's default chain
 * (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN, then AWS_PROFILE or --profile from
 * ~/.aws, SSO included) against `--endpoint-url` or AWS itself. Mistakes throw UsageError with a
 * sentence saying what to do.
 */
export async function resolveCliClient(options: CliCredentialOptions): Promise<CliClient> {
  const env = options.env ?? process.env;
  if (options.connection !== undefined && options.endpointUrl !== undefined) {
    throw new UsageError('Give --connection or --endpoint-url, not both: a saved connection has its own endpoint.');
  }
  if (options.connection !== undefined) return fromConnection(options.connection, options, env);

  if (options.endpointUrl !== undefined && !/^https?:\/\/[^/\s]+/i.test(options.endpointUrl)) {
    throw new UsageError('--endpoint-url must be an http:// or https:// URL, such as http://127.0.0.1:9000.');
  }
  const profile = options.profile ?? env.AWS_PROFILE;
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const endpoint = options.endpointUrl?.replace(/\/+$/, '');
  // Keys in the environment and no profile named: what the SDK's default chain would use first,
  // read without loading it. Otherwise the chain reads the profiles (a named profile skips the
  // variables, as in the SDK and the aws CLI).
  const fromEnv: SigningCredentials | undefined =
    !profile && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          accessKeyId: env.AWS_ACCESS_KEY_ID,
          secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
          ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
        }
      : undefined;
  const credentials = fromEnv ?? (await import('@aws-sdk/credential-provider-node')).defaultProvider(profile ? { profile } : {});
  const config: CliClient['config'] = {
    region: region ?? 'us-east-1',
    ...(endpoint ? { endpoint } : {}),
    // Custom endpoints (MinIO, the local bucket, Ceph…) all serve path-style; AWS prefers virtual hosts.
    forcePathStyle: endpoint !== undefined,
    credentials,
  };
  const source = env.AWS_ACCESS_KEY_ID && !options.profile ? 'AWS_ACCESS_KEY_ID' : `AWS profile "${profile ?? 'default'}"`;
  return { client: makeClient(config, options, endpoint === undefined), config, source };
}

async function fromConnection(name: string, options: CliCredentialOptions, env: NodeJS.ProcessEnv): Promise<CliClient> {
  const home = options.pailHome ?? pailHome(env);
  const secrets = options.secretStore ?? (await chooseSecretStore());
  const store = await ConnectionStore.open(home, secrets);
  const all = store.list();
  const profile =
    all.find((p) => p.id === name) ?? all.find((p) => p.name === name) ?? all.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (!profile) {
    const names = all.map((p) => `"${p.name}"`).join(', ');
    throw new UsageError(
      `No saved connection is named "${name}". ${names ? `Saved connections: ${names}.` : `There are none in ${home}.`}`,
    );
  }
  const secret = await store.secret(profile.id);
  if (!secret) {
    throw new UsageError(
      profile.secretStorage === 'keychain'
        ? `The secret of connection "${profile.name}" could not be read from the system keychain. Unlock it, or use --endpoint-url with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY.`
        : `The secret of connection "${profile.name}" is kept where the command line cannot read it (${profile.secretStorage === 'session' ? 'in the app, for one session' : "in the app's encrypted store"}). Use --endpoint-url with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead.`,
    );
  }
  const config: CliClient['config'] = {
    region: options.region ?? (profile.region || 'us-east-1'),
    ...(profile.endpoint ? { endpoint: profile.endpoint } : {}),
    forcePathStyle: profile.forcePathStyle,
    credentials: {
      accessKeyId: profile.accessKeyId,
      secretAccessKey: secret.secretAccessKey,
      ...(secret.sessionToken ? { sessionToken: secret.sessionToken } : {}),
    },
  };
  return {
    client: makeClient(config, options, profile.provider === 'aws'),
    config,
    source: `connection "${profile.name}"`,
    provider: profile.provider,
  };
}

function makeClient(config: CliClient['config'], options: CliCredentialOptions, isAws: boolean): DeferredS3Client {
  // As in the app: several S3-compatible services refuse the SDK's newer default checksums.
  const checksums = options.requestChecksumCalculation ?? (isAws ? 'WHEN_SUPPORTED' : 'WHEN_REQUIRED');
  const { credentials } = config;
  // The direct path serves a custom endpoint addressed path-style, with checksums only when required.
  const direct =
    config.endpoint && config.forcePathStyle && !isAws && checksums === 'WHEN_REQUIRED'
      ? {
          endpoint: config.endpoint,
          region: config.region,
          credentials: typeof credentials === 'function' ? (credentials as () => Promise<SigningCredentials>) : async () => credentials,
        }
      : undefined;
  return new DeferredS3Client(
    { ...config, followRegionRedirects: isAws, requestChecksumCalculation: checksums, responseChecksumValidation: checksums },
    direct,
  );
}
