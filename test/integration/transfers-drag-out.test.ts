import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPailCore } from '../../main/api/core.js';
import type { PailCore } from '../../main/api/core-types.js';
import { MemorySecretStore } from '../../main/services/credentials/secret-store.js';
import { createS3Client } from '../../main/services/s3/client-factory.js';
import type { PailApi } from '../../preload/contract/channels.js';
import { createInMemoryApi, unwrap } from '../support/in-memory-api.js';

// Drag-out: Electron's webContents.startDrag is the edge (faked here: it records the file).
let home: string;
let core: PailCore;
let api: PailApi;
let s3: S3Client;
const dragged: string[] = [];
const data = randomBytes(300_000);

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'pail-home-'));
  core = await createPailCore({
    pailHome: home,
    transport: 'electron',
    secretStore: new MemorySecretStore(),
    startDrag: async (path) => void dragged.push(path),
  });
  api = createInMemoryApi(core);
  const status = unwrap(await api.getLocalBucketStatus());
  s3 = createS3Client({
    profile: { provider: 'local', endpoint: status.endpoint!, region: 'us-east-1', forcePathStyle: true, accessKeyId: status.accessKeyId },
    secret: { secretAccessKey: unwrap(await api.revealLocalBucketSecret()).secretAccessKey },
  });
  await s3.send(new CreateBucketCommand({ Bucket: 'drag' }));
  await s3.send(new PutObjectCommand({ Bucket: 'drag', Key: 'docs/report.pdf', Body: data }));
});
afterAll(async () => {
  s3?.destroy();
  await core?.close();
  await rm(home, { recursive: true, force: true });
});

describe('dragging an object out of the window', () => {
  it('first makes a temporary copy through the queue, then drags that file, byte-identical, and reuses it', async () => {
    expect(unwrap(await api.dragObjectOut('local', 'drag', 'docs/report.pdf'))).toEqual({ started: false });
    expect(dragged).toEqual([]);
    const download = core.transfers.snapshot().transfers.find((t) => t.direction === 'download');
    expect(download).toBeDefined();
    await core.transfers.whenGroupSettles(download!.groupId);

    // The copy is there (its settle is handled just after the group's): the next drag starts.
    await expect.poll(async () => unwrap(await api.dragObjectOut('local', 'drag', 'docs/report.pdf')).started).toBe(true);
    expect(dragged).toHaveLength(1);
    expect(dragged[0]).toMatch(/report\.pdf$/);
    expect((await readFile(dragged[0]!)).equals(data)).toBe(true);

    expect(unwrap(await api.dragObjectOut('local', 'drag', 'docs/report.pdf'))).toEqual({ started: true });
    expect(dragged).toEqual([dragged[0], dragged[0]]);
    expect(core.transfers.snapshot().transfers.filter((t) => t.direction === 'download')).toHaveLength(1);
  });

  it('answers unsupported where there is no OS drag (browser mode)', async () => {
    const browserHome = await mkdtemp(join(tmpdir(), 'pail-home-'));
    const browser = await createPailCore({
      pailHome: browserHome,
      transport: 'browser',
      secretStore: new MemorySecretStore(),
      startLocalBucket: false,
    });
    try {
      expect(await createInMemoryApi(browser).dragObjectOut('local', 'drag', 'docs/report.pdf')).toMatchObject({
        ok: false,
        error: { code: 'unsupported' },
      });
    } finally {
      await browser.close();
      await rm(browserHome, { recursive: true, force: true });
    }
  });
});
