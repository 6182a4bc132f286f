import { mkdir, readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import type { LocalBucketConfig, LocalBucketKeyPair, LocalBucketStatus } from '../../../preload/contract/types.js';
import type { EventSink } from '../events/event-sink.js';
import type { SecretStore } from '../credentials/secret-store.js';
import { generateCredentials, loadOrCreateCredentials } from '../local-s3/index.js';
import { startLocalS3, type LocalS3 } from '../local-s3/index.js';
import type { ObjectStore } from '../local-s3/index.js';
import { PailError } from '../errors/pail-error.js';
import { writeFileAtomic } from '../fs/atomic-file.js';
import type { Credentials } from '../local-s3/index.js';

interface StoredConfig {
  port: number;
  dataDir: string;
  accessKeyId?: string;
}

/** The keychain account of the local bucket's own secret. */
const LOCAL_SECRET_ACCOUNT = 'local-bucket';

/**
 * Runs the embedded S3 server as Pail's "Local bucket": credentials created on first start and
 * kept in the keychain (or in the data folder when no keychain exists, so they survive restarts),
 * a free port chosen once and kept, data in `<pailHome>/local-bucket` unless moved.
 */
export class LocalBucketManager {
  private server: LocalS3 | undefined;
  private state: LocalBucketStatus['state'] = 'stopped';
  private error: string | undefined;
  private credentials: Credentials | undefined;
  private transition: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly configFile: string,
    private config: StoredConfig,
    private readonly secrets: SecretStore,
    private readonly events: EventSink,
  ) {}

  static async open(pailHome: string, secrets: SecretStore, events: EventSink): Promise<LocalBucketManager> {
    const configFile = join(pailHome, 'local-bucket.json');
    const stored = await readFile(configFile, 'utf8').then(
      (t) => JSON.parse(t) as Partial<StoredConfig>,
      () => ({}) as Partial<StoredConfig>,
    );
    const config: StoredConfig = {
      port: Number.isInteger(stored.port) && stored.port! > 0 ? stored.port! : 0,
      dataDir: stored.dataDir || join(pailHome, 'local-bucket'),
      ...(stored.accessKeyId ? { accessKeyId: stored.accessKeyId } : {}),
    };
    return new LocalBucketManager(configFile, config, secrets, events);
  }

  status(): LocalBucketStatus {
    const status: LocalBucketStatus = {
      state: this.state,
      port: this.server?.port ?? this.config.port,
      dataDir: this.config.dataDir,
      accessKeyId: this.credentials?.accessKeyId ?? this.config.accessKeyId ?? '',
    };
    if (this.server) status.endpoint = this.server.endpoint;
    if (this.error) status.error = this.error;
    return status;
  }

  /**
   * The key pair other tools use with the local bucket, secret included (created on first use,
   * like start() does). Only an explicit request from its owner should reach this.
   */
  revealSecret(): Promise<LocalBucketKeyPair> {
    return this.serialize(async () => {
      this.credentials ??= await this.loadCredentials();
      return { accessKeyId: this.credentials.accessKeyId, secretAccessKey: this.credentials.secretAccessKey };
    });
  }

  /** The running server's storage, for listing it in-process. */
  store(): ObjectStore | undefined {
    return this.server?.store;
  }

  /** The running server's endpoint and key pair, for the "Local bucket" connection. */
  connection(): { endpoint: string; credentials: Credentials } | undefined {
    return this.server && this.credentials ? { endpoint: this.server.endpoint, credentials: this.credentials } : undefined;
  }

  start(): Promise<LocalBucketStatus> {
    return this.serialize(async () => {
      if (this.server) return this.status();
      this.setState('starting');
      try {
        this.credentials ??= await this.loadCredentials();
        const port = await this.choosePort();
        this.server = await startLocalS3({ dataDir: this.config.dataDir, port, ...this.credentials });
        if (this.config.port !== this.server.port) {
          this.config.port = this.server.port;
          await this.saveConfig();
        }
        this.error = undefined;
        this.setState('running');
      } catch (err) {
        this.error = `The local bucket could not start: ${(err as Error).message}`;
        this.setState('error');
      }
      return this.status();
    });
  }

  stop(): Promise<LocalBucketStatus> {
    return this.serialize(async () => {
      const server = this.server;
      this.server = undefined;
      await server?.close();
      this.error = undefined;
      this.setState('stopped');
      return this.status();
    });
  }

  /** Changes the port and/or data folder; a running server restarts to apply them. */
  async configure(change: LocalBucketConfig): Promise<LocalBucketStatus> {
    if (change.port !== undefined && (!Number.isInteger(change.port) || change.port < 0 || change.port > 65535)) {
      throw new PailError('invalid-input', 'The port must be a number from 1 to 65535 (0 picks a free one).');
    }
    const wasRunning = this.server !== undefined;
    await this.stop();
    await this.serialize(async () => {
      if (change.port !== undefined) this.config.port = change.port;
      if (change.dataDir !== undefined) this.config.dataDir = resolve(change.dataDir);
      await this.saveConfig();
    });
    return wasRunning ? this.start() : this.status();
  }

  async close(): Promise<void> {
    await this.stop();
  }

  private async loadCredentials(): Promise<Credentials> {
    // Without a real keychain a session-only secret would change every run and break every tool
    // configured with it, so the data folder's owner-only credentials file is used instead.
    if (this.secrets.kind === 'session') {
      const creds = await loadOrCreateCredentials(this.config.dataDir);
      return { accessKeyId: creds.accessKeyId, secretAccessKey: creds.secretAccessKey };
    }
    const secret = this.config.accessKeyId ? await this.secrets.get(LOCAL_SECRET_ACCOUNT) : undefined;
    if (this.config.accessKeyId && secret) return { accessKeyId: this.config.accessKeyId, secretAccessKey: secret };
    const created = generateCredentials();
    await this.secrets.set(LOCAL_SECRET_ACCOUNT, created.secretAccessKey);
    this.config.accessKeyId = created.accessKeyId;
    await this.saveConfig();
    return created;
  }

  /** The kept port if it is free, else a new free one (the status then shows the new port). */
  private async choosePort(): Promise<number> {
    if (this.config.port && (await isPortFree(this.config.port))) return this.config.port;
    return 0;
  }

  private setState(state: LocalBucketStatus['state']): void {
    this.state = state;
    this.events.emit('didChangeLocalBucket', this.status());
  }

  private async saveConfig(): Promise<void> {
    await mkdir(dirname(this.configFile), { recursive: true });
    await writeFileAtomic(this.configFile, JSON.stringify(this.config, null, 2));
  }

  private serialize<T>(task: () => Promise<T>): Promise<T> {
    const next = this.transition.then(task, task);
    this.transition = next.catch(() => {});
    return next;
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const probe = createServer();
    probe.once('error', () => resolvePort(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePort(true)));
  });
}
