import { createHash, type Hash } from 'node:crypto';
import { createWriteStream, fdatasync, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform, Writable, type TransformCallback } from 'node:stream';
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
  const path = typeof target === 'string' ? target : target.path;
  const sink = createWriteStream(path, { flush: true, highWaterMark: 1024 * 1024, mode: 0o600 });
  const writeback = startEarlyWriteback(sink);
  try {
    return await receiveBody(ctx, sink, maxSize, 'EntityTooLarge', options);
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
    const actual = hasher.checksum!.digest().toString('base64');
    const claimed = 'computed' in checksum ? actual : (checksum.value ?? decoder?.trailers.get(checksumHeader(checksum.algorithm)));
    if (claimed === undefined)
      throw new S3Error('InvalidRequest', `The ${checksumHeader(checksum.algorithm)} trailer was announced but not sent`);
    if (actual !== claimed)
      throw new S3Error('BadDigest', `The ${checksum.algorithm.toUpperCase()} you specified did not match the calculated checksum.`);
    received.checksum = { algorithm: checksum.algorithm, value: actual };
  }
  return received;
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
