import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { BenchServer } from './servers.js';

/** Read size for the source file, the same for the client upload and the raw copy. */
const READ_CHUNK = 1024 * 1024;

/** Bytes per second, or operations per second, and the elapsed time behind it. */
export interface Rate {
  perSecond: number;
  seconds: number;
}

/** The same SDK client configuration for every server. */
export function clientFor(server: BenchServer): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: server.credentials,
    maxAttempts: 1,
    // Newer SDKs add CRC32 checksums (aws-chunked with trailers) by default; s3rver 3.7.1 predates
    // them and would store the chunk framing as data. WHEN_REQUIRED turns them off for both servers,
    // so both see the same plain PUT and neither spends time on a checksum the other doesn't.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export async function createBucket(client: S3Client, bucket: string): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
}

/** A file of random bytes (incompressible, no dedupe tricks), made once and reused if its size matches. */
export async function ensureSourceFile(path: string, size: number): Promise<'created' | 'reused'> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.size === size) return 'reused';
  const file = await open(path, 'w');
  try {
    const block = 8 * 1024 * 1024;
    for (let written = 0; written < size; written += block) {
      const n = Math.min(block, size - written);
      await file.write(randomBytes(n));
    }
    await file.sync();
  } finally {
    await file.close();
  }
  return 'created';
}

/** The baseline: stream the file to a new file and fsync it, as our server does with an object. */
export async function rawCopy(source: string, target: string, size: number): Promise<Rate> {
  const started = process.hrtime.bigint();
  // flush: true fsyncs before 'finish', like the server's staged object file.
  await pipeline(
    createReadStream(source, { highWaterMark: READ_CHUNK }),
    createWriteStream(target, { flush: true, highWaterMark: READ_CHUNK }),
  );
  const seconds = elapsed(started);
  const copied = (await stat(target)).size;
  if (copied !== size) throw new Error(`raw copy wrote ${copied} bytes, expected ${size}`);
  return { perSecond: size / seconds, seconds };
}

/**
 * One PutObject streaming the file with its Content-Length. Both servers take single PUTs up to
 * 5 GiB, so no multipart: this measures the server's receive path, not the client's part juggling.
 */
export async function putLarge(client: S3Client, bucket: string, key: string, source: string, size: number): Promise<Rate> {
  const started = process.hrtime.bigint();
  await client.send(
    new PutObjectCommand({ Bucket: bucket, Key: key, Body: createReadStream(source, { highWaterMark: READ_CHUNK }), ContentLength: size }),
  );
  const seconds = elapsed(started);
  return { perSecond: size / seconds, seconds };
}

/** GetObject of the whole object into a sink that only counts; the count must equal the size. */
export async function getLarge(client: S3Client, bucket: string, key: string, size: number): Promise<Rate> {
  const started = process.hrtime.bigint();
  const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  const received = await drain(out.Body as Readable);
  const seconds = elapsed(started);
  if (received !== size) throw new Error(`GET returned ${received} bytes, expected ${size}`);
  return { perSecond: size / seconds, seconds };
}

/** `count` objects of `objectSize` random bytes, PUT with `concurrency` in flight, then GET the same way. */
export async function smallObjects(
  client: S3Client,
  bucket: string,
  count: number,
  objectSize: number,
  concurrency: number,
): Promise<{ put: Rate; get: Rate }> {
  const bodies = Array.from({ length: count }, () => randomBytes(objectSize));
  const key = (i: number) => `small/${String(i).padStart(6, '0')}`;

  let started = process.hrtime.bigint();
  await forEachConcurrently(count, concurrency, async (i) => {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key(i), Body: bodies[i]!, ContentLength: objectSize }));
  });
  const putSeconds = elapsed(started);

  started = process.hrtime.bigint();
  await forEachConcurrently(count, concurrency, async (i) => {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key(i) }));
    const body = Buffer.from(await out.Body!.transformToByteArray());
    if (!body.equals(bodies[i]!)) throw new Error(`GET ${key(i)} returned different bytes`);
  });
  const getSeconds = elapsed(started);

  return { put: { perSecond: count / putSeconds, seconds: putSeconds }, get: { perSecond: count / getSeconds, seconds: getSeconds } };
}

async function forEachConcurrently(count: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

/** Consumes a stream, keeping nothing: the /dev/null of the client side. */
async function drain(body: Readable): Promise<number> {
  let bytes = 0;
  await pipeline(
    body,
    new Writable({
      highWaterMark: READ_CHUNK,
      write(chunk: Buffer, _enc, callback) {
        bytes += chunk.length;
        callback();
      },
    }),
  );
  return bytes;
}

function elapsed(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}
