import { createHash, createHmac } from 'node:crypto';
import { TEST_CREDENTIALS } from './local-s3.js';

const REGION = 'us-east-1';

function signingKey(date: string): Buffer {
  const kDate = createHmac('sha256', `AWS4${TEST_CREDENTIALS.secretAccessKey}`).update(date).digest();
  const kRegion = createHmac('sha256', kDate).update(REGION).digest();
  const kService = createHmac('sha256', kRegion).update('s3').digest();
  return createHmac('sha256', kService).update('aws4_request').digest();
}

/** What to put in a hand-built STREAMING-AWS4-HMAC-SHA256-PAYLOAD PUT. */
export interface SignedChunkedPut {
  endpoint: string;
  /** The path as sent, e.g. `/bucket/key`. */
  path: string;
  chunks: Buffer[];
  /** x-amz-decoded-content-length; `null` leaves the header out. The chunks' total by default. */
  decodedLength?: number | string | null;
  /** Sends chunk N (0-based; the final empty chunk is chunks.length) with a wrong signature. */
  corruptChunk?: number;
}

/**
 * Builds a PUT with a SigV4 streaming (aws-chunked) body by hand, as streaming clients do: seed
 * signature over the headers, then every chunk signed with the previous signature (S3 API
 * reference, "Transferring Payload in Multiple Chunks"). The headers include Content-Length.
 */
export function signedChunkedPut(put: SignedChunkedPut): { headers: Record<string, string>; body: Buffer } {
  const amzDate = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const scope = `${date}/${REGION}/s3/aws4_request`;
  const headers: Record<string, string> = {
    host: new URL(put.endpoint).host,
    'x-amz-date': amzDate,
    'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
    'content-encoding': 'aws-chunked',
  };
  const decoded = put.decodedLength === undefined ? put.chunks.reduce((n, c) => n + c.length, 0) : put.decodedLength;
  if (decoded !== null) headers['x-amz-decoded-content-length'] = String(decoded);
  const signedNames = Object.keys(headers).sort();
  const canonical = [
    'PUT',
    put.path,
    '',
    signedNames.map((n) => `${n}:${headers[n]}\n`).join(''),
    signedNames.join(';'),
    'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  ].join('\n');
  const key = signingKey(date);
  const seed = createHmac('sha256', key)
    .update(['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n'))
    .digest('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/${scope}, SignedHeaders=${signedNames.join(';')}, Signature=${seed}`;
  const emptyHash = createHash('sha256').digest('hex');
  let previous = seed;
  const parts: Buffer[] = [];
  for (const [i, chunk] of [...put.chunks, Buffer.alloc(0)].entries()) {
    let signature = createHmac('sha256', key)
      .update(
        ['AWS4-HMAC-SHA256-PAYLOAD', amzDate, scope, previous, emptyHash, createHash('sha256').update(chunk).digest('hex')].join('\n'),
      )
      .digest('hex');
    previous = signature;
    if (i === put.corruptChunk) signature = signature.replace(/^./, (c) => (c === '0' ? '1' : '0'));
    parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${signature}\r\n`), chunk, Buffer.from('\r\n'));
  }
  const body = Buffer.concat(parts);
  headers['content-length'] = String(body.length);
  return { headers, body };
}

/** An unsigned aws-chunked body (STREAMING-UNSIGNED-PAYLOAD-TRAILER framing), with optional trailers. */
export function unsignedChunkedBody(chunks: Buffer[], trailers: Record<string, string> = {}): Buffer {
  const parts: Buffer[] = [];
  for (const chunk of chunks) parts.push(Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n'));
  parts.push(Buffer.from('0\r\n'));
  for (const [name, value] of Object.entries(trailers)) parts.push(Buffer.from(`${name}:${value}\r\n`));
  parts.push(Buffer.from('\r\n'));
  return Buffer.concat(parts);
}
