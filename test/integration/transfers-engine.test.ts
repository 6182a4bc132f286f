import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from '../../main/services/local-s3/index.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { TEST_CREDENTIALS } from '../support/local-s3.js';
import { clientFor, md5, md5File, MiB, openEngine, RequestLog } from '../support/transfers.js';

let server: LocalS3;
let dataDir: string;
let work: string;
const requests = new RequestLog();
const BUCKET = 'transfers';

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pail-s3-'));
  work = await mkdtemp(join(tmpdir(), 'pail-transfers-'));
  server = await startLocalS3({ dataDir, ...TEST_CREDENTIALS, log: requests.log });
  const client = clientFor(server.endpoint);
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  client.destroy();
});

afterAll(async () => {
  await server?.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(work, { recursive: true, force: true });
});

async function bodyOf(client: ReturnType<typeof clientFor>, key: string): Promise<Buffer> {
  const res = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await res.Body!.transformToByteArray());
}

describe('uploads and downloads', () => {
  it('uploads files below and above the part size and downloads them byte-identical', async () => {
    const small = randomBytes(100_000);
    const large = randomBytes(12 * MiB + 123);
    await writeFile(join(work, 'small.bin'), small);
    await writeFile(join(work, 'large.bin'), large);
    const { engine, client, close } = await openEngine(server.endpoint);
    try {
      const before = requests.count(/^PUT .*partNumber=/);
      const { groupId } = await engine.enqueueUploads({
        connectionId: 'c',
        bucket: BUCKET,
        prefix: 'up/',
        paths: [join(work, 'small.bin'), join(work, 'large.bin')],
      });
      const rows = await engine.whenGroupSettles(groupId);
      expect(rows.map((r) => r.state)).toEqual(['done', 'done']);
      // 12 MiB in 5 MiB parts: three UploadPart requests, and the small file is one PUT.
      expect(requests.count(/^PUT .*partNumber=/) - before).toBe(3);
      expect(md5(await bodyOf(client, 'up/small.bin'))).toBe(md5(small));
      expect(md5(await bodyOf(client, 'up/large.bin'))).toBe(md5(large));
      const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'up/large.bin' }));
      expect(head.ETag).toMatch(/-3"$/);

      const dest = join(work, 'down');
      const down = await engine.enqueueDownloads({ connectionId: 'c', bucket: BUCKET, keys: [], prefixes: ['up/'], destination: dest });
      const downRows = await engine.whenGroupSettles(down.groupId);
      expect(downRows.map((r) => r.state)).toEqual(['done', 'done']);
      expect(await md5File(join(dest, 'up', 'small.bin'))).toBe(md5(small));
      expect(await md5File(join(dest, 'up', 'large.bin'))).toBe(md5(large));
      expect((await readdir(join(dest, 'up'))).sort()).toEqual(['large.bin', 'small.bin']);
    } finally {
      await close();
    }
  });

  it('uploads a folder tree as key prefixes with content types from the names', async () => {
    const root = join(work, 'photos');
    await mkdir(join(root, '2026', 'june'), { recursive: true });
    await writeFile(join(root, 'a.jpg'), 'a');
    await writeFile(join(root, '2026', 'b.txt'), 'bb');
    await writeFile(join(root, '2026', 'june', 'c.json'), '{}');
    const { engine, client, close } = await openEngine(server.endpoint);
    try {
      const { groupId } = await engine.enqueueUploads({ connectionId: 'c', bucket: BUCKET, prefix: 'tree/', paths: [root] });
      await engine.whenGroupSettles(groupId);
      const group = engine.snapshot().groups.find((g) => g.id === groupId)!;
      expect(group).toMatchObject({ files: 3, done: 3, state: 'done', name: 'photos' });
      const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'tree/' }));
      expect(listed.Contents!.map((o) => o.Key)).toEqual(['tree/photos/2026/b.txt', 'tree/photos/2026/june/c.json', 'tree/photos/a.jpg']);
      const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'tree/photos/a.jpg' }));
      expect(head.ContentType).toBe('image/jpeg');
    } finally {
      await close();
    }
  });

  it('fails a vanished source file with its reason and finishes the rest', async () => {
    await writeFile(join(work, 'here.txt'), 'here');
    const { engine, client, close } = await openEngine(server.endpoint);
    try {
      const { groupId } = await engine.enqueueUploads({
        connectionId: 'c',
        bucket: BUCKET,
        prefix: 'vanish/',
        paths: [join(work, 'gone.txt'), join(work, 'here.txt')],
      });
      const rows = await engine.whenGroupSettles(groupId);
      expect(rows.find((r) => r.name === 'gone.txt')).toMatchObject({ state: 'failed', error: { code: 'not-found' } });
      expect(rows.find((r) => r.name === 'here.txt')?.state).toBe('done');
      expect((await bodyOf(client, 'vanish/here.txt')).toString()).toBe('here');
    } finally {
      await close();
    }
  });
});

describe('conflicts', () => {
  const policies = async (conflict: 'ask' | 'overwrite' | 'skip' | 'keep-both', key: string) => {
    await writeFile(join(work, key), `new ${conflict}`);
    const { engine, client, close } = await openEngine(server.endpoint);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: `conflict/${key}`, Body: 'old' }));
    const { groupId } = await engine.enqueueUploads({
      connectionId: 'c',
      bucket: BUCKET,
      prefix: 'conflict/',
      paths: [join(work, key)],
      conflict,
    });
    const [row] = await engine.whenGroupSettles(groupId);
    return { engine, client, close, row: row! };
  };

  it('ask parks the transfer in conflict with what exists, and the answer applies', async () => {
    const { engine, client, close, row } = await policies('ask', 'ask.txt');
    try {
      expect(row.state).toBe('conflict');
      expect(row.existing?.size).toBe(3);
      expect((await bodyOf(client, 'conflict/ask.txt')).toString()).toBe('old');
      await engine.resolveConflicts({ ids: [row.id] }, 'overwrite');
      const [after] = await engine.whenGroupSettles(row.groupId);
      expect(after!.state).toBe('done');
      expect((await bodyOf(client, 'conflict/ask.txt')).toString()).toBe('new ask');
    } finally {
      await close();
    }
  });

  it('overwrite replaces, skip keeps the old object, keep-both writes a new name', async () => {
    const o = await policies('overwrite', 'o.txt');
    expect(o.row.state).toBe('done');
    expect((await bodyOf(o.client, 'conflict/o.txt')).toString()).toBe('new overwrite');
    await o.close();
    const s = await policies('skip', 's.txt');
    expect(s.row.state).toBe('skipped');
    expect((await bodyOf(s.client, 'conflict/s.txt')).toString()).toBe('old');
    await s.close();
    const k = await policies('keep-both', 'k.txt');
    expect(k.row).toMatchObject({ state: 'done', name: 'k (1).txt' });
    expect((await bodyOf(k.client, 'conflict/k.txt')).toString()).toBe('old');
    expect((await bodyOf(k.client, 'conflict/k (1).txt')).toString()).toBe('new keep-both');
    await k.close();
  });

  it('downloads meet conflicts on the local side the same way', async () => {
    const dest = join(work, 'dl-conflict');
    await mkdir(dest, { recursive: true });
    await writeFile(join(dest, 'k.txt'), 'local');
    const { engine, close } = await openEngine(server.endpoint);
    try {
      const { groupId } = await engine.enqueueDownloads({
        connectionId: 'c',
        bucket: BUCKET,
        keys: ['conflict/k.txt'],
        prefixes: [],
        destination: dest,
        conflict: 'keep-both',
      });
      const [row] = await engine.whenGroupSettles(groupId);
      expect(row!.state).toBe('done');
      expect(await readFile(join(dest, 'k.txt'), 'utf8')).toBe('local');
      expect(await readFile(join(dest, 'k (1).txt'), 'utf8')).toBe('old');
    } finally {
      await close();
    }
  });
});

describe('cancel', () => {
  it('cancelling a multipart upload aborts it: no unfinished upload is left', async () => {
    await writeFile(join(work, 'cancel.bin'), randomBytes(30 * MiB));
    const { engine, client, close, events } = await openEngine(server.endpoint, { partsPerFile: 1 });
    try {
      const { groupId } = await engine.enqueueUploads({
        connectionId: 'c',
        bucket: BUCKET,
        prefix: 'cancel/',
        paths: [join(work, 'cancel.bin')],
      });
      // Cancel once the first part is on the server, so there is an upload to abort.
      await until(() => events.some((e) => e.transfers.some((t) => t.transferred > 5 * MiB)));
      await engine.cancel({ ids: [groupId] });
      const [row] = await engine.whenGroupSettles(groupId);
      expect(row!.state).toBe('cancelled');
      const uploads = await client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }));
      expect(uploads.Uploads ?? []).toEqual([]);
      await expect(client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'cancel/cancel.bin' }))).rejects.toMatchObject({
        name: 'NotFound',
      });
    } finally {
      await close();
    }
  });

  it('cancelling a download removes its .pail-part and never writes the final name', async () => {
    const dest = join(work, 'dl-cancel');
    const held = await heldDownload('up/large.bin', dest);
    try {
      await held.engine.cancel({ ids: [held.groupId] });
      const [row] = await held.engine.whenGroupSettles(held.groupId);
      expect(row!.state).toBe('cancelled');
      expect(existsSync(join(dest, 'large.bin'))).toBe(false);
      expect(existsSync(join(dest, 'large.bin.pail-part'))).toBe(false);
    } finally {
      await held.close();
    }
  });

  it('a cancel that arrives after the download finished leaves it done, its file in place', async () => {
    const { engine, close } = await openEngine(server.endpoint);
    const dest = join(work, 'dl-late-cancel');
    try {
      const { groupId } = await engine.enqueueDownloads({
        connectionId: 'c',
        bucket: BUCKET,
        keys: ['up/large.bin'],
        prefixes: [],
        destination: dest,
      });
      // The file reaches its final name before the engine has recorded the outcome: cancel then.
      await until(() => existsSync(join(dest, 'large.bin')));
      await engine.cancel({ ids: [groupId] });
      const [row] = await engine.whenGroupSettles(groupId);
      expect(row!.state).toBe('done');
      expect(existsSync(join(dest, 'large.bin'))).toBe(true);
    } finally {
      await close();
    }
  });
});

describe('an object replaced while it downloads', () => {
  it('fails in words instead of mixing two versions, and leaves nothing under the final name', async () => {
    const direct = clientFor(server.endpoint);
    await direct.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'changing.bin', Body: randomBytes(12 * MiB) }));
    const dest = join(work, 'dl-changing');
    const held = await heldDownload('changing.bin', dest);
    try {
      await direct.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'changing.bin', Body: randomBytes(12 * MiB) }));
      held.proxy.release();
      const [row] = await held.engine.whenGroupSettles(held.groupId);
      expect(row).toMatchObject({
        state: 'failed',
        error: { message: expect.stringContaining('changed on the server while it was downloading') },
      });
      expect(existsSync(join(dest, 'changing.bin'))).toBe(false);
    } finally {
      await held.close();
      direct.destroy();
    }
  });
});

/**
 * A download of `key` (one part at a time) through a proxy that holds the body after 2 MiB, once
 * its first bytes have arrived: caught mid-body however fast the machine. `close()` lets go of all.
 */
async function heldDownload(key: string, destination: string) {
  const proxy = await FaultProxy.start({ host: '127.0.0.1', port: Number(new URL(server.endpoint).port) });
  proxy.holdDownAfter = 2 * MiB;
  const { engine, close, events } = await openEngine(proxy.endpoint, { partsPerFile: 1 });
  const { groupId } = await engine.enqueueDownloads({ connectionId: 'c', bucket: BUCKET, keys: [key], prefixes: [], destination });
  await until(() => events.some((e) => e.transfers.some((t) => t.transferred > 0)));
  return {
    engine,
    groupId,
    proxy,
    async close() {
      proxy.release();
      await close();
      await proxy.close();
    },
  };
}

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((r) => setImmediate(r));
}

describe('downloads are verified against the MD5 an ETag states', () => {
  it('fails each path (direct, single GET, ranged) in words when the bytes served differ, leaving nothing under the final name', async () => {
    const { engine, close, client } = await openEngine(server.endpoint);
    try {
      // 200 KiB goes by the direct path, 2 MiB by one SDK GET, 12 MiB (over the 5 MiB part size) by ranged GETs.
      const objects = {
        'md5/direct.bin': randomBytes(200 * 1024),
        'md5/single.bin': randomBytes(2 * MiB),
        'md5/ranged.bin': randomBytes(12 * MiB),
      };
      for (const [Key, Body] of Object.entries(objects)) await client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body }));
      // Damage each stored data file in place (same size): the server now serves bytes its ETag does not describe.
      for (const body of Object.values(objects)) {
        const files = await readdir(dataDir, { recursive: true, withFileTypes: true });
        const stored = files.filter((f) => f.isFile()).map((f) => join(f.parentPath, f.name));
        let damaged = 0;
        for (const path of stored) {
          const bytes = await readFile(path);
          if (!bytes.equals(body)) continue;
          const middle = bytes.length >> 1;
          bytes[middle] = bytes[middle]! ^ 0xff;
          await writeFile(path, bytes);
          damaged++;
        }
        expect(damaged).toBe(1);
      }
      const dest = join(work, 'md5-down');
      const { groupId } = await engine.enqueueDownloads({
        connectionId: 'c',
        bucket: BUCKET,
        // By prefix, as a folder is downloaded: the listing gives each size, which picks its path.
        keys: [],
        prefixes: ['md5/'],
        destination: dest,
      });
      const rows = await engine.whenGroupSettles(groupId);
      expect(rows.map((r) => r.state)).toEqual(['failed', 'failed', 'failed']);
      for (const row of rows) expect(row.error?.message).toMatch(/do not match the object's MD5\. Retry the download\./);
      for (const key of Object.keys(objects)) expect(existsSync(join(dest, key))).toBe(false);
    } finally {
      await close();
    }
  });
});
