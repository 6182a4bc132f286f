import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../../support/local-s3.js';
import { bucketName, makeSandbox, requireBinary, runCommand, runOk, writeRandomFile, type ClientSandbox } from './run-command.js';

const RCLONE = '/usr/bin/rclone';
const available = await requireBinary(RCLONE, 'rclone');

describe.skipIf(!available)('rclone against the local S3 server', () => {
  let ts: TestServer;
  let sandbox: ClientSandbox;
  let work: string;
  let env: NodeJS.ProcessEnv;
  const bucket = bucketName('rclone');
  const files: Record<string, Buffer> = {};

  const rclone = (...args: string[]) => runOk(RCLONE, ['--config', join(sandbox.home, 'rclone.conf'), ...args], { env, timeoutMs: 50_000 });

  beforeAll(async () => {
    ts = await startTestServer();
    sandbox = await makeSandbox('rclone');
    work = await mkdtemp(join(tmpdir(), 'pail-rclone-work-'));
    // An empty config file: the remote is defined entirely by environment variables.
    await writeFile(join(sandbox.home, 'rclone.conf'), '');
    env = {
      ...sandbox.env,
      RCLONE_CONFIG_PAIL_TYPE: 's3',
      RCLONE_CONFIG_PAIL_PROVIDER: 'Other',
      RCLONE_CONFIG_PAIL_ENDPOINT: ts.server.endpoint,
      RCLONE_CONFIG_PAIL_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      RCLONE_CONFIG_PAIL_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      RCLONE_CONFIG_PAIL_REGION: 'us-east-1',
      RCLONE_CONFIG_PAIL_FORCE_PATH_STYLE: 'true',
    };
    // rclone 1.60 refuses to start when AWS_CA_BUNDLE is set (even to a valid bundle).
    delete env.AWS_CA_BUNDLE;

    const src = join(work, 'src');
    const contents: Record<string, Buffer | string> = {
      'a.txt': 'alpha\n',
      'nested/b.txt': 'bravo bravo\n',
      'nested/deeper/c d.txt': 'charlie with a space\n',
      'ünïcödé/ファイル.txt': 'unicode\n',
    };
    for (const [rel, body] of Object.entries(contents)) {
      await mkdir(join(src, rel, '..'), { recursive: true });
      await writeFile(join(src, rel), body);
      files[rel] = Buffer.from(body);
    }
    files['big.bin'] = await writeRandomFile(join(src, 'big.bin'), 12 * 1024 * 1024);
  });
  afterAll(async () => {
    await ts?.stop();
    await sandbox?.cleanup();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('copies a folder up with multipart, lists it, checks it, copies it back', async () => {
    await rclone('mkdir', `pail:${bucket}`);
    await ts.client.send(new HeadBucketCommand({ Bucket: bucket }));

    await rclone('copy', join(work, 'src'), `pail:${bucket}/folder`, '--s3-upload-cutoff', '5M', '--s3-chunk-size', '5M');
    const head = await ts.client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'folder/big.bin' }));
    expect(head.ContentLength).toBe(files['big.bin']?.length);
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-3"$/);

    const ls = await rclone('ls', `pail:${bucket}`);
    const lsEntries = ls.stdout.trim().split('\n').map((line) => {
      const match = /^\s*(\d+) (.+)$/.exec(line);
      return [match?.[2], Number(match?.[1])];
    });
    const expected = Object.entries(files).map(([rel, data]) => [`folder/${rel}`, data.length]);
    expect(lsEntries.sort()).toEqual(expected.sort());

    const lsl = await rclone('lsl', `pail:${bucket}/folder/nested`);
    const lslLines = lsl.stdout.trim().split('\n').map((l) => l.trim()).sort();
    expect(lslLines).toHaveLength(2);
    expect(lslLines[0]).toMatch(/^12 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ b\.txt$/);
    expect(lslLines[1]).toMatch(/^21 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ deeper\/c d\.txt$/);

    const check = await runCommand(RCLONE, ['--config', join(sandbox.home, 'rclone.conf'), 'check', join(work, 'src'), `pail:${bucket}/folder`], { env });
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toMatch(/0 differences found/);
    expect(check.stderr).toMatch(/5 matching files/);

    const down = join(work, 'down');
    await rclone('copy', `pail:${bucket}/folder`, down);
    for (const [rel, data] of Object.entries(files)) {
      expect((await readFile(join(down, rel))).equals(data), rel).toBe(true);
    }
  });

  it('deletes files and purges the bucket', async () => {
    await rclone('deletefile', `pail:${bucket}/folder/a.txt`);
    await rclone('delete', `pail:${bucket}/folder/nested`);
    const remaining = await ts.client.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(remaining.Contents?.map((c) => c.Key).sort()).toEqual(['folder/big.bin', 'folder/ünïcödé/ファイル.txt']);

    await rclone('purge', `pail:${bucket}`);
    await expect(ts.client.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });
});
