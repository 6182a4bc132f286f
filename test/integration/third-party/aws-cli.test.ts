import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetObjectCommand, HeadObjectCommand, ListBucketsCommand, ListMultipartUploadsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, it } from 'vitest';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../../support/local-s3.js';
import {
  byUtf8,
  cleanEnv,
  describeFailure,
  describeWithTools,
  listFiles,
  listKeys,
  multipartEtag,
  run,
  runOk,
  tempDir,
  TOOLS,
  uniqueBucket,
} from './tools.js';

const MiB = 1024 * 1024;

/** A folder tree whose names exercise URL encoding: spaces, unicode, `%`, `+`, nesting. */
const TREE: Record<string, string> = {
  'a b.txt': 'spaces\n',
  'plain.txt': 'plain\n',
  '100% + more.txt': 'percent and plus\n',
  'sub dir/ünïcödé/çé ☃.txt': 'unicode all the way down\n',
  'sub dir/emoji 😀.txt': 'emoji\n',
  'deep/a/b/c/d.json': '{"deep":true}\n',
};

// Every aws invocation is a ~1.5 s Python start-up, so the tests run concurrently (each in its own
// prefix of one bucket), set up and check state through the SDK, and call the CLI for the scenario.
describeWithTools(
  'aws CLI v2 (Debian awscli) against the local bucket',
  [TOOLS.aws, TOOLS.curl],
  () => {
    let s3: TestServer;
    let work: Awaited<ReturnType<typeof tempDir>>;
    let env: NodeJS.ProcessEnv;
    const bucket = uniqueBucket('aws-cli');

    /** Runs /usr/bin/aws (never the pyenv v1 shim earlier on PATH) against the server. */
    const aws = (...args: string[]) => runOk(TOOLS.aws.path, ['--endpoint-url', s3.server.endpoint, ...args], { env, cwd: work.path });
    const awsJson = async (...args: string[]): Promise<Record<string, unknown>> =>
      JSON.parse((await aws(...args, '--output', 'json')).stdout) as Record<string, unknown>;
    const put = (key: string, body: string | Buffer) => s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    const read = async (key: string) =>
      Buffer.from(await (await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray());

    beforeAll(async () => {
      s3 = await startTestServer();
      work = await tempDir('pail-aws-cli-');
      const home = join(work.path, 'home');
      await mkdir(home);
      env = cleanEnv(home, {
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        AWS_DEFAULT_REGION: 'us-east-1',
        AWS_CONFIG_FILE: join(home, 'no-config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-credentials'),
        AWS_PAGER: '',
        AWS_CLI_AUTO_PROMPT: 'off',
      });
      await aws('s3', 'mb', `s3://${bucket}`);
    });

    afterAll(async () => {
      await s3?.stop();
      await work?.remove();
    });

    it('s3 mb creates a bucket that s3 ls lists, and s3 rb removes it', async ({ expect }) => {
      const other = uniqueBucket('aws-mb');
      expect((await aws('s3', 'mb', `s3://${other}`)).stdout.trim()).toBe(`make_bucket: ${other}`);
      const listed = (await aws('s3', 'ls')).stdout
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/).pop());
      expect(listed.sort()).toEqual([bucket, other].sort());
      expect((await aws('s3', 'rb', `s3://${other}`)).stdout.trim()).toBe(`remove_bucket: ${other}`);
      const after = await s3.client.send(new ListBucketsCommand({}));
      expect(after.Buckets?.map((b) => b.Name)).toEqual([bucket]);
    });

    it('s3 cp uploads a 20 MiB file in parts and downloads it byte for byte', async ({ expect }) => {
      const data = randomBytes(20 * MiB);
      await writeFile(join(work.path, 'twenty.bin'), data);
      await aws('s3', 'cp', 'twenty.bin', `s3://${bucket}/big/twenty.bin`, '--no-progress');

      // The CLI's default part size is 8 MiB: three parts, and the ETag S3 gives such an upload.
      const head = await s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big/twenty.bin' }));
      expect(head.ContentLength).toBe(20 * MiB);
      expect(head.ETag).toMatch(/-3"$/);
      expect(head.ETag).toBe(multipartEtag(data, 8 * MiB));

      await aws('s3', 'cp', `s3://${bucket}/big/twenty.bin`, 'twenty.down', '--no-progress');
      const down = await readFile(join(work.path, 'twenty.down'));
      expect(down.length).toBe(data.length);
      expect(down.equals(data)).toBe(true);
    });

    it('s3 ls lists a prefix with its folders, --recursive lists every key, s3 rm removes one', async ({ expect }) => {
      await Promise.all(['ls/one.txt', 'ls/two.txt', 'ls/sub/three.txt'].map((key) => put(key, 'small\n')));

      const top = (await aws('s3', 'ls', `s3://${bucket}/ls/`)).stdout.split('\n').filter(Boolean);
      expect(top).toHaveLength(3);
      expect(top[0]).toMatch(/^\s+PRE sub\/$/);
      expect(top[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+6 one\.txt$/);
      expect(top[2]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\s+6 two\.txt$/);

      const all = (await aws('s3', 'ls', '--recursive', `s3://${bucket}/ls/`)).stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/).slice(3).join(' '));
      expect(all).toEqual(['ls/one.txt', 'ls/sub/three.txt', 'ls/two.txt']);

      expect((await aws('s3', 'rm', `s3://${bucket}/ls/two.txt`)).stdout.trim()).toBe(`delete: s3://${bucket}/ls/two.txt`);
      expect(await listKeys(s3.client, bucket, 'ls/')).toEqual(['ls/one.txt', 'ls/sub/three.txt']);
    });

    it('s3 presign gives a URL that curl downloads; a tampered signature is refused', async ({ expect }) => {
      const body = `presigned body ${randomBytes(8).toString('hex')}\n`;
      await put('presign/hello world ✓.txt', body);
      const url = (await aws('s3', 'presign', `s3://${bucket}/presign/hello world ✓.txt`, '--expires-in', '300')).stdout.trim();
      expect(url).toMatch(/X-Amz-Expires=300&.*X-Amz-Signature=[0-9a-f]{64}$/);

      const fetched = await runOk(TOOLS.curl.path, ['-sS', '--fail', url], { env });
      expect(fetched.stdout).toBe(body);

      const tampered = url.replace(/X-Amz-Signature=([0-9a-f])/, (_m, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`);
      const refused = await run(TOOLS.curl.path, ['-sS', '-o', '/dev/null', '-w', '%{http_code}', tampered], { env });
      expect(refused.stdout).toBe('403');
    });

    it('s3api: put-object with metadata, head-object, list-objects-v2 with a delimiter, ranged get-object, delete-objects', async ({
      expect,
    }) => {
      const text = '0123456789abcdefghij';
      await writeFile(join(work.path, 'api.txt'), text);
      await Promise.all([put('api/nested/deeper.txt', text), put('api/z-last.txt', text)]);
      const created = await awsJson(
        's3api',
        'put-object',
        '--bucket',
        bucket,
        '--key',
        'api/doc.txt',
        '--body',
        'api.txt',
        '--content-type',
        'text/plain',
        '--metadata',
        'color=blue,Project=Pail',
        '--cache-control',
        'max-age=60',
      );
      expect(created.ETag).toBe(`"${createHash('md5').update(text).digest('hex')}"`);

      const [head, listed, ranged] = await Promise.all([
        awsJson('s3api', 'head-object', '--bucket', bucket, '--key', 'api/doc.txt'),
        awsJson('s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', 'api/', '--delimiter', '/', '--no-paginate'),
        awsJson('s3api', 'get-object', '--bucket', bucket, '--key', 'api/doc.txt', '--range', 'bytes=5-9', 'range.out'),
      ]);
      expect(head).toMatchObject({
        ContentLength: 20,
        ContentType: 'text/plain',
        CacheControl: 'max-age=60',
        ETag: created.ETag,
        Metadata: { color: 'blue', project: 'Pail' },
      });
      expect((listed.Contents as { Key: string }[]).map((c) => c.Key)).toEqual(['api/doc.txt', 'api/z-last.txt']);
      expect(listed.CommonPrefixes).toEqual([{ Prefix: 'api/nested/' }]);
      expect(listed.KeyCount).toBe(3);
      expect(ranged).toMatchObject({ ContentLength: 5, ContentRange: 'bytes 5-9/20' });
      expect(await readFile(join(work.path, 'range.out'), 'utf8')).toBe('56789');

      const deleted = await awsJson(
        's3api',
        'delete-objects',
        '--bucket',
        bucket,
        '--delete',
        JSON.stringify({ Objects: [{ Key: 'api/doc.txt' }, { Key: 'api/nested/deeper.txt' }, { Key: 'api/never-existed' }] }),
      );
      expect((deleted.Deleted as { Key: string }[]).map((d) => d.Key).sort()).toEqual([
        'api/doc.txt',
        'api/nested/deeper.txt',
        'api/never-existed',
      ]);
      expect(deleted.Errors).toBeUndefined();
      expect(await listKeys(s3.client, bucket, 'api/')).toEqual(['api/z-last.txt']);
    });

    it('s3api: create-multipart-upload, upload-part, complete-multipart-upload, list-object-versions', async ({ expect }) => {
      const part1 = randomBytes(5 * MiB);
      const part2 = randomBytes(1234);
      await writeFile(join(work.path, 'part1'), part1);
      await writeFile(join(work.path, 'part2'), part2);
      const key = 'mpu/assembled by hand.bin';

      const created = await awsJson(
        's3api',
        'create-multipart-upload',
        '--bucket',
        bucket,
        '--key',
        key,
        '--content-type',
        'application/x-test',
      );
      const uploadId = created.UploadId as string;
      expect(uploadId).toBeTruthy();
      const [e1, e2] = (
        await Promise.all([
          awsJson(
            's3api',
            'upload-part',
            '--bucket',
            bucket,
            '--key',
            key,
            '--upload-id',
            uploadId,
            '--part-number',
            '1',
            '--body',
            'part1',
          ),
          awsJson(
            's3api',
            'upload-part',
            '--bucket',
            bucket,
            '--key',
            key,
            '--upload-id',
            uploadId,
            '--part-number',
            '2',
            '--body',
            'part2',
          ),
        ])
      ).map((r) => r.ETag);
      expect(e1).toBe(`"${createHash('md5').update(part1).digest('hex')}"`);
      expect(e2).toBe(`"${createHash('md5').update(part2).digest('hex')}"`);

      const completed = await awsJson(
        's3api',
        'complete-multipart-upload',
        '--bucket',
        bucket,
        '--key',
        key,
        '--upload-id',
        uploadId,
        '--multipart-upload',
        JSON.stringify({
          Parts: [
            { PartNumber: 1, ETag: e1 },
            { PartNumber: 2, ETag: e2 },
          ],
        }),
      );
      const whole = Buffer.concat([part1, part2]);
      expect(completed.ETag).toBe(multipartEtag(whole, 5 * MiB));
      expect(completed.Key).toBe(key);
      expect((await read(key)).equals(whole)).toBe(true);
      expect((await s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).ContentType).toBe('application/x-test');
      const pending = await s3.client.send(new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: 'mpu/' }));
      expect(pending.Uploads ?? []).toEqual([]);

      const versions = await awsJson('s3api', 'list-object-versions', '--bucket', bucket, '--prefix', 'mpu/');
      expect(versions.Versions).toEqual([
        expect.objectContaining({ Key: key, VersionId: 'null', IsLatest: true, Size: whole.length, ETag: completed.ETag }),
      ]);
    });

    it('s3 sync uploads a tree with spaces and unicode in its names, syncs it back, and s3 rm --recursive clears it', async ({
      expect,
    }) => {
      const src = join(work.path, 'tree');
      for (const [name, content] of Object.entries(TREE)) {
        await mkdir(dirname(join(src, name)), { recursive: true });
        await writeFile(join(src, name), content);
      }
      const up = await aws('s3', 'sync', 'tree', `s3://${bucket}/tree/`, '--no-progress');
      expect(up.stdout.trim().split('\n').sort()).toEqual(
        Object.keys(TREE)
          .map((k) => `upload: tree/${k} to s3://${bucket}/tree/${k}`)
          .sort(),
      );
      expect(await listKeys(s3.client, bucket, 'tree/')).toEqual(
        Object.keys(TREE)
          .map((k) => `tree/${k}`)
          .sort(byUtf8),
      );
      for (const [name, content] of Object.entries(TREE)) expect((await read(`tree/${name}`)).toString()).toBe(content);

      // Nothing changed: a second sync transfers nothing. Syncing down recreates the tree.
      const [again] = await Promise.all([
        aws('s3', 'sync', 'tree', `s3://${bucket}/tree/`, '--no-progress'),
        aws('s3', 'sync', `s3://${bucket}/tree/`, 'tree-down', '--no-progress'),
      ]);
      expect(again.stdout.trim()).toBe('');
      expect(await listFiles(join(work.path, 'tree-down'))).toEqual(Object.keys(TREE).sort());
      for (const [name, content] of Object.entries(TREE)) expect(await readFile(join(work.path, 'tree-down', name), 'utf8')).toBe(content);

      const removed = await aws('s3', 'rm', '--recursive', `s3://${bucket}/tree/`);
      expect(removed.stdout.trim().split('\n')).toHaveLength(Object.keys(TREE).length);
      expect(await listKeys(s3.client, bucket, 'tree/')).toEqual([]);
    });

    it('fails with SignatureDoesNotMatch and a non-zero exit when the secret key is wrong', async ({ expect }) => {
      const result = await run(TOOLS.aws.path, ['--endpoint-url', s3.server.endpoint, 's3', 'ls', `s3://${bucket}`], {
        env: { ...env, AWS_SECRET_ACCESS_KEY: 'not-the-secret' },
        cwd: work.path,
      });
      expect(result.code, describeFailure(result)).not.toBe(0);
      expect(result.stderr).toContain('SignatureDoesNotMatch');
    });
  },
  { concurrent: true },
);
