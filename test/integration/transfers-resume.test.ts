import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, watch } from 'node:fs';
import { mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListMultipartUploadsCommand } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from '../../main/services/local-s3/index.js';
import { TEST_CREDENTIALS } from '../support/local-s3.js';
import { clientFor, md5File, MiB, exitOf, spawnPailCp } from '../support/transfers.js';

const SIZE = 200 * MiB;
const PART = 8;
const BUCKET = 'resume';
let server: LocalS3;
let work: string;
let home: string;
let source: string;
const lines: string[] = [];
let onLine: ((line: string) => void) | undefined;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pail-resume-'));
  home = join(work, 'home');
  server = await startLocalS3({
    dataDir: join(work, 'data'),
    ...TEST_CREDENTIALS,
    log: (line) => {
      lines.push(line);
      onLine?.(line);
    },
  });
  const client = clientFor(server.endpoint);
  await client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  client.destroy();
  // 200 MiB of random bytes, written in 8 MiB pieces so the test never holds it whole.
  source = join(work, 'big.bin');
  const file = await open(source, 'w');
  for (let i = 0; i < SIZE / (8 * MiB); i++) await file.write(randomBytes(8 * MiB));
  await file.close();
});

afterAll(async () => {
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

/** `pail cp` of this suite's part size, one file at a time. */
function cp(src: string, dst: string): ChildProcess {
  return spawnPailCp(server.endpoint, home, [src, dst, '--part-size', String(PART), '--files', '1', '--parts', '2']);
}

/** Kills the child with SIGKILL once `count` server log lines match `pattern`. */
function killAfter(child: ChildProcess, pattern: RegExp, count: number): void {
  let seen = 0;
  onLine = (line) => {
    if (pattern.test(line) && ++seen === count) {
      child.kill('SIGKILL');
      onLine = undefined;
    }
  };
}

/**
 * Kills the child with SIGKILL once its transfer journal in PAIL_HOME covers at least `bytes` of a
 * download (the watermark trails the bytes received: it moves over chunks written in order).
 */
function killWhenJournaled(child: ChildProcess, bytes: number): void {
  const watcher = watch(home, () => void check());
  let done = false;
  const check = async () => {
    for (const name of await readdir(home).catch(() => [] as string[])) {
      if (done || !name.endsWith('.jsonl')) continue;
      const text = await readFile(join(home, name), 'utf8').catch(() => '');
      const marks = [...text.matchAll(/"watermark":(\d+)/g)].map((m) => Number(m[1]));
      if (marks.some((m) => m >= bytes)) {
        done = true;
        watcher.close();
        child.kill('SIGKILL');
      }
    }
  };
  child.once('exit', () => watcher.close());
}

const partNumber = (line: string) => Number(/partNumber=(\d+)/.exec(line)?.[1]);

describe('kill -9 and restart', () => {
  it('a killed upload continues on the same upload: stored parts are not sent again, the object is byte-identical', async () => {
    const first = cp(source, `s3://${BUCKET}/big.bin`);
    const firstExit = exitOf(first);
    killAfter(first, /^PUT \S*partNumber=\d+\S* 200 /, 6);
    expect((await firstExit).signal).toBe('SIGKILL');
    const stored = new Set(lines.filter((l) => /^PUT \S*partNumber=\S* 200 /.test(l)).map(partNumber));
    expect(stored.size).toBeGreaterThanOrEqual(6);
    expect(stored.size).toBeLessThan(SIZE / (PART * MiB));
    const mark = lines.length;

    const second = await exitOf(cp(source, `s3://${BUCKET}/big.bin`));
    expect(second.code, second.stderr).toBe(0);
    const resent = lines
      .slice(mark)
      .filter((l) => /^PUT \S*partNumber=/.test(l))
      .map(partNumber);
    expect(resent.filter((n) => stored.has(n))).toEqual([]);
    expect(lines.slice(mark).filter((l) => /^POST \S*uploads(=|\s|&)/.test(l) && !/uploadId/.test(l))).toEqual([]);

    const client = clientFor(server.endpoint);
    const res = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big.bin' }));
    const hash = createHash('md5');
    for await (const chunk of res.Body as AsyncIterable<Buffer>) hash.update(chunk);
    expect(hash.digest('hex')).toBe(await md5File(source));
    expect((await client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }))).Uploads ?? []).toEqual([]);
    client.destroy();
  });

  it('a killed download continues from its .pail-part and ends byte-identical', async () => {
    const target = join(work, 'down.bin');
    const mark = lines.length;
    const first = cp(`s3://${BUCKET}/big.bin`, target);
    const firstExit = exitOf(first);
    killWhenJournaled(first, 4 * PART * MiB);
    expect((await firstExit).signal).toBe('SIGKILL');
    expect(existsSync(target)).toBe(false);
    expect(existsSync(`${target}.pail-part`)).toBe(true);
    // What the journal covered when the process died.
    let kept = 0;
    for (const name of await readdir(home))
      if (name.endsWith('.jsonl'))
        for (const m of (await readFile(join(home, name), 'utf8')).matchAll(/"watermark":(\d+)/g)) kept = Math.max(kept, Number(m[1]));
    expect(kept).toBeGreaterThanOrEqual(4 * PART * MiB);
    const firstGets = lines.slice(mark).filter((l) => /^GET \S*big\.bin/.test(l)).length;
    const mark2 = lines.length;

    const second = await exitOf(cp(`s3://${BUCKET}/big.bin`, target));
    expect(second.code, second.stderr).toBe(0);
    // 25 chunks in all; the restart fetched exactly what the journal did not cover, each chunk once (no retries).
    const secondGets = lines.slice(mark2).filter((l) => /^GET \S*big\.bin/.test(l)).length;
    expect(secondGets).toBe((SIZE - kept) / (PART * MiB));
    expect(firstGets).toBeGreaterThanOrEqual(4);
    expect(await md5File(target)).toBe(await md5File(source));
    expect(existsSync(`${target}.pail-part`)).toBe(false);
  });

  // The bytes below the watermark are journaled without a sync: a power cut can lose some that the
  // journal still covers. Stood in for by a kill -9 and then a damaged page inside the watermark.
  it('a resumed download whose bytes below the watermark were lost starts over instead of keeping them', async () => {
    const target = join(work, 'lost.bin');
    const first = cp(`s3://${BUCKET}/big.bin`, target);
    const firstExit = exitOf(first);
    killWhenJournaled(first, 4 * PART * MiB);
    expect((await firstExit).signal).toBe('SIGKILL');
    const part = await open(`${target}.pail-part`, 'r+');
    await part.write(Buffer.alloc(4096), 0, 4096, PART * MiB + 8192);
    await part.close();
    const mark = lines.length;

    const second = await exitOf(cp(`s3://${BUCKET}/big.bin`, target));
    expect(second.code, second.stderr).toBe(0);
    expect(await md5File(target)).toBe(await md5File(source));
    // Every chunk fetched again: nothing below the damaged watermark was kept.
    expect(lines.slice(mark).filter((l) => /^GET \S*big\.bin/.test(l)).length).toBe(SIZE / (PART * MiB));
  });
});

describe('pail ls', () => {
  it('lists what `pail cp` put there: the buckets, then the objects under a prefix with their sizes', async () => {
    const ls = async (...args: string[]) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/pail.ts', 'ls', ...args, '--endpoint-url', server.endpoint], {
        env: {
          ...process.env,
          PAIL_HOME: home,
          AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      child.stdout?.on('data', (c) => (out += String(c)));
      const { code } = await exitOf(child);
      expect(code).toBe(0);
      return out;
    };
    expect(await ls()).toMatch(new RegExp(` ${BUCKET}\\n`));
    expect(await ls(`s3://${BUCKET}/`)).toMatch(new RegExp(`\\s${SIZE} big\\.bin\\n`));
  }, 60_000);
});
