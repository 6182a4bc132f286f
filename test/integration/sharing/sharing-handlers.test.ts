import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutBucketPolicyCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPailCore } from '../../../main/api/core.js';
import type { PailCore } from '../../../main/api/core-types.js';
import { MemorySecretStore } from '../../../main/services/credentials/secret-store.js';
import { createS3Client } from '../../../main/services/s3/client-factory.js';
import type { PailApi } from '../../../preload/contract/channels.js';
import { createInMemoryApi, unwrap } from '../../support/in-memory-api.js';

let home: string;
let core: PailCore;
let api: PailApi;
let skewed: Server;
let skewedEndpoint: string;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'pail-share-'));
  core = await createPailCore({ pailHome: home, transport: 'browser', secretStore: new MemorySecretStore() });
  api = createInMemoryApi(core);
  const status = unwrap(await api.getLocalBucketStatus());
  const client = createS3Client({
    profile: { provider: 'local', endpoint: status.endpoint!, region: 'us-east-1', forcePathStyle: true, accessKeyId: status.accessKeyId },
    secret: { secretAccessKey: unwrap(await api.revealLocalBucketSecret()).secretAccessKey },
  });
  await client.send(new CreateBucketCommand({ Bucket: 'private' }));
  await client.send(new PutObjectCommand({ Bucket: 'private', Key: 'a.txt', Body: 'private bytes' }));
  await client.send(new CreateBucketCommand({ Bucket: 'open' }));
  await client.send(new PutObjectCommand({ Bucket: 'open', Key: 'b.txt', Body: 'public bytes' }));
  await client.send(
    new PutBucketPolicyCommand({
      Bucket: 'open',
      Policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::open/*' }],
      }),
    }),
  );
  client.destroy();
  // A "server" whose clock is 20 minutes behind ours; every answer carries its Date.
  skewed = createServer((_req, res) => {
    res.sendDate = false;
    res.writeHead(403, { date: new Date(Date.now() - 20 * 60_000).toUTCString() });
    res.end();
  });
  await new Promise<void>((resolve) => skewed.listen(0, '127.0.0.1', resolve));
  skewedEndpoint = `http://127.0.0.1:${(skewed.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await core.close();
  await new Promise<void>((resolve) => skewed.close(() => resolve()));
  await rm(home, { recursive: true, force: true });
});

describe('presignLinks through the handler table', () => {
  it('signs local-bucket links with the default expiry setting; they fetch, and say "this computer only"', async () => {
    const result = unwrap(await api.presignLinks({ connectionId: 'local', bucket: 'private', keys: ['a.txt'], method: 'GET' }));
    expect(result.expiresIn).toBe(3600);
    expect(result.localOnly).toBe(true);
    expect(await (await fetch(result.links[0]!.url)).text()).toBe('private bytes');
    unwrap(await api.updateSettings({ linkExpirySeconds: 900 }));
    expect(unwrap(await api.presignLinks({ connectionId: 'local', bucket: 'private', keys: ['a.txt'], method: 'GET' })).expiresIn).toBe(
      900,
    );
  });

  it('refuses more than 7 days with a message that points elsewhere', async () => {
    const result = await api.presignLinks({ connectionId: 'local', bucket: 'private', keys: ['a.txt'], method: 'GET', expiresIn: 604_801 });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringMatching(/protected link/) } });
  });

  it('warns when the server clock is more than 5 minutes off', async () => {
    const connection = unwrap(
      await api.addConnection({
        name: 'Skewed',
        provider: 'custom',
        endpoint: skewedEndpoint,
        accessKeyId: 'AKIDEXAMPLE',
        secretAccessKey: 'secret',
      }),
    );
    const result = unwrap(await api.presignLinks({ connectionId: connection.id, bucket: 'b', keys: ['k'], method: 'GET' }));
    expect(result.clockSkewSeconds).toBeLessThan(-1150);
    expect(result.skewWarning).toMatch(/20 minutes ahead of the server's/);
    expect(result.localOnly).toBe(true);
  });
});

describe('getPublicUrl', () => {
  it('is public only where an anonymous GET works', async () => {
    expect(unwrap(await api.getPublicUrl('local', 'private', 'a.txt'))).toMatchObject({ public: false });
    const open = unwrap(await api.getPublicUrl('local', 'open', 'b.txt'));
    expect(open.public).toBe(true);
    expect(await (await fetch(open.url)).text()).toBe('public bytes');
  });
});

describe('bucket CORS', () => {
  it('the "allow browser uploads" rule lets that origin’s preflight for a PUT through, and no other', async () => {
    // The rule the CORS dialog's "Allow browser uploads from this origin" adds (renderer/src/features/share/cors-preset.ts).
    const browserUploadRule = (origin: string) => ({
      allowedOrigins: [origin],
      allowedMethods: ['PUT' as const, 'GET' as const, 'HEAD' as const],
      allowedHeaders: ['*'],
      exposeHeaders: ['ETag'],
      maxAgeSeconds: 3000,
    });
    expect(unwrap(await api.getBucketCors('local', 'private'))).toEqual([]);
    unwrap(await api.putBucketCors('local', 'private', [browserUploadRule('https://app.example.com')]));
    expect(unwrap(await api.getBucketCors('local', 'private'))).toEqual([browserUploadRule('https://app.example.com')]);

    const upload = unwrap(
      await api.presignLinks({ connectionId: 'local', bucket: 'private', keys: ['up.png'], method: 'PUT', contentType: 'image/png' }),
    );
    const preflight = (origin: string) =>
      fetch(upload.links[0]!.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' },
      });
    const allowed = await preflight('https://app.example.com');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect((await preflight('https://evil.example.net')).status).toBe(403);

    unwrap(await api.putBucketCors('local', 'private', []));
    expect(unwrap(await api.getBucketCors('local', 'private'))).toEqual([]);
  });
});
