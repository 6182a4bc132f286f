import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPailCore } from '../../main/api/core.js';
import type { PailCore } from '../../main/api/core-types.js';
import { MemorySecretStore } from '../../main/services/credentials/secret-store.js';
import { OperationRegistry } from '../../main/services/operations/index.js';
import { createS3Client } from '../../main/services/s3/client-factory.js';
import type { PailApi } from '../../preload/contract/channels.js';
import type { OperationProgressEvent } from '../../preload/contract/types.js';
import { createInMemoryApi, unwrap } from '../support/in-memory-api.js';
import { MiB, openEngine } from '../support/transfers.js';

let home: string;
let core: PailCore;
let api: PailApi;
let s3: S3Client;
let opened: string[] = [];
const BUCKET = 'ops';

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'pail-home-'));
  core = await createPailCore({
    pailHome: home,
    transport: 'electron',
    secretStore: new MemorySecretStore(),
    openPath: async (path) => void opened.push(path),
    transfers: { partSize: 5 * MiB },
  });
  api = createInMemoryApi(core);
  const status = unwrap(await api.getLocalBucketStatus());
  s3 = createS3Client({
    profile: { provider: 'local', endpoint: status.endpoint!, region: 'us-east-1', forcePathStyle: true, accessKeyId: status.accessKeyId },
    secret: { secretAccessKey: unwrap(await api.revealLocalBucketSecret()).secretAccessKey },
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  const keys = Array.from({ length: 1500 }, (_, i) => `many/${String(i).padStart(4, '0')}.txt`);
  for (let i = 0; i < keys.length; i += 250) {
    await Promise.all(keys.slice(i, i + 250).map((Key) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: 'x' }))));
  }
});
afterAll(async () => {
  s3?.destroy();
  await core?.close();
  await rm(home, { recursive: true, force: true });
});

async function countUnder(prefix: string): Promise<number> {
  let n = 0;
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix, ContinuationToken: token }));
    n += page.KeyCount ?? 0;
    token = page.NextContinuationToken;
  } while (token);
  return n;
}

describe('the operation registry', () => {
  it('coalesces progress: thousands of updates make a handful of events, and the final one always arrives', async () => {
    const events: OperationProgressEvent[] = [];
    const registry = new OperationRegistry((e) => events.push(e), 60_000);
    await registry.run('job', 'delete', async (op) => {
      for (let i = 1; i <= 10_000; i++) op.progress(i, 10_000);
    });
    expect(events).toEqual([
      { operationId: 'job', kind: 'delete', done: 1, total: 10_000, finished: false },
      { operationId: 'job', kind: 'delete', done: 10_000, total: 10_000, finished: true },
    ]);
  });

  it('cancels a delete: cancelOperation stops it before the next batch and it answers cancelled', async () => {
    const progress: OperationProgressEvent[] = [];
    const off = api.onDidProgress((e) => {
      if (e.operationId !== 'del-1') return;
      progress.push(e);
      if (!e.finished) void api.cancelOperation('del-1');
    });
    const result = await api.deleteObjects({ operationId: 'del-1', connectionId: 'local', bucket: BUCKET, keys: [], prefixes: ['many/'] });
    off();
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(progress.at(-1)).toMatchObject({ finished: true, error: { code: 'cancelled' } });
    expect(await countUnder('many/')).toBe(1500);
  });

  it('cancels a move before anything is deleted: every original stays', async () => {
    const off = api.onDidProgress((e) => {
      if (e.operationId === 'move-1' && !e.finished) void api.cancelOperation('move-1');
    });
    const result = await api.moveObjects({ operationId: 'move-1', connectionId: 'local', bucket: BUCKET, from: 'many/', to: 'moved' });
    off();
    expect(result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await countUnder('many/')).toBe(1500);
  });
});

describe('unfinished uploads', () => {
  it('lists multipart uploads nobody finished (parts, bytes, tracked) and aborts them', async () => {
    const created = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'forgotten.bin' }));
    await s3.send(
      new UploadPartCommand({
        Bucket: BUCKET,
        Key: 'forgotten.bin',
        UploadId: created.UploadId,
        PartNumber: 1,
        Body: Buffer.alloc(5 * MiB, 1),
      }),
    );
    const listed = unwrap(await api.listUnfinishedUploads('local', BUCKET));
    expect(listed).toEqual([
      expect.objectContaining({ key: 'forgotten.bin', uploadId: created.UploadId, parts: 1, bytes: 5 * MiB, tracked: false }),
    ]);
    expect(unwrap(await api.abortUnfinishedUploads('local', BUCKET, [{ key: 'forgotten.bin', uploadId: created.UploadId! }]))).toEqual({
      aborted: 1,
    });
    expect(unwrap(await api.listUnfinishedUploads('local', BUCKET))).toEqual([]);
  });

  it('at start, aborts the uploads Pail created and no longer tracks (a crash before the id was journaled, a failed abort)', async () => {
    const status = unwrap(await api.getLocalBucketStatus());
    const engineHome = await mkdtemp(join(tmpdir(), 'pail-home-'));
    const creatingAt = new Date(Date.now() - 1000).toISOString();
    const lost = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'lost.bin' }));
    const orphan = await s3.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'orphan.bin' }));
    const rec = {
      id: 't1',
      groupId: 'g1',
      direction: 'upload',
      name: 'lost.bin',
      target: { connectionId: 'c', bucket: BUCKET, key: 'lost.bin' },
      localPath: join(engineHome, 'lost.bin'),
      size: 10,
      transferred: 0,
      state: 'paused',
      createdAt: creatingAt,
      conflict: 'overwrite',
      creatingAt,
    };
    await writeFile(
      join(engineHome, 'transfers.jsonl'),
      [
        { t: 'group', group: { id: 'g1', direction: 'upload', name: 'lost.bin', destination: 's3://ops/', createdAt: creatingAt } },
        { t: 'add', rec },
        { t: 'orphan', upload: { connectionId: 'c', bucket: BUCKET, key: 'orphan.bin', uploadId: orphan.UploadId } },
      ]
        .map((e) => JSON.stringify(e))
        .join('\n') + '\n',
    );
    expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }))).Uploads).toHaveLength(2);
    const { engine, close } = await openEngine(status.endpoint!, { pailHome: engineHome, clients: { client: async () => s3 } });
    try {
      await engine.swept;
      expect((await s3.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }))).Uploads ?? []).toEqual([]);
      expect(lost.UploadId).toBeDefined();
    } finally {
      await close();
      await rm(engineHome, { recursive: true, force: true });
    }
  });
});

describe('open with the system app', () => {
  it('downloads to a temporary folder and hands the file to the host', async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'docs/report.pdf', Body: '%PDF-1.4 report' }));
    opened = [];
    unwrap(await api.openObjectExternally('local', BUCKET, 'docs/report.pdf'));
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatch(/report\.pdf$/);
    expect(await readFile(opened[0]!, 'utf8')).toBe('%PDF-1.4 report');
  });

  it('defaults downloads to the Downloads folder', async () => {
    expect(unwrap(await api.getTransferDefaults()).downloadDir).toMatch(/Downloads$/);
  });
});
