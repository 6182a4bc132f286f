import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetObjectCommand, ListMultipartUploadsCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalS3 } from '../../main/services/local-s3/index.js';
import { FaultProxy } from '../support/fault-proxy.js';
import { TEST_CREDENTIALS } from '../support/local-s3.js';
import { clientFor, md5, md5File, MiB, openEngine, RequestLog, startProxiedServer, type ProxiedServer } from '../support/transfers.js';

const BUCKET = 'faults';
let server: LocalS3;
let proxy: FaultProxy;
let work: string;
const requests = new RequestLog();

let fixture: ProxiedServer;

beforeAll(async () => {
  fixture = await startProxiedServer('faults', BUCKET, requests);
  ({ server, proxy, work } = fixture);
});

afterAll(async () => {
  await fixture?.close();
});

describe('a flaky network', () => {
  it('retries parts whose connection is cut mid-body, and the upload completes byte-identical', async () => {
    const data = randomBytes(20 * MiB + 5);
    await writeFile(join(work, 'flaky-up.bin'), data);
    proxy.cuts = 0;
    proxy.plan = { direction: 'up', afterBytes: 1 * MiB, connections: 3 };
    const { engine, close } = await openEngine(proxy.endpoint, { partsPerFile: 2 });
    try {
      const { groupId } = await engine.enqueueUploads({
        connectionId: 'c',
        bucket: BUCKET,
        prefix: '',
        paths: [join(work, 'flaky-up.bin')],
        conflict: 'overwrite',
      });
      const [row] = await engine.whenGroupSettles(groupId);
      expect(row!.state, JSON.stringify(row!.error)).toBe('done');
      expect(proxy.cuts).toBe(3);
    } finally {
      proxy.plan = undefined;
      await close();
    }
    const direct = clientFor(server.endpoint);
    const res = await direct.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'flaky-up.bin' }));
    expect(md5(Buffer.from(await res.Body!.transformToByteArray()))).toBe(md5(data));
    expect((await direct.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }))).Uploads ?? []).toEqual([]);
    direct.destroy();
  });

  it('retries ranged GETs cut mid-body, and the download is byte-identical', async () => {
    const data = randomBytes(12 * MiB);
    const direct = clientFor(server.endpoint);
    await direct.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'flaky-down.bin', Body: data }));
    direct.destroy();
    proxy.cuts = 0;
    proxy.plan = { direction: 'down', afterBytes: 1 * MiB, connections: 2 };
    const { engine, close } = await openEngine(proxy.endpoint);
    try {
      const { groupId } = await engine.enqueueDownloads({
        connectionId: 'c',
        bucket: BUCKET,
        keys: ['flaky-down.bin'],
        prefixes: [],
        destination: join(work, 'down'),
      });
      const [row] = await engine.whenGroupSettles(groupId);
      expect(row!.state, JSON.stringify(row!.error)).toBe('done');
      expect(proxy.cuts).toBe(2);
      expect(await md5File(join(work, 'down', 'flaky-down.bin'))).toBe(md5(data));
    } finally {
      proxy.plan = undefined;
      await close();
    }
  });

  it('fails fast with the reason on a wrong secret: no retry loop', async () => {
    await writeFile(join(work, 'denied.txt'), 'x');
    const wrong = new S3Client({
      endpoint: server.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: 'not-the-secret' },
      maxAttempts: 1,
    });
    const { engine, close } = await openEngine(server.endpoint, { clients: { client: async () => wrong } });
    const before = requests.lines.length;
    try {
      const { groupId } = await engine.enqueueUploads({
        connectionId: 'c',
        bucket: BUCKET,
        prefix: '',
        paths: [join(work, 'denied.txt')],
        conflict: 'overwrite',
      });
      const [row] = await engine.whenGroupSettles(groupId);
      expect(row).toMatchObject({ state: 'failed', error: { code: 'wrong-secret' } });
      // The first 403 ends it: one request, no retry. (The server refuses before reading the body and
      // closes with a lingering close, so the answer reaches the client instead of a reset.)
      expect(requests.lines.slice(before).filter((l) => l.includes('denied.txt'))).toHaveLength(1);
    } finally {
      await close();
      wrong.destroy();
    }
  });
});

describe('pause', () => {
  it('stops the bytes, not only new parts; resume continues without resending stored parts', async () => {
    const data = randomBytes(40 * MiB);
    await writeFile(join(work, 'pause.bin'), data);
    const { engine, close, events } = await openEngine(proxy.endpoint, { partsPerFile: 2 });
    try {
      const { groupId } = await engine.enqueueUploads({
        connectionId: 'c',
        bucket: BUCKET,
        prefix: '',
        paths: [join(work, 'pause.bin')],
        conflict: 'overwrite',
      });
      // Pause while parts are on the wire (more than one part's worth sent, the file far from done).
      while (!events.some((e) => e.transfers.some((t) => t.transferred > 7 * MiB))) await new Promise((r) => setImmediate(r));
      const storedBefore = requests.count(/^PUT \S*pause\.bin\S*partNumber=\S* 200 /);
      await engine.pause({ ids: [groupId] });
      const [paused] = await engine.whenGroupSettles(groupId);
      expect(paused!.state).toBe('paused');
      // The parts in flight were cut off: every connection of the upload closes.
      while (proxy.open > 0) await new Promise((r) => setImmediate(r));
      const sent = proxy.bytesUp;
      const storedAtPause = new Set(
        requests.lines.filter((l) => /^PUT \S*pause\.bin\S*partNumber=\S* 200 /.test(l)).map((l) => /partNumber=(\d+)/.exec(l)![1]),
      );
      expect(storedAtPause.size).toBeGreaterThanOrEqual(storedBefore);
      expect(storedAtPause.size).toBeLessThan(8);
      // Watch the wire for a while: nothing more is sent while paused.
      await new Promise((r) => setTimeout(r, 300));
      expect(proxy.bytesUp).toBe(sent);
      expect(proxy.open).toBe(0);

      const mark = requests.lines.length;
      await engine.resume({ ids: [groupId] });
      const [done] = await engine.whenGroupSettles(groupId);
      expect(done!.state).toBe('done');
      const resent = requests.lines
        .slice(mark)
        .filter((l) => /^PUT \S*partNumber=/.test(l))
        .map((l) => /partNumber=(\d+)/.exec(l)![1]);
      expect(resent.filter((n) => storedAtPause.has(n!))).toEqual([]);
    } finally {
      await close();
    }
    const direct = clientFor(server.endpoint);
    const res = await direct.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'pause.bin' }));
    expect(md5(Buffer.from(await res.Body!.transformToByteArray()))).toBe(md5(data));
    direct.destroy();
  });
});
