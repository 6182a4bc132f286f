import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPailCore } from '../../main/api/core.js';
import type { PailCore } from '../../main/api/core-types.js';
import { MemorySecretStore } from '../../main/services/credentials/secret-store.js';
import { createS3Client } from '../../main/services/s3/client-factory.js';
import type { PailApi } from '../../preload/contract/channels.js';
import { createInMemoryApi, unwrap } from '../support/in-memory-api.js';
import { MiB } from '../support/transfers.js';

// The queue limits are settings, and the running queue follows them at once.
const FILES = 6;
const SIZE = 24 * MiB;
const BUCKET = 'limits';
let home: string;
let folder: string;
let core: PailCore;
let api: PailApi;
let s3: S3Client;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'pail-home-'));
  // Stored limits of 1 file and 1 part: the engine must start with them.
  await writeFile(join(home, 'settings.json'), JSON.stringify({ transferFilesAtOnce: 1, transferPartsPerFile: 1 }));
  core = await createPailCore({
    pailHome: home,
    transport: 'electron',
    secretStore: new MemorySecretStore(),
    transfers: { partSize: 5 * MiB },
  });
  api = createInMemoryApi(core);
  const status = unwrap(await api.getLocalBucketStatus());
  s3 = createS3Client({
    profile: { provider: 'local', endpoint: status.endpoint!, region: 'us-east-1', forcePathStyle: true, accessKeyId: status.accessKeyId },
    secret: { secretAccessKey: unwrap(await api.revealLocalBucketSecret()).secretAccessKey },
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  folder = join(home, 'files');
  await mkdir(folder);
  for (let i = 0; i < FILES; i++) {
    const file = await open(join(folder, `${i}.bin`), 'w');
    for (let done = 0; done < SIZE; done += 8 * MiB) await file.write(randomBytes(8 * MiB));
    await file.close();
  }
});
afterAll(async () => {
  s3?.destroy();
  await core?.close();
  await rm(home, { recursive: true, force: true });
});

const running = () => core.transfers.snapshot().transfers.filter((t) => t.state === 'running').length;

describe('queue limits as settings', () => {
  it('the queue starts with the stored limits (1 at a time) and follows a change at once (3 at a time)', async () => {
    expect(unwrap(await api.getSettings())).toMatchObject({ transferFilesAtOnce: 1, transferPartsPerFile: 1 });
    // Track how many ran at once from the events, whatever the timing.
    const states = new Map<string, string>();
    let most = 0;
    let raised = false;
    let mostAfter = 0;
    const off = api.onDidChangeTransfers((e) => {
      for (const t of e.transfers) states.set(t.id, t.state);
      const now = [...states.values()].filter((s) => s === 'running').length;
      if (raised) mostAfter = Math.max(mostAfter, now);
      else most = Math.max(most, now);
    });
    const { groupId } = unwrap(await api.enqueueUploads({ connectionId: 'local', bucket: BUCKET, prefix: 'up/', paths: [folder] }));
    expect(running()).toBe(1);

    raised = true;
    unwrap(await api.updateSettings({ transferFilesAtOnce: 3 }));
    // The change starts more files at once, without waiting for the running one to end.
    expect(running()).toBe(3);
    await core.transfers.whenGroupSettles(groupId);
    off();
    expect(most).toBe(1);
    expect(mostAfter).toBeLessThanOrEqual(3);
    const rows = core.transfers.snapshot().transfers.filter((t) => t.groupId === groupId);
    expect(rows.map((r) => r.state)).toEqual(Array(FILES).fill('done'));
    for (let i = 0; i < FILES; i++) {
      expect((await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `up/files/${i}.bin` }))).ContentLength).toBe(SIZE);
    }
  });
});
