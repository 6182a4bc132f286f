import { randomBytes } from 'node:crypto';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm, symlink, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalS3, type LocalS3 } from '../../main/services/local-s3/index.js';
import { TEST_CREDENTIALS } from '../support/local-s3.js';
import { clientFor, md5, md5File, MiB, openEngine, RequestLog } from '../support/transfers.js';

// A full disk while downloading: a clear error, never a half file under the final name.
let server: LocalS3;
let work: string;
const requests = new RequestLog();
const BUCKET = 'diskfull';
const small = randomBytes(1 * MiB + 5);
const large = randomBytes(20 * MiB + 7);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pail-diskfull-'));
  server = await startLocalS3({ dataDir: join(work, 'data'), ...TEST_CREDENTIALS, log: requests.log });
  const client = clientFor(server.endpoint);
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'small.bin', Body: small }));
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'large.bin', Body: large }));
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'tiny/t.bin', Body: randomBytes(16 * 1024) }));
  client.destroy();
});

afterAll(async () => {
  vi.restoreAllMocks();
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

describe('disk full on download', () => {
  // Real ENOSPC from the kernel, without root: the part file is a link to /dev/full, where every
  // write fails with "No space left on device".
  it.each(['small.bin', 'large.bin'])(
    '%s into a full disk (/dev/full): fails in words, nothing under the final name, the empty .pail-part removed',
    async (key) => {
      const dest = join(work, `full-${key}`);
      await mkdir(dest);
      await symlink('/dev/full', join(dest, `${key}.pail-part`));
      const { engine, close } = await openEngine(server.endpoint);
      try {
        const { groupId } = await engine.enqueueDownloads({
          connectionId: 'c',
          bucket: BUCKET,
          keys: [key],
          prefixes: [],
          destination: dest,
        });
        const [row] = await engine.whenGroupSettles(groupId);
        expect(row!.state).toBe('failed');
        expect(row!.error?.message).toBe(`The disk is full: ${join(dest, key)} could not be written. Free some space, then Retry.`);
        expect(existsSync(join(dest, key))).toBe(false);
        expect(() => lstatSync(join(dest, `${key}.pail-part`))).toThrow(/ENOENT/);
      } finally {
        await close();
      }
    },
  );

  // A listed object of one request goes the direct way, written whole: in the thread pool (the
  // app) or blocking (the command line).
  it.each([false, true])('a small listed object into a full disk, blocking writes %s: the same failure in words', async (blocking) => {
    const dest = join(work, `full-tiny-${blocking}`);
    await mkdir(join(dest, 'tiny'), { recursive: true });
    await symlink('/dev/full', join(dest, 'tiny', 't.bin.pail-part'));
    const { engine, close } = await openEngine(server.endpoint, { blockingSmallWrites: blocking });
    try {
      const { groupId } = await engine.enqueueDownloads({
        connectionId: 'c',
        bucket: BUCKET,
        keys: [],
        prefixes: ['tiny/'],
        destination: dest,
      });
      const [row] = await engine.whenGroupSettles(groupId);
      expect(row!.state).toBe('failed');
      expect(row!.error?.message).toBe(
        `The disk is full: ${join(dest, 'tiny', 't.bin')} could not be written. Free some space, then Retry.`,
      );
      expect(existsSync(join(dest, 'tiny', 't.bin'))).toBe(false);
      expect(() => lstatSync(join(dest, 'tiny', 't.bin.pail-part'))).toThrow(/ENOENT/);
    } finally {
      await close();
    }
  });

  it('keeps the verified part of a large download when the disk fills mid-way; Retry after freeing space continues from it', async () => {
    const dest = join(work, 'midway');
    await mkdir(dest);
    const partPath = join(dest, 'large.bin.pail-part');
    // The disk fills during the last write of the fourth 5 MiB chunk: that write stores only half
    // of its bytes (a short write, as on a real disk) and every later one fails with ENOSPC. The
    // short write must not pass for a complete chunk. The verified length is made durable every two
    // chunks, so 10 MiB are kept.
    const probe = await open(join(work, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as FileHandle;
    await probe.close();
    const realWrite = proto.write as unknown as (this: FileHandle, ...args: unknown[]) => Promise<unknown>;
    let full = false;
    const spy = vi.spyOn(proto, 'write').mockImplementation(function (this: FileHandle, ...args: unknown[]) {
      const [data, offset, length, position] = args as [Buffer, number, number, number];
      const target = (() => {
        try {
          return readlinkSync(`/proc/self/fd/${this.fd}`);
        } catch {
          return '';
        }
      })();
      if (target !== partPath || !Buffer.isBuffer(data)) return realWrite.apply(this, args) as never;
      if (full) {
        return Promise.reject(
          Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' }),
        ) as never;
      }
      if (position + length !== 20 * MiB) return realWrite.call(this, data, offset, length, position) as never;
      full = true;
      return realWrite.call(this, data, offset, Math.ceil(length / 2), position) as never;
    });
    // Ranged downloads write runs of network chunks with writev: the same disk, the same rules.
    const realWritev = proto.writev as unknown as (this: FileHandle, ...args: unknown[]) => Promise<unknown>;
    const spyv = vi.spyOn(proto, 'writev').mockImplementation(function (this: FileHandle, ...args: unknown[]) {
      const [buffers, position] = args as [Buffer[], number];
      const target = (() => {
        try {
          return readlinkSync(`/proc/self/fd/${this.fd}`);
        } catch {
          return '';
        }
      })();
      if (target !== partPath) return realWritev.apply(this, args) as never;
      if (full) {
        return Promise.reject(
          Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' }),
        ) as never;
      }
      const length = buffers.reduce((n, b) => n + b.length, 0);
      if (position + length !== 20 * MiB) return realWritev.apply(this, args) as never;
      full = true;
      const all = Buffer.concat(buffers);
      return realWrite.call(this, all, 0, Math.ceil(length / 2), position) as never;
    });
    // One part at a time, so the chunks finish in order and the verified length moves.
    const { engine, close } = await openEngine(server.endpoint, { partsPerFile: 1 });
    try {
      const { groupId } = await engine.enqueueDownloads({
        connectionId: 'c',
        bucket: BUCKET,
        keys: ['large.bin'],
        prefixes: [],
        destination: dest,
      });
      const [failed] = await engine.whenGroupSettles(groupId);
      expect(failed!.state).toBe('failed');
      expect(failed!.error?.message).toMatch(
        /^The disk is full: .*large\.bin could not be written\. The 10\.0 MiB downloaded so far stay in large\.bin\.pail-part: free some space and Retry to continue from there, or Cancel to remove it\.$/,
      );
      expect(existsSync(join(dest, 'large.bin'))).toBe(false);
      expect(existsSync(partPath)).toBe(true);
      // Space is free again.
      spy.mockRestore();
      spyv.mockRestore();
      const before = requests.count(/^GET \/diskfull\/large\.bin/);
      await engine.retry({ ids: [failed!.id] });
      const [done] = await engine.whenGroupSettles(groupId);
      expect(done!.state, done!.error?.message).toBe('done');
      expect(await md5File(join(dest, 'large.bin'))).toBe(md5(large));
      // Only the chunks past the kept 10 MiB were fetched: 3 of the 5 (four of 5 MiB, then 7 bytes).
      expect(requests.count(/^GET \/diskfull\/large\.bin/) - before).toBe(3);
      expect(existsSync(partPath)).toBe(false);
    } finally {
      spy.mockRestore();
      spyv.mockRestore();
      await close();
    }
  });
});
