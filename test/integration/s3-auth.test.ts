import { createHash, createHmac } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import * as zlib from 'node:zlib';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../support/local-s3.js';
import { errorCode, rawRequest } from '../support/raw-request.js';
import { signedChunkedPut as signedChunkedPutOf } from '../support/aws-chunked.js';

let t: TestServer;
const BUCKET = 'auth';
const crc32Base64 = (data: Buffer) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE((zlib as unknown as { crc32(d: Buffer): number }).crc32(data) >>> 0);
  return out.toString('base64');
};

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'secret.txt', Body: 'classified' }));
});
afterAll(async () => {
  await t.stop();
});

describe('SigV4 in the Authorization header', () => {
  it('refuses a wrong secret with SignatureDoesNotMatch', async () => {
    const wrong = t.makeClient({ credentials: { ...TEST_CREDENTIALS, secretAccessKey: 'wrong-secret' } });
    await expect(wrong.send(new ListBucketsCommand({}))).rejects.toMatchObject({
      name: 'SignatureDoesNotMatch',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('refuses an unknown access key with InvalidAccessKeyId', async () => {
    const unknown = t.makeClient({
      credentials: { accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: TEST_CREDENTIALS.secretAccessKey },
    });
    await expect(unknown.send(new ListBucketsCommand({}))).rejects.toMatchObject({
      name: 'InvalidAccessKeyId',
      $metadata: { httpStatusCode: 403 },
    });
  });

  it('accepts any region in the credential scope', async () => {
    const other = t.makeClient({ region: 'eu-central-1' });
    const res = await other.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'secret.txt' }));
    expect(await res.Body!.transformToString()).toBe('classified');
  });

  it('refuses a request signed more than 15 minutes away from the server clock', async () => {
    const skewed = await rawRequest(t.server.endpoint, { method: 'GET', path: '/', signingDate: new Date(Date.now() - 20 * 60 * 1000) });
    expect(skewed.status).toBe(403);
    expect(errorCode(skewed.body)).toBe('RequestTimeTooSkewed');
    const fine = await rawRequest(t.server.endpoint, { method: 'GET', path: '/', signingDate: new Date(Date.now() - 10 * 60 * 1000) });
    expect(fine.status).toBe(200);
  });

  it('refuses a body that does not match the signed SHA-256', async () => {
    const res = await rawRequest(t.server.endpoint, {
      method: 'PUT',
      path: `/${BUCKET}/hashed`,
      body: 'actual body',
      payloadHash: createHash('sha256').update('claimed body').digest('hex'),
    });
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe('XAmzContentSHA256Mismatch');
    const missing = await rawRequest(t.server.endpoint, { method: 'GET', path: `/${BUCKET}/hashed`, headers: {} });
    expect(missing.status).toBe(404);
  });

  it('accepts UNSIGNED-PAYLOAD', async () => {
    const res = await rawRequest(t.server.endpoint, {
      method: 'PUT',
      path: `/${BUCKET}/unsigned`,
      body: 'unsigned body',
      payloadHash: 'UNSIGNED-PAYLOAD',
    });
    expect(res.status).toBe(200);
    const got = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'unsigned' }));
    expect(await got.Body!.transformToString()).toBe('unsigned body');
  });

  it('refuses a tampered header that was signed', async () => {
    const res = await rawRequest(t.server.endpoint, {
      method: 'PUT',
      path: `/${BUCKET}/tamper`,
      body: 'x',
      headers: { 'x-amz-meta-owner': 'alice' },
    });
    expect(res.status).toBe(200);
    // Change a signed header after signing: the signature no longer holds.
    const tampered = await rawRequest(t.server.endpoint, {
      method: 'PUT',
      path: `/${BUCKET}/tamper`,
      body: 'x',
      headers: { 'x-amz-meta-owner': 'alice' },
      afterSigning: (headers) => {
        headers['x-amz-meta-owner'] = 'mallory';
      },
    });
    expect(tampered.status).toBe(403);
    expect(errorCode(tampered.body)).toBe('SignatureDoesNotMatch');
    const head = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'tamper' }));
    expect(head.Metadata).toEqual({ owner: 'alice' });
  });
});

describe('anonymous requests', () => {
  it('are refused on a private bucket', async () => {
    const res = await rawRequest(t.server.endpoint, { method: 'GET', path: `/${BUCKET}/secret.txt`, sign: false });
    expect(res.status).toBe(403);
    expect(errorCode(res.body)).toBe('AccessDenied');
    const list = await rawRequest(t.server.endpoint, { method: 'GET', path: '/', sign: false });
    expect(list.status).toBe(403);
  });
});

describe('presigned URLs', () => {
  it('serve GET and PUT within their expiry', async () => {
    const getUrl = await getSignedUrl(t.client, new GetObjectCommand({ Bucket: BUCKET, Key: 'secret.txt' }), { expiresIn: 300 });
    const got = await fetch(getUrl);
    expect(got.status).toBe(200);
    expect(await got.text()).toBe('classified');
    const putUrl = await getSignedUrl(t.client, new PutObjectCommand({ Bucket: BUCKET, Key: 'uploaded via url' }), { expiresIn: 300 });
    const put = await fetch(putUrl, { method: 'PUT', body: 'from a link' });
    expect(put.status).toBe(200);
    const check = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'uploaded via url' }));
    expect(await check.Body!.transformToString()).toBe('from a link');
  });

  it('expire: 403 AccessDenied "Request has expired"', async () => {
    const url = await getSignedUrl(t.client, new GetObjectCommand({ Bucket: BUCKET, Key: 'secret.txt' }), {
      expiresIn: 60,
      signingDate: new Date(Date.now() - 120_000),
    });
    const res = await fetch(url);
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(errorCode(body)).toBe('AccessDenied');
    expect(body).toContain('Request has expired');
  });

  it('refuse X-Amz-Expires beyond 604800 seconds', async () => {
    const url = new URL(await getSignedUrl(t.client, new GetObjectCommand({ Bucket: BUCKET, Key: 'secret.txt' }), { expiresIn: 604800 }));
    expect((await fetch(url)).status).toBe(200);
    url.searchParams.set('X-Amz-Expires', '604801');
    const res = await fetch(url);
    expect(res.status).toBe(400);
    expect(errorCode(await res.text())).toBe('AuthorizationQueryParametersError');
  });

  it('refuse a URL whose signature was altered or whose key was changed', async () => {
    const url = new URL(await getSignedUrl(t.client, new GetObjectCommand({ Bucket: BUCKET, Key: 'secret.txt' }), { expiresIn: 60 }));
    const other = new URL(url);
    other.pathname = `/${BUCKET}/unsigned`;
    expect((await fetch(other)).status).toBe(403);
    url.searchParams.set('X-Amz-Signature', '0'.repeat(64));
    const res = await fetch(url);
    expect(res.status).toBe(403);
    expect(errorCode(await res.text())).toBe('SignatureDoesNotMatch');
  });

  it('accept SigV2 query-string URLs (as s3cmd signurl makes them)', async () => {
    const expires = Math.floor(Date.now() / 1000) + 300;
    const signature = createHmac('sha1', TEST_CREDENTIALS.secretAccessKey)
      .update(`GET\n\n\n${expires}\n/${BUCKET}/secret.txt`)
      .digest('base64');
    const url = `${t.server.endpoint}/${BUCKET}/secret.txt?AWSAccessKeyId=${TEST_CREDENTIALS.accessKeyId}&Expires=${expires}&Signature=${encodeURIComponent(signature)}`;
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('classified');
    const expired = `${t.server.endpoint}/${BUCKET}/secret.txt?AWSAccessKeyId=${TEST_CREDENTIALS.accessKeyId}&Expires=${expires - 600}&Signature=${encodeURIComponent(signature)}`;
    expect((await fetch(expired)).status).toBe(403);
  });
});

describe('aws-chunked bodies', () => {
  /** A hand-signed aws-chunked PUT of `chunks` to `key`; chunk `corruptChunk` carries a wrong signature. */
  function signedChunkedPut(
    key: string,
    chunks: Buffer[],
    corruptChunk?: number,
    declaredLength?: number,
  ): { headers: Record<string, string>; body: Buffer } {
    return signedChunkedPutOf({
      endpoint: t.server.endpoint,
      path: `/${BUCKET}/${key}`,
      chunks,
      ...(corruptChunk === undefined ? {} : { corruptChunk }),
      ...(declaredLength === undefined ? {} : { decodedLength: declaredLength }),
    });
  }

  function send(key: string, headers: Record<string, string>, body: Buffer): Promise<{ status: number; body: string }> {
    const url = new URL(t.server.endpoint);
    return new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method: 'PUT', path: `/${BUCKET}/${key}`, headers }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  it('verifies every chunk signature of STREAMING-AWS4-HMAC-SHA256-PAYLOAD', async () => {
    const chunks = [Buffer.alloc(65536, 'a'), Buffer.alloc(65536, 'b'), Buffer.from('tail')];
    const ok = signedChunkedPut('chunked', chunks);
    expect((await send('chunked', ok.headers, ok.body)).status).toBe(200);
    const got = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'chunked' }));
    expect(Buffer.from(await got.Body!.transformToByteArray())).toEqual(Buffer.concat(chunks));

    const bad = signedChunkedPut('chunked-bad', chunks, 1);
    const res = await send('chunked-bad', bad.headers, bad.body);
    expect(res.status).toBe(403);
    expect(errorCode(res.body)).toBe('SignatureDoesNotMatch');
    await expect(t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'chunked-bad' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it('refuses a chunked body shorter than x-amz-decoded-content-length', async () => {
    // The declared length is signed: the signature holds and the length check is what refuses it.
    const { headers, body } = signedChunkedPut('short', [Buffer.from('abc')], undefined, 10);
    expect(headers['x-amz-decoded-content-length']).toBe('10');
    const res = await send('short', headers, body);
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe('IncompleteBody');
    await expect(t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'short' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it('accepts STREAMING-UNSIGNED-PAYLOAD-TRAILER with a CRC32 trailer (the current SDK default for streams)', async () => {
    // A stream body: the SDK cannot hash it up front, so it sends the checksum as a trailer.
    const client = t.makeClient();
    const sent: Record<string, string>[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        sent.push({ ...(args.request as { headers: Record<string, string> }).headers });
        return next(args);
      },
      { step: 'finalizeRequest', priority: 'low', name: 'recordHeaders' },
    );
    const data = Buffer.alloc(200_000, 'z');
    const put = await client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: 'trailer',
        Body: Readable.from([data]),
        ContentLength: data.length,
        ChecksumAlgorithm: 'CRC32',
      }),
    );
    client.destroy();
    expect(sent[0]?.['x-amz-content-sha256']).toBe('STREAMING-UNSIGNED-PAYLOAD-TRAILER');
    expect(sent[0]?.['x-amz-trailer']).toBe('x-amz-checksum-crc32');
    expect(put.ChecksumCRC32).toBe(crc32Base64(data));
    const got = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'trailer' }));
    expect(Buffer.from(await got.Body!.transformToByteArray()).equals(data)).toBe(true);
  });

  it('refuses an unsigned-trailer body whose trailer checksum is wrong', async () => {
    const payload = Buffer.from('trailer body');
    const body = Buffer.concat([
      Buffer.from(`${payload.length.toString(16)}\r\n`),
      payload,
      Buffer.from('\r\n0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n'),
    ]);
    const res = await rawRequest(t.server.endpoint, {
      method: 'PUT',
      path: `/${BUCKET}/bad-trailer`,
      body,
      payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      headers: {
        'content-encoding': 'aws-chunked',
        'x-amz-decoded-content-length': String(payload.length),
        'x-amz-trailer': 'x-amz-checksum-crc32',
      },
    });
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe('BadDigest');
  });
});
