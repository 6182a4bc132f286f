import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadBucketCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../../support/local-s3.js';
import { bucketName, makeSandbox, md5, requireBinary, runOk, writeRandomFile, type ClientSandbox } from './run-command.js';

const S3CMD = '/usr/bin/s3cmd';
const available = await requireBinary(S3CMD, 's3cmd');

describe.skipIf(!available)('s3cmd against the local S3 server', () => {
  let ts: TestServer;
  let sandbox: ClientSandbox;
  let work: string;
  let config: string;
  const bucket = bucketName('s3cmd');
  let data: Buffer;

  const s3cmd = (...args: string[]) => runOk(S3CMD, ['--config', config, '--no-progress', ...args], { env: sandbox.env, timeoutMs: 50_000 });

  beforeAll(async () => {
    ts = await startTestServer();
    sandbox = await makeSandbox('s3cmd');
    work = await mkdtemp(join(tmpdir(), 'pail-s3cmd-work-'));
    const hostPort = new URL(ts.server.endpoint).host;
    config = join(sandbox.home, '.s3cfg');
    await writeFile(config, [
      '[default]',
      `access_key = ${TEST_CREDENTIALS.accessKeyId}`,
      `secret_key = ${TEST_CREDENTIALS.secretAccessKey}`,
      `host_base = ${hostPort}`,
      `host_bucket = ${hostPort}`,
      'bucket_location = us-east-1',
      'use_https = False',
      'signature_v2 = False',
      'check_ssl_certificate = False',
      'check_ssl_hostname = False',
      'proxy_host =',
      'proxy_port = 0',
      '',
    ].join('\n'));
    data = await writeRandomFile(join(work, 'file one.bin'), 300 * 1024);
  });
  afterAll(async () => {
    await ts?.stop();
    await sandbox?.cleanup();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('mb, put, ls, get', async () => {
    const mb = await s3cmd('mb', `s3://${bucket}`);
    expect(mb.stdout).toContain(`Bucket 's3://${bucket}/' created`);
    await ts.client.send(new HeadBucketCommand({ Bucket: bucket }));

    await s3cmd('put', join(work, 'file one.bin'), `s3://${bucket}/dir/file one.bin`);
    await writeFile(join(work, 'small.txt'), 'small text\n');
    await s3cmd('put', join(work, 'small.txt'), `s3://${bucket}/small.txt`);
    const head = await ts.client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'dir/file one.bin' }));
    expect(head.ETag).toBe(`"${md5(data)}"`);

    const top = await s3cmd('ls', `s3://${bucket}`);
    const topLines = top.stdout.trim().split('\n').map((l) => l.trim().split(/\s+/));
    expect(topLines).toHaveLength(2);
    expect(topLines[0]).toEqual(['DIR', `s3://${bucket}/dir/`]);
    expect(topLines[1]?.slice(-2)).toEqual(['11', `s3://${bucket}/small.txt`]);

    const recursive = await s3cmd('ls', '--recursive', `s3://${bucket}`);
    const keys = recursive.stdout.trim().split('\n').map((l) => /s3:\/\/.*$/.exec(l)?.[0]);
    expect(keys).toEqual([`s3://${bucket}/dir/file one.bin`, `s3://${bucket}/small.txt`]);

    const buckets = await s3cmd('ls');
    expect(buckets.stdout).toContain(`s3://${bucket}`);

    await s3cmd('get', `s3://${bucket}/dir/file one.bin`, join(work, 'got.bin'));
    expect((await readFile(join(work, 'got.bin'))).equals(data)).toBe(true);
  });

  it('signurl gives a SigV2 presigned URL that Node fetch can download', async () => {
    const expiry = Math.floor(Date.now() / 1000) + 600;
    const signed = await s3cmd('signurl', `s3://${bucket}/dir/file one.bin`, String(expiry));
    const url = signed.stdout.trim();
    expect(url).toMatch(/[?&]Signature=/);
    expect(url).toMatch(/[?&]AWSAccessKeyId=/);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(data)).toBe(true);

    const tampered = url.replace(/Expires=\d+/, `Expires=${expiry + 1}`);
    const rejected = await fetch(tampered);
    expect(rejected.status).toBe(403);
    await rejected.arrayBuffer();
  });

  it('del and rb', async () => {
    const del = await s3cmd('del', `s3://${bucket}/dir/file one.bin`, `s3://${bucket}/small.txt`);
    expect(del.stdout).toContain(`delete: 's3://${bucket}/dir/file one.bin'`);
    const empty = await s3cmd('ls', '--recursive', `s3://${bucket}`);
    expect(empty.stdout.trim()).toBe('');
    const rb = await s3cmd('rb', `s3://${bucket}`);
    expect(rb.stdout).toContain(`Bucket 's3://${bucket}/' removed`);
    await expect(ts.client.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });
});
