import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PailApi } from '../../preload/contract/channels.js';
import type { ListingPageEvent, OperationProgressEvent } from '../../preload/contract/types.js';
import { createPailCore } from '../../main/api/core.js';
import type { PailCore } from '../../main/api/core-types.js';
import { MemorySecretStore } from '../../main/services/credentials/secret-store.js';
import { createS3Client } from '../../main/services/s3/client-factory.js';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../support/local-s3.js';
import { createInMemoryApi, unwrap } from '../support/in-memory-api.js';

let home: string;
let core: PailCore;
let api: PailApi;
let remote: TestServer;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'pail-home-'));
  core = await createPailCore({ pailHome: home, transport: 'browser', secretStore: new MemorySecretStore() });
  api = createInMemoryApi(core);
  remote = await startTestServer();
});
afterAll(async () => {
  await core.close();
  await remote.stop();
  await rm(home, { recursive: true, force: true });
});

const remoteInput = () => ({
  name: 'Second server',
  provider: 'custom' as const,
  endpoint: remote.server.endpoint,
  accessKeyId: TEST_CREDENTIALS.accessKeyId,
  secretAccessKey: TEST_CREDENTIALS.secretAccessKey,
});

describe('the local bucket', () => {
  it('runs at startup and is the first connection', async () => {
    const status = unwrap(await api.getLocalBucketStatus());
    expect(status.state).toBe('running');
    expect(status.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(status.dataDir).toBe(join(home, 'local-bucket'));
    const connections = unwrap(await api.listConnections());
    expect(connections[0]).toMatchObject({ id: 'local', name: 'Local bucket', provider: 'local', builtIn: true });
  });

  it('keeps its port and key pair across restarts', async () => {
    const before = unwrap(await api.getLocalBucketStatus());
    const stopped = unwrap(await api.stopLocalBucket());
    expect(stopped.state).toBe('stopped');
    expect((await api.listBuckets('local')).ok).toBe(false);
    const started = unwrap(await api.startLocalBucket());
    expect(started.port).toBe(before.port);
    expect(started.accessKeyId).toBe(before.accessKeyId);
    const stored = JSON.parse(await readFile(join(home, 'local-bucket.json'), 'utf8')) as { port: number };
    expect(stored.port).toBe(before.port);
  });

  it('moves to another port on request and reports status events', async () => {
    const seen: string[] = [];
    const off = api.onDidChangeLocalBucket((s) => seen.push(s.state));
    const changed = unwrap(await api.configureLocalBucket({ port: 0 }));
    off();
    expect(changed.state).toBe('running');
    expect(seen).toEqual(expect.arrayContaining(['stopped', 'starting', 'running']));
    expect(unwrap(await api.listBuckets('local'))).toEqual([]);
  });

  it('sends its secret key only when asked to reveal it, never with status calls or events', async () => {
    const events: unknown[] = [];
    const off = api.onDidChangeLocalBucket((s) => events.push(s));
    const statuses = [
      unwrap(await api.getLocalBucketStatus()),
      unwrap(await api.stopLocalBucket()),
      unwrap(await api.startLocalBucket()),
      unwrap(await api.configureLocalBucket({})),
    ];
    off();
    const keys = unwrap(await api.revealLocalBucketSecret());
    expect(keys.accessKeyId).toBe(statuses[0]!.accessKeyId);
    expect(keys.secretAccessKey).toMatch(/^\S{20,}$/);
    expect(events.length).toBeGreaterThan(0);
    for (const sent of [...statuses, ...events]) expect(JSON.stringify(sent)).not.toContain(keys.secretAccessKey);
  });

  it('refuses to be removed', async () => {
    const res = await api.removeConnection('local');
    expect(res.ok).toBe(false);
  });
});

describe('connections', () => {
  it('adds a connection without ever returning its secret, and browses it', async () => {
    await remote.client.send(new PutObjectCommand({ Bucket: 'remote-bucket', Key: 'x', Body: 'x' })).catch(() => undefined);
    const profile = unwrap(await api.addConnection(remoteInput()));
    expect(profile).toMatchObject({
      name: 'Second server',
      provider: 'custom',
      endpoint: remote.server.endpoint,
      forcePathStyle: true,
      secretStorage: 'session',
    });
    expect(JSON.stringify(profile)).not.toContain(TEST_CREDENTIALS.secretAccessKey);
    const listed = unwrap(await api.listConnections());
    expect(JSON.stringify(listed)).not.toContain(TEST_CREDENTIALS.secretAccessKey);
    const profiles = await readFile(join(home, 'connections.json'), 'utf8');
    expect(profiles).not.toContain(TEST_CREDENTIALS.secretAccessKey);
    unwrap(await api.createBucket(profile.id, 'remote-bucket'));
    expect(unwrap(await api.listBuckets(profile.id)).map((b) => b.name)).toContain('remote-bucket');
    // A remote connection lists through S3 (the local bucket is read in-process): both must work.
    await remote.client.send(new PutObjectCommand({ Bucket: 'remote-bucket', Key: 'dir/inner.txt', Body: 'x' }));
    expect(unwrap(await api.listFolders(profile.id, 'remote-bucket', '')).map((f) => f.key)).toEqual(['dir/']);
    const pages: ListingPageEvent[] = [];
    const off = api.onDidListPage((page) => page.listingId === 'remote' && pages.push(page));
    const summary = unwrap(await api.listObjects({ listingId: 'remote', connectionId: profile.id, bucket: 'remote-bucket', prefix: '' }));
    off();
    await remote.client.send(new PutObjectCommand({ Bucket: 'remote-bucket', Key: 'top.txt', Body: 'x' }));
    expect(summary.count).toBe(1);
    expect(pages.flatMap((p) => p.entries).map((e) => [e.key, e.kind])).toEqual([['dir/', 'folder']]);
    const again: ListingPageEvent[] = [];
    const off2 = api.onDidListPage((page) => page.listingId === 'remote-2' && again.push(page));
    expect(
      unwrap(await api.listObjects({ listingId: 'remote-2', connectionId: profile.id, bucket: 'remote-bucket', prefix: '' })).count,
    ).toBe(2);
    off2();
    expect(again.flatMap((p) => p.entries).map((e) => [e.key, e.kind, e.size])).toEqual([
      ['dir/', 'folder', undefined],
      ['top.txt', 'object', 1],
    ]);
  });

  it('tests a connection and explains a wrong secret and an unknown key', async () => {
    expect(unwrap(await api.testConnection(remoteInput()))).toMatchObject({ ok: true });
    const wrong = unwrap(await api.testConnection({ ...remoteInput(), secretAccessKey: 'not-the-secret' }));
    expect(wrong).toMatchObject({ ok: false, code: 'wrong-secret' });
    expect(wrong.message).toContain('secret access key is wrong');
    const unknown = unwrap(await api.testConnection({ ...remoteInput(), accessKeyId: 'AKIANOTKNOWN0000000' }));
    expect(unknown).toMatchObject({ ok: false, code: 'unknown-access-key' });
  });

  it('explains an unreachable endpoint', async () => {
    const res = unwrap(await api.testConnection({ ...remoteInput(), endpoint: 'http://127.0.0.1:1' }));
    expect(res).toMatchObject({ ok: false, code: 'unreachable' });
    expect(res.message).toMatch(/refused/);
  });

  it('tests a saved connection with its stored secret', async () => {
    const saved = unwrap(await api.listConnections()).find((c) => c.name === 'Second server')!;
    const res = unwrap(await api.testConnection({ ...remoteInput(), secretAccessKey: undefined as never }, saved.id));
    expect(res.ok).toBe(true);
  });

  it('edits and removes a connection', async () => {
    const saved = unwrap(await api.listConnections()).find((c) => c.name === 'Second server')!;
    const edited = unwrap(await api.updateConnection(saved.id, { ...remoteInput(), name: 'Renamed', secretAccessKey: undefined as never }));
    expect(edited.name).toBe('Renamed');
    expect(unwrap(await api.listBuckets(saved.id)).map((b) => b.name)).toContain('remote-bucket');
    unwrap(await api.removeConnection(saved.id));
    expect(unwrap(await api.listConnections()).some((c) => c.id === saved.id)).toBe(false);
  });

  it('refuses malformed input with invalid-input', async () => {
    const res = await api.addConnection({ ...remoteInput(), provider: 'ftp' as never });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const noSecret = await api.addConnection({ ...remoteInput(), secretAccessKey: '' });
    expect(noSecret).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const r2 = await api.addConnection({ ...remoteInput(), provider: 'r2', accountId: 'nope' });
    expect(r2.ok ? '' : r2.error.message).toContain('32 hexadecimal');
    const badArgs = await (api.listBuckets as (...a: unknown[]) => Promise<{ ok: boolean }>)(42, 'extra');
    expect(badArgs.ok).toBe(false);
  });
});

/** An SDK client for the local bucket, with the key pair its dialog reveals. */
async function localClient() {
  const status = unwrap(await api.getLocalBucketStatus());
  return createS3Client({
    profile: { provider: 'local', endpoint: status.endpoint!, region: 'us-east-1', forcePathStyle: true, accessKeyId: status.accessKeyId },
    secret: { secretAccessKey: unwrap(await api.revealLocalBucketSecret()).secretAccessKey },
  });
}

describe('browsing the local bucket', () => {
  beforeAll(async () => {
    unwrap(await api.createBucket('local', 'photos'));
    const client = await localClient();
    const keys = Array.from({ length: 2500 }, (_, i) => `2026/img-${String(i).padStart(4, '0')}.jpg`);
    for (let i = 0; i < keys.length; i += 250) {
      await Promise.all(keys.slice(i, i + 250).map((Key) => client.send(new PutObjectCommand({ Bucket: 'photos', Key, Body: 'jpeg' }))));
    }
    await client.send(
      new PutObjectCommand({ Bucket: 'photos', Key: 'cover.png', Body: 'png', ContentType: 'image/png', Metadata: { camera: 'x100' } }),
    );
    client.destroy();
  });

  it('streams a listing in pages of 1,000 with a running count', async () => {
    const pages: ListingPageEvent[] = [];
    const off = api.onDidListPage((page) => {
      if (page.listingId === 'list-1') pages.push(page);
    });
    const summary = unwrap(await api.listObjects({ listingId: 'list-1', connectionId: 'local', bucket: 'photos', prefix: '2026/' }));
    off();
    expect(summary).toEqual({ listingId: 'list-1', count: 2500, cancelled: false });
    expect(pages.map((p) => p.loaded)).toEqual([1000, 2000, 2500]);
    expect(pages.at(-1)!.done).toBe(true);
    expect(pages[0]!.entries[0]).toMatchObject({ key: '2026/img-0000.jpg', name: 'img-0000.jpg', kind: 'object', size: 4 });
  });

  it('shows folders and objects at the top level', async () => {
    const pages: ListingPageEvent[] = [];
    const off = api.onDidListPage((page) => page.listingId === 'top' && pages.push(page));
    unwrap(await api.listObjects({ listingId: 'top', connectionId: 'local', bucket: 'photos', prefix: '' }));
    off();
    expect(pages.flatMap((p) => p.entries).map((e) => [e.name, e.kind])).toEqual([
      ['2026/', 'folder'],
      ['cover.png', 'object'],
    ]);
    expect(unwrap(await api.listFolders('local', 'photos', '')).map((f) => f.key)).toEqual(['2026/']);
  });

  it('cancels a listing', async () => {
    let cancelled = false;
    const off = api.onDidListPage((page) => {
      if (page.listingId === 'cancel-me' && !cancelled) {
        cancelled = true;
        void api.cancelListing('cancel-me');
      }
    });
    const summary = unwrap(await api.listObjects({ listingId: 'cancel-me', connectionId: 'local', bucket: 'photos', prefix: '2026/' }));
    off();
    expect(summary.cancelled).toBe(true);
    expect(summary.count).toBeLessThan(2500);
  });

  it("shows an object's properties", async () => {
    const details = unwrap(await api.getObjectDetails('local', 'photos', 'cover.png'));
    expect(details).toMatchObject({
      key: 'cover.png',
      size: 3,
      contentType: 'image/png',
      metadata: { camera: 'x100' },
      s3Uri: 's3://photos/cover.png',
      storageClass: 'STANDARD',
    });
    expect(details.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/photos\/cover\.png$/);
    expect(details.etag).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it('creates a folder, renames it with its contents, and refuses to overwrite', async () => {
    unwrap(await api.createFolder('local', 'photos', 'drafts'));
    unwrap(await api.createFolder('local', 'photos', 'drafts/inner/'));
    const progress: OperationProgressEvent[] = [];
    const off = api.onDidProgress((e) => e.operationId === 'move-1' && progress.push(e));
    const moved = unwrap(
      await api.moveObjects({ operationId: 'move-1', connectionId: 'local', bucket: 'photos', from: 'drafts/', to: 'final' }),
    );
    off();
    expect(moved.moved).toBe(2);
    expect(progress.at(-1)).toMatchObject({ finished: true, done: 2, total: 2, kind: 'move' });
    expect(unwrap(await api.listFolders('local', 'photos', '')).map((f) => f.key)).toEqual(['2026/', 'final/']);
    const clash = await api.moveObjects({
      operationId: 'move-2',
      connectionId: 'local',
      bucket: 'photos',
      from: 'cover.png',
      to: '2026/img-0001.jpg',
    });
    expect(clash).toMatchObject({ ok: false, error: { code: 'already-exists' } });
    unwrap(
      await api.moveObjects({ operationId: 'move-3', connectionId: 'local', bucket: 'photos', from: 'cover.png', to: 'final/cover.png' }),
    );
    expect((await api.getObjectDetails('local', 'photos', 'cover.png')).ok).toBe(false);
    expect(unwrap(await api.getObjectDetails('local', 'photos', 'final/cover.png')).metadata).toEqual({ camera: 'x100' });
  });

  it('counts, then deletes a whole prefix in batches of 1,000 with progress', async () => {
    const selection = { connectionId: 'local', bucket: 'photos', keys: [], prefixes: ['2026/'] };
    expect(unwrap(await api.countObjects(selection))).toEqual({ count: 2500, bytes: 10000 });
    const progress: OperationProgressEvent[] = [];
    const off = api.onDidProgress((e) => e.operationId === 'del-1' && progress.push(e));
    expect(unwrap(await api.deleteObjects({ ...selection, operationId: 'del-1' }))).toEqual({ deleted: 2500 });
    off();
    // Progress is coalesced in the operation registry (a few events a second), so batches in between
    // may be folded together; the first and the final event always arrive, and the count only grows.
    const done = progress.map((p) => p.done);
    expect(done[0]).toBe(0);
    expect(progress.at(-1)).toMatchObject({ done: 2500, total: 2500, finished: true });
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.every((d) => d === 0 || d % 1000 === 0 || d === 2500)).toBe(true);
    expect(unwrap(await api.listFolders('local', 'photos', ''))).toEqual([{ key: 'final/', name: 'final/', kind: 'folder' }]);
  });

  it('creates a folder marker without the SDK warning about a stream of unknown length', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      unwrap(await api.createFolder('local', 'photos', 'quiet'));
      expect(warn.mock.calls.flat().join(' ')).not.toContain('unknown length');
    } finally {
      warn.mockRestore();
    }
    unwrap(await api.deleteObjects({ connectionId: 'local', bucket: 'photos', keys: ['quiet/'], prefixes: [], operationId: 'del-quiet' }));
  });

  it("counts and reports a folder's objects without its own marker object", async () => {
    unwrap(await api.createFolder('local', 'photos', 'albums'));
    unwrap(await api.createFolder('local', 'photos', 'albums/empty'));
    const client = await localClient();
    await client.send(new PutObjectCommand({ Bucket: 'photos', Key: 'albums/one.txt', Body: 'hello!' }));
    client.destroy();
    const selection = { connectionId: 'local', bucket: 'photos', keys: [], prefixes: ['albums/'] };
    expect(unwrap(await api.countObjects(selection))).toEqual({ count: 1, bytes: 6 });
    expect(unwrap(await api.deleteObjects({ ...selection, operationId: 'del-markers' }))).toEqual({ deleted: 1 });
    expect(unwrap(await api.listFolders('local', 'photos', ''))).toEqual([{ key: 'final/', name: 'final/', kind: 'folder' }]);
  });

  it('refuses to delete a bucket that is not empty, in words', async () => {
    const res = await api.deleteBucket('local', 'photos');
    expect(res).toMatchObject({ ok: false, error: { code: 'not-empty' } });
  });
});

describe('settings and the clipboard', () => {
  it('stores the theme and ignores junk', async () => {
    const defaults = { linkExpirySeconds: 3600, transferFilesAtOnce: 4, transferPartsPerFile: 4 };
    expect(unwrap(await api.getSettings())).toEqual({ theme: 'system', ...defaults });
    expect(unwrap(await api.updateSettings({ theme: 'dark' }))).toEqual({ theme: 'dark', ...defaults });
    expect((await api.updateSettings({ theme: 'neon' as never })).ok).toBe(false);
  });

  it('keeps the queue limits within 1..16 and refuses anything else as invalid input', async () => {
    for (const bad of [0, 17, 2.5, -1]) {
      expect(await api.updateSettings({ transferFilesAtOnce: bad })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(await api.updateSettings({ transferPartsPerFile: bad })).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    expect(unwrap(await api.updateSettings({ transferFilesAtOnce: 1, transferPartsPerFile: 16 }))).toMatchObject({
      transferFilesAtOnce: 1,
      transferPartsPerFile: 16,
    });
    expect(unwrap(await api.getSettings())).toMatchObject({ transferFilesAtOnce: 1, transferPartsPerFile: 16 });
    unwrap(await api.updateSettings({ transferFilesAtOnce: 4, transferPartsPerFile: 4 }));
  });

  it('leaves the clipboard to the page in browser mode', async () => {
    expect(await api.writeClipboard('x')).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  });

  it('reports the app info', async () => {
    expect(unwrap(await api.getAppInfo())).toMatchObject({ transport: 'browser', secretStorage: 'session' });
  });
});
