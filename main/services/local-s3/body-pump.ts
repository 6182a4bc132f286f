import { Writable, type Readable, type Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/**
 * A sink that keeps the body in memory (small bodies stored inline). A plain object, not a
 * Writable: a plain body is collected without any stream (see pumpBody); only a decoded
 * (aws-chunked) one needs {@link writable}.
 */
export class MemorySink {
  readonly chunks: Buffer[] = [];
  size = 0;

  /** `limit`: more bytes than this fail the write with `tooMuch()` instead of being kept. */
  constructor(
    private readonly limit: number,
    private readonly tooMuch: () => Error,
  ) {}

  keep(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.limit) throw this.tooMuch();
    this.chunks.push(chunk);
  }

  /** A Writable that keeps what is written to it here. */
  writable(): Writable {
    return new Writable({
      write: (chunk: Buffer, _enc: BufferEncoding, callback: (err?: Error | null) => void) => {
        try {
          this.keep(chunk);
          callback();
        } catch (err) {
          callback(err as Error);
        }
      },
    });
  }

  bytes(): Buffer {
    return this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.size);
  }
}

/**
 * Moves a request body through the decoder (if any) and the hasher into the sink. A plain body
 * going to memory skips the stream pipeline: for a small PUT its set-up and teardown (an abort
 * controller, end-of-stream watchers on every stage) cost more CPU than hashing the bytes.
 */
export function pumpBody(
  source: Readable,
  decoder: Transform | undefined,
  hasher: { hashChunk(chunk: Buffer): void; stream(): Transform },
  sink: Writable | MemorySink,
): Promise<void> {
  if (!decoder && sink instanceof MemorySink) {
    return collect(source, (chunk) => {
      hasher.hashChunk(chunk);
      sink.keep(chunk);
    });
  }
  const stages: (Readable | Transform | Writable)[] = [source];
  if (decoder) stages.push(decoder);
  stages.push(hasher.stream(), sink instanceof MemorySink ? sink.writable() : sink);
  return pipeline(stages as [Readable, ...Transform[], Writable]);
}

/** Reads `source` to its end, handing each chunk to `onChunk` (which may throw to stop). */
function collect(source: Readable, onChunk: (chunk: Buffer) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
      source.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onData = (chunk: Buffer) => {
      try {
        onChunk(chunk);
      } catch (err) {
        // Stop reading; the error answer drains or drops the rest of the body.
        source.pause();
        done(err as Error);
      }
    };
    const onEnd = () => done();
    const onError = (err: Error) => done(err);
    const onClose = () => done(Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' }));
    if (source.readableEnded) return resolve();
    source.on('data', onData);
    source.once('end', onEnd);
    source.once('error', onError);
    source.once('close', onClose);
  });
}
