import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PailCore } from '../../main/api/core-types.js';
import { batchNotice, QueueProgress } from '../../main/app/pure/queue-progress.js';
import { EventHub } from '../../main/services/events/event-sink.js';
import { startLocalS3, type LocalS3 } from '../../main/services/local-s3/index.js';
import type { TransferGroup } from '../../preload/contract/transfers.js';
import * as fake from '../support/fake-electron/fake-electron.js';
import { TEST_CREDENTIALS } from '../support/local-s3.js';
import { clientFor, MiB, openEngine } from '../support/transfers.js';

// Electron's binary cannot run here: `electron` is the recording fake the lifecycle tests use.
vi.mock('electron', () => import('../support/fake-electron/fake-electron.js'));
const { showQueueIndicators } = await import('../../main/app/queue-indicators.js');

const group = (patch: Partial<TransferGroup>): TransferGroup => ({
  id: 'g1',
  direction: 'upload',
  name: 'photos',
  destination: 's3://b/p/',
  files: 2,
  done: 0,
  failed: 0,
  bytes: 100,
  transferred: 0,
  state: 'running',
  createdAt: '2026-01-01T00:00:00.000Z',
  ...patch,
});
const changed = (...groups: TransferGroup[]) => ({ groups, transfers: [], removed: [] });

describe('the queue as the window shows it (pure)', () => {
  it('is the fraction of the bytes of every unfinished batch, -1 when idle, 2 while a size is unknown', () => {
    const q = new QueueProgress();
    expect(q.progress()).toBe(-1);
    expect(q.update(changed(group({ transferred: 25 }))).progress).toBe(0.25);
    expect(q.update(changed(group({ id: 'g2', bytes: 300, transferred: 75 }))).progress).toBe(0.25);
    expect(q.update(changed(group({ id: 'g3', bytes: -1 }))).progress).toBe(2);
    expect(q.update({ groups: [], transfers: [], removed: ['g3'] }).progress).toBe(0.25);
    // A finished batch leaves the total.
    expect(q.update(changed(group({ transferred: 100, done: 2, state: 'done' }))).progress).toBe(0.25);
    expect(q.update(changed(group({ id: 'g2', bytes: 300, transferred: 300, state: 'done' }))).progress).toBe(-1);
  });

  it('names each batch once when it finishes, not when cancelled or when already finished at start', () => {
    const q = new QueueProgress({ groups: [group({ id: 'old', state: 'done' })], transfers: [] });
    expect(q.update(changed(group({ id: 'old', state: 'done' }))).finished).toEqual([]);
    q.update(changed(group({}), group({ id: 'c' })));
    expect(q.update(changed(group({ id: 'c', state: 'cancelled' }))).finished).toEqual([]);
    const [done] = q.update(changed(group({ state: 'done', done: 2, transferred: 100 }))).finished;
    expect(done!.id).toBe('g1');
    expect(q.update(changed(group({ state: 'done', done: 2, transferred: 100 }))).finished).toEqual([]);
  });

  it('words the notification, with failures', () => {
    expect(batchNotice(group({ state: 'done', done: 2 }))).toEqual({ title: 'Upload finished', body: 'photos: 2 files to s3://b/p/.' });
    expect(batchNotice(group({ direction: 'download', state: 'failed', done: 1, failed: 1, destination: '/home/me' }))).toEqual({
      title: 'Download finished with errors',
      body: "photos: 1 of 2 files failed (/home/me). Open Pail's queue to see why and retry.",
    });
  });
});

describe('the window progress bar and the notification (fake Electron, real engine)', () => {
  let server: LocalS3;
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'pail-indicators-'));
    server = await startLocalS3({ dataDir: join(work, 'data'), ...TEST_CREDENTIALS });
    const client = clientFor(server.endpoint);
    await client.send(new CreateBucketCommand({ Bucket: 'bar' }));
    client.destroy();
    await writeFile(join(work, 'a.bin'), randomBytes(12 * MiB));
    await writeFile(join(work, 'b.txt'), 'b\n');
  });
  afterAll(async () => {
    await server?.close();
    await rm(work, { recursive: true, force: true });
  });

  it('moves the bar with an upload, removes it (-1) when the queue is idle, and notifies once for the batch', async () => {
    const events = new EventHub();
    const { engine, close } = await openEngine(server.endpoint, { emit: (e) => events.emit('didChangeTransfers', e) });
    const win = new fake.BrowserWindow({});
    const stop = showQueueIndicators({ events, transfers: engine } as unknown as PailCore, () => win as never);
    try {
      expect(win.progress).toEqual([-1]);
      const { groupId } = await engine.enqueueUploads({
        connectionId: 'c',
        bucket: 'bar',
        prefix: '',
        paths: [join(work, 'a.bin'), join(work, 'b.txt')],
      });
      await engine.whenGroupSettles(groupId);
      // The last coalesced event (the batch done) arrives after the settle.
      await vi.waitFor(() => expect(win.progress.at(-1)).toBe(-1), { timeout: 10_000 });
      const during = win.progress.slice(1, -1);
      expect(during.length).toBeGreaterThan(0);
      for (const p of during) expect(p >= 0 && p <= 1).toBe(true);
      expect(fake.recorded.notifications).toEqual([{ title: 'Upload finished', body: 'a.bin and 1 more: 2 files to s3://bar/.' }]);
    } finally {
      stop();
      await close();
    }
  });
});
