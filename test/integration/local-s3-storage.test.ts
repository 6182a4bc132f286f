import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import { startLocalS3 } from '../../main/services/local-s3/index.js';
import { FsObjectStore } from '../../main/services/local-s3/store/fs-object-store.js';
import type { BucketStore, ObjectRecord } from '../../main/services/local-s3/store/object-store.js';

/*
 * The local server's storage on disk: who may read it (modes, whatever the umask) and how the
 * object log keeps its size while small objects are overwritten and deleted.
 */

const dirs: string[] = [];
async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pail-storage-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

async function modesUnder(root: string): Promise<{ path: string; mode: number; dir: boolean }[]> {
  const out = [{ path: '.', mode: (await stat(root)).mode & 0o777, dir: true }];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    out.push({ path: path.slice(root.length + 1), mode: (await stat(path)).mode & 0o777, dir: entry.isDirectory() });
  }
  return out;
}

describe('file modes', () => {
  it('folders are 0700 and files 0600 under a permissive umask; an existing 0755 data folder is tightened', async () => {
    const previous = process.umask(0);
    try {
      const dataDir = join(await freshDir(), 'data');
      await mkdir(dataDir, { mode: 0o755 });
      expect((await stat(dataDir)).mode & 0o777).toBe(0o755);
      // No keys given: the server generates them into .pail/credentials.json.
      const server = await startLocalS3({ dataDir });
      const client = new S3Client({
        endpoint: server.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
        credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
      });
      try {
        await client.send(new CreateBucketCommand({ Bucket: 'modes' }));
        await client.send(new PutObjectCommand({ Bucket: 'modes', Key: 'small', Body: 'inline bytes' }));
        await client.send(new PutObjectCommand({ Bucket: 'modes', Key: 'large', Body: randomBytes(200 * 1024) }));
        const { UploadId } = await client.send(new CreateMultipartUploadCommand({ Bucket: 'modes', Key: 'multi' }));
        await client.send(new UploadPartCommand({ Bucket: 'modes', Key: 'multi', UploadId, PartNumber: 1, Body: randomBytes(1000) }));
        const listed = await modesUnder(dataDir);
        expect(listed.map((e) => e.path)).toEqual(
          expect.arrayContaining(['.pail/credentials.json', `buckets/modes/uploads/${UploadId}/parts.jsonl`, 'buckets/modes/bucket.json']),
        );
        expect(listed.some((e) => e.path.startsWith('buckets/modes/log/'))).toBe(true);
        expect(listed.some((e) => e.path.startsWith('buckets/modes/data/') && !e.dir)).toBe(true);
        const wrong = listed.filter((e) => e.mode !== (e.dir ? 0o700 : 0o600)).map((e) => `${e.path} ${e.mode.toString(8)}`);
        expect(wrong).toEqual([]);
        await client
          .send(
            new CompleteMultipartUploadCommand({
              Bucket: 'modes',
              Key: 'multi',
              UploadId,
              MultipartUpload: { Parts: [{ PartNumber: 1, ETag: `"${createHash('md5').update('x').digest('hex')}"` }] },
            }),
          )
          .catch(() => {});
      } finally {
        client.destroy();
        await server.close();
      }
    } finally {
      process.umask(previous);
    }
  });
});

const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');

/** A PUT as the PutObject operation makes it: stage, hand the body over inline, commit. */
async function put(bucket: BucketStore, key: string, body: Buffer): Promise<void> {
  const staged = bucket.stage();
  expect(staged.inline && body.length <= staged.inline.limit).toBe(true);
  staged.inline!.keep(body);
  const record: ObjectRecord = {
    size: body.length,
    etag: md5(body),
    lastModified: Date.now(),
    headers: {},
    meta: {},
    acl: 'private',
    storageClass: 'STANDARD',
    files: [{ name: staged.name, size: body.length }],
  };
  await bucket.commit(key, record);
}

async function read(bucket: BucketStore, key: string): Promise<Buffer | undefined> {
  const opened = await bucket.open(key);
  if (!opened) return undefined;
  try {
    return opened.record.size === 0 ? Buffer.alloc(0) : await opened.readBuffer(0, opened.record.size - 1);
  } finally {
    await opened.close();
  }
}

async function logBytes(dataDir: string, bucket: string): Promise<number> {
  const dir = join(dataDir, 'buckets', bucket, 'log');
  let total = 0;
  for (const name of await readdir(dir)) total += (await stat(join(dir, name))).size;
  return total;
}

describe('the object log', () => {
  const options = { maxSegmentBytes: 128 * 1024, compactAfterDeadBytes: 128 * 1024 };

  it('reclaims overwritten and deleted inline bytes while reads and writes go on, and keeps every live object', async () => {
    const dataDir = await freshDir();
    let store = await FsObjectStore.open(dataDir, options);
    let bucket = await store.createBucket('log', 'private');
    const keys = Array.from({ length: 40 }, (_, i) => `k/${i}`);
    const current = new Map<string, Buffer>();
    let written = 0;
    for (let round = 0; round < 25; round++) {
      // Concurrent overwrites of every key, a few deletes, and reads checking what they get.
      const bodies = keys.map((_, i) => randomBytes(1000 + ((round * 131 + i * 977) % 15_000)));
      const reads = keys.map(async (key) => {
        const got = await read(bucket, key);
        const before = current.get(key);
        // A read racing the overwrite sees the old or the new body, never anything else.
        if (got && before) expect([md5(before), md5(bodies[keys.indexOf(key)]!)]).toContain(md5(got));
      });
      await Promise.all([...keys.map((key, i) => put(bucket, key, bodies[i]!)), ...reads]);
      keys.forEach((key, i) => current.set(key, bodies[i]!));
      written += bodies.reduce((a, b) => a + b.length, 0);
      if (round % 5 === 4) {
        const victim = keys[round % keys.length]!;
        await bucket.remove(victim);
        current.delete(victim);
      }
    }
    const live = [...current.values()].reduce((a, b) => a + b.length, 0);
    for (const [key, body] of current) expect(md5((await read(bucket, key))!)).toBe(md5(body));
    await store.close();

    // Far more was written than is live; the log holds about the live bytes, not the history.
    const onDisk = await logBytes(dataDir, 'log');
    expect(written).toBeGreaterThan(8 * live);
    expect(onDisk).toBeLessThan(2 * live + 3 * options.maxSegmentBytes);

    store = await FsObjectStore.open(dataDir, options);
    bucket = store.bucket('log')!;
    expect(bucket.objectCount).toBe(current.size);
    for (const [key, body] of current) expect(md5((await read(bucket, key))!)).toBe(md5(body));
    expect(await readdir(join(dataDir, 'buckets', 'log', 'data', '00'))).toEqual([]);
    await store.close();
  });

  it('converts a bucket from the journal format (objects.jsonl) on open', async () => {
    const dataDir = await freshDir();
    let store = await FsObjectStore.open(dataDir);
    const bucket = await store.createBucket('old', 'private');
    const body = Buffer.from('an object from before the log');
    await put(bucket, 'kept', body);
    await store.close();
    // Rebuild the folder as the previous version left it: the record in objects.jsonl, the bytes in a data file.
    const bucketDir = join(dataDir, 'buckets', 'old');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(bucketDir, 'data', 'ab', 'abcdef'), body);
    const record = { size: body.length, etag: md5(body), lastModified: 1, headers: {}, meta: {}, acl: 'private', storageClass: 'STANDARD' };
    await writeFile(
      join(bucketDir, 'objects.jsonl'),
      [
        { op: 'put', key: 'kept', obj: { ...record, files: [{ name: 'ab/abcdef', size: body.length }] } },
        { op: 'put', key: 'gone', obj: { ...record, files: [] } },
        { op: 'del', key: 'gone' },
      ]
        .map((e) => JSON.stringify(e))
        .join('\n') + '\n',
    );
    await rm(join(bucketDir, 'log'), { recursive: true });

    store = await FsObjectStore.open(dataDir);
    const reopened = store.bucket('old')!;
    expect(reopened.list({ prefix: '', delimiter: '', after: '', maxKeys: 10 }).keys).toEqual(['kept']);
    expect(await read(reopened, 'kept')).toEqual(body);
    await store.close();
    expect((await readdir(bucketDir)).sort()).toEqual(['bucket.json', 'data', 'log', 'uploads']);
  });
});
