import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalS3, type LocalS3 } from '../../main/services/local-s3/index.js';
import { TEST_CREDENTIALS } from '../support/local-s3.js';

/** The request log (`--log`, the app's log) never shows a signature or a credential, however the URL spells its names. */
let server: LocalS3;
let client: S3Client;
let dataDir: string;
const lines: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pail-log-'));
  server = await startLocalS3({ dataDir, ...TEST_CREDENTIALS, log: (line) => lines.push(line) });
  client = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: TEST_CREDENTIALS });
  await client.send(new CreateBucketCommand({ Bucket: 'logged' }));
  await client.send(new PutObjectCommand({ Bucket: 'logged', Key: 'file.txt', Body: 'hello' }));
});
afterAll(async () => {
  client.destroy();
  await server.close();
  await rm(dataDir, { recursive: true, force: true });
});

it('redacts SigV4 presigned signatures, also when the parameter names are percent-encoded', async () => {
  const url = new URL(await getSignedUrl(client, new GetObjectCommand({ Bucket: 'logged', Key: 'file.txt' }), { expiresIn: 60 }));
  const signature = url.searchParams.get('X-Amz-Signature')!;
  const credential = url.searchParams.get('X-Amz-Credential')!;
  // The server decodes parameter names, so this URL is as valid as the original.
  const encoded = url.toString().replace('X-Amz-Signature=', 'X-Amz-Signatur%65=').replace('X-Amz-Credential=', 'X-Amz-Credenti%61l=');
  const res = await fetch(encoded);
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('hello');
  const line = lines.find((l) => l.includes('Signatur%65'));
  expect(line).toBeDefined();
  expect(line).toContain('REDACTED');
  const log = lines.join('\n');
  expect(log).not.toContain(signature);
  expect(log).not.toContain(encodeURIComponent(credential));
  expect(log).not.toContain(TEST_CREDENTIALS.accessKeyId);
});

it('redacts SigV2 signatures and access keys with encoded names', async () => {
  const expires = Math.floor(Date.now() / 1000) + 300;
  const signature = createHmac('sha1', TEST_CREDENTIALS.secretAccessKey).update(`GET\n\n\n${expires}\n/logged/file.txt`).digest('base64');
  const res = await fetch(
    `${server.endpoint}/logged/file.txt?AWSAccessKeyI%64=${TEST_CREDENTIALS.accessKeyId}&Expires=${expires}&Signatur%65=${encodeURIComponent(signature)}`,
  );
  expect(res.status).toBe(200);
  const log = lines.join('\n');
  expect(log).toContain('AWSAccessKeyI%64=REDACTED');
  expect(log).not.toContain(encodeURIComponent(signature));
  expect(log).not.toContain(TEST_CREDENTIALS.accessKeyId);
});
