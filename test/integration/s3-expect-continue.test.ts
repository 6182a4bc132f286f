import { writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../support/local-s3.js';
import { errorCode, signRequest, type RawRequest } from '../support/raw-request.js';
import { describeWithTools, run, tempDir, TOOLS } from './third-party/tools.js';

/**
 * `Expect: 100-continue` (S3 API reference, PutObject: "your application can send the request
 * headers first … If the request is refused … the body is not sent"; RFC 9110 §10.1.1): a request
 * the server will refuse is answered with its final error and no `100 Continue`, so the client
 * never uploads the body; an acceptable one gets `100 Continue` and then its answer.
 */
let t: TestServer;
const BUCKET = 'expect-continue';

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'exists.txt', Body: 'already here' }));
});
afterAll(async () => {
  await t.stop();
});

interface Outcome {
  /** Whether the server sent `100 Continue` (and so the body was sent). */
  continued: boolean;
  status: number;
  body: string;
}

/**
 * Sends the headers of a signed request with `Expect: 100-continue` and the body only once the
 * server says `100 Continue`, as curl and the SDKs do; resolves with the final answer.
 */
async function withExpect(req: RawRequest & { body: string | Buffer }): Promise<Outcome> {
  const url = new URL(t.server.endpoint);
  const headers = await signRequest(t.server.endpoint, { payloadHash: 'UNSIGNED-PAYLOAD', ...req });
  req.afterSigning?.(headers);
  return new Promise((resolve, reject) => {
    let continued = false;
    const search = new URLSearchParams(req.query ?? {}).toString();
    const r = request({
      host: url.hostname,
      port: url.port,
      method: req.method,
      path: search ? `${req.path}?${search}` : req.path,
      headers: { ...headers, expect: '100-continue' },
    });
    r.on('continue', () => {
      continued = true;
      r.end(req.body);
    });
    r.on('response', (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => {
        resolve({ continued, status: res.statusCode ?? 0, body: text });
        r.destroy();
      });
    });
    r.on('error', reject);
    r.flushHeaders();
  });
}

async function exists(key: string): Promise<boolean> {
  return t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key })).then(
    () => true,
    () => false,
  );
}

describe('Expect: 100-continue', () => {
  it('sends 100 Continue to an acceptable PUT, then stores the body', async () => {
    const res = await withExpect({ method: 'PUT', path: `/${BUCKET}/good.txt`, body: 'sent after 100' });
    expect(res).toMatchObject({ continued: true, status: 200 });
    const got = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'good.txt' }));
    expect(await got.Body!.transformToString()).toBe('sent after 100');
  });

  it('refuses a bad signature without asking for the body', async () => {
    const res = await withExpect({ method: 'PUT', path: `/${BUCKET}/bad-sig.txt`, body: 'never sent', secretAccessKey: 'wrong-secret' });
    expect(res).toMatchObject({ continued: false, status: 403 });
    expect(errorCode(res.body)).toBe('SignatureDoesNotMatch');
    expect(await exists('bad-sig.txt')).toBe(false);
  });

  it('refuses an anonymous PUT to a private bucket without asking for the body', async () => {
    const res = await withExpect({ method: 'PUT', path: `/${BUCKET}/anon.txt`, body: 'never sent', sign: false });
    expect(res).toMatchObject({ continued: false, status: 403 });
    expect(errorCode(res.body)).toBe('AccessDenied');
  });

  it('refuses a PUT to a missing bucket without asking for the body', async () => {
    const res = await withExpect({ method: 'PUT', path: '/no-such-bucket-here/x.txt', body: 'never sent' });
    expect(res).toMatchObject({ continued: false, status: 404 });
    expect(errorCode(res.body)).toBe('NoSuchBucket');
  });

  it('refuses a PUT whose If-None-Match: * fails without asking for the body', async () => {
    const res = await withExpect({ method: 'PUT', path: `/${BUCKET}/exists.txt`, body: 'never sent', headers: { 'if-none-match': '*' } });
    expect(res).toMatchObject({ continued: false, status: 412 });
    expect(errorCode(res.body)).toBe('PreconditionFailed');
    const got = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'exists.txt' }));
    expect(await got.Body!.transformToString()).toBe('already here');
  });

  it('refuses an UploadPart to an unknown upload without asking for the body', async () => {
    const res = await withExpect({
      method: 'PUT',
      path: `/${BUCKET}/part.bin`,
      query: { partNumber: '1', uploadId: 'no-such-upload' },
      body: 'never sent',
    });
    expect(res).toMatchObject({ continued: false, status: 404 });
    expect(errorCode(res.body)).toBe('NoSuchUpload');
  });

  it('refuses a PUT larger than 5 GiB from its Content-Length alone', async () => {
    const res = await withExpect({
      method: 'PUT',
      path: `/${BUCKET}/huge.bin`,
      body: 'never sent',
      headers: { 'content-length': String(6 * 1024 ** 3) },
    });
    expect(res).toMatchObject({ continued: false, status: 400 });
    expect(errorCode(res.body)).toBe('EntityTooLarge');
  });

  it('refuses an aws-chunked PUT without x-amz-decoded-content-length without asking for the body', async () => {
    const res = await withExpect({
      method: 'PUT',
      path: `/${BUCKET}/chunked.txt`,
      body: '5\r\nhello\r\n0\r\n\r\n',
      payloadHash: 'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
      headers: { 'content-encoding': 'aws-chunked' },
    });
    expect(res).toMatchObject({ continued: false, status: 411 });
    expect(errorCode(res.body)).toBe('MissingContentLength');
  });
});

describeWithTools('Expect: 100-continue from curl', [TOOLS.curl], () => {
  /** `curl -T` of a 2 MiB file with Expect: 100-continue, waiting up to a minute for the 100. */
  async function curlPut(key: string, headers: string[] = []): Promise<{ status: string; uploaded: number }> {
    const dir = await tempDir('pail-expect-');
    try {
      const file = join(dir.path, 'upload.bin');
      await writeFile(file, Buffer.alloc(2 * 1024 * 1024, 'c'));
      const res = await run(
        TOOLS.curl.path,
        [
          '-sS',
          '-o',
          '/dev/null',
          '-w',
          '%{http_code} %{size_upload}',
          '-T',
          file,
          '-H',
          'Expect: 100-continue',
          '--expect100-timeout',
          '60',
          '-H',
          'x-amz-content-sha256: UNSIGNED-PAYLOAD',
          ...headers.flatMap((h) => ['-H', h]),
          '--user',
          `${TEST_CREDENTIALS.accessKeyId}:${TEST_CREDENTIALS.secretAccessKey}`,
          '--aws-sigv4',
          'aws:amz:us-east-1:s3',
          `${t.server.endpoint}/${key}`,
        ],
        { env: { PATH: '/usr/bin:/bin' } },
      );
      const [status = '', uploaded = '0'] = res.stdout.split(' ');
      return { status, uploaded: Number(uploaded) };
    } finally {
      await dir.remove();
    }
  }

  it('uploads after the 100, and uploads nothing to a missing bucket or over a failed If-None-Match', async () => {
    expect(await curlPut(`${BUCKET}/curl.bin`)).toEqual({ status: '200', uploaded: 2 * 1024 * 1024 });
    expect(await curlPut('no-such-bucket-here/curl.bin')).toEqual({ status: '404', uploaded: 0 });
    expect(await curlPut(`${BUCKET}/curl.bin`, ['If-None-Match: *'])).toEqual({ status: '412', uploaded: 0 });
  });
});
