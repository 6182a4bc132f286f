import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../support/local-s3.js';
import { errorCode, rawRequest } from '../support/raw-request.js';

let t: TestServer;
const BUCKET = 'robust';

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'existing', Body: 'still here' }));
});
afterAll(async () => {
  await t.stop();
});

/** After every bad request the server must still serve a good one. */
async function stillServing(): Promise<void> {
  const got = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'existing' }));
  expect(await got.Body!.transformToString()).toBe('still here');
}

/** Writes raw bytes to the server socket and resolves with whatever comes back before it closes. */
function rawSocket(payload: string | Buffer, endAfterWrite = true): Promise<string> {
  const url = new URL(t.server.endpoint);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(payload);
      if (endAfterWrite) socket.end();
    });
    let received = '';
    socket.on('data', (c) => (received += c.toString('latin1')));
    socket.on('close', () => resolve(received));
    socket.on('error', reject);
  });
}

describe('malformed requests get an error and the server keeps serving', () => {
  it('malformed XML → MalformedXML', async () => {
    for (const body of ['<Delete><Object><Key>a</Key>', 'not xml at all', '<Delete></Delete>', '']) {
      const res = await rawRequest(t.server.endpoint, {
        method: 'POST',
        path: `/${BUCKET}`,
        query: { delete: '' },
        body,
        // DeleteObjects requires Content-MD5 (or a checksum): sent, so the XML is what is refused.
        headers: { 'content-md5': createHash('md5').update(body).digest('base64') },
      });
      expect(res.status, body).toBe(400);
      expect(errorCode(res.body), body).toBe('MalformedXML');
    }
    const cors = await rawRequest(t.server.endpoint, {
      method: 'PUT',
      path: `/${BUCKET}`,
      query: { cors: '' },
      body: '<CORSConfiguration><CORSRule></CORSRule></CORSConfiguration>',
    });
    expect(errorCode(cors.body)).toBe('MalformedXML');
    await stillServing();
  });

  it('a key that is not valid percent-encoded UTF-8 → InvalidURI', async () => {
    for (const path of [`/${BUCKET}/bad%FFkey`, `/${BUCKET}/bad%ZZ`, `/${BUCKET}/trailing%`]) {
      const res = await rawRequest(t.server.endpoint, { method: 'GET', path });
      expect(res.status, path).toBe(400);
      expect(errorCode(res.body), path).toBe('InvalidURI');
    }
    await stillServing();
  });

  it('an unknown sub-resource → 501 NotImplemented, never a silent wrong answer', async () => {
    for (const query of [{ tagging: '' }, { lifecycle: '' }, { website: '' }, { 'object-lock': '' }] as Record<string, string>[]) {
      const res = await rawRequest(t.server.endpoint, { method: 'GET', path: `/${BUCKET}`, query });
      expect(res.status, Object.keys(query)[0]).toBe(501);
      expect(errorCode(res.body)).toBe('NotImplemented');
    }
    const del = await rawRequest(t.server.endpoint, { method: 'DELETE', path: `/${BUCKET}/existing`, query: { tagging: '' } });
    expect(del.status).toBe(501);
    await stillServing();
  });

  it('a sub-resource with the wrong method does not fall through to another operation', async () => {
    const res = await rawRequest(t.server.endpoint, { method: 'DELETE', path: `/${BUCKET}`, query: { acl: '' } });
    expect(res.status).toBe(405);
    expect(errorCode(res.body)).toBe('MethodNotAllowed');
    await stillServing();
  });

  it('an unknown method → 501', async () => {
    const res = await rawRequest(t.server.endpoint, { method: 'PATCH', path: `/${BUCKET}/existing` });
    expect(res.status).toBe(501);
    await stillServing();
  });

  it('HEAD errors carry no body', async () => {
    const res = await rawRequest(t.server.endpoint, { method: 'HEAD', path: `/${BUCKET}/missing` });
    expect(res.status).toBe(404);
    expect(res.body).toBe('');
  });

  it('errors are S3 XML with Code, Message, Resource and RequestId', async () => {
    const res = await rawRequest(t.server.endpoint, { method: 'GET', path: `/${BUCKET}/missing` });
    expect(res.headers['content-type']).toBe('application/xml');
    expect(res.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<Error><Code>NoSuchKey<\/Code><Message>[^<]+<\/Message>/);
    expect(res.body).toContain(`<Resource>/${BUCKET}/missing</Resource>`);
    expect(res.body).toMatch(/<RequestId>[0-9A-F]{16}<\/RequestId>/);
    expect(res.headers['x-amz-request-id']).toMatch(/^[0-9A-F]{16}$/);
  });

  it('a body cut short leaves no object behind', async () => {
    const url = new URL(t.server.endpoint);
    const head = `PUT /${BUCKET}/truncated HTTP/1.1\r\nHost: ${url.host}\r\nContent-Length: 1000\r\nx-amz-content-sha256: UNSIGNED-PAYLOAD\r\n\r\n`;
    // Anonymous, so refused with AccessDenied once the small body is drained; the point is the server survives.
    await rawSocket(`${head}only a few bytes`);
    // A signed request whose connection drops mid-body.
    const dropped = await rawRequest(t.server.endpoint, {
      method: 'PUT',
      path: `/${BUCKET}/truncated`,
      body: Buffer.alloc(100_000, 'x'),
      payloadHash: 'UNSIGNED-PAYLOAD',
      dropAfterBytes: 1000,
    });
    expect(dropped.status).toBe(0);
    await expect(t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'truncated' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    await stillServing();
  });

  it('garbage on the socket gets a 400 from the HTTP layer and nothing else breaks', async () => {
    const reply = await rawSocket('THIS IS NOT HTTP\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400/);
    const badLength = await rawSocket(`GET /${BUCKET}/existing HTTP/1.1\r\nHost: x\r\nContent-Length: banana\r\n\r\n`);
    expect(badLength).toMatch(/^HTTP\/1\.1 400/);
    await stillServing();
  });

  it('a malformed aws-chunked body → error, no object', async () => {
    const res = await rawRequest(t.server.endpoint, {
      method: 'PUT',
      path: `/${BUCKET}/chunky`,
      body: 'zz;chunk-signature=abc\r\nhello\r\n',
      payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      headers: { 'content-encoding': 'aws-chunked', 'x-amz-decoded-content-length': '5' },
    });
    expect(res.status).toBe(400);
    await expect(t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'chunky' }))).rejects.toMatchObject({ name: 'NoSuchKey' });
    await stillServing();
  });

  it('a malformed Authorization header → AuthorizationHeaderMalformed', async () => {
    const res = await rawRequest(t.server.endpoint, {
      method: 'GET',
      path: '/',
      sign: false,
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=garbage', 'x-amz-date': '20260101T000000Z' },
    });
    expect(res.status).toBe(400);
    expect(errorCode(res.body)).toBe('AuthorizationHeaderMalformed');
    await stillServing();
  });

  it('serves many clients while bad requests arrive', async () => {
    const bad = Array.from({ length: 20 }, (_, i) => rawRequest(t.server.endpoint, { method: 'GET', path: `/${BUCKET}/x%FF${i}` }));
    const good = Array.from({ length: 20 }, () => t.client.send(new ListBucketsCommand({})));
    const [badResults, goodResults] = await Promise.all([Promise.all(bad), Promise.all(good)]);
    expect(badResults.every((r) => r.status === 400)).toBe(true);
    expect(goodResults.every((r) => r.Buckets?.some((b) => b.Name === BUCKET))).toBe(true);
  });
});

describe('a client that goes away mid-download', () => {
  it('leaves the server serving: the object file stream is torn down without crashing it', async () => {
    const big = Buffer.alloc(8 * 1024 * 1024, 7);
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'big-abandoned', Body: big }));
    for (let round = 0; round < 3; round++) {
      const got = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big-abandoned' }));
      const body = got.Body as NodeJS.ReadableStream & { destroy(): void };
      // One chunk arrives, then the client hangs up with most of the object unsent.
      await new Promise<void>((resolve) => body.once('data', () => resolve()));
      body.destroy();
      await stillServing();
    }
    const whole = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'big-abandoned' }));
    expect(Buffer.from(await whole.Body!.transformToByteArray()).equals(big)).toBe(true);
  });
});

describe('a refused upload whose body the server does not read', () => {
  it('still reaches the client: the connection closes with a FIN after the answer, not a reset that discards it', async () => {
    // A wrong signature on an 8 MiB PUT: refused before the body is read, and too large to drain,
    // so the server hangs up. The client sends all of it before reading anything.
    const url = new URL(t.server.endpoint);
    const body = Buffer.alloc(8 * 1024 * 1024, 1);
    const amzDate = new Date().toISOString().replace(/[-:]|\.\d+/g, '');
    const head = [
      `PUT /${BUCKET}/refused.bin HTTP/1.1`,
      `Host: ${url.host}`,
      `x-amz-date: ${amzDate}`,
      'x-amz-content-sha256: UNSIGNED-PAYLOAD',
      `Authorization: AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/${amzDate.slice(0, 8)}/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-content-sha256;x-amz-date, Signature=${'0'.repeat(64)}`,
      `Content-Length: ${body.length}`,
      '',
      '',
    ].join('\r\n');
    const socket = connect(Number(url.port), url.hostname);
    socket.pause();
    socket.write(head);
    socket.end(body);
    // All of it handed over (the server kept reading after its answer), or a reset from the server.
    const sent = await new Promise<string>((resolve) => {
      socket.once('finish', () => resolve('sent'));
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
    expect(sent).toBe('sent');
    let received = '';
    socket.on('data', (c: Buffer) => (received += c.toString('latin1')));
    socket.resume();
    const closed = await new Promise<string>((resolve) => {
      socket.once('close', () => resolve('closed'));
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
    expect(closed).toBe('closed');
    expect(received).toMatch(/^HTTP\/1\.1 403 /);
    expect(received).toContain('<Code>SignatureDoesNotMatch</Code>');
    await stillServing();
  });
});
