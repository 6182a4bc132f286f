import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, HeadBucketCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../../support/local-s3.js';
import { cleanEnv, describeFailure, describeWithTools, listKeys, multipartEtag, run, tempDir, TOOLS, uniqueBucket } from './tools.js';

const MiB = 1024 * 1024;

describeWithTools('s3cmd (Debian) against the local bucket', [TOOLS.s3cmd], () => {
  let s3: TestServer;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let env: NodeJS.ProcessEnv;
  let config: string;
  const bucket = uniqueBucket('s3cmd');
  const unicodeKey = 'dir/hé llo ☃ 100%.txt';

  const s3cmd = (...args: string[]) => run(TOOLS.s3cmd.path, ['-c', config, ...args], { env, cwd: work.path });
  const s3cmdOk = async (...args: string[]) => {
    const result = await s3cmd(...args);
    if (result.code !== 0) throw new Error(describeFailure(result));
    return result;
  };
  const read = async (key: string) =>
    Buffer.from(await (await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray());

  beforeAll(async () => {
    s3 = await startTestServer();
    work = await tempDir('pail-s3cmd-');
    const home = join(work.path, 'home');
    await mkdir(home);
    const hostPort = new URL(s3.server.endpoint).host;
    config = join(home, 's3cfg');
    await writeFile(
      config,
      [
        '[default]',
        `access_key = ${TEST_CREDENTIALS.accessKeyId}`,
        `secret_key = ${TEST_CREDENTIALS.secretAccessKey}`,
        `host_base = ${hostPort}`,
        `host_bucket = ${hostPort}`,
        'use_https = False',
        'signature_v2 = False',
        'bucket_location = us-east-1',
        '',
      ].join('\n'),
    );
    env = cleanEnv(home);
  });

  afterAll(async () => {
    await s3?.stop();
    await work?.remove();
  });

  it('mb creates the bucket', async () => {
    const made = await s3cmdOk('mb', `s3://${bucket}`);
    expect(made.stdout.trim()).toBe(`Bucket 's3://${bucket}/' created`);
    await expect(s3.client.send(new HeadBucketCommand({ Bucket: bucket }))).resolves.toBeDefined();
  });

  it('put uploads a small file under a unicode key and a 12 MiB file in 5 MiB parts', async () => {
    await writeFile(join(work.path, 'small.txt'), 'hello from s3cmd\n');
    const big = randomBytes(12 * MiB);
    await writeFile(join(work.path, 'big.bin'), big);

    await s3cmdOk('put', 'small.txt', `s3://${bucket}/${unicodeKey}`);
    await s3cmdOk('put', '--multipart-chunk-size-mb=5', 'big.bin', `s3://${bucket}/big.bin`);

    expect((await read(unicodeKey)).toString()).toBe('hello from s3cmd\n');
    expect((await read('big.bin')).equals(big)).toBe(true);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'big.bin' }));
    expect(head.ETag).toBe(multipartEtag(big, 5 * MiB));
    expect(head.ETag).toMatch(/-3"$/);
  });

  it('ls lists folders and objects, ls -r every key, la every bucket', async () => {
    const top = (await s3cmdOk('ls', `s3://${bucket}`)).stdout.split('\n').filter(Boolean);
    expect(top).toHaveLength(2);
    expect(top[0]).toMatch(new RegExp(`^\\s+DIR\\s+s3://${bucket}/dir/$`));
    expect(top[1]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d\\s+${12 * MiB}\\s+s3://${bucket}/big\\.bin$`));

    const all = (await s3cmdOk('ls', '-r', `s3://${bucket}`)).stdout
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+s3:\/\//)[1]);
    expect(all).toEqual([`${bucket}/big.bin`, `${bucket}/${unicodeKey}`]);

    const la = (await s3cmdOk('la')).stdout;
    expect(la).toContain(`s3://${bucket}/big.bin`);
  });

  it('get downloads byte for byte', async () => {
    await s3cmdOk('get', `s3://${bucket}/big.bin`, 'big.down');
    await s3cmdOk('get', `s3://${bucket}/${unicodeKey}`, 'small.down');
    expect((await readFile(join(work.path, 'big.down'))).equals(await readFile(join(work.path, 'big.bin')))).toBe(true);
    expect(await readFile(join(work.path, 'small.down'), 'utf8')).toBe('hello from s3cmd\n');
  });

  it('signurl gives a SigV2 presigned URL that fetch downloads; an expired one is refused', async () => {
    const url = (await s3cmdOk('signurl', `s3://${bucket}/${unicodeKey}`, '+300')).stdout.trim();
    expect(url).toMatch(/[?&]AWSAccessKeyId=[^&]+&Expires=\d+&Signature=/);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('hello from s3cmd\n');

    const expiredUrl = (await s3cmdOk('signurl', `s3://${bucket}/${unicodeKey}`, String(Math.floor(Date.now() / 1000) - 60))).stdout.trim();
    const expired = await fetch(expiredUrl);
    expect(expired.status).toBe(403);
    expect(await expired.text()).toContain('Request has expired');

    const tampered = await fetch(url.replace(/Expires=(\d+)/, (_m, e: string) => `Expires=${Number(e) + 1}`));
    expect(tampered.status).toBe(403);
    expect(await tampered.text()).toContain('SignatureDoesNotMatch');
  });

  it('sync uploads a folder, cp and mv copy server-side', async () => {
    await mkdir(join(work.path, 'tree', 'sub dir'), { recursive: true });
    await writeFile(join(work.path, 'tree', 'one.txt'), 'one\n');
    await writeFile(join(work.path, 'tree', 'sub dir', 'twö.txt'), 'two\n');
    await s3cmdOk('sync', 'tree/', `s3://${bucket}/tree/`);
    expect(await listKeys(s3.client, bucket, 'tree/')).toEqual(['tree/one.txt', 'tree/sub dir/twö.txt']);

    await s3cmdOk('cp', `s3://${bucket}/tree/one.txt`, `s3://${bucket}/tree/copy.txt`);
    await s3cmdOk('mv', `s3://${bucket}/tree/copy.txt`, `s3://${bucket}/tree/moved.txt`);
    expect(await listKeys(s3.client, bucket, 'tree/')).toEqual(['tree/moved.txt', 'tree/one.txt', 'tree/sub dir/twö.txt']);
    expect((await read('tree/moved.txt')).toString()).toBe('one\n');
  });

  it('del removes objects; rb refuses a non-empty bucket and removes an empty one', async () => {
    await s3cmdOk('del', `s3://${bucket}/${unicodeKey}`);
    expect(await listKeys(s3.client, bucket, 'dir/')).toEqual([]);

    const refused = await s3cmd('rb', `s3://${bucket}`);
    expect(refused.code, describeFailure(refused)).not.toBe(0);
    expect(refused.stderr).toContain('BucketNotEmpty');

    // --recursive deletes through DeleteObjects (a multi-object delete).
    await s3.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'extra/a&b <c>.txt', Body: 'xml special' }));
    await s3cmdOk('del', '--recursive', '--force', `s3://${bucket}`);
    expect(await listKeys(s3.client, bucket)).toEqual([]);
    expect((await s3cmdOk('rb', `s3://${bucket}`)).stdout.trim()).toBe(`Bucket 's3://${bucket}/' removed`);
    await expect(s3.client.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
  });
});
