import { request } from 'node:http';
import { CreateBucketCommand, GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedChunkedPut, unsignedChunkedBody } from '../support/aws-chunked.js';
import { startTestServer, type TestServer } from '../support/local-s3.js';
import { errorCode, rawRequest } from '../support/raw-request.js';

/**
 * aws-chunked uploads and their decoded length (S3 API reference, "Transferring Payload in
 * Multiple Chunks"): "For all requests, you must include the x-amz-decoded-content-length header,
 * specifying the size of the object in bytes". Without it S3 answers 411 MissingContentLength; a
 * body whose decoded size is not the declared one is 400 IncompleteBody, and nothing is stored.
 * The chunked body itself may be framed by Content-Length or by Transfer-Encoding: chunked.
 */
let t: TestServer;
const BUCKET = 'chunked-length';

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  await t.stop();
});

/** Sends a PUT as is; `chunkedTransfer` drops Content-Length and streams with Transfer-Encoding: chunked. */
function send(
  path: string,
  headers: Record<string, string>,
  body: Buffer,
  chunkedTransfer = false,
): Promise<{ status: number; body: string }> {
  const url = new URL(t.server.endpoint);
  const sent = { ...headers };
  if (chunkedTransfer) delete sent['content-length'];
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method: 'PUT', path, headers: sent }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    if (chunkedTransfer) {
      // Several writes: Node frames them with Transfer-Encoding: chunked.
      req.write(body.subarray(0, 10));
      req.end(body.subarray(10));
    } else {
      req.end(body);
    }
  });
}

async function stored(key: string): Promise<Buffer | undefined> {
  return t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key })).then(
    async (got) => Buffer.from(await got.Body!.transformToByteArray()),
    () => undefined,
  );
}

const DATA = [Buffer.alloc(8192, 'a'), Buffer.from('tail')];
const TOTAL = 8192 + 4;

describe('STREAMING-AWS4-HMAC-SHA256-PAYLOAD', () => {
  it('411 MissingContentLength without x-amz-decoded-content-length', async () => {
    const put = signedChunkedPut({ endpoint: t.server.endpoint, path: `/${BUCKET}/no-length`, chunks: DATA, decodedLength: null });
    const res = await send(`/${BUCKET}/no-length`, put.headers, put.body);
    expect(res.status).toBe(411);
    expect(errorCode(res.body)).toBe('MissingContentLength');
    expect(await stored('no-length')).toBeUndefined();
  });

  it('400 IncompleteBody when the chunks carry more than the declared length', async () => {
    for (const declared of [TOTAL - 1, 4]) {
      const put = signedChunkedPut({ endpoint: t.server.endpoint, path: `/${BUCKET}/too-long`, chunks: DATA, decodedLength: declared });
      const res = await send(`/${BUCKET}/too-long`, put.headers, put.body);
      expect(res.status, String(declared)).toBe(400);
      expect(errorCode(res.body)).toBe('IncompleteBody');
    }
    expect(await stored('too-long')).toBeUndefined();
  });

  it('400 IncompleteBody when the chunks carry less than the declared length', async () => {
    const put = signedChunkedPut({ endpoint: t.server.endpoint, path: `/${BUCKET}/too-short`, chunks: DATA, decodedLength: TOTAL + 1 });
    const res = await send(`/${BUCKET}/too-short`, put.headers, put.body);
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe('IncompleteBody');
    expect(await stored('too-short')).toBeUndefined();
  });

  it('400 for a decoded length that is not a number', async () => {
    const put = signedChunkedPut({ endpoint: t.server.endpoint, path: `/${BUCKET}/nan`, chunks: DATA, decodedLength: 'lots' });
    const res = await send(`/${BUCKET}/nan`, put.headers, put.body);
    expect(res.status).toBe(400);
    expect(await stored('nan')).toBeUndefined();
  });

  it('stores the decoded bytes when the body is framed by Transfer-Encoding: chunked instead of Content-Length', async () => {
    const put = signedChunkedPut({ endpoint: t.server.endpoint, path: `/${BUCKET}/te`, chunks: DATA });
    const res = await send(`/${BUCKET}/te`, put.headers, put.body, true);
    expect(res.status).toBe(200);
    expect((await stored('te'))?.equals(Buffer.concat(DATA))).toBe(true);
  });
});

describe('STREAMING-UNSIGNED-PAYLOAD-TRAILER', () => {
  const put = (key: string, body: Buffer, headers: Record<string, string>) =>
    rawRequest(t.server.endpoint, {
      method: 'PUT',
      path: `/${BUCKET}/${key}`,
      body,
      payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      headers: { 'content-encoding': 'aws-chunked', ...headers },
    });

  it('411 MissingContentLength without x-amz-decoded-content-length', async () => {
    const res = await put('unsigned-no-length', unsignedChunkedBody(DATA), {});
    expect(res.status).toBe(411);
    expect(errorCode(res.body)).toBe('MissingContentLength');
    expect(await stored('unsigned-no-length')).toBeUndefined();
  });

  it('400 IncompleteBody for a wrong decoded length, either way', async () => {
    for (const declared of [TOTAL - 1, TOTAL + 1]) {
      const res = await put('unsigned-wrong', unsignedChunkedBody(DATA), { 'x-amz-decoded-content-length': String(declared) });
      expect(res.status, String(declared)).toBe(400);
      expect(errorCode(res.body)).toBe('IncompleteBody');
    }
    expect(await stored('unsigned-wrong')).toBeUndefined();
  });

  it('stores the body when the decoded length is right', async () => {
    const res = await put('unsigned-ok', unsignedChunkedBody(DATA), { 'x-amz-decoded-content-length': String(TOTAL) });
    expect(res.status).toBe(200);
    expect((await stored('unsigned-ok'))?.equals(Buffer.concat(DATA))).toBe(true);
  });
});
