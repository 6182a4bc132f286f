import { randomUUID } from 'node:crypto';
import { chmod, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, PRIVATE_DIR_MODE } from '../../fs/fsync-dir.js';
import { acquirePidLock } from '../../fs/pid-lock.js';
import { S3Error } from '../s3-error.js';
import { FsBucket } from './fs-bucket.js';
import type { ObjectLogOptions } from './object-log.js';
import type { BucketConfig, BucketStore, CannedAcl, ObjectStore } from './object-store.js';

/**
 * The local bucket's storage: `<dataDir>/buckets/<name>/` per bucket (see FsBucket), and
 * `<dataDir>/.pail/` for the server's own files. One process owns a data folder at a time.
 * Everything in it is the owner's only: folders are created 0700 and files 0600 whatever the
 * umask, and the data folder itself is set to 0700 at every open, which also closes a folder made
 * by an older version with looser modes (nothing inside can be reached through it).
 */
export class FsObjectStore implements ObjectStore {
  private readonly buckets = new Map<string, FsBucket>();

  private constructor(
    private readonly dataDir: string,
    private readonly options: ObjectLogOptions,
  ) {}

  /** `options` tune the buckets' logs (segment size, compaction threshold); the defaults suit real use. */
  static async open(dataDir: string, options: ObjectLogOptions = {}): Promise<FsObjectStore> {
    const store = new FsObjectStore(dataDir, options);
    await mkdir(join(dataDir, 'buckets'), { recursive: true, mode: PRIVATE_DIR_MODE });
    await chmod(dataDir, PRIVATE_DIR_MODE);
    await acquireLock(join(dataDir, '.pail', 'lock'));
    const bucketsDir = join(dataDir, 'buckets');
    for (const name of await readdir(bucketsDir)) {
      // Hidden folders are buckets half created or half deleted when the process died.
      if (name.startsWith('.')) {
        await rm(join(bucketsDir, name), { recursive: true, force: true });
        continue;
      }
      store.buckets.set(name, await FsBucket.open(join(bucketsDir, name), options));
    }
    return store;
  }

  listBuckets(): BucketConfig[] {
    return [...this.buckets.values()].map((b) => b.config).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  bucket(name: string): BucketStore | undefined {
    return this.buckets.get(name);
  }

  async createBucket(name: string, acl: CannedAcl): Promise<BucketStore> {
    if (this.buckets.has(name)) throw new S3Error('BucketAlreadyOwnedByYou', undefined, { BucketName: name });
    const staging = join(this.dataDir, 'buckets', `.creating-${randomUUID()}`);
    await FsBucket.initialize(staging, { name, created: Date.now(), acl });
    if (this.buckets.has(name)) {
      await rm(staging, { recursive: true, force: true });
      throw new S3Error('BucketAlreadyOwnedByYou', undefined, { BucketName: name });
    }
    const dir = join(this.dataDir, 'buckets', name);
    await rename(staging, dir);
    await fsyncDir(join(this.dataDir, 'buckets'));
    const bucket = await FsBucket.open(dir, this.options);
    this.buckets.set(name, bucket);
    return bucket;
  }

  async deleteBucket(name: string): Promise<void> {
    const bucket = this.buckets.get(name);
    if (!bucket) throw new S3Error('NoSuchBucket', undefined, { BucketName: name });
    if (bucket.objectCount > 0) throw new S3Error('BucketNotEmpty', undefined, { BucketName: name });
    this.buckets.delete(name);
    await bucket.close();
    const trash = join(this.dataDir, 'buckets', `.deleting-${randomUUID()}`);
    await rename(join(this.dataDir, 'buckets', name), trash);
    await fsyncDir(join(this.dataDir, 'buckets'));
    await rm(trash, { recursive: true, force: true });
  }

  async close(): Promise<void> {
    await Promise.all([...this.buckets.values()].map((b) => b.close()));
    this.buckets.clear();
    await rm(join(this.dataDir, '.pail', 'lock'), { force: true });
  }
}

/** Claims the data folder for this process; a lock left by a dead process is taken over. */
async function acquireLock(path: string): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true, mode: PRIVATE_DIR_MODE });
  await acquirePidLock(
    path,
    {
      busy: (pid) =>
        new Error(`The data folder is in use by another local S3 server (process ${pid}). Stop it or choose another --data folder.`),
      contended: () => new Error(`Could not lock the data folder (${path}).`),
    },
    2,
  );
}
