import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from '../../main/services/local-s3/index.js';
import { TEST_CREDENTIALS } from '../support/local-s3.js';
import { clientFor, md5File, MiB, exitOf, spawnPailCp } from '../support/transfers.js';

// Two `pail cp` processes at once in one PAIL_HOME: each must keep its own resumable state.
const SIZE = 64 * MiB;
const PART = 8;
const BUCKET = 'concurrent';
let server: LocalS3;
let work: string;
let home: string;
let folder: string;
let single: string;
const lines: string[] = [];
const listeners = new Set<(line: string) => void>();

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pail-concurrent-'));
  home = join(work, 'home');
  server = await startLocalS3({
    dataDir: join(work, 'data'),
    ...TEST_CREDENTIALS,
    log: (line) => {
      lines.push(line);
      for (const l of listeners) l(line);
    },
  });
  const client = clientFor(server.endpoint);
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  client.destroy();
  folder = join(work, 'folder');
  await mkdir(folder);
  await randomFile(join(folder, '1.bin'), 2 * PART * MiB);
  await randomFile(join(folder, '2.bin'), SIZE);
  single = join(work, 'single.bin');
  await randomFile(single, SIZE);
});

/** Random bytes written in 8 MiB pieces, so the test never holds a file whole. */
async function randomFile(path: string, size: number): Promise<void> {
  const file = await open(path, 'w');
  for (let i = 0; i < size / (8 * MiB); i++) await file.write(randomBytes(8 * MiB));
  await file.close();
}

afterAll(async () => {
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

/** `pail cp` of this suite's part size, one file at a time; one part at a time. */
function cp(src: string, dst: string, ...extra: string[]): ChildProcess {
  return spawnPailCp(server.endpoint, home, [src, dst, '--part-size', String(PART), '--files', '1', '--parts', '1', ...extra]);
}

const storedPart = (key: string) => new RegExp(`^PUT /${BUCKET}/${key}\\?\\S*partNumber=(\\d+)\\S* 200 `);
const partsOf = (key: string, from = 0) =>
  lines
    .slice(from)
    .map((l) => storedPart(key).exec(l)?.[1])
    .filter((n): n is string => !!n)
    .map(Number);

/** Resolves once the server has stored `count` parts of `key` (counting from now). */
function partsStored(key: string, count: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => {
    const listener = (line: string) => {
      if (storedPart(key).test(line) && ++seen === count) {
        listeners.delete(listener);
        resolve();
      }
    };
    listeners.add(listener);
  });
}

async function objectMd5(key: string): Promise<string> {
  const client = clientFor(server.endpoint);
  const res = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  const hash = createHash('md5');
  for await (const chunk of res.Body as AsyncIterable<Buffer>) hash.update(chunk);
  client.destroy();
  return hash.digest('hex');
}

describe('concurrent pail cp in one PAIL_HOME', () => {
  it('two runs killed -9 mid-upload both resume on rerun: no stored part sent again, every object byte-identical', async () => {
    // Run A (a folder, one file at a time) opens its journal first and starts its second file's
    // multipart upload only after run B has opened its own: with one shared journal file, B's
    // compaction at open would swallow A's later entries and A's rerun would start that file over.
    const a = cp(folder, `s3://${BUCKET}/a/`, '--recursive');
    const aExit = exitOf(a);
    await partsStored('a/1.bin', 1);
    a.kill('SIGSTOP');
    const b = cp(single, `s3://${BUCKET}/b.bin`);
    const bExit = exitOf(b);
    void partsStored('b.bin', 3).then(() => b.kill('SIGKILL'));
    await partsStored('b.bin', 1);
    void partsStored('a/2.bin', 3).then(() => a.kill('SIGKILL'));
    a.kill('SIGCONT');
    expect((await aExit).signal).toBe('SIGKILL');
    expect((await bExit).signal).toBe('SIGKILL');
    const stored = { 'a/2.bin': new Set(partsOf('a/2.bin')), 'b.bin': new Set(partsOf('b.bin')) };
    expect(stored['a/2.bin'].size).toBeGreaterThanOrEqual(3);
    expect(stored['b.bin'].size).toBeGreaterThanOrEqual(3);
    const mark = lines.length;

    const reruns = await Promise.all([exitOf(cp(folder, `s3://${BUCKET}/a/`, '--recursive')), exitOf(cp(single, `s3://${BUCKET}/b.bin`))]);
    for (const rerun of reruns) expect(rerun.code, rerun.stderr).toBe(0);
    for (const key of ['a/2.bin', 'b.bin'] as const) {
      expect(
        partsOf(key, mark).filter((n) => stored[key].has(n)),
        key,
      ).toEqual([]);
      // No second multipart upload was started for it.
      expect(lines.slice(mark).filter((l) => l.startsWith(`POST /${BUCKET}/${key}?uploads`))).toEqual([]);
    }
    expect(await objectMd5('a/1.bin')).toBe(await md5File(join(folder, '1.bin')));
    expect(await objectMd5('a/2.bin')).toBe(await md5File(join(folder, '2.bin')));
    expect(await objectMd5('b.bin')).toBe(await md5File(single));
    const client = clientFor(server.endpoint);
    expect((await client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }))).Uploads ?? []).toEqual([]);
    client.destroy();
    // Finished runs leave no journal or lock behind.
    expect((await readdir(home)).filter((f) => f.startsWith('cli-cp-'))).toEqual([]);
  });

  it('the same cp started twice at once: the second is refused with a clear message, the first completes', async () => {
    const first = cp(single, `s3://${BUCKET}/again.bin`);
    const firstExit = exitOf(first);
    await partsStored('again.bin', 1);
    // Stopped, so it is certainly still running while the second one starts.
    first.kill('SIGSTOP');
    const second = await exitOf(cp(single, `s3://${BUCKET}/again.bin`));
    first.kill('SIGCONT');
    expect(second.code).toBe(1);
    expect(second.stderr).toMatch(/the same copy is already running \(process \d+\)/);
    const done = await firstExit;
    expect(done.code, done.stderr).toBe(0);
    expect(await objectMd5('again.bin')).toBe(await md5File(single));
  });
});
