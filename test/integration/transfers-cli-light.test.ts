import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from '../../main/services/local-s3/index.js';
import { TEST_CREDENTIALS } from '../support/local-s3.js';
import { clientFor, exitOf, md5 } from '../support/transfers.js';

// Loading the AWS SDK costs a `pail cp` about a quarter of a second of CPU, as much as copying
// hundreds of small files. Against a plain-HTTP endpoint (the local bucket, a LAN server) the
// direct path lists, signs and moves small objects by itself: such a run must not load it.

let server: LocalS3;
let work: string;
const bodies = new Map<string, Buffer>();
const large = randomBytes(11 * 1024 * 1024 + 3);

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pail-cli-light-'));
  server = await startLocalS3({ dataDir: join(work, 'data'), ...TEST_CREDENTIALS });
  const client = clientFor(server.endpoint);
  await client.send(new CreateBucketCommand({ Bucket: 'light' }));
  await client.send(new PutObjectCommand({ Bucket: 'light', Key: 'large/eleven.bin', Body: large }));
  for (let i = 0; i < 12; i++) {
    const body = randomBytes(1000 + i * 100);
    bodies.set(`f-${i}.bin`, body);
    await client.send(new PutObjectCommand({ Bucket: 'light', Key: `small/f-${i}.bin`, Body: body }));
  }
  client.destroy();
});
afterAll(async () => {
  await server.close();
  await rm(work, { recursive: true, force: true });
});

/** Runs `pail ARGS` with the loads recorder; its exit and the @aws-sdk modules it resolved. */
async function pailRecordingLoads(name: string, args: string[]): Promise<{ code: number | null; stderr: string; loads: string[] }> {
  const loadsFile = join(work, `${name}.loads`);
  await writeFile(loadsFile, '');
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      './test/support/record-package-loads.mjs',
      'main/cli/pail.ts',
      ...args,
      '--endpoint-url',
      server.endpoint,
    ],
    {
      env: {
        ...process.env,
        PAIL_HOME: join(work, 'home'),
        PAIL_TEST_LOADS: loadsFile,
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const { code, stderr } = await exitOf(child);
  return { code, stderr, loads: (await readFile(loadsFile, 'utf8')).split('\n').filter(Boolean) };
}

describe('pail cp of small files from a plain-HTTP endpoint', () => {
  it('downloads and uploads a folder, and downloads one object, without loading the AWS SDK', async () => {
    const dest = join(work, 'down');
    const down = await pailRecordingLoads('down', ['cp', 's3://light/small/', dest, '--recursive']);
    expect(down.code, down.stderr).toBe(0);
    for (const [name, body] of bodies) expect(md5(await readFile(join(dest, name))), name).toBe(md5(body));
    expect(down.loads).toEqual([]);

    const up = await pailRecordingLoads('up', ['cp', dest, 's3://light/again/', '--recursive']);
    expect(up.code, up.stderr).toBe(0);
    expect(up.loads).toEqual([]);
    const back = join(work, 'back');
    await mkdir(back);
    const one = await pailRecordingLoads('back', ['cp', 's3://light/again/f-3.bin', join(back, 'f-3.bin')]);
    expect(one.code, one.stderr).toBe(0);
    expect(md5(await readFile(join(back, 'f-3.bin')))).toBe(md5(bodies.get('f-3.bin')!));
    expect(one.loads).toEqual([]);
  });

  it('downloads an object of several parts (ranged reads) without loading the AWS SDK', async () => {
    const dest = join(work, 'large');
    await mkdir(dest);
    const run = await pailRecordingLoads('large', ['cp', 's3://light/large/eleven.bin', join(dest, 'eleven.bin'), '--part-size', '5']);
    expect(run.code, run.stderr).toBe(0);
    expect(md5(await readFile(join(dest, 'eleven.bin')))).toBe(md5(large));
    expect(run.loads).toEqual([]);
  });

  it('(the recorder sees the SDK where a command does load it: pail ls)', async () => {
    const ls = await pailRecordingLoads('ls', ['ls', 's3://light/small/']);
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.loads).toContain('@aws-sdk/client-s3');
  });
});
