import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { watch, type FSWatcher } from 'node:fs';
import { appendFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { request, type ClientRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import * as zlib from 'node:zlib';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer } from '../support/local-s3.js';

/*
 * Crash safety of the local S3 server: it runs as a child process and is SIGKILLed at points
 * chosen by events (bytes produced, request sent, log written, response received), never by
 * sleeps. After a restart on the same data folder every key holds its old object or its new one,
 * whole, with the right ETag, and nothing half-written shows in listings or stays on disk.
 *
 * Each test kills and restarts the server once (a describe's tests share its server and data
 * folder, in order), so every test's budget covers one restart on however busy a machine.
 */

/** One kill, one restart, and the checks after it; server start-up under tsx is slow on a loaded machine. */
const ONE_RESTART = 180_000;

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const KEYS = { accessKeyId: 'CRASHTESTACCESSKEY00', secretAccessKey: 'crash-test-secret-key-000000000000000000' };
const BUCKET = 'crash';
const MiB = 1024 * 1024;

const dirs: string[] = [];
async function freshDataDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pail-crash-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

// ---------------------------------------------------------------------------------------------
// The server as a child process

interface ServerProcess {
  child: ChildProcess;
  endpoint: string;
  client: S3Client;
  /** SIGKILL, and wait until the process is gone. */
  kill(): Promise<void>;
  /** A clean stop (SIGTERM). */
  stop(): Promise<void>;
}

const running = new Set<ServerProcess>();
afterAll(async () => {
  await Promise.all([...running].map((s) => s.kill()));
});

/** A describe's server: started on first use, and again after a test killed it. */
function sharedServer(): { dataDir(): Promise<string>; get(): Promise<ServerProcess>; set(s: ServerProcess): void } {
  let dir: string | undefined;
  let server: ServerProcess | undefined;
  return {
    async dataDir() {
      dir ??= await freshDataDir();
      return dir;
    },
    async get() {
      if (!server || !running.has(server)) server = await startServer(await this.dataDir());
      return server;
    },
    set(s) {
      server = s;
    },
  };
}

/** Spawns `pail local-s3` on `dataDir` (node itself, so a signal hits the server) and waits for its endpoint. */
async function startServer(dataDir: string): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'main/cli/pail.ts',
      'local-s3',
      '--data',
      dataDir,
      '--port',
      '0',
      '--access-key',
      KEYS.accessKeyId,
      '--secret-key',
      KEYS.secretAccessKey,
    ],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^Local S3 listening on (\S+)$/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code, signal) => reject(new Error(`server exited (${code ?? signal}) before listening: ${stderr}`)));
  });
  const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: KEYS, maxAttempts: 1 });
  const server: ServerProcess = {
    child,
    endpoint,
    client,
    async kill() {
      running.delete(server);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
      client.destroy();
    },
    async stop() {
      running.delete(server);
      child.kill('SIGTERM');
      await exited;
      client.destroy();
      expect(child.exitCode).toBe(0);
    },
  };
  running.add(server);
  return server;
}

// ---------------------------------------------------------------------------------------------
// Content with known digests

const md5 = (data: Buffer) => createHash('md5').update(data).digest('hex');

/** A large body produced chunk by chunk (never held in memory), with its MD5. */
class BigBody {
  private readonly base = randomBytes(MiB);
  readonly md5: string;

  constructor(readonly chunks: number) {
    const hash = createHash('md5');
    for (let i = 0; i < chunks; i++) hash.update(this.chunk(i));
    this.md5 = hash.digest('hex');
  }

  get size(): number {
    return this.chunks * MiB;
  }

  private chunk(i: number): Buffer {
    const c = Buffer.from(this.base);
    c.writeUInt32BE(i, 0);
    return c;
  }

  /** A fresh stream of the body; `onProduced(mib)` is called after each MiB is handed out. */
  stream(onProduced: (mib: number) => void = () => {}): Readable {
    const { chunks } = this;
    const chunk = (i: number) => this.chunk(i);
    return Readable.from(
      (function* generate() {
        for (let i = 0; i < chunks; i++) {
          yield chunk(i);
          onProduced(i + 1);
        }
      })(),
      { objectMode: false },
    );
  }
}

/** Resolves the first time `fire` is called; lets a kill wait for an event. */
function trigger(): { fired: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => (fire = resolve));
  return { fired, fire };
}

/** Calls `onChange` when the bucket's object log is written to (a commit reached a segment file). */
function watchJournal(dataDir: string, onChange: () => void): FSWatcher {
  return watch(join(dataDir, 'buckets', BUCKET, 'log'), onChange);
}

type LogEntry = { op: string; key?: string; blob?: string; obj?: { files: { name: string }[]; etag: string; uploadId?: string } };

/**
 * The intact frames of the bucket's object log, oldest first (a model of the layout in
 * fs/record-log.ts): per frame u32 header length, u32 payload length (top bit: has a payload),
 * CRC-32 of the header, CRC-32 of the payload, the JSON header, the payload. A torn frame ends its segment.
 */
async function logEntries(dataDir: string): Promise<LogEntry[]> {
  const dir = join(dataDir, 'buckets', BUCKET, 'log');
  const entries: LogEntry[] = [];
  for (const name of (await readdir(dir)).filter((n) => /^\d{8}\.log$/.test(n)).sort()) {
    const data = await readFile(join(dir, name));
    for (let at = 0; at + 16 <= data.length;) {
      const headerLength = data.readUInt32LE(at);
      const payloadLength = data.readUInt32LE(at + 4) & 0x7fffffff;
      const end = at + 16 + headerLength + payloadLength;
      if (headerLength === 0 || end > data.length) break;
      const header = data.subarray(at + 16, at + 16 + headerLength);
      const payload = data.subarray(at + 16 + headerLength, end);
      if (zlib.crc32(header) !== data.readUInt32LE(at + 8) || zlib.crc32(payload) !== data.readUInt32LE(at + 12)) break;
      entries.push(JSON.parse(header.toString('utf8')) as LogEntry);
      at = end;
    }
  }
  return entries;
}

/** A presigned request with a streamed body over a fresh connection, exposing its events. */
async function presignedRequest(
  server: ServerProcess,
  command: { Key: string } & ({ method: 'PUT' } | { method: 'POST'; UploadId: string }),
  body: Readable,
  contentLength: number,
): Promise<{ req: ClientRequest; response: Promise<IncomingMessage | undefined>; sent: Promise<void> }> {
  // No flexible checksums: the presigned URL must not promise a checksum of an empty body.
  const signer = new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: KEYS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  const { method, Key } = command;
  const url = new URL(
    command.method === 'PUT'
      ? await getSignedUrl(signer, new PutObjectCommand({ Bucket: BUCKET, Key }), { expiresIn: 600 })
      : await getSignedUrl(signer, new CompleteMultipartUploadCommand({ Bucket: BUCKET, Key, UploadId: command.UploadId }), {
          expiresIn: 600,
        }),
  );
  signer.destroy();
  const req = request(url, { method, agent: false, headers: { 'content-length': String(contentLength) } });
  const response = new Promise<IncomingMessage | undefined>((resolve) => {
    req.once('response', resolve);
    req.once('error', () => resolve(undefined));
  });
  const sent = new Promise<void>((resolve) => req.once('finish', () => resolve()));
  pipeline(body, req).catch(() => {});
  return { req, response, sent };
}

// ---------------------------------------------------------------------------------------------
// What must hold after a restart

/** The data files and open uploads the on-disk journals reference (a model of the layout in fs-bucket.ts). */
async function referencedOnDisk(
  dataDir: string,
): Promise<{ objects: Map<string, { files: string[]; etag: string; uploadId?: string }>; uploads: Map<string, string[]> }> {
  const bucketDir = join(dataDir, 'buckets', BUCKET);
  const objects = new Map<string, { files: string[]; etag: string; uploadId?: string }>();
  const entries = await logEntries(dataDir);
  // Inline objects' bytes are in the log: their file names are not data files.
  const inline = new Set(entries.map((e) => e.blob).filter((b): b is string => b !== undefined));
  for (const entry of entries) {
    if (entry.op === 'put')
      objects.set(entry.key!, {
        files: entry.obj!.files.map((f) => f.name).filter((n) => !inline.has(n)),
        etag: entry.obj!.etag,
        ...(entry.obj!.uploadId ? { uploadId: entry.obj!.uploadId } : {}),
      });
    else if (entry.op === 'del') objects.delete(entry.key!);
  }
  const uploads = new Map<string, string[]>();
  for (const id of await readdir(join(bucketDir, 'uploads'))) {
    const parts = await readFile(join(bucketDir, 'uploads', id, 'parts.jsonl'), 'utf8').catch(() => '');
    const latest = new Map<number, string>();
    for (const line of parts.split('\n')) {
      try {
        const part = JSON.parse(line) as { partNumber: number; file: { name: string } };
        latest.set(part.partNumber, part.file.name);
      } catch {
        // torn line
      }
    }
    uploads.set(id, [...latest.values()]);
  }
  return { objects, uploads };
}

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/** No data file is unreferenced, no upload folder is left by a completed upload, no temp file lingers. */
async function expectNoLeftovers(dataDir: string): Promise<void> {
  const bucketDir = join(dataDir, 'buckets', BUCKET);
  const { objects, uploads } = await referencedOnDisk(dataDir);
  const referenced = new Set<string>();
  for (const o of objects.values()) for (const f of o.files) referenced.add(f);
  for (const files of uploads.values()) for (const f of files) referenced.add(f);
  expect(await filesUnder(join(bucketDir, 'data'))).toEqual([...referenced].sort());
  const completed = new Set([...objects.values()].map((o) => o.uploadId).filter(Boolean));
  for (const id of uploads.keys()) expect(completed.has(id), `upload ${id} was completed but its folder is still there`).toBe(false);
  const strays = (await filesUnder(bucketDir)).filter(
    (f) => !f.startsWith('data/') && !/^(bucket\.json|log\/\d{8}\.log|uploads\/[0-9a-f]+\/(upload\.json|parts\.jsonl))$/.test(f),
  );
  expect(strays).toEqual([]);
  expect((await readdir(join(dataDir, 'buckets'))).filter((n) => n.startsWith('.'))).toEqual([]);
}

/** Reads an object whole: its MD5, size and ETag, which must describe the same bytes. */
async function readObject(client: S3Client, Key: string): Promise<{ md5: string; size: number; etag: string }> {
  const res = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key }));
  const hash = createHash('md5');
  let size = 0;
  for await (const chunk of res.Body as Readable) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  expect(res.ContentLength).toBe(size);
  return { md5: hash.digest('hex'), size, etag: res.ETag!.replace(/"/g, '') };
}

/** Every listed key (with sizes and ETags), checked against HEAD. */
async function listing(client: S3Client): Promise<Map<string, { size: number; etag: string }>> {
  const res = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  expect(res.IsTruncated).toBe(false);
  const out = new Map<string, { size: number; etag: string }>();
  for (const c of res.Contents ?? []) {
    out.set(c.Key!, { size: c.Size!, etag: c.ETag!.replace(/"/g, '') });
    const head = await client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: c.Key }));
    expect({ size: head.ContentLength, etag: head.ETag }).toEqual({ size: c.Size, etag: c.ETag });
  }
  const buckets = await client.send(new ListBucketsCommand({}));
  expect(buckets.Buckets?.map((b) => b.Name)).toEqual([BUCKET]);
  return out;
}

async function putSmall(client: S3Client, Key: string, body: Buffer): Promise<void> {
  const res = await client.send(new PutObjectCommand({ Bucket: BUCKET, Key, Body: body }));
  expect(res.ETag).toBe(`"${md5(body)}"`);
}

// ---------------------------------------------------------------------------------------------

describe('kill -9 during a large PUT', () => {
  const big = new BigBody(64);
  const old = randomBytes(2 * MiB + 17);
  const neighbour = Buffer.from('a neighbour that must survive every crash');

  type When = 'produced 1 MiB' | 'produced half' | 'produced all' | 'request sent' | 'log written' | 'response received';
  /** Which outcomes are possible when the kill comes at each point. */
  const allowed: Record<When, ('old' | 'new')[]> = {
    'produced 1 MiB': ['old'],
    'produced half': ['old'],
    'produced all': ['old', 'new'],
    'request sent': ['old', 'new'],
    'log written': ['new'],
    'response received': ['new'],
  };
  const shared = sharedServer();
  beforeAll(async () => {
    const server = await shared.get();
    await server.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    await putSmall(server.client, 'neighbour', neighbour);
  }, ONE_RESTART);

  for (const when of Object.keys(allowed) as When[]) {
    it(
      `killed when ${when}: the old object or the new one, whole, with the right ETag, and no stray data files`,
      async () => {
        const dataDir = await shared.dataDir();
        let server = await shared.get();
        await putSmall(server.client, 'big', old);
        const killAt = trigger();
        let watcher: FSWatcher | undefined;
        let settled: Promise<unknown>;
        if (when.startsWith('produced')) {
          // Through the SDK; its body stream reports how much it has handed out.
          const threshold = when === 'produced 1 MiB' ? 1 : when === 'produced half' ? big.chunks / 2 : big.chunks;
          const body = big.stream((mib) => {
            if (mib >= threshold) killAt.fire();
          });
          settled = server.client
            .send(new PutObjectCommand({ Bucket: BUCKET, Key: 'big', Body: body, ContentLength: big.size }))
            .catch((e: unknown) => e);
          void settled.then(killAt.fire); // only if the request ended early (then nothing can have been committed)
        } else {
          // A presigned PUT by hand, to see 'finish' (the body left) and the response headers.
          if (when === 'log written') watcher = watchJournal(dataDir, killAt.fire);
          const { response, sent } = await presignedRequest(server, { method: 'PUT', Key: 'big' }, big.stream(), big.size);
          if (when === 'request sent') void sent.then(killAt.fire);
          // Also the fallback should the log watch not fire: after a response the object is new either way.
          void response.then(killAt.fire);
          settled = response;
        }
        await killAt.fired;
        await server.kill();
        watcher?.close();
        await settled;

        server = await startServer(dataDir);
        shared.set(server);
        const got = await readObject(server.client, 'big');
        expect(got.etag).toBe(got.md5);
        const outcome = got.md5 === big.md5 ? 'new' : got.md5 === md5(old) ? 'old' : 'torn';
        if (outcome !== 'torn') expect(got.size).toBe(outcome === 'new' ? big.size : old.length);
        expect(allowed[when], `killed at "${when}", the key holds the ${outcome} object`).toContain(outcome);

        expect(await listing(server.client)).toEqual(
          new Map([
            ['big', { size: got.size, etag: got.md5 }],
            ['neighbour', { size: neighbour.length, etag: md5(neighbour) }],
          ]),
        );
        expect((await server.client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }))).Uploads ?? []).toEqual([]);
        expect((await readObject(server.client, 'neighbour')).md5).toBe(md5(neighbour));
        await expectNoLeftovers(dataDir);
      },
      ONE_RESTART,
    );
  }
});

describe('kill -9 during concurrent small (inline) PUTs', () => {
  const KEYS_N = 40;
  const keys = Array.from({ length: KEYS_N }, (_, i) => `small/${String(i).padStart(2, '0')}`);
  // Sizes across the inline range, both ends included (an empty object, exactly 64 KiB).
  const sizeOf = (i: number) => [0, 1, 4096, 65_536][i % 4]! + (i % 4 === 0 || i % 4 === 3 ? 0 : i);
  const shared = sharedServer();
  beforeAll(async () => {
    const server = await shared.get();
    await server.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  }, ONE_RESTART);

  for (const when of ['log written', 'some responses received'] as const) {
    it(
      `killed when ${when}: every key holds its old or new object; every PUT answered 200 holds the new one`,
      async () => {
        const dataDir = await shared.dataDir();
        let server = await shared.get();
        const olds = keys.map((_, i) => randomBytes(sizeOf(i)));
        for (const [i, key] of keys.entries()) await putSmall(server.client, key, olds[i]!);
        // No data file per object: the small ones live in the log.
        expect(await filesUnder(join(dataDir, 'buckets', BUCKET, 'data'))).toEqual([]);
        const news = keys.map((_, i) => randomBytes(sizeOf(i + 1) === 0 ? 7 : sizeOf(i + 1)));

        const killAt = trigger();
        const watcher = when === 'log written' ? watchJournal(dataDir, killAt.fire) : undefined;
        const acknowledged = new Set<string>();
        const requests = await Promise.all(
          keys.map((key, i) => presignedRequest(server, { method: 'PUT', Key: key }, Readable.from([news[i]!]), news[i]!.length)),
        );
        const responses = requests.map(({ response }, i) =>
          response.then((res) => {
            if (res?.statusCode === 200) acknowledged.add(keys[i]!);
            if (acknowledged.size >= KEYS_N / 4) killAt.fire();
            res?.resume();
          }),
        );
        // Fallback for the watch: once every request has answered, the kill changes nothing anyway.
        void Promise.all(responses).then(killAt.fire);
        await killAt.fired;
        const acknowledgedAtKill = new Set(acknowledged);
        await server.kill();
        watcher?.close();
        await Promise.all(responses);

        server = await startServer(dataDir);
        shared.set(server);
        const outcomes = { old: 0, new: 0 };
        for (const [i, key] of keys.entries()) {
          const got = await readObject(server.client, key);
          expect(got.etag).toBe(got.md5);
          const outcome = got.md5 === md5(news[i]!) ? 'new' : got.md5 === md5(olds[i]!) ? 'old' : 'torn';
          expect(outcome, `${key} holds neither its old nor its new object`).not.toBe('torn');
          if (acknowledgedAtKill.has(key)) expect(outcome, `${key} was answered 200 before the kill`).toBe('new');
          outcomes[outcome as 'old' | 'new']++;
        }
        expect((await listing(server.client)).size).toBe(KEYS_N);
        await expectNoLeftovers(dataDir);
        console.log(`small PUTs killed when ${when}: ${outcomes.new} new, ${outcomes.old} old, ${acknowledgedAtKill.size} acknowledged`);
      },
      ONE_RESTART,
    );
  }
});

describe('kill -9 around CompleteMultipartUpload', () => {
  const PART_SIZES = [5 * MiB, 5 * MiB, MiB + 3];
  const old = randomBytes(MiB + 5);

  type When = 'request sent' | 'log written' | 'response received';
  const allowed: Record<When, ('old' | 'new')[]> = {
    'request sent': ['old', 'new'],
    'log written': ['new'],
    'response received': ['new'],
  };
  const ROUNDS = 2;
  const shared = sharedServer();
  let resolveLeftover = 0;
  beforeAll(async () => {
    const server = await shared.get();
    await server.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  }, ONE_RESTART);

  for (let round = 0; round < ROUNDS; round++) {
    for (const when of Object.keys(allowed) as When[]) {
      it(
        `killed when ${when} (round ${round}): the old object or the complete new one (-N ETag); an unfinished upload stays usable`,
        async () => {
          const dataDir = await shared.dataDir();
          let server = await shared.get();
          await putSmall(server.client, 'mp', old);
          const { UploadId } = await server.client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'mp' }));
          const parts = PART_SIZES.map((size) => randomBytes(size));
          const etags: string[] = [];
          for (const [i, Body] of parts.entries()) {
            const res = await server.client.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'mp', UploadId, PartNumber: i + 1, Body }));
            expect(res.ETag).toBe(`"${md5(Body)}"`);
            etags.push(res.ETag!);
          }
          const whole = Buffer.concat(parts);
          const newEtag = `${md5(Buffer.concat(parts.map((p) => Buffer.from(md5(p), 'hex'))))}-${parts.length}`;
          const xml = Buffer.from(
            `<CompleteMultipartUpload>${etags.map((e, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${e}</ETag></Part>`).join('')}</CompleteMultipartUpload>`,
          );

          const killAt = trigger();
          const watcher = when === 'log written' ? watchJournal(dataDir, killAt.fire) : undefined;
          const { response, sent } = await presignedRequest(
            server,
            { method: 'POST', Key: 'mp', UploadId: UploadId! },
            Readable.from([xml]),
            xml.length,
          );
          if (when === 'request sent') void sent.then(killAt.fire);
          // Also the fallback should the log watch not fire: after a response the upload is complete either way.
          void response.then(killAt.fire);
          await killAt.fired;
          await server.kill();
          watcher?.close();
          await response;

          server = await startServer(dataDir);
          shared.set(server);
          const got = await readObject(server.client, 'mp');
          const outcome =
            got.md5 === md5(whole) && got.etag === newEtag ? 'new' : got.md5 === md5(old) && got.etag === md5(old) ? 'old' : 'torn';
          expect(allowed[when], `killed at "${when}" (round ${round}), the key holds the ${outcome} object (etag ${got.etag})`).toContain(
            outcome,
          );
          expect(await listing(server.client)).toEqual(new Map([['mp', { size: got.size, etag: got.etag }]]));

          const uploads = (await server.client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }))).Uploads ?? [];
          if (outcome === 'new') {
            expect(uploads).toEqual([]);
          } else {
            // Not completed: the upload is intact, and can still be completed or aborted.
            expect(uploads.map((u) => u.UploadId)).toEqual([UploadId]);
            const listed = await server.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: 'mp', UploadId }));
            expect(listed.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size])).toEqual(etags.map((e, i) => [i + 1, e, PART_SIZES[i]]));
            await expectNoLeftovers(dataDir);
            if (resolveLeftover++ % 2 === 0) {
              const done = await server.client.send(
                new CompleteMultipartUploadCommand({
                  Bucket: BUCKET,
                  Key: 'mp',
                  UploadId,
                  MultipartUpload: { Parts: etags.map((ETag, i) => ({ ETag, PartNumber: i + 1 })) },
                }),
              );
              expect(done.ETag).toBe(`"${newEtag}"`);
              expect(await readObject(server.client, 'mp')).toEqual({ md5: md5(whole), size: whole.length, etag: newEtag });
            } else {
              await server.client.send(new AbortMultipartUploadCommand({ Bucket: BUCKET, Key: 'mp', UploadId }));
              expect((await readObject(server.client, 'mp')).md5).toBe(md5(old));
            }
            expect((await server.client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }))).Uploads ?? []).toEqual([]);
          }
          await expectNoLeftovers(dataDir);
        },
        ONE_RESTART,
      );
    }
  }
});

describe('kill -9 during UploadPart', () => {
  it(
    'keeps the upload and its earlier parts, drops the half part, and the upload can go on',
    async () => {
      const dataDir = await freshDataDir();
      let server = await startServer(dataDir);
      await server.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
      const { UploadId } = await server.client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'parts' }));
      const part1 = randomBytes(5 * MiB);
      const p1 = await server.client.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'parts', UploadId, PartNumber: 1, Body: part1 }));
      const part2 = new BigBody(16);
      const killAt = trigger();
      const body = part2.stream((mib) => {
        if (mib >= 8) killAt.fire();
      });
      const sending = server.client
        .send(new UploadPartCommand({ Bucket: BUCKET, Key: 'parts', UploadId, PartNumber: 2, Body: body, ContentLength: part2.size }))
        .catch((e: unknown) => e);
      await killAt.fired;
      await server.kill();
      await sending;

      server = await startServer(dataDir);
      expect((await server.client.send(new ListMultipartUploadsCommand({ Bucket: BUCKET }))).Uploads?.map((u) => u.UploadId)).toEqual([
        UploadId,
      ]);
      const listed = await server.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: 'parts', UploadId }));
      expect(listed.Parts?.map((p) => [p.PartNumber, p.ETag, p.Size])).toEqual([[1, p1.ETag, part1.length]]);
      expect(await listing(server.client)).toEqual(new Map());
      await expectNoLeftovers(dataDir);
      expect(await filesUnder(join(dataDir, 'buckets', BUCKET, 'data'))).toHaveLength(1);

      const p2 = await server.client.send(
        new UploadPartCommand({ Bucket: BUCKET, Key: 'parts', UploadId, PartNumber: 2, Body: part2.stream(), ContentLength: part2.size }),
      );
      expect(p2.ETag).toBe(`"${part2.md5}"`);
      const done = await server.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: BUCKET,
          Key: 'parts',
          UploadId,
          MultipartUpload: {
            Parts: [
              { PartNumber: 1, ETag: p1.ETag },
              { PartNumber: 2, ETag: p2.ETag },
            ],
          },
        }),
      );
      const etag = `${md5(Buffer.concat([Buffer.from(md5(part1), 'hex'), Buffer.from(part2.md5, 'hex')]))}-2`;
      expect(done.ETag).toBe(`"${etag}"`);
      const got = await readObject(server.client, 'parts');
      expect({ size: got.size, etag: got.etag }).toEqual({ size: part1.length + part2.size, etag });
      await server.stop();
      await expectNoLeftovers(dataDir);
    },
    ONE_RESTART,
  );
});

describe('concurrent PUTs to one key', () => {
  it('the key ends as exactly one of the bodies, with its ETag; readers never see a mix', async () => {
    const dataDir = await freshDataDir();
    let t = await startTestServer({ dataDir });
    await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const initial = randomBytes(300_000);
    await putSmall(t.client, 'hot', initial);
    const writers = Array.from({ length: 6 }, () => t.makeClient());

    let current = initial;
    for (let round = 0; round < 4; round++) {
      const bodies = writers.map((_, i) => randomBytes(256 * 1024 + round * 1000 + i * 4099));
      const valid = new Map([current, ...bodies].map((b) => [md5(b), b.length]));
      let writing = true;
      const reader = async () => {
        let reads = 0;
        while (writing || reads === 0) {
          const got = await readObject(t.client, 'hot');
          expect(got.etag).toBe(got.md5);
          expect(valid.get(got.md5), 'a reader saw bytes that are none of the bodies').toBe(got.size);
          reads++;
        }
        return reads;
      };
      const writes = Promise.all(
        writers.map((client, i) => client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'hot', Body: bodies[i] }))),
      ).finally(() => (writing = false));
      const [results, reads] = await Promise.all([writes, reader()]);
      expect(reads).toBeGreaterThan(0);
      results.forEach((r, i) => expect(r.ETag).toBe(`"${md5(bodies[i]!)}"`));
      const final = await readObject(t.client, 'hot');
      expect(final.etag).toBe(final.md5);
      const winner = bodies.find((b) => md5(b) === final.md5);
      expect(winner, 'the final object is none of the bodies').toBeDefined();
      expect(final.size).toBe(winner!.length);
      current = winner!;
    }
    writers.forEach((w) => w.destroy());
    const before = await readObject(t.client, 'hot');
    await t.stop();

    // After a restart the same object is there, and only its data file is left.
    t = await startTestServer({ dataDir });
    expect(await readObject(t.client, 'hot')).toEqual(before);
    await t.stop();
    const { objects } = await referencedOnDisk(dataDir);
    expect(await filesUnder(join(dataDir, 'buckets', BUCKET, 'data'))).toEqual(objects.get('hot')!.files);
  });
});

describe('an object log with a torn last frame', () => {
  /** What a process killed mid-append leaves: a frame prefix promising more than follows. */
  const tornFrame = () => {
    const header = Buffer.from('{"op":"put","key":"torn","obj":{"size":12,"etag":"0123');
    const prefix = Buffer.alloc(16);
    prefix.writeUInt32LE(header.length + 40, 0);
    prefix.writeUInt32LE((12 | 0x80000000) >>> 0, 4);
    return Buffer.concat([prefix, header]);
  };

  it('still opens, serves everything else, and keeps what is written after it', async () => {
    const dataDir = await freshDataDir();
    const bodies = new Map(['a', 'b/c', 'd'].map((k) => [k, Buffer.from(`content of ${k}`)]));
    let t = await startTestServer({ dataDir });
    await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    for (const [k, b] of bodies) await putSmall(t.client, k, b);
    await t.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'd' }));
    bodies.delete('d');
    const { UploadId } = await t.client.send(new CreateMultipartUploadCommand({ Bucket: BUCKET, Key: 'multi' }));
    const part1 = randomBytes(5 * MiB);
    const p1 = await t.client.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'multi', UploadId, PartNumber: 1, Body: part1 }));
    await t.stop();

    // The process died in the middle of appending: a partial frame (and a partial journal line).
    const bucketDir = join(dataDir, 'buckets', BUCKET);
    const segments = (await readdir(join(bucketDir, 'log'))).sort();
    await appendFile(join(bucketDir, 'log', segments.at(-1)!), tornFrame());
    await appendFile(join(bucketDir, 'uploads', UploadId!, 'parts.jsonl'), '{"partNumber":2,"etag":"ab');

    t = await startTestServer({ dataDir });
    const listed = await listing(t.client);
    expect([...listed.keys()]).toEqual(['a', 'b/c']);
    for (const [k, b] of bodies) expect(await readObject(t.client, k)).toEqual({ md5: md5(b), size: b.length, etag: md5(b) });
    const parts = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: 'multi', UploadId }));
    expect(parts.Parts?.map((p) => p.PartNumber)).toEqual([1]);

    // Writes after the torn frame must survive the next restart too.
    const later = Buffer.from('written after the torn frame');
    await putSmall(t.client, 'later', later);
    await t.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: 'a' }));
    bodies.delete('a');
    bodies.set('later', later);
    const part2 = randomBytes(1000);
    const p2 = await t.client.send(new UploadPartCommand({ Bucket: BUCKET, Key: 'multi', UploadId, PartNumber: 2, Body: part2 }));
    await t.stop();

    t = await startTestServer({ dataDir });
    expect([...(await listing(t.client)).keys()]).toEqual(['b/c', 'later']);
    for (const [k, b] of bodies) expect(await readObject(t.client, k)).toEqual({ md5: md5(b), size: b.length, etag: md5(b) });
    const parts2 = await t.client.send(new ListPartsCommand({ Bucket: BUCKET, Key: 'multi', UploadId }));
    expect(parts2.Parts?.map((p) => p.PartNumber)).toEqual([1, 2]);
    await t.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: BUCKET,
        Key: 'multi',
        UploadId,
        MultipartUpload: {
          Parts: [
            { PartNumber: 1, ETag: p1.ETag },
            { PartNumber: 2, ETag: p2.ETag },
          ],
        },
      }),
    );
    expect((await readObject(t.client, 'multi')).md5).toBe(md5(Buffer.concat([part1, part2])));
    await t.stop();
  });
});
