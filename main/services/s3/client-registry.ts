import type { S3Client } from '@aws-sdk/client-s3';
import type { ConnectionProfile } from '../../../preload/contract/types.js';
import type { ConnectionStore } from '../credentials/connection-store.js';
import type { LocalBucketManager } from '../local-bucket/local-bucket-manager.js';
import { PailError } from '../errors/pail-error.js';
import { createS3Client, type ClientTarget } from './client-factory.js';
import { s3PageSource, storePageSource, type PageSource } from './page-source.js';

/** The id of the built-in local bucket connection. */
export const LOCAL_CONNECTION_ID = 'local';

/**
 * One S3 client per connection, built on first use and dropped when the connection changes.
 * The local bucket's client follows the embedded server (its port can change).
 */
export class ClientRegistry {
  private readonly clients = new Map<string, { client: S3Client; endpoint: string }>();

  constructor(
    private readonly connections: ConnectionStore,
    private readonly localBucket: LocalBucketManager,
  ) {}

  /** The profile of a connection, the local bucket included. */
  profile(id: string): ConnectionProfile {
    if (id === LOCAL_CONNECTION_ID) return this.localProfile();
    const profile = this.connections.get(id);
    if (!profile) throw new PailError('not-found', 'That connection no longer exists.');
    return profile;
  }

  localProfile(): ConnectionProfile {
    const status = this.localBucket.status();
    return {
      id: LOCAL_CONNECTION_ID,
      name: 'Local bucket',
      provider: 'local',
      endpoint: status.endpoint ?? '',
      region: 'us-east-1',
      forcePathStyle: true,
      accessKeyId: status.accessKeyId,
      secretStorage: 'keychain',
      builtIn: true,
    };
  }

  async client(id: string): Promise<S3Client> {
    if (id === LOCAL_CONNECTION_ID) {
      const local = this.localBucket.connection();
      if (!local) throw new PailError('unreachable', 'The local bucket is stopped. Start it from its panel.');
      const cached = this.clients.get(id);
      if (cached && cached.endpoint === local.endpoint) return cached.client;
      cached?.client.destroy();
      const client = createS3Client({
        profile: { ...this.localProfile(), endpoint: local.endpoint },
        secret: { secretAccessKey: local.credentials.secretAccessKey },
      });
      this.clients.set(id, { client, endpoint: local.endpoint });
      return client;
    }
    const cached = this.clients.get(id);
    if (cached) return cached.client;
    const { profile, secret } = await this.target(id);
    const client = createS3Client({ profile, secret });
    this.clients.set(id, { client, endpoint: profile.endpoint });
    return client;
  }

  /** A connection's endpoint and key pair (for signing links); the local bucket's while it runs. */
  async target(id: string): Promise<ClientTarget> {
    if (id === LOCAL_CONNECTION_ID) {
      const local = this.localBucket.connection();
      if (!local) throw new PailError('unreachable', 'The local bucket is stopped. Start it from its panel.');
      return {
        profile: { ...this.localProfile(), endpoint: local.endpoint },
        secret: { secretAccessKey: local.credentials.secretAccessKey },
      };
    }
    const profile = this.profile(id);
    const secret = await this.connections.secret(id);
    if (!secret) {
      const message =
        profile.secretStorage === 'session'
          ? `The secret key of "${profile.name}" was kept for that session only (no keychain was available). Edit the connection and enter it again.`
          : `The secret key of "${profile.name}" could not be read from the ${profile.secretStorage === 'keychain' ? 'system keychain' : 'encrypted store'}. Unlock your keychain (or log in again) and retry, or edit the connection and enter the secret again.`;
      throw new PailError('keychain-unavailable', message);
    }
    return { profile, secret };
  }

  /** Where a listing of this connection's bucket comes from: in-process for the local bucket. */
  async pageSource(id: string, bucket: string, prefix: string): Promise<PageSource> {
    const store = id === LOCAL_CONNECTION_ID ? this.localBucket.store() : undefined;
    return store ? storePageSource(store, bucket, prefix) : s3PageSource(await this.client(id), bucket, prefix);
  }

  /** Forgets a connection's client after it was edited or removed. */
  invalidate(id: string): void {
    this.clients.get(id)?.client.destroy();
    this.clients.delete(id);
  }

  close(): void {
    for (const { client } of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}

/** The plain URL of an object on its endpoint (usable only where the object is public). */
export function objectUrl(profile: ConnectionProfile, bucket: string, key: string): string {
  const path = key.split('/').map(encodeURIComponent).join('/');
  if (profile.provider === 'aws' && !profile.endpoint) {
    return `https://${bucket}.s3.${profile.region}.amazonaws.com/${path}`;
  }
  if (!profile.forcePathStyle && profile.endpoint) {
    const url = new URL(profile.endpoint);
    return `${url.protocol}//${bucket}.${url.host}/${path}`;
  }
  return `${profile.endpoint}/${bucket}/${path}`;
}
