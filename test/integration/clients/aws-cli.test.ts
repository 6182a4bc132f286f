import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListBucketsCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/local-s3.js';
import { bucketName, makeSandbox, md5, requireBinary, runOk, writeRandomFile, type ClientSandbox } from './run-command.js';

const AWS = '/usr/bin/aws';
const CURL = '/usr/bin/curl';
const available = await requireBinary(AWS, 'awscli');

// Each test uses its own bucket so they can run concurrently: every aws CLI start costs seconds.
describe.skipIf(!available).concurrent('aws CLI (Debian awscli) against the local S3 server', { timeout: 180_000 }, () => {
  let ts: TestServer;
  let sandbox: ClientSandbox;
  let work: string;

  const aws = (...args: string[]) => runOk(AWS, ['--endpoint-url', ts.server.endpoint, '--region', 'us-east-1', '--no-cli-pager', ...args], { env: sandbox.env, timeoutMs: 90_000 });
  const awsJson = async <T>(...args: string[]): Promise<T> => JSON.parse((await aws(...args, '--output', 'json')).stdout) as T;

  beforeAll(async () => {
    ts = await startTestServer();
    sandbox = await makeSandbox('aws');
    work = await mkdtemp(join(tmpdir(), 'pail-aws-work-'));
  });
  const sdkBucket = async (prefix: string) => {
    const name = bucketName(prefix);
    await ts.client.send(new CreateBucketCommand({ Bucket: name }));
    return name;
  };
  afterAll(async () => {
    await ts?.stop();
    await sandbox?.cleanup();
    if (work) await rm(work, { recursive: true, force: true });
  });

  it('s3 mb, multipart cp up and down, ls, rm', async ({ expect }) => {
    const bucket = bucketName('aws-mb');
    const made = await aws('s3', 'mb', `s3://${bucket}`);
    expect(made.stdout.trim()).toBe(`make_bucket: ${bucket}`);
    const buckets = await ts.client.send(new ListBucketsCommand({}));
    expect(buckets.Buckets?.map((b) => b.Name)).toContain(bucket);

    const big = await writeRandomFile(join(work, 'big.bin'), 20 * 1024 * 1024);
    await aws('s3', 'cp', join(work, 'big.bin'), `s3://${bucket}/dir/big.bin`);
    const head = await awsJson<{ ETag: string; ContentLength: number }>('s3api', 'head-object', '--bucket', bucket, '--key', 'dir/big.bin');
    expect(head.ContentLength).toBe(big.length);
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-\d+"$/);

    await aws('s3', 'cp', `s3://${bucket}/dir/big.bin`, join(work, 'big.down'));
    expect((await readFile(join(work, 'big.down'))).equals(big)).toBe(true);

    const top = await aws('s3', 'ls', `s3://${bucket}`);
    expect(top.stdout.trim()).toBe('PRE dir/');
    const inner = await aws('s3', 'ls', `s3://${bucket}/dir/`);
    expect(inner.stdout.trim()).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d +${big.length} big\\.bin$`));

    const removed = await aws('s3', 'rm', `s3://${bucket}/dir/big.bin`);
    expect(removed.stdout.trim()).toBe(`delete: s3://${bucket}/dir/big.bin`);
    const after = await ts.client.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect(after.KeyCount).toBe(0);
  });

  it('s3 presign URL is fetchable with curl', async ({ expect }) => {
    const body = 'presigned body via aws cli\n';
    const bucket = await sdkBucket('aws-presign');
    await ts.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'pre.txt', Body: body }));
    const url = (await aws('s3', 'presign', `s3://${bucket}/pre.txt`, '--expires-in', '300')).stdout.trim();
    expect(url).toMatch(/X-Amz-Signature=/);
    const fetched = await runOk(CURL, ['--silent', '--show-error', '--fail', '--noproxy', '*', url], { env: sandbox.env });
    expect(fetched.stdout).toBe(body);
  });

  it('s3api put/head/list/get-range/delete-objects/list-object-versions', async ({ expect }) => {
    const bucket = await sdkBucket('aws-api');
    const payload = '0123456789abcdefghij';
    await writeFile(join(work, 'p.txt'), payload);
    const [put] = await Promise.all([
      awsJson<{ ETag: string }>('s3api', 'put-object', '--bucket', bucket, '--key', 'api/a.txt', '--body', join(work, 'p.txt'), '--metadata', 'color=blue,owner=pail', '--content-type', 'text/plain'),
      ts.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'api/sub/b.txt', Body: payload })),
      ts.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'top.txt', Body: payload })),
    ]);
    expect(put.ETag).toBe(`"${md5(Buffer.from(payload))}"`);

    const head = await awsJson<{ Metadata: Record<string, string>; ContentType: string; ContentLength: number }>('s3api', 'head-object', '--bucket', bucket, '--key', 'api/a.txt');
    expect(head.Metadata).toEqual({ color: 'blue', owner: 'pail' });
    expect(head.ContentType).toBe('text/plain');
    expect(head.ContentLength).toBe(payload.length);

    const listed = await awsJson<{ Contents?: { Key: string }[]; CommonPrefixes?: { Prefix: string }[] }>('s3api', 'list-objects-v2', '--bucket', bucket, '--delimiter', '/');
    expect(listed.Contents?.map((c) => c.Key)).toEqual(['top.txt']);
    expect(listed.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['api/']);

    const ranged = await awsJson<{ ContentRange: string; ContentLength: number }>('s3api', 'get-object', '--bucket', bucket, '--key', 'api/a.txt', '--range', 'bytes=5-9', join(work, 'range.out'));
    expect(ranged.ContentRange).toBe(`bytes 5-9/${payload.length}`);
    expect(ranged.ContentLength).toBe(5);
    expect(await readFile(join(work, 'range.out'), 'utf8')).toBe('56789');

    const deleteSpec = JSON.stringify({ Objects: [{ Key: 'api/a.txt' }, { Key: 'api/sub/b.txt' }, { Key: 'top.txt' }], Quiet: false });
    const deleted = await awsJson<{ Deleted?: { Key: string }[]; Errors?: unknown[] }>('s3api', 'delete-objects', '--bucket', bucket, '--delete', deleteSpec);
    expect(deleted.Deleted?.map((d) => d.Key).sort()).toEqual(['api/a.txt', 'api/sub/b.txt', 'top.txt']);
    expect(deleted.Errors ?? []).toEqual([]);

    const versions = await aws('s3api', 'list-object-versions', '--bucket', bucket, '--output', 'json');
    const parsed = (versions.stdout.trim() ? JSON.parse(versions.stdout) : {}) as { Versions?: unknown[]; DeleteMarkers?: unknown[] };
    expect(parsed.Versions ?? []).toEqual([]);
    expect(parsed.DeleteMarkers ?? []).toEqual([]);
  });

  it('s3 sync with spaces and unicode keys, second sync uploads nothing', async ({ expect }) => {
    const bucket = await sdkBucket('aws-sync');
    const tree = join(work, 'tree');
    const files: Record<string, string> = {
      'plain.txt': 'plain',
      'with space.txt': 'spaced out',
      'docs/résumé été.md': 'accents',
      'docs/日本語/ファイル.txt': 'nihongo',
      'emoji/🎉 party+plus&amp.txt': 'emoji',
    };
    for (const [rel, content] of Object.entries(files)) {
      const full = join(tree, rel);
      await mkdir(join(full, '..'), { recursive: true });
      await writeFile(full, content);
    }
    const first = await aws('s3', 'sync', tree, `s3://${bucket}/sync/`, '--no-progress');
    expect(first.stdout.split('\n').filter((l) => l.startsWith('upload:'))).toHaveLength(Object.keys(files).length);

    const listed = await ts.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: 'sync/' }));
    expect(listed.Contents?.map((c) => c.Key).sort()).toEqual(Object.keys(files).map((k) => `sync/${k}`).sort());

    const second = await aws('s3', 'sync', tree, `s3://${bucket}/sync/`, '--no-progress');
    expect(second.stdout.trim()).toBe('');

    const back = join(work, 'tree-back');
    await aws('s3', 'sync', `s3://${bucket}/sync/`, back, '--no-progress');
    for (const [rel, content] of Object.entries(files)) {
      expect(await readFile(join(back, rel), 'utf8')).toBe(content);
    }

    const rb = await aws('s3', 'rb', `s3://${bucket}`, '--force');
    expect(rb.stdout).toContain(`remove_bucket: ${bucket}`);
    const buckets = await ts.client.send(new ListBucketsCommand({}));
    expect(buckets.Buckets?.map((b) => b.Name) ?? []).not.toContain(bucket);
  });
});
