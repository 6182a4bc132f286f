import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { measureClockSkew } from '../../../main/services/sharing/clock-skew.js';
import { presignLinks } from '../../../main/services/sharing/presign-links.js';
import type { PresignTarget } from '../../../main/services/sharing/presigner.js';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../../support/local-s3.js';

/** One S3 implementation to test links against: where it is and a client with keys to seed it. */
interface Implementation {
  target: PresignTarget;
  client: S3Client;
  stop(): Promise<void>;
}

async function embedded(): Promise<Implementation> {
  const server: TestServer = await startTestServer();
  return {
    target: { region: 'us-east-1', endpoint: server.server.endpoint, forcePathStyle: true, credentials: TEST_CREDENTIALS },
    client: server.client,
    stop: () => server.stop(),
  };
}

async function s3rver(): Promise<Implementation> {
  const directory = await mkdtemp(join(tmpdir(), 'pail-s3rver-'));
  const instance = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory });
  const address = (await instance.run()) as AddressInfo;
  const endpoint = `http://127.0.0.1:${address.port}`;
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const { S3Client: Client } = await import('@aws-sdk/client-s3');
  const client = new Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials });
  return {
    target: { region: 'us-east-1', endpoint, forcePathStyle: true, credentials },
    client,
    async stop() {
      client.destroy();
      await instance.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

const BODY = Buffer.from('shared bytes \u00e9\n'.repeat(100));

// s3rver checks a presigned link's expiry but never computes a SigV4 signature (its
// authentication middleware says "Signature version 4 calculation is unimplemented"), so the
// checks that need a signature verified (a locked Content-Type, tampering) run against ours only.
describe.each([
  ['the embedded server', embedded, true],
  ['s3rver', s3rver, false],
])('presigned links against %s, fetched with plain HTTP and no credentials', (_name, start, verifiesSignatures) => {
  let impl: Implementation;
  const bucket = 'share-bucket';
  const key = 'docs/report 1.txt';

  beforeAll(async () => {
    impl = await start();
    await impl.client.send(new CreateBucketCommand({ Bucket: bucket }));
    await impl.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: BODY, ContentType: 'text/plain' }));
  });
  afterAll(async () => impl.stop());

  const sign = (over: Partial<Parameters<typeof presignLinks>[0]> = {}) =>
    presignLinks({ target: impl.target, bucket, keys: [key], method: 'GET', expiresIn: 3600, ...over });

  it('a GET link returns the bytes', async () => {
    const result = await sign();
    const response = await fetch(result.links[0]!.url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(BODY);
    expect(result.expiresIn).toBe(3600);
    expect(result.localOnly).toBe(true);
  });

  it('a GET link with one link per key for a selection', async () => {
    await impl.client.send(new PutObjectCommand({ Bucket: bucket, Key: 'second.bin', Body: 'two' }));
    const result = await sign({ keys: [key, 'second.bin'] });
    expect(result.links.map((l) => l.key)).toEqual([key, 'second.bin']);
    expect(await (await fetch(result.links[1]!.url)).text()).toBe('two');
  });

  it('honours the forced download file name and content type', async () => {
    const result = await sign({ downloadAs: 'Quarterly report.txt', responseContentType: 'application/octet-stream' });
    const response = await fetch(result.links[0]!.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('attachment; filename="Quarterly report.txt"');
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    await response.arrayBuffer();
  });

  it('a PUT link uploads with its Content-Type, carries no checksum, and refuses another type', async () => {
    const result = await presignLinks({
      target: impl.target,
      bucket,
      keys: ['up/image.png'],
      method: 'PUT',
      expiresIn: 600,
      contentType: 'image/png',
    });
    const url = new URL(result.links[0]!.url);
    expect([...url.searchParams.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
    expect(url.searchParams.get('X-Amz-SignedHeaders')).toBe('content-type;host');
    expect(result.curl).toContain("-H 'Content-Type: image/png'");

    if (verifiesSignatures) {
      const wrong = await fetch(url, { method: 'PUT', body: 'not a png', headers: { 'content-type': 'text/html' } });
      expect(wrong.status).toBe(403);
      await wrong.arrayBuffer();
    }

    const right = await fetch(url, { method: 'PUT', body: BODY, headers: { 'content-type': 'image/png' } });
    expect(right.status).toBe(200);
    await right.arrayBuffer();
    const stored = await impl.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'up/image.png' }));
    expect(stored.ContentType).toBe('image/png');
    expect(Buffer.from(await stored.Body!.transformToByteArray())).toEqual(BODY);
  });

  it('a link with a 1-second expiry is refused after it', async () => {
    // Signed 5 seconds ago with 1 second to live: expired, without waiting for time to pass.
    const result = await sign({ expiresIn: 1, now: new Date(Date.now() - 5000) });
    const response = await fetch(result.links[0]!.url);
    expect(response.status).toBe(403);
    expect(await response.text()).toMatch(/expired/i);
    // The same link signed now works: the refusal is the expiry, not the link.
    expect((await fetch((await sign({ expiresIn: 1 })).links[0]!.url)).status).toBe(200);
  });

  it.runIf(verifiesSignatures)('refuses tampered links: key, expiry, signature', async () => {
    const good = new URL((await sign()).links[0]!.url);
    const otherKey = new URL(good);
    otherKey.pathname = otherKey.pathname.replace('report%201.txt', 'second.bin');
    const longer = new URL(good);
    longer.searchParams.set('X-Amz-Expires', '7200');
    const signature = new URL(good);
    const sig = signature.searchParams.get('X-Amz-Signature')!;
    signature.searchParams.set('X-Amz-Signature', `${sig[0] === 'a' ? 'b' : 'a'}${sig.slice(1)}`);
    for (const url of [otherKey, longer, signature]) {
      const response = await fetch(url);
      expect(response.status, url.pathname).toBe(403);
      await response.arrayBuffer();
    }
    expect((await fetch(good)).status).toBe(200);
  });
});

describe('honest expiry', () => {
  const base: PresignTarget = {
    region: 'eu-west-1',
    forcePathStyle: false,
    credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'secret' },
  };

  it('clamps a link to the remaining life of temporary credentials, and says why', async () => {
    const expiration = new Date(Date.now() + 10 * 60_000);
    const result = await presignLinks({
      target: { ...base, credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token', expiration } },
      bucket: 'b',
      keys: ['k'],
      method: 'GET',
      expiresIn: 3600,
    });
    expect(result.expiresIn).toBeLessThanOrEqual(600);
    expect(result.expiresIn).toBeGreaterThan(590);
    expect(Number(new URL(result.links[0]!.url).searchParams.get('X-Amz-Expires'))).toBe(result.expiresIn);
    expect(result.clampReason).toMatch(/temporary/);
    expect(new URL(result.links[0]!.url).searchParams.get('X-Amz-Security-Token')).toBe('token');
  });

  it('notes temporary credentials whose end is unknown, and clamps nothing', async () => {
    const result = await presignLinks({
      target: { ...base, credentials: { accessKeyId: 'ASIAEXAMPLE', secretAccessKey: 'secret', sessionToken: 'token' } },
      bucket: 'b',
      keys: ['k'],
      method: 'GET',
      expiresIn: 3600,
    });
    expect(result.expiresIn).toBe(3600);
    expect(result.clampReason).toBeUndefined();
    expect(result.credentialsNote).toMatch(/session token/);
  });

  it('refuses more than 7 days, pointing to protected links and public URLs', async () => {
    await expect(presignLinks({ target: base, bucket: 'b', keys: ['k'], method: 'GET', expiresIn: 604_801 })).rejects.toThrow(
      /at most 7 days.*protected link.*public URL/s,
    );
    const week = await presignLinks({ target: base, bucket: 'b', keys: ['k'], method: 'GET', expiresIn: 604_800 });
    expect(week.expiresIn).toBe(604_800);
    expect(week.localOnly).toBe(false);
  });

  describe('clock skew, from a server whose Date header is an hour ahead', () => {
    let server: Server;
    let endpoint: string;
    beforeAll(async () => {
      server = createServer((_req, res) => {
        res.sendDate = false;
        res.writeHead(403, { date: new Date(Date.now() + 3600_000).toUTCString() });
        res.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('measures the skew and warns past 5 minutes', async () => {
      const skew = await measureClockSkew(endpoint);
      expect(skew).toBeGreaterThan(3590);
      expect(skew).toBeLessThan(3610);
      const result = await presignLinks({
        target: { ...base, endpoint },
        bucket: 'b',
        keys: ['k'],
        method: 'GET',
        expiresIn: 60,
        skewSeconds: skew,
      });
      expect(result.skewWarning).toMatch(/clock is 1 hour behind the server's/);
      const small = await presignLinks({ target: base, bucket: 'b', keys: ['k'], method: 'GET', expiresIn: 60, skewSeconds: 120 });
      expect(small.skewWarning).toBeUndefined();
    });
  });
});
