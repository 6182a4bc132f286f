import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from '../../main/services/local-s3/index.js';
import { TEST_CREDENTIALS } from '../support/local-s3.js';
import { clientFor, exitOf, spawnPailCp } from '../support/transfers.js';

let server: LocalS3;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pail-cli-errors-'));
  server = await startLocalS3({ dataDir: join(work, 'data'), ...TEST_CREDENTIALS });
  const client = clientFor(server.endpoint);
  await client.send(new CreateBucketCommand({ Bucket: 'present' }));
  client.destroy();
});
afterAll(async () => {
  await server.close();
  await rm(work, { recursive: true, force: true });
});

describe('pail cp from a source that is not there', () => {
  // A HEAD that misses is a 404 with no body: the SDK alone says only "UnknownError".
  it('names the missing object, and says how to copy a prefix', async () => {
    const run = await exitOf(spawnPailCp(server.endpoint, join(work, 'home'), ['s3://present/nothing.bin', join(work, 'out.bin')]));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('There is no object s3://present/nothing.bin. For everything under a prefix, add --recursive.');
  });

  it('names the missing bucket, for a download and for a copy', async () => {
    const down = await exitOf(spawnPailCp(server.endpoint, join(work, 'home'), ['s3://absent/a.bin', join(work, 'out.bin')]));
    expect(down.code).toBe(1);
    expect(down.stderr).toContain('The bucket absent does not exist');
    const copy = await exitOf(spawnPailCp(server.endpoint, join(work, 'home'), ['s3://absent/a.bin', 's3://present/a.bin']));
    expect(copy.code).toBe(1);
    expect(copy.stderr).toContain('The bucket absent does not exist');
  });
});

describe('pail cp --recursive when the listing fails', () => {
  it('says why in words: a wrong secret, a missing bucket, nothing listening', async () => {
    const home = join(work, 'home-listing');
    const out = join(work, 'listing-out');
    const wrong = await exitOf(
      spawnPailCp(server.endpoint, home, ['s3://present/', out, '--recursive'], { AWS_SECRET_ACCESS_KEY: 'not-the-secret' }),
    );
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('The secret access key is wrong for this access key ID.');
    const missing = await exitOf(spawnPailCp(server.endpoint, home, ['s3://absent/prefix/', out, '--recursive']));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('The bucket absent does not exist');
    const closed = await freePort();
    const refused = await exitOf(spawnPailCp(`http://127.0.0.1:${closed}`, home, ['s3://present/', out, '--recursive']));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Could not reach the server: the connection was refused');
  });
});

/** A port nothing listens on (just freed by a server that had it). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
