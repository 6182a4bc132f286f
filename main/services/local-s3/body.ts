import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, fdatasync, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform, Writable, type Readable, type TransformCallback } from 'node:stream';
import { ChunkedBodyDecoder } from './auth/chunked-body.js';
import { checksumHeader, createDigest, requireChecksumAlgorithm, type ChecksumAlgorithm, type Digest } from './checksums.js';
import { header, type RequestContext } from './context.js';
import { MemorySink, pumpBody } from './body-pump.js';
import { S3Error } from './s3-error.js';
import { YoungGarbage } from './young-garbage.js';
import type { StagedFile } from './store/object-store.js';

/** What was received, with the digests S3 reports. */
export interface ReceivedBody {
  size: number;
  md5Hex: string;
  /** The additional checksum the client asked for (header or trailer), verified. */
  checksum?: { algorithm: ChecksumAlgorithm; value: string };
}

/** How a body's checksums are handled beyond what the request announces. */
export interface BodyOptions {
  /** Computes this checksum when the request announces none (parts of an upload created with an algorithm). */
  compute?: ChecksumAlgorithm;
  /** x-amz-checksum-* headers describe something else than this body (CompleteMultipartUpload: the object). */
  ignoreChecksumHeaders?: boolean;
}

/** 5 GiB: S3's limit for one PUT or one part. */
export const MAX_SINGLE_UPLOAD = 5 * 1024 ** 3;

/**
 * Streams the request body to `target` (a path, or a staged file: its path, fsynced before this
 * returns), verifying everything the request promised about it: length, Content-MD5, the signed
 * SHA-256, aws-chunked signatures and x-amz-checksum-* headers or trailers. On any failure the
 * file is removed and an S3Error thrown. A staged file that offers inline storage receives a body
 * that declares a length within its limit in memory instead, handed over once verified.
 */
export async function receiveBodyToFile(
  ctx: RequestContext,
  target: string | StagedFile,
  maxSize = MAX_SINGLE_UPLOAD,
  options: BodyOptions = {},
): Promise<ReceivedBody> {
  if (typeof target !== 'string' && target.inline) {
    const declared = Number(header(ctx, 'x-amz-decoded-content-length') ?? header(ctx, 'content-length'));
    if (Number.isSafeInteger(declared) && declared >= 0 && declared <= target.inline.limit) {
      // More than the declared length: the length check would fail anyway; don't buffer it.
      const sink = new MemorySink(declared, () => new S3Error('IncompleteBody'));
      const received = await receiveBody(ctx, sink, maxSize, 'EntityTooLarge', options);
      target.inline.keep(sink.bytes());
      return received;
    }
  }
  return writeToFile(typeof target === 'string' ? target : target.path, (sink) =>
    receiveBody(ctx, sink, maxSize, 'EntityTooLarge', options),
  );
}

/**
 * Streams a body that is not the request's own (the file part of a POST form) to a staged file,
 * fsynced before this returns, hashing it as PutObject does. More than `maxSize` bytes fail with
 * EntityTooLarge as soon as they arrive; `checksum` with a value is verified (BadDigest), without
 * one it is computed. On any failure the file is removed.
 */
export async function receiveStreamToFile(
  source: Readable,
  target: StagedFile,
  maxSize: number,
  checksum?: { algorithm: ChecksumAlgorithm; value: string | undefined },
): Promise<ReceivedBody> {
  const receive = async (sink: Writable) => {
    const hasher = new BodyHasher(false, checksum?.algorithm, maxSize, 'EntityTooLarge');
    await pumpBody(source, undefined, hasher, sink);
    const received: ReceivedBody = { size: hasher.size, md5Hex: hasher.md5.digest('hex') };
    if (checksum) received.checksum = settleChecksum(hasher, checksum.algorithm, (actual) => checksum.value ?? actual);
    return received;
  };
  if (!target.inline) return writeToFile(target.path, receive);
  // The size is known only at the end: keep the body in memory up to the inline limit, as PutObject
  // stores a small body, and move it to the file once it grows past that.
  const inline = target.inline;
  const sink = new SpillSink(inline.limit, () => openBodyFile(target.path));
  try {
    const received = await receive(sink);
    if (!sink.spilled) inline.keep(sink.bytes());
    return received;
  } catch (err) {
    if (sink.spilled) await rm(target.path, { force: true });
    throw err;
  }
}

/**
 * Holds what is written in memory while it stays within `limit` bytes; the first write past it
 * opens the file, moves the held bytes there and streams the rest to it (closed, so flushed to
 * disk, when the sink finishes).
 */
class SpillSink extends Writable {
  private chunks: Buffer[] = [];
  private size = 0;
  private file: WriteStream | undefined;
  private writeback: { stop(): void } | undefined;
  private fileError: Error | undefined;

  constructor(
    private readonly limit: number,
    private readonly open: () => WriteStream,
  ) {
    super({ highWaterMark: 1024 * 1024 });
  }

  /** True once the body went to the file. */
  get spilled(): boolean {
    return this.file !== undefined;
  }

  /** The body, when it was kept in memory. */
  bytes(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, callback: (err?: Error | null) => void): void {
    if (!this.file) {
      if (this.size + chunk.length <= this.limit) {
        this.chunks.push(chunk);
        this.size += chunk.length;
        return callback();
      }
      const file = this.open();
      this.file = file;
      this.writeback = startEarlyWriteback(file);
      file.on('error', (err) => {
        this.fileError = err;
        this.destroy(err);
      });
      for (const held of this.chunks) file.write(held);
      this.chunks = [];
    }
    if (this.file.write(chunk)) callback();
    else this.file.once('drain', () => callback());
  }

  override _final(callback: (err?: Error | null) => void): void {
    const file = this.file;
    if (!file) return callback();
    this.writeback?.stop();
    file.once('close', () => callback(this.fileError));
    file.end();
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.writeback?.stop();
    if (this.file && !this.file.destroyed) {
      this.file.once('close', () => callback(err));
      this.file.destroy();
    } else callback(err);
  }
}

/** A new owner-only data file for a body, written in 1 MiB runs and flushed to disk when it closes. */
function openBodyFile(path: string): WriteStream {
  return createWriteStream(path, { flush: true, highWaterMark: 1024 * 1024, mode: 0o600 });
}

/** Runs `receive` into a new owner-only file at `path` (flushed to disk on close); removes it on failure. */
async function writeToFile<T>(path: string, receive: (sink: Writable) => Promise<T>): Promise<T> {
  const sink = openBodyFile(path);
  const writeback = startEarlyWriteback(sink);
  try {
    return await receive(sink);
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  } finally {
    writeback.stop();
  }
}

const WRITEBACK_EVERY = 64 * 1024 * 1024;

/**
 * Large bodies: asks the kernel to write back what has been received every 64 MiB, in the
 * background, while more arrives. The fsync that makes the object durable at the end then has
 * little left to flush, instead of stalling on the whole object after the last byte.
 */
function startEarlyWriteback(sink: WriteStream): { stop(): void } {
  let flushedAt = 0;
  let running = false;
  const timer = setInterval(() => {
    const fd = (sink as WriteStream & { fd: number | null }).fd;
    if (running || typeof fd !== 'number' || sink.bytesWritten - flushedAt < WRITEBACK_EVERY) return;
    flushedAt = sink.bytesWritten;
    running = true;
    fdatasync(fd, () => {
      running = false;
    });
  }, 100);
  return {
    stop() {
      clearInterval(timer);
    },
  };
}

/** Reads a small request body (XML, JSON) into memory, verified the same way. */
export async function readSmallBody(ctx: RequestContext, maxSize = 4 * 1024 * 1024, options: BodyOptions = {}): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, callback) {
      chunks.push(chunk);
      callback();
    },
  });
  await receiveBody(ctx, sink, maxSize, 'MalformedXML', options);
  return Buffer.concat(chunks);
}

async function receiveBody(
  ctx: RequestContext,
  sink: Writable | MemorySink,
  maxSize: number,
  tooLarge: 'EntityTooLarge' | 'MalformedXML' = 'EntityTooLarge',
  options: BodyOptions = {},
): Promise<ReceivedBody> {
  ctx.bodyConsumed = true;
  const payload = ctx.auth.kind === 'sigv4' ? ctx.auth.payload : { kind: 'unsigned' as const };
  const chunked =
    payload.kind === 'streaming-signed' ||
    payload.kind === 'streaming-unsigned-trailer' ||
    (header(ctx, 'content-encoding') ?? '').split(',').some((e) => e.trim() === 'aws-chunked');
  const declared = chunked ? header(ctx, 'x-amz-decoded-content-length') : header(ctx, 'content-length');
  if (chunked && declared === undefined)
    throw new S3Error('MissingContentLength', 'aws-chunked uploads must send x-amz-decoded-content-length');
  const expectedSize = declared === undefined ? undefined : Number(declared);
  if (expectedSize !== undefined && (!Number.isSafeInteger(expectedSize) || expectedSize < 0))
    throw new S3Error('InvalidArgument', 'Content-Length is not a valid number');
  if (expectedSize !== undefined && expectedSize > maxSize) throw new S3Error(tooLarge);

  const contentMd5 = header(ctx, 'content-md5');
  if (contentMd5 !== undefined && Buffer.from(contentMd5, 'base64').length !== 16) throw new S3Error('InvalidDigest');

  const announced = options.ignoreChecksumHeaders ? undefined : expectedChecksum(ctx);
  const checksum = announced ?? (options.compute ? { algorithm: options.compute, value: undefined, computed: true } : undefined);
  const decoder = chunked
    ? new ChunkedBodyDecoder({
        signing: payload.kind === 'streaming-signed' ? (ctx.auth.kind === 'sigv4' ? ctx.auth.chunkSigning : undefined) : undefined,
        trailer: payload.kind === 'streaming-unsigned-trailer' || (payload.kind === 'streaming-signed' && payload.trailer),
      })
    : undefined;
  const hasher = new BodyHasher(payload.kind === 'sha256', checksum?.algorithm, maxSize, tooLarge);

  await pumpBody(ctx.req, decoder, hasher, sink);

  if (expectedSize !== undefined && hasher.size !== expectedSize) throw new S3Error('IncompleteBody');
  const md5 = hasher.md5.digest();
  if (contentMd5 !== undefined && !md5.equals(Buffer.from(contentMd5, 'base64'))) throw new S3Error('BadDigest');
  if (payload.kind === 'sha256' && hasher.sha256!.digest('hex') !== payload.hex) throw new S3Error('XAmzContentSHA256Mismatch');

  const received: ReceivedBody = { size: hasher.size, md5Hex: md5.toString('hex') };
  if (checksum) {
    received.checksum = settleChecksum(hasher, checksum.algorithm, (actual) => {
      const claimed = 'computed' in checksum ? actual : (checksum.value ?? decoder?.trailers.get(checksumHeader(checksum.algorithm)));
      if (claimed === undefined)
        throw new S3Error('InvalidRequest', `The ${checksumHeader(checksum.algorithm)} trailer was announced but not sent`);
      return claimed;
    });
  }
  return received;
}

/**
 * The body's checksum once it has all arrived, checked against the value `claimed` gives (which
 * may be the computed one itself, when nothing was claimed): BadDigest when they differ.
 */
function settleChecksum(
  hasher: BodyHasher,
  algorithm: ChecksumAlgorithm,
  claimed: (actual: string) => string,
): { algorithm: ChecksumAlgorithm; value: string } {
  const actual = hasher.checksum!.digest().toString('base64');
  if (actual !== claimed(actual))
    throw new S3Error('BadDigest', `The ${algorithm.toUpperCase()} you specified did not match the calculated checksum.`);
  return { algorithm, value: actual };
}

/** The additional checksum a request announces: its value now (header) or later (trailer). */
function expectedChecksum(ctx: RequestContext): { algorithm: ChecksumAlgorithm; value: string | undefined } | undefined {
  const trailer = header(ctx, 'x-amz-trailer');
  if (trailer) {
    if (!/^x-amz-checksum-/i.test(trailer.trim())) throw new S3Error('InvalidRequest', `Unsupported trailer: ${trailer}`);
    const algorithm = requireChecksumAlgorithm(trailer.trim().replace(/^x-amz-checksum-/i, ''));
    return { algorithm, value: undefined };
  }
  for (const name of Object.keys(ctx.req.headers)) {
    if (
      !name.startsWith('x-amz-checksum-') ||
      name === 'x-amz-checksum-type' ||
      name === 'x-amz-checksum-algorithm' ||
      name === 'x-amz-checksum-mode'
    )
      continue;
    const algorithm = requireChecksumAlgorithm(name.slice('x-amz-checksum-'.length));
    return { algorithm, value: header(ctx, name) };
  }
  return undefined;
}

/**
 * Counts and hashes bytes on their way to storage, failing as soon as the size limit is passed. A
 * plain object: a small body stored inline is hashed chunk by chunk without a stream around it.
 */
export class BodyHasher {
  readonly md5: Hash = createHash('md5');
  readonly sha256: Hash | undefined;
  readonly checksum: Digest | undefined;
  size = 0;
  private readonly garbage = new YoungGarbage();

  constructor(
    withSha256: boolean,
    checksum: ChecksumAlgorithm | undefined,
    private readonly maxSize: number,
    private readonly tooLarge: 'EntityTooLarge' | 'MalformedXML',
  ) {
    this.sha256 = withSha256 ? createHash('sha256') : undefined;
    this.checksum = checksum ? createDigest(checksum) : undefined;
  }

  /** Counts and hashes a chunk; throws once the size limit is passed. */
  hashChunk(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.maxSize) throw new S3Error(this.tooLarge);
    this.md5.update(chunk);
    this.sha256?.update(chunk);
    this.checksum?.update(chunk);
    this.garbage.add(chunk.length);
  }

  /** A pass-through stage that hashes what flows through it, for a stream pipeline. */
  stream(): Transform {
    return new Transform({
      highWaterMark: 1024 * 1024,
      transform: (chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback) => {
        try {
          this.hashChunk(chunk);
        } catch (err) {
          return callback(err as Error);
        }
        callback(null, chunk);
      },
    });
  }
}
