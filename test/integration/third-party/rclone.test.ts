import { randomBytes } from 'node:crypto';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { GetObjectCommand, HeadBucketCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
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

describeWithTools('rclone (Debian) against the local bucket', [TOOLS.rclone], () => {
  let s3: TestServer;
  let work: Awaited<ReturnType<typeof tempDir>>;
  let env: NodeJS.ProcessEnv;
  let big: Buffer;
  const bucket = uniqueBucket('rclone');
  /** The folder copied up: a file above the multipart cutoff and names that need encoding. */
  const files: Record<string, string | Buffer> = {
    'x.txt': 'x\n',
    'sp ace/ünï/ñ.txt': 'unicode\n',
    'it\'s "quoted" & <angled>.txt': 'xml-special characters\n',
    '100% + more.txt': 'percent\n',
  };

  // No retries: a request the server gets wrong must fail the command, not be papered over.
  const rclone = (...args: string[]) =>
    run(TOOLS.rclone.path, ['--retries', '1', '--low-level-retries', '1', '--s3-upload-cutoff', '5M', '--s3-chunk-size', '5M', ...args], {
      env,
      cwd: work.path,
    });
  const rcloneOk = async (...args: string[]) => {
    const result = await rclone(...args);
    if (result.code !== 0) throw new Error(describeFailure(result));
    return result;
  };
  const read = async (key: string) =>
    Buffer.from(await (await s3.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray());

  beforeAll(async () => {
    s3 = await startTestServer();
    work = await tempDir('pail-rclone-');
    const home = join(work.path, 'home');
    await mkdir(home);
    // rclone refuses to start while AWS_CA_BUNDLE is set; cleanEnv leaves it (and every AWS_*) out.
    const config = join(home, 'rclone.conf');
    await writeFile(
      config,
      [
        '[local]',
        'type = s3',
        'provider = Other',
        `access_key_id = ${TEST_CREDENTIALS.accessKeyId}`,
        `secret_access_key = ${TEST_CREDENTIALS.secretAccessKey}`,
        `endpoint = ${s3.server.endpoint}`,
        'region = us-east-1',
        'force_path_style = true',
        '',
      ].join('\n'),
    );
    env = cleanEnv(home, { RCLONE_CONFIG: config });

    big = randomBytes(12 * MiB);
    files['big/twelve.bin'] = big;
    for (const [name, content] of Object.entries(files)) {
      await mkdir(dirname(join(work.path, 'up', name)), { recursive: true });
      await writeFile(join(work.path, 'up', name), content);
    }
    await rcloneOk('mkdir', `local:${bucket}`);
  });

  afterAll(async () => {
    await s3?.stop();
    await work?.remove();
  });

  it('copy uploads a folder, the 12 MiB file in 5 MiB parts', async () => {
    await rcloneOk('copy', 'up', `local:${bucket}/up`);
    expect(await listKeys(s3.client, bucket, 'up/')).toEqual(
      Object.keys(files)
        .map((k) => `up/${k}`)
        .sort(byUtf8),
    );
    for (const [name, content] of Object.entries(files)) expect((await read(`up/${name}`)).equals(Buffer.from(content))).toBe(true);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'up/big/twelve.bin' }));
    expect(head.ETag).toBe(multipartEtag(big, 5 * MiB));
    expect(head.ETag).toMatch(/-3"$/);
  });

  it('ls and lsl list every object with its size', async () => {
    const expected = Object.entries(files)
      .map(([name, content]) => [name, Buffer.byteLength(content)] as const)
      .sort(([a], [b]) => byUtf8(a, b));
    const ls = (await rcloneOk('ls', `local:${bucket}/up`)).stdout
      .trim()
      .split('\n')
      .map((line) => line.match(/^\s*(\d+) (.+)$/)!.slice(1));
    expect(ls.map(([size, name]) => [name, Number(size)]).sort(([a], [b]) => byUtf8(String(a), String(b)))).toEqual(expected);

    const lsl = (await rcloneOk('lsl', `local:${bucket}/up`)).stdout.trim().split('\n');
    expect(lsl).toHaveLength(expected.length);
    for (const line of lsl) expect(line).toMatch(/^\s*\d+ \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ .+$/);
    // rclone keeps the local modification time in metadata and shows it back (TZ=UTC).
    const mtime = (await stat(join(work.path, 'up', 'x.txt'))).mtime.toISOString().slice(0, 19).replace('T', ' ');
    expect(lsl.find((l) => l.endsWith(' x.txt'))).toMatch(new RegExp(`^\\s*2 ${mtime}\\.\\d+ x\\.txt$`));
  });

  it('check finds 0 differences, with hashes and with --download; a changed file is a difference', async () => {
    const check = await rcloneOk('check', 'up', `local:${bucket}/up`);
    expect(check.stderr).toContain('0 differences found');
    expect(check.stderr).toContain(`${Object.keys(files).length} matching files`);
    const download = await rcloneOk('check', '--download', 'up', `local:${bucket}/up`);
    expect(download.stderr).toContain('0 differences found');

    // Same size, different bytes: the MD5 comparison must catch it.
    await mkdir(join(work.path, 'changed'), { recursive: true });
    await rcloneOk('copy', 'up', 'changed');
    await writeFile(join(work.path, 'changed', 'x.txt'), 'y\n');
    const differs = await rclone('check', 'changed', `local:${bucket}/up`);
    expect(differs.code, describeFailure(differs)).not.toBe(0);
    expect(differs.stderr).toContain('1 differences found');
  });

  it('copy downloads the folder back byte for byte', async () => {
    await rcloneOk('copy', `local:${bucket}/up`, 'down');
    expect(await listFiles(join(work.path, 'down'))).toEqual(Object.keys(files).sort());
    for (const [name, content] of Object.entries(files))
      expect((await readFile(join(work.path, 'down', name))).equals(Buffer.from(content))).toBe(true);
  });

  it('rcat, cat, server-side copyto (also multipart) and moveto', async () => {
    await runOk(TOOLS.rclone.path, ['rcat', `local:${bucket}/misc/piped.txt`], { env, input: 'piped through rcat\n' });
    expect((await rcloneOk('cat', `local:${bucket}/misc/piped.txt`)).stdout).toBe('piped through rcat\n');

    await rcloneOk('copyto', `local:${bucket}/misc/piped.txt`, `local:${bucket}/misc/copied.txt`);
    await rcloneOk('moveto', `local:${bucket}/misc/copied.txt`, `local:${bucket}/misc/moved.txt`);
    // Above the copy cutoff rclone copies with UploadPartCopy.
    await rcloneOk('copyto', '--s3-copy-cutoff', '5M', `local:${bucket}/up/big/twelve.bin`, `local:${bucket}/misc/twelve-copy.bin`);
    expect(await listKeys(s3.client, bucket, 'misc/')).toEqual(['misc/moved.txt', 'misc/piped.txt', 'misc/twelve-copy.bin']);
    expect((await read('misc/moved.txt')).toString()).toBe('piped through rcat\n');
    expect((await read('misc/twelve-copy.bin')).equals(big)).toBe(true);
    const head = await s3.client.send(new HeadObjectCommand({ Bucket: bucket, Key: 'misc/twelve-copy.bin' }));
    expect(head.ETag).toMatch(/-3"$/);
  });

  it('delete removes the matching files, purge removes everything and the bucket', async () => {
    await rcloneOk('delete', `local:${bucket}/up`, '--include', '*.txt');
    expect(await listKeys(s3.client, bucket, 'up/')).toEqual(['up/big/twelve.bin']);

    await rcloneOk('purge', `local:${bucket}`);
    await expect(s3.client.send(new HeadBucketCommand({ Bucket: bucket }))).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    const lsd = await rcloneOk('lsd', 'local:');
    expect(lsd.stdout.trim()).toBe('');
  });
});
