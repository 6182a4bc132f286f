import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPailCore } from '../../../main/api/core.js';
import type { PailCore } from '../../../main/api/core-types.js';
import { MemorySecretStore } from '../../../main/services/credentials/secret-store.js';
import type { PailApi } from '../../../preload/contract/channels.js';
import { createInMemoryApi, unwrap } from '../../support/in-memory-api.js';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../../support/local-s3.js';

let home: string;
let core: PailCore;
let api: PailApi;
let remote: TestServer;
let connectionId: string;
const BODY = 'protected bytes\n'.repeat(50);
const PASSWORD = 'correct horse battery staple';

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'pail-protected-'));
  core = await createPailCore({ pailHome: home, transport: 'browser', secretStore: new MemorySecretStore() });
  api = createInMemoryApi(core);
  remote = await startTestServer();
  await remote.client.send(new CreateBucketCommand({ Bucket: 'secret-bucket-name' }));
  await remote.client.send(new PutObjectCommand({ Bucket: 'secret-bucket-name', Key: 'hidden/path/report.txt', Body: BODY }));
  connectionId = unwrap(
    await api.addConnection({ name: 'Remote', provider: 'custom', endpoint: remote.server.endpoint, ...TEST_CREDENTIALS }),
  ).id;
});
afterAll(async () => {
  await core.close();
  await remote.stop();
  await rm(home, { recursive: true, force: true });
});

const post = (url: string, password?: string, userAgent = 'test-agent/1.0') =>
  fetch(`${url}/download`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': userAgent },
    body: password === undefined ? '' : new URLSearchParams({ password }).toString(),
  });

describe('protected links over real HTTP', () => {
  it('shows a page with name, size and expiry only; the wrong password is refused, the right one redirects to a 60-second link', async () => {
    const link = unwrap(
      await api.createProtectedLink({
        connectionId,
        bucket: 'secret-bucket-name',
        key: 'hidden/path/report.txt',
        password: PASSWORD,
        expiresIn: 30 * 86_400,
      }),
    );
    expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/s\/[\w-]{20,}$/);
    expect(link).toMatchObject({ fileName: 'report.txt', size: BODY.length, hasPassword: true, state: 'live' });
    // No 7-day cap for protected links.
    expect(Date.parse(link.expiresAt!) - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const page = await fetch(link.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('report.txt');
    expect(html).toContain('800 bytes');
    for (const secret of ['secret-bucket-name', 'hidden/path', TEST_CREDENTIALS.accessKeyId, remote.server.endpoint])
      expect(html).not.toContain(secret);

    const wrong = await post(link.url, 'guess');
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('That password is not right.');

    const right = await post(link.url, PASSWORD);
    expect(right.status).toBe(303);
    const location = new URL(right.headers.get('location')!);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('60');
    const bytes = await fetch(location);
    expect(bytes.headers.get('content-disposition')).toContain('filename="report.txt"');
    expect(await bytes.text()).toBe(BODY);

    const listed = unwrap(await api.listProtectedLinks()).find((l) => l.id === link.id)!;
    expect(listed.downloads).toBe(1);
    expect(listed.log).toEqual([{ time: expect.any(String), address: expect.stringMatching(/127\.0\.0\.1/), userAgent: 'test-agent/1.0' }]);
  });

  it('rate-limits password attempts per link and address', async () => {
    const link = unwrap(
      await api.createProtectedLink({ connectionId, bucket: 'secret-bucket-name', key: 'hidden/path/report.txt', password: PASSWORD }),
    );
    for (let i = 0; i < 5; i++) expect((await post(link.url, `wrong ${i}`)).status).toBe(401);
    const limited = await post(link.url, PASSWORD);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(unwrap(await api.listProtectedLinks()).find((l) => l.id === link.id)!.downloads).toBe(0);
  });

  it('stops the N+1th download at the limit, and the log records each', async () => {
    const link = unwrap(
      await api.createProtectedLink({ connectionId, bucket: 'secret-bucket-name', key: 'hidden/path/report.txt', maxDownloads: 2 }),
    );
    expect((await post(link.url, undefined, 'first')).status).toBe(303);
    expect((await post(link.url, undefined, 'second')).status).toBe(303);
    const third = await post(link.url);
    expect(third.status).toBe(410);
    expect(await third.text()).toMatch(/as many times as the sender allowed/);
    const listed = unwrap(await api.listProtectedLinks()).find((l) => l.id === link.id)!;
    expect(listed).toMatchObject({ downloads: 2, state: 'used-up' });
    expect(listed.log.map((entry) => entry.userAgent)).toEqual(['first', 'second']);
  });

  it('revoke stops the next download at once', async () => {
    const link = unwrap(await api.createProtectedLink({ connectionId, bucket: 'secret-bucket-name', key: 'hidden/path/report.txt' }));
    expect((await post(link.url)).status).toBe(303);
    expect(unwrap(await api.revokeProtectedLink(link.id)).state).toBe('revoked');
    expect((await post(link.url)).status).toBe(410);
    expect((await fetch(link.url)).status).toBe(410);
  });

  it('streams the local bucket’s object itself (its endpoint is this computer only)', async () => {
    const status = unwrap(await api.getLocalBucketStatus());
    const { S3Client } = await import('@aws-sdk/client-s3');
    const local = new S3Client({
      endpoint: status.endpoint!,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: unwrap(await api.revealLocalBucketSecret()),
    });
    await local.send(new CreateBucketCommand({ Bucket: 'mine' }));
    await local.send(new PutObjectCommand({ Bucket: 'mine', Key: 'photo.jpg', Body: 'jpeg bytes', ContentType: 'image/jpeg' }));
    local.destroy();
    const link = unwrap(await api.createProtectedLink({ connectionId: 'local', bucket: 'mine', key: 'photo.jpg' }));
    const response = await post(link.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('content-disposition')).toContain('filename="photo.jpg"');
    expect(await response.text()).toBe('jpeg bytes');
  });

  it('keeps a history with no signatures and no passwords', async () => {
    unwrap(
      await api.presignLinks({
        connectionId,
        bucket: 'secret-bucket-name',
        keys: ['hidden/path/report.txt'],
        method: 'GET',
        downloadAs: 'r.txt',
      }),
    );
    const history = unwrap(await api.listShareHistory());
    expect(history[0]).toMatchObject({ kind: 'download', key: 'hidden/path/report.txt', state: 'live', settings: { downloadAs: 'r.txt' } });
    expect(history.some((entry) => entry.kind === 'protected' && entry.state === 'revoked')).toBe(true);
    const stored =
      (await readFile(join(home, 'share-history.json'), 'utf8')) + (await readFile(join(home, 'protected-links.json'), 'utf8'));
    expect(stored).not.toMatch(/X-Amz-Signature|X-Amz-Credential/i);
    expect(stored).not.toContain(PASSWORD);
    expect(stored).not.toContain(TEST_CREDENTIALS.secretAccessKey);
  });
});
