import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../support/local-s3.js';
import { describeWithTools, run, TOOLS } from './third-party/tools.js';

/**
 * Header values that are not US-ASCII never make the server answer 500. As S3 documents for
 * user metadata ("User-defined object metadata"): values are decoded (RFC 2047) before storing,
 * and values that are not US-ASCII are returned RFC 2047-encoded. Other headers carry UTF-8 bytes.
 */
let t: TestServer;
const BUCKET = 'unicode-headers';
const OWNER = 'Jürgen 报告';
const rfc2047 = (text: string) => `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`;
/** Node and fetch hand header values over as Latin-1: one character per byte. */
const bytesOf = (value: string | null | undefined) => Buffer.from(value ?? '', 'latin1').toString('utf8');

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'report.pdf', Body: '%PDF' }));
});
afterAll(async () => {
  await t.stop();
});

describe('response-content-disposition', () => {
  for (const name of ['报告.pdf', 'résumé.pdf']) {
    it(`returns ${name} as UTF-8 bytes, through the SDK and a presigned URL`, async () => {
      const disposition = `attachment; filename="${name}"`;
      const got = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'report.pdf', ResponseContentDisposition: disposition }));
      expect(got.$metadata.httpStatusCode).toBe(200);
      expect(bytesOf(got.ContentDisposition)).toBe(disposition);
      expect(await got.Body!.transformToString()).toBe('%PDF');
      const url = await getSignedUrl(
        t.client,
        new GetObjectCommand({ Bucket: BUCKET, Key: 'report.pdf', ResponseContentDisposition: disposition }),
        { expiresIn: 60 },
      );
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(bytesOf(res.headers.get('content-disposition'))).toBe(disposition);
    });
  }
});

describe('user metadata', () => {
  it('an RFC 2047 value is decoded when stored and encoded again when returned', async () => {
    const qEncoded = `=?UTF-8?Q?${[...Buffer.from(OWNER, 'utf8')].map((b) => (b === 0x20 ? '_' : b < 0x80 ? String.fromCharCode(b) : `=${b.toString(16).toUpperCase()}`)).join('')}?=`;
    await t.client.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: 'q.txt', Body: 'q', Metadata: { owner: qEncoded, plain: 'ascii stays' } }),
    );
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'q.txt' }));
    expect(head.Metadata).toEqual({ owner: rfc2047(OWNER), plain: 'ascii stays' });
    const got = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'q.txt' }));
    expect(got.Metadata?.owner).toBe(rfc2047(OWNER));
    await got.Body!.transformToString();
  });

  it('a presigned PUT carries unicode metadata in its query string', async () => {
    const url = await getSignedUrl(t.client, new PutObjectCommand({ Bucket: BUCKET, Key: 'presigned.txt', Metadata: { owner: OWNER } }), {
      expiresIn: 60,
    });
    const put = await fetch(url, { method: 'PUT', body: 'p' });
    expect(put.status).toBe(200);
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'presigned.txt' }));
    expect(head.Metadata?.owner).toBe(rfc2047(OWNER));
  });

  it('counts the 2 KB limit in UTF-8 bytes: MetadataTooLarge beyond it', async () => {
    const big = '报'.repeat(700); // 2100 bytes in UTF-8
    const url = await getSignedUrl(t.client, new PutObjectCommand({ Bucket: BUCKET, Key: 'big.txt', Metadata: { m: big } }), {
      expiresIn: 60,
    });
    const put = await fetch(url, { method: 'PUT', body: 'b' });
    expect(put.status).toBe(400);
    expect(await put.text()).toContain('<Code>MetadataTooLarge</Code>');
  });
});

describeWithTools('user metadata sent as raw UTF-8 bytes (curl)', [TOOLS.curl], () => {
  it('is stored, and GET/HEAD answer 200 with it RFC 2047-encoded', async () => {
    const res = await run(
      TOOLS.curl.path,
      [
        '-sS',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        '-X',
        'PUT',
        '--data-binary',
        'raw',
        '-H',
        `x-amz-meta-owner: ${OWNER}`,
        '-H',
        'x-amz-content-sha256: UNSIGNED-PAYLOAD',
        '--user',
        `${TEST_CREDENTIALS.accessKeyId}:${TEST_CREDENTIALS.secretAccessKey}`,
        '--aws-sigv4',
        'aws:amz:us-east-1:s3',
        `${t.server.endpoint}/${BUCKET}/raw.txt`,
      ],
      { env: { PATH: '/usr/bin:/bin' } },
    );
    expect(res.stdout).toBe('200');
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'raw.txt' }));
    expect(head.Metadata?.owner).toBe(rfc2047(OWNER));
    const got = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: 'raw.txt' }));
    expect(await got.Body!.transformToString()).toBe('raw');
    expect(got.Metadata?.owner).toBe(rfc2047(OWNER));
  });

  it('a raw UTF-8 Content-Disposition comes back byte for byte', async () => {
    const disposition = 'attachment; filename="报告.pdf"';
    const res = await run(
      TOOLS.curl.path,
      [
        '-sS',
        '-o',
        '/dev/null',
        '-w',
        '%{http_code}',
        '-X',
        'PUT',
        '--data-binary',
        'raw',
        '-H',
        `content-disposition: ${disposition}`,
        '-H',
        'x-amz-content-sha256: UNSIGNED-PAYLOAD',
        '--user',
        `${TEST_CREDENTIALS.accessKeyId}:${TEST_CREDENTIALS.secretAccessKey}`,
        '--aws-sigv4',
        'aws:amz:us-east-1:s3',
        `${t.server.endpoint}/${BUCKET}/disposition.txt`,
      ],
      { env: { PATH: '/usr/bin:/bin' } },
    );
    expect(res.stdout).toBe('200');
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'disposition.txt' }));
    expect(bytesOf(head.ContentDisposition)).toBe(disposition);
  });
});

describe('the SDK with Latin-1 metadata', () => {
  it('is stored as text and returned RFC 2047-encoded', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'sdk.txt', Body: 's', Metadata: { owner: 'Jürgen' } }));
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'sdk.txt' }));
    expect(head.Metadata).toEqual({ owner: rfc2047('Jürgen') });
  });
});
