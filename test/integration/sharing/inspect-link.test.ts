import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inspectLink } from '../../../main/services/sharing/inspect-link.js';
import { presignLinks } from '../../../main/services/sharing/presign-links.js';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../../support/local-s3.js';
import { cleanEnv, describeWithTools, runOk, tempDir, TOOLS } from '../third-party/tools.js';

let s3: TestServer;
let work: { path: string; remove(): Promise<void> };
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  s3 = await startTestServer();
  work = await tempDir('pail-inspect-');
  await mkdir(join(work.path, 'home'));
  env = cleanEnv(join(work.path, 'home'), {
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: 'eu-central-1',
  });
  await s3.client.send(new CreateBucketCommand({ Bucket: 'inspect' }));
  await s3.client.send(new PutObjectCommand({ Bucket: 'inspect', Key: 'dir/file one.txt', Body: 'x' }));
});
afterAll(async () => {
  await s3.stop();
  await work.remove();
});

describeWithTools('the inspector decodes links made by other tools', [TOOLS.aws, TOOLS.s3cmd], () => {
  it('a SigV4 link from `aws s3 presign`', async () => {
    const made = await runOk(
      TOOLS.aws.path,
      ['s3', 'presign', 's3://inspect/dir/file one.txt', '--expires-in', '600', '--endpoint-url', s3.server.endpoint],
      { env },
    );
    const url = made.stdout.trim();
    const info = inspectLink(url);
    expect(info).toMatchObject({
      signature: 'SigV4',
      endpoint: s3.server.endpoint,
      bucket: 'inspect',
      key: 'dir/file one.txt',
      region: 'eu-central-1',
      expiresIn: 600,
      signedHeaders: ['host'],
      sessionToken: false,
    });
    expect(info.accessKeyId).toBe(`${TEST_CREDENTIALS.accessKeyId.slice(0, 4)}…${TEST_CREDENTIALS.accessKeyId.slice(-4)}`);
    expect(JSON.stringify(info)).not.toContain(new URL(url).searchParams.get('X-Amz-Signature')!);
    expect(Math.abs(Date.parse(info.signedAt!) - Date.now())).toBeLessThan(120_000);
    expect(info.clockProblem).toBeUndefined();
    // Ten minutes later by this computer's clock, it has expired.
    expect(inspectLink(url, new Date(Date.now() + 11 * 60_000)).clockProblem).toMatch(/expired 1 minute/);
  });

  it('a SigV2 link from `s3cmd signurl`', async () => {
    const config = join(work.path, 's3cfg');
    const hostPort = new URL(s3.server.endpoint).host;
    await writeFile(
      config,
      `[default]\naccess_key = ${TEST_CREDENTIALS.accessKeyId}\nsecret_key = ${TEST_CREDENTIALS.secretAccessKey}\nhost_base = ${hostPort}\nhost_bucket = ${hostPort}\nuse_https = False\n`,
    );
    const expires = Math.floor(Date.now() / 1000) + 300;
    const made = await runOk(TOOLS.s3cmd.path, ['-c', config, 'signurl', 's3://inspect/dir/file one.txt', String(expires)], { env });
    const info = inspectLink(made.stdout.trim());
    expect(info).toMatchObject({ signature: 'SigV2', bucket: 'inspect', key: 'dir/file one.txt', sessionToken: false });
    expect(info.expiresAt).toBe(new Date(expires * 1000).toISOString());
  });
});

it('says PUT for an upload link with a locked type, and notices a session token', async () => {
  const result = await presignLinks({
    target: {
      region: 'us-west-2',
      forcePathStyle: false,
      credentials: { accessKeyId: 'ASIAEXAMPLEKEY123', secretAccessKey: 's', sessionToken: 'tok' },
    },
    bucket: 'my-bucket',
    keys: ['up/a.png'],
    method: 'PUT',
    expiresIn: 60,
    contentType: 'image/png',
  });
  const info = inspectLink(result.links[0]!.url);
  expect(info).toMatchObject({
    methodHint: 'PUT (upload)',
    endpoint: 'https://my-bucket.s3.us-west-2.amazonaws.com',
    bucket: 'my-bucket',
    key: 'up/a.png',
    accessKeyId: 'ASIA…Y123',
    sessionToken: true,
    signedHeaders: ['content-type', 'host'],
  });
  expect(() => inspectLink('https://example.com/a.txt')).toThrow(/no presigned signature/);
  expect(() => inspectLink('not a url')).toThrow(/not a URL/);
});
