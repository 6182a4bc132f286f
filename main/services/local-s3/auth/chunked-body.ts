import { createHash, createHmac, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { S3Error } from '../s3-error.js';
import { EMPTY_SHA256, type ChunkSigning } from './sigv4.js';

/** How the chunks of an aws-chunked body are signed. */
export interface ChunkedOptions {
  /** Present for STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]: every chunk signature is verified. */
  signing?: ChunkSigning;
  /** The body ends with trailing headers (x-amz-checksum-*). */
  trailer: boolean;
}

const MAX_LINE = 4096;

/**
 * Decodes an `aws-chunked` body into its payload bytes, verifying chunk signatures as it goes.
 * Trailing headers are collected in `trailers`. Any framing or signature error fails the stream
 * with the S3Error real S3 returns; nothing downstream commits until the stream ends cleanly.
 */
export class ChunkedBodyDecoder extends Transform {
  readonly trailers = new Map<string, string>();
  private buffered = Buffer.alloc(0);
  private state: 'header' | 'data' | 'data-crlf' | 'trailer' | 'done' = 'header';
  private remaining = 0;
  private chunkSignature = '';
  private chunkHash: Hash | undefined;
  private previousSignature: string;
  decodedLength = 0;

  constructor(private readonly options: ChunkedOptions) {
    super();
    this.previousSignature = options.signing?.seedSignature ?? '';
  }

  override _transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback): void {
    try {
      this.consume(this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk);
      callback();
    } catch (err) {
      callback(err as Error);
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.state !== 'done') return callback(new S3Error('IncompleteBody', 'The aws-chunked body ended before its final chunk'));
    callback();
  }

  private consume(input: Buffer): void {
    let pos = 0;
    while (pos < input.length) {
      if (this.state === 'data') {
        const take = Math.min(this.remaining, input.length - pos);
        const slice = input.subarray(pos, pos + take);
        this.chunkHash?.update(slice);
        this.push(slice);
        this.decodedLength += take;
        this.remaining -= take;
        pos += take;
        if (this.remaining === 0) this.state = 'data-crlf';
        continue;
      }
      const eol = input.indexOf('\r\n', pos);
      if (eol === -1) {
        if (input.length - pos > MAX_LINE) throw new S3Error('InvalidRequest', 'Malformed aws-chunked body: header line too long');
        break;
      }
      const line = input.subarray(pos, eol).toString('latin1');
      pos = eol + 2;
      this.onLine(line);
    }
    this.buffered = Buffer.from(input.subarray(pos));
  }

  private onLine(line: string): void {
    switch (this.state) {
      case 'data-crlf':
        if (line !== '') throw new S3Error('InvalidRequest', 'Malformed aws-chunked body: chunk data longer than its declared size');
        this.verifyChunk();
        this.state = 'header';
        return;
      case 'header': {
        const [sizeHex, ...extensions] = line.split(';');
        if (!sizeHex || !/^[0-9a-fA-F]{1,16}$/.test(sizeHex.trim()))
          throw new S3Error('InvalidRequest', 'Malformed aws-chunked body: bad chunk size');
        this.remaining = parseInt(sizeHex.trim(), 16);
        this.chunkSignature = '';
        for (const ext of extensions) {
          const [name, value] = ext.split('=');
          if (name?.trim() === 'chunk-signature') this.chunkSignature = (value ?? '').trim();
        }
        if (this.options.signing && !this.chunkSignature)
          throw new S3Error('SignatureDoesNotMatch', 'A chunk of the signed aws-chunked body has no signature');
        this.chunkHash = this.options.signing ? createHash('sha256') : undefined;
        if (this.remaining === 0) {
          this.verifyChunk();
          // Trailing headers (if any) follow, then an empty line ends the body.
          this.state = 'trailer';
        } else {
          this.state = 'data';
        }
        return;
      }
      case 'trailer':
        if (line === '') {
          this.verifyTrailer();
          this.state = 'done';
          return;
        }
        this.onTrailerLine(line);
        return;
      case 'done':
        if (line !== '') throw new S3Error('InvalidRequest', 'Malformed aws-chunked body: data after the final chunk');
        return;
      default:
        throw new S3Error('InvalidRequest', 'Malformed aws-chunked body');
    }
  }

  private onTrailerLine(line: string): void {
    if (!this.options.trailer) throw new S3Error('InvalidRequest', 'Malformed aws-chunked body: unexpected trailer');
    const colon = line.indexOf(':');
    if (colon <= 0) throw new S3Error('InvalidRequest', 'Malformed aws-chunked body: bad trailer');
    this.trailers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }

  private verifyChunk(): void {
    const signing = this.options.signing;
    if (!signing) return;
    const stringToSign = [
      'AWS4-HMAC-SHA256-PAYLOAD',
      signing.amzDate,
      signing.scope,
      this.previousSignature,
      EMPTY_SHA256,
      this.chunkHash!.digest('hex'),
    ].join('\n');
    const expected = createHmac('sha256', signing.signingKey).update(stringToSign).digest('hex');
    if (expected !== this.chunkSignature) throw new S3Error('SignatureDoesNotMatch', 'The chunk signature does not match');
    this.previousSignature = expected;
  }

  private verifyTrailer(): void {
    const signing = this.options.signing;
    if (!signing || !this.options.trailer) return;
    const signature = this.trailers.get('x-amz-trailer-signature');
    this.trailers.delete('x-amz-trailer-signature');
    const canonical = [...this.trailers].map(([k, v]) => `${k}:${v}\n`).join('');
    const stringToSign = [
      'AWS4-HMAC-SHA256-TRAILER',
      signing.amzDate,
      signing.scope,
      this.previousSignature,
      createHash('sha256').update(canonical).digest('hex'),
    ].join('\n');
    const expected = createHmac('sha256', signing.signingKey).update(stringToSign).digest('hex');
    if (expected !== signature) throw new S3Error('SignatureDoesNotMatch', 'The trailer signature does not match');
  }
}
