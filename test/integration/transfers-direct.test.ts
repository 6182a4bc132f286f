import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalS3 } from '../../main/services/local-s3/index.js';
import { directRoute } from '../../main/services/transfers/direct-requests.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { TEST_CREDENTIALS } from '../support/local-s3.js';
import { clientFor, md5, openEngine, RequestLog, startProxiedServer, type ProxiedServer } from '../support/transfers.js';

// Small objects (≤ 1 MiB) skip the SDK's middleware: these tests hold that path to what the SDK
// path does — the same keys, the same bytes, the same errors in the same words, the same retries.

const BUCKET = 'direct';
let server: LocalS3;
let proxy: FaultProxy;
let work: string;
const requests = new RequestLog();

let fixture: ProxiedServer;

beforeAll(async () => {
  fixture = await startProxiedServer('direct', BUCKET, requests);
  ({ server, proxy, work } = fixture);
});

afterAll(async () => {
  await fixture?.close();
});

describe('which clients take the direct path', () => {
  it('a custom endpoint addressed path-style with checksums only when required; never AWS itself', async () => {
    const local = clientFor(server.endpoint);
    // AWS itself even when asked for path style and no checksums: its endpoints are the SDK's to choose.
    const aws = new S3Client({
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: TEST_CREDENTIALS,
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const virtualHosts = new S3Client({ endpoint: server.endpoint, region: 'us-east-1', credentials: TEST_CREDENTIALS });
    const checksums = new S3Client({
      endpoint: server.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: TEST_CREDENTIALS,
      requestChecksumCalculation: 'WHEN_SUPPORTED',
    });
    try {
      expect(await directRoute(local)).toBeDefined();
      expect(await directRoute(aws)).toBeUndefined();
      expect(await directRoute(virtualHosts)).toBeUndefined();
      expect(await directRoute(checksums)).toBeUndefined();
    } finally {
      for (const c of [local, aws, virtualHosts, checksums]) c.destroy();
    }
  });
});

describe('small files by the direct path', () => {
  it('keys that need encoding arrive as named, and come back byte-identical', async () => {
    const names = ['a b.txt', 'ünï cødé.bin', "p!'()*.dat", 'plus+and&eq=.txt', 'per%cent~.txt', 'semi;colon,comma@at$.txt'];
    const src = join(work, 'tree');
    await mkdir(join(src, 'sub dir'), { recursive: true });
    const bodies = new Map<string, Buffer>();
    for (const [i, name] of names.entries()) {
      const body = randomBytes(1000 + i * 50_000);
      bodies.set(`enc/tree/sub dir/${name}`, body);
      await writeFile(join(src, 'sub dir', name), body);
    }
    const { engine, client, close } = await openEngine(server.endpoint);
    try {
      const up = await engine.enqueueUploads({ connectionId: 'c', bucket: BUCKET, prefix: 'enc/', paths: [src], conflict: 'overwrite' });
      const upRows = await engine.whenGroupSettles(up.groupId);
      expect(upRows.map((r) => [r.name, r.state, r.error])).toEqual(names.map((n) => [n, 'done', undefined]).sort());
      const listed = await client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'enc/' }));
      expect((listed.Contents ?? []).map((o) => o.Key).sort()).toEqual([...bodies.keys()].sort());
      for (const [key, body] of bodies) {
        const res = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
        expect(md5(Buffer.from(await res.Body!.transformToByteArray())), key).toBe(md5(body));
      }

      const dest = join(work, 'enc-down');
      const down = await engine.enqueueDownloads({ connectionId: 'c', bucket: BUCKET, keys: [], prefixes: ['enc/'], destination: dest });
      const downRows = await engine.whenGroupSettles(down.groupId);
      expect(downRows.every((r) => r.state === 'done')).toBe(true);
      for (const name of names) {
        const got = await readFile(join(dest, 'enc', 'tree', 'sub dir', name));
        expect(md5(got), name).toBe(md5(bodies.get(`enc/tree/sub dir/${name}`)!));
      }
    } finally {
      await close();
    }
  });

  it('a wrong secret fails at once in the same words as through the SDK (wrong-secret), both ways', async () => {
    await writeFile(join(work, 'denied-direct.txt'), 'x');
    const good = clientFor(server.endpoint);
    await good.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'there.txt', Body: 'there' }));
    good.destroy();
    const wrong = new S3Client({
      endpoint: server.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 1,
    });
    expect(await directRoute(wrong)).toBeDefined();
    const { engine, close } = await openEngine(server.endpoint, { clients: { client: async () => wrong } });
    const before = requests.lines.length;
    try {
      const up = await engine.enqueueUploads({
        connectionId: 'c',
        bucket: BUCKET,
        prefix: '',
        paths: [join(work, 'denied-direct.txt')],
        conflict: 'overwrite',
      });
      const [upRow] = await engine.whenGroupSettles(up.groupId);
      expect(upRow).toMatchObject({ state: 'failed', error: { code: 'wrong-secret' } });
      const down = await engine.enqueueDownloadItems({
        connectionId: 'c',
        bucket: BUCKET,
        items: [{ key: 'there.txt', size: 5, localPath: join(work, 'denied-down', 'there.txt') }],
        conflict: 'overwrite',
        name: 'there.txt',
        destination: join(work, 'denied-down'),
      });
      const [downRow] = await engine.whenGroupSettles(down.groupId);
      expect(downRow).toMatchObject({ state: 'failed', error: { code: 'wrong-secret' } });
      // One request each: a 403 is not retried.
      expect(requests.lines.slice(before).filter((l) => /denied-direct\.txt|there\.txt/.test(l))).toHaveLength(2);
    } finally {
      await close();
      wrong.destroy();
    }
  });

  it('a missing object fails with its reason, not retried', async () => {
    const { engine, close } = await openEngine(server.endpoint);
    const before = requests.lines.length;
    try {
      const { groupId } = await engine.enqueueDownloadItems({
        connectionId: 'c',
        bucket: BUCKET,
        items: [{ key: 'never-was.txt', size: 10, localPath: join(work, 'missing', 'never-was.txt') }],
        conflict: 'overwrite',
        name: 'never-was.txt',
        destination: join(work, 'missing'),
      });
      const [row] = await engine.whenGroupSettles(groupId);
      expect(row).toMatchObject({ state: 'failed', error: { code: 'not-found' } });
      expect(requests.lines.slice(before).filter((l) => l.includes('never-was.txt'))).toHaveLength(1);
    } finally {
      await close();
    }
  });

  it('a small download cut mid-body is retried and lands byte-identical, never short', async () => {
    const body = randomBytes(900_000);
    const client = clientFor(server.endpoint);
    await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'cut-down/small.bin', Body: body }));
    client.destroy();
    proxy.cuts = 0;
    proxy.plan = { direction: 'down', afterBytes: 200_000, connections: 2 };
    const { engine, close } = await openEngine(proxy.endpoint);
    const dest = join(work, 'cut-down');
    try {
      // Listed, so its size is known and it goes as one request (a bare key is HEADed and goes by ranges).
      const { groupId } = await engine.enqueueDownloads({
        connectionId: 'c',
        bucket: BUCKET,
        keys: [],
        prefixes: ['cut-down/'],
        destination: dest,
      });
      const [row] = await engine.whenGroupSettles(groupId);
      expect(row!.state, JSON.stringify(row!.error)).toBe('done');
      expect(proxy.cuts).toBe(2);
      expect(md5(await readFile(join(dest, 'cut-down', 'small.bin')))).toBe(md5(body));
    } finally {
      proxy.plan = undefined;
      await close();
    }
  });

  it('a small upload cut mid-body is retried and stored byte-identical', async () => {
    const body = randomBytes(900_000);
    await writeFile(join(work, 'cut-up.bin'), body);
    proxy.cuts = 0;
    proxy.plan = { direction: 'up', afterBytes: 200_000, connections: 2 };
    const { engine, close } = await openEngine(proxy.endpoint);
    try {
      const { groupId } = await engine.enqueueUploads({
        connectionId: 'c',
        bucket: BUCKET,
        prefix: 'cut/',
        paths: [join(work, 'cut-up.bin')],
        conflict: 'overwrite',
      });
      const [row] = await engine.whenGroupSettles(groupId);
      expect(row!.state, JSON.stringify(row!.error)).toBe('done');
      expect(proxy.cuts).toBe(2);
    } finally {
      proxy.plan = undefined;
      await close();
    }
    const client = clientFor(server.endpoint);
    const res = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'cut/cut-up.bin' }));
    expect(md5(Buffer.from(await res.Body!.transformToByteArray()))).toBe(md5(body));
    client.destroy();
  });
});

describe('small requests over kept-alive connections (plain-HTTP endpoints)', () => {
  /** `count` small files under `folder`, uploaded to `prefix` through the proxy; their bodies by name. */
  async function seedSmallFiles(folder: string, prefix: string, count: number): Promise<Map<string, Buffer>> {
    const src = join(work, folder);
    await mkdir(src, { recursive: true });
    const bodies = new Map<string, Buffer>();
    for (let i = 0; i < count; i++) {
      const name = `f-${String(i).padStart(4, '0')}.bin`;
      const body = randomBytes(2000 + i);
      bodies.set(name, body);
      await writeFile(join(src, name), body);
    }
    const { engine, close } = await openEngine(server.endpoint);
    try {
      const up = await engine.enqueueUploads({ connectionId: 'c', bucket: BUCKET, prefix, paths: [src], conflict: 'overwrite' });
      expect((await engine.whenGroupSettles(up.groupId)).every((r) => r.state === 'done')).toBe(true);
    } finally {
      await close();
    }
    return bodies;
  }

  it('a folder of small files moves over a few connections, each carrying many requests', async () => {
    const bodies = await seedSmallFiles('reuse', 'reuse/', 60);
    const src = join(work, 'reuse');
    const before = proxy.accepted;
    // The engine's own client never touches the proxy: every connection counted is the direct path's.
    const { engine, close } = await openEngine(proxy.endpoint);
    try {
      const up = await engine.enqueueUploads({
        connectionId: 'c',
        bucket: BUCKET,
        prefix: 'reuse-again/',
        paths: [src],
        conflict: 'overwrite',
      });
      expect((await engine.whenGroupSettles(up.groupId)).every((r) => r.state === 'done')).toBe(true);
      const dest = join(work, 'reuse-down');
      const down = await engine.enqueueDownloads({
        connectionId: 'c',
        bucket: BUCKET,
        keys: [],
        prefixes: ['reuse-again/'],
        destination: dest,
      });
      expect((await engine.whenGroupSettles(down.groupId)).every((r) => r.state === 'done')).toBe(true);
      for (const [name, body] of bodies) expect(md5(await readFile(join(dest, 'reuse-again', 'reuse', name))), name).toBe(md5(body));
    } finally {
      await close();
    }
    // 121 requests (60 PUTs, a listing, 60 GETs), at most 16 at once: one connection each would be 121.
    expect(proxy.accepted - before).toBeLessThanOrEqual(17);
  });

  it('a request on a connection the server closed as it was reused goes again on a new one, not failed', async () => {
    const bodies = await seedSmallFiles('stale', 'stale/', 20);
    // No retries: a stale connection must be handled where it is found, not by the engine's backoff.
    const { engine, close } = await openEngine(proxy.endpoint, { retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    proxy.closeReused = true;
    try {
      const dest = join(work, 'stale-down');
      const down = await engine.enqueueDownloads({ connectionId: 'c', bucket: BUCKET, keys: [], prefixes: ['stale/'], destination: dest });
      const rows = await engine.whenGroupSettles(down.groupId);
      expect(rows.map((r) => [r.name, r.state, r.error?.message])).toEqual([...bodies.keys()].map((n) => [n, 'done', undefined]));
      for (const [name, body] of bodies) expect(md5(await readFile(join(dest, 'stale', 'stale', name))), name).toBe(md5(body));
    } finally {
      proxy.closeReused = false;
      await close();
    }
  });

  it('a listing cut mid-answer is asked again, as the SDK would', async () => {
    const bodies = await seedSmallFiles('listcut', 'listcut/', 3);
    const { engine, close } = await openEngine(proxy.endpoint, { retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    proxy.cuts = 0;
    // The first connection carrying more than a head's worth down is the listing's.
    proxy.plan = { direction: 'down', afterBytes: 300, connections: 1 };
    try {
      const dest = join(work, 'listcut-down');
      const down = await engine.enqueueDownloads({
        connectionId: 'c',
        bucket: BUCKET,
        keys: [],
        prefixes: ['listcut/'],
        destination: dest,
      });
      const rows = await engine.whenGroupSettles(down.groupId);
      expect(rows.map((r) => [r.name, r.state])).toEqual([...bodies.keys()].map((n) => [n, 'done']));
      expect(proxy.cuts).toBe(1);
    } finally {
      proxy.plan = undefined;
      await close();
    }
  });

  it('a prefix of more than one listing page is downloaded whole, names with XML entities included', async () => {
    const src = join(work, 'pages');
    await mkdir(src, { recursive: true });
    const names = Array.from({ length: 1003 }, (_, i) => `p-${String(i).padStart(4, '0')}.txt`);
    names.push('a&b <c> "d" \'e\'.txt');
    for (const name of names) await writeFile(join(src, name), name);
    const { engine, close } = await openEngine(proxy.endpoint);
    try {
      const up = await engine.enqueueUploads({ connectionId: 'c', bucket: BUCKET, prefix: '', paths: [src], conflict: 'overwrite' });
      expect((await engine.whenGroupSettles(up.groupId)).every((r) => r.state === 'done')).toBe(true);
      const dest = join(work, 'pages-down');
      const down = await engine.enqueueDownloads({ connectionId: 'c', bucket: BUCKET, keys: [], prefixes: ['pages/'], destination: dest });
      const rows = await engine.whenGroupSettles(down.groupId);
      expect(rows.length).toBe(names.length);
      expect(rows.every((r) => r.state === 'done')).toBe(true);
      for (const name of [names[0]!, names[1000]!, names.at(-1)!]) expect(await readFile(join(dest, 'pages', name), 'utf8')).toBe(name);
    } finally {
      await close();
    }
  });
});

describe('ranged reads straight from the socket (plain-HTTP endpoints)', () => {
  it('a range whose last bytes are still on their way to disk when the server hangs up is complete, not cut short', async () => {
    const data = randomBytes(3 * 1024 * 1024 + 5);
    const direct = clientFor(server.endpoint);
    await direct.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'raw.bin', Body: data }));
    direct.destroy();
    const client = clientFor(proxy.endpoint);
    const serverEnded = new Promise<void>((resolve) => (proxy.onServerEnd = resolve));
    try {
      const route = await directRoute(client);
      const out = Buffer.alloc(data.length);
      let received = 0;
      const read = await route!.readRange!(
        { bucket: BUCKET, key: 'raw.bin', start: 0, end: data.length },
        async (run, offset) => {
          run.copy(out, offset);
          // A slow disk: each run takes a few turns of the event loop, so the one before the last is
          // still being written when the last bytes arrive. The last lands only after the server's
          // FIN has reached the reader's socket (turns after the proxy passed it on: its poll saw it).
          if (offset + run.length === data.length) await serverEnded;
          for (let turn = 0; turn < 3; turn++) await new Promise((resolve) => setImmediate(resolve));
        },
        (n) => (received += n),
        new AbortController().signal,
      );
      expect(read).toBe(true);
      expect(received).toBe(data.length);
      expect(md5(out)).toBe(md5(data));
    } finally {
      proxy.onServerEnd = undefined;
      client.destroy();
    }
  });

  it('an error answer takes the SDK shape (a stale If-Match is 412 PreconditionFailed); nothing is written', async () => {
    const client = clientFor(server.endpoint);
    try {
      const route = await directRoute(client);
      const writes: number[] = [];
      const read = route!.readRange!(
        { bucket: BUCKET, key: 'raw.bin', start: 0, end: 1024, ifMatch: '"00000000000000000000000000000000"' },
        async (run) => void writes.push(run.length),
        () => {},
        new AbortController().signal,
      );
      await expect(read).rejects.toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
      expect(writes).toEqual([]);
    } finally {
      client.destroy();
    }
  });
});
