import { createHash, createHmac, randomBytes } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { request } from 'node:http';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketAclCommand,
  PutBucketCorsCommand,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../support/local-s3.js';

/**
 * POST Object (S3 API reference "PostObject", user guide "Browser-based uploads using POST"):
 * forms from the SDK's createPresignedPost and forms signed here from the documented algorithms,
 * sent with plain fetch + FormData as a browser would.
 */
let t: TestServer;
const BUCKET = 'post-forms';

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
});
afterAll(async () => {
  await t?.stop();
});

function formOf(fields: Record<string, string>, file?: { bytes: Buffer | string; name: string; type?: string }): FormData {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  if (file) form.append('file', new Blob([file.bytes], file.type ? { type: file.type } : {}), file.name);
  return form;
}

async function post(form: FormData, url = `${t.server.endpoint}/${BUCKET}`, init: RequestInit = {}) {
  const res = await fetch(url, { method: 'POST', body: form, redirect: 'manual', ...init });
  return { res, text: await res.text() };
}

function errorCode(text: string): string | undefined {
  return /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
}
function errorMessage(text: string): string | undefined {
  return /<Message>([^<]*)<\/Message>/.exec(text)?.[1]?.replaceAll('&quot;', '"');
}

async function exists(key: string): Promise<boolean> {
  try {
    await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'NotFound') return false;
    throw err;
  }
}

async function getBytes(key: string) {
  const out = await t.client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return { out, bytes: Buffer.from(await out.Body!.transformToByteArray()) };
}

/** A SigV4 POST form, signed as the S3 API reference describes ("Calculating a Signature"), independently of the SDK. */
function signV4(conditions: unknown[], expiration: Date, extra: Record<string, string> = {}): Record<string, string> {
  const now = new Date();
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const credential = `${TEST_CREDENTIALS.accessKeyId}/${day}/us-east-1/s3/aws4_request`;
  const fields = { 'x-amz-algorithm': 'AWS4-HMAC-SHA256', 'x-amz-credential': credential, 'x-amz-date': amzDate, ...extra };
  const policyText = JSON.stringify({
    expiration: expiration.toISOString(),
    conditions: [...conditions, ...Object.entries(fields).map(([k, v]) => ({ [k]: v }))],
  });
  return withPolicyText(fields, policyText);
}

/** The form fields with `policyText` as their policy, signed with the key derived for their x-amz-date's day. */
function withPolicyText(fields: Record<string, string>, policyText: string): Record<string, string> {
  const policy = Buffer.from(policyText).toString('base64');
  const day = fields['x-amz-date']!.slice(0, 8);
  const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${TEST_CREDENTIALS.secretAccessKey}`, day), 'us-east-1'), 's3'), 'aws4_request');
  return { ...fields, policy, 'x-amz-signature': createHmac('sha256', signingKey).update(policy).digest('hex') };
}

const inAnHour = () => new Date(Date.now() + 3600_000);

describe('POST Object with createPresignedPost', () => {
  it('stores the file with its content type and metadata; GetObject returns the same bytes', async () => {
    const bytes = Buffer.from(Array.from({ length: 70_000 }, (_, i) => i % 251));
    const { url, fields } = await createPresignedPost(t.client, {
      Bucket: BUCKET,
      Key: 'forms/photo.bin',
      Fields: { 'Content-Type': 'image/png', 'x-amz-meta-owner': 'Jürgen', 'Cache-Control': 'max-age=60' },
      Conditions: [['content-length-range', 0, 1024 * 1024]],
      Expires: 600,
    });
    expect(url).toBe(`${t.server.endpoint}/${BUCKET}`);
    const { res } = await post(formOf(fields, { bytes, name: 'photo.png', type: 'application/octet-stream' }), url);
    expect(res.status).toBe(204);
    const md5 = createHash('md5').update(bytes).digest('hex');
    expect(res.headers.get('etag')).toBe(`"${md5}"`);
    expect(res.headers.get('location')).toBe(`${t.server.endpoint}/${BUCKET}/forms%2Fphoto.bin`);
    const { out, bytes: stored } = await getBytes('forms/photo.bin');
    expect(stored.equals(bytes)).toBe(true);
    expect(out.ContentType).toBe('image/png');
    expect(out.CacheControl).toBe('max-age=60');
    // Metadata that is not US-ASCII comes back as an RFC 2047 word, as S3 returns it.
    expect(out.Metadata).toEqual({ owner: `=?UTF-8?B?${Buffer.from('Jürgen').toString('base64')}?=` });
    expect(out.ETag).toBe(`"${md5}"`);
  });

  it('replaces ${filename} in the key with the uploaded file name', async () => {
    const { url, fields } = await createPresignedPost(t.client, { Bucket: BUCKET, Key: 'named/${filename}', Expires: 600 });
    const { res } = await post(formOf(fields, { bytes: 'hello', name: 'rapport é.txt' }), url);
    expect(res.status).toBe(204);
    expect((await getBytes('named/rapport é.txt')).bytes.toString()).toBe('hello');
    const listed = await t.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'named/' }));
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['named/rapport é.txt']);
  });

  it('stores a small file inline as a small PUT is, and a larger one in its own owner-only data file', async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: 'post-storage' }));
    const dataFiles = async () =>
      (await readdir(join(t.dataDir, 'buckets', 'post-storage', 'data'), { recursive: true, withFileTypes: true }))
        .filter((e) => e.isFile())
        .map((e) => join(e.parentPath, e.name));
    const upload = async (key: string, bytes: Buffer) => {
      const { url, fields } = await createPresignedPost(t.client, { Bucket: 'post-storage', Key: key, Expires: 600 });
      expect((await post(formOf(fields, { bytes, name: 'f.bin' }), url)).res.status).toBe(204);
      const out = await t.client.send(new GetObjectCommand({ Bucket: 'post-storage', Key: key }));
      expect(Buffer.from(await out.Body!.transformToByteArray()).equals(bytes)).toBe(true);
    };
    await upload('small.bin', randomBytes(1000));
    expect(await dataFiles()).toEqual([]);
    // Past the inline limit the bytes held so far move to the file, followed by the rest.
    await upload('large.bin', randomBytes(300 * 1024 + 7));
    const files = await dataFiles();
    expect(files).toHaveLength(1);
    expect((await stat(files[0]!)).size).toBe(300 * 1024 + 7);
    expect((await stat(files[0]!)).mode & 0o777).toBe(0o600);

    // A file refused past its content-length-range leaves no data file behind, spilled or not.
    const limited = await createPresignedPost(t.client, {
      Bucket: 'post-storage',
      Key: 'refused.bin',
      Conditions: [['content-length-range', 0, 200 * 1024]],
      Expires: 600,
    });
    const refused = await post(formOf(limited.fields, { bytes: randomBytes(400 * 1024), name: 'r.bin' }), limited.url);
    expect(errorCode(refused.text)).toBe('EntityTooLarge');
    expect(await dataFiles()).toEqual(files);
  });

  it('expands ${filename} in every field before checking the policy (Content-Disposition too)', async () => {
    // The condition holds only for the expanded value: the unexpanded one starts with `attachment; filename="$`.
    const { url, fields } = await createPresignedPost(t.client, {
      Bucket: BUCKET,
      Key: 'named/${filename}',
      Conditions: [['starts-with', '$Content-Disposition', 'attachment; filename="notes']],
      Expires: 600,
    });
    const form = formOf({ ...fields, 'Content-Disposition': 'attachment; filename="${filename}"' }, { bytes: 'n', name: 'notes.txt' });
    const { res } = await post(form, url);
    expect(res.status).toBe(204);
    const { out } = await getBytes('named/notes.txt');
    expect(out.ContentDisposition).toBe('attachment; filename="notes.txt"');
  });

  it('checks a Content-MD5 field against the file (400 BadDigest)', async () => {
    const md5 = createHash('md5').update('exact').digest('base64');
    const { url, fields } = await createPresignedPost(t.client, {
      Bucket: BUCKET,
      Key: 'md5/x.txt',
      Fields: { 'Content-MD5': md5 },
      Expires: 600,
    });
    const wrong = await post(formOf(fields, { bytes: 'other', name: 'x.txt' }), url);
    expect(wrong.res.status).toBe(400);
    expect(errorCode(wrong.text)).toBe('BadDigest');
    expect(await exists('md5/x.txt')).toBe(false);
    expect((await post(formOf(fields, { bytes: 'exact', name: 'x.txt' }), url)).res.status).toBe(204);
  });

  it('accepts a form posted virtual-host style (Host: bucket.localhost)', async () => {
    const { fields } = await createPresignedPost(t.client, { Bucket: BUCKET, Key: 'vhost/v.txt', Expires: 600 });
    const boundary = 'vhostboundary';
    let body = '';
    for (const [name, value] of Object.entries(fields))
      body += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    body += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="v.txt"\r\n\r\nvirtual\r\n--${boundary}--\r\n`;
    const { port } = new URL(t.server.endpoint);
    const host = `${BUCKET}.localhost:${port}`;
    const answer = await new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: Number(port),
          method: 'POST',
          path: '/',
          headers: { host, 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(answer).toEqual({ status: 204, location: `http://${host}/vhost%2Fv.txt` });
    expect((await getBytes('vhost/v.txt')).bytes.toString()).toBe('virtual');
  });

  it('refuses a key outside the starts-with condition (403 AccessDenied), storing nothing', async () => {
    const { url, fields } = await createPresignedPost(t.client, { Bucket: BUCKET, Key: 'inbox/${filename}', Expires: 600 });
    const { res, text } = await post(formOf({ ...fields, key: 'elsewhere/${filename}' }, { bytes: 'x', name: 'a.txt' }), url);
    expect(res.status).toBe(403);
    expect(errorCode(text)).toBe('AccessDenied');
    expect(errorMessage(text)).toBe('Invalid according to Policy: Policy Condition failed: ["starts-with", "$key", "inbox/"]');
    expect(await exists('elsewhere/a.txt')).toBe(false);
  });

  it('accepts any key with an empty starts-with prefix', async () => {
    const { url, fields } = await createPresignedPost(t.client, {
      Bucket: BUCKET,
      Key: 'free/${filename}',
      Conditions: [['starts-with', '$key', '']],
      Expires: 600,
    });
    // The SDK also adds its own starts-with "free/": keep within it.
    const { res } = await post(formOf({ ...fields, key: 'free/any/depth/${filename}' }, { bytes: 'ok', name: 'z.txt' }), url);
    expect(res.status).toBe(204);
    expect(await exists('free/any/depth/z.txt')).toBe(true);
  });

  it('answers 400 EntityTooLarge above content-length-range and stores nothing', async () => {
    const { url, fields } = await createPresignedPost(t.client, {
      Bucket: BUCKET,
      Key: 'limited/big.bin',
      Conditions: [['content-length-range', 10, 1000]],
      Expires: 600,
    });
    const { res, text } = await post(formOf(fields, { bytes: Buffer.alloc(200_000, 7), name: 'big.bin' }), url);
    expect(res.status).toBe(400);
    expect(errorCode(text)).toBe('EntityTooLarge');
    expect(text).toContain('<MaxSizeAllowed>1000</MaxSizeAllowed>');
    expect(await exists('limited/big.bin')).toBe(false);

    const small = await post(formOf(fields, { bytes: 'tiny', name: 'big.bin' }), url);
    expect(small.res.status).toBe(400);
    expect(errorCode(small.text)).toBe('EntityTooSmall');
    expect(await exists('limited/big.bin')).toBe(false);

    const fits = await post(formOf(fields, { bytes: Buffer.alloc(1000, 1), name: 'big.bin' }), url);
    expect(fits.res.status).toBe(204);
    expect(await exists('limited/big.bin')).toBe(true);
  });

  it('stops reading a file as soon as it passes the maximum: the answer comes while the upload is still being sent', async () => {
    const { fields } = await createPresignedPost(t.client, {
      Bucket: BUCKET,
      Key: 'limited/stream.bin',
      Conditions: [['content-length-range', 0, 1000]],
      Expires: 600,
    });
    const boundary = 'pailboundary0123456789';
    let head = '';
    for (const [name, value] of Object.entries(fields))
      head += `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    head += `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="stream.bin"\r\n\r\n`;
    const { port } = new URL(t.server.endpoint);
    const req = request({
      host: '127.0.0.1',
      port: Number(port),
      method: 'POST',
      path: `/${BUCKET}`,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(100 * 1024 * 1024) },
    });
    req.on('error', () => {});
    const answered = new Promise<{ status: number; body: string }>((resolve) =>
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
      }),
    );
    // 64 KiB of a declared 100 MiB: the server must answer without waiting for the rest.
    req.write(head);
    req.write(Buffer.alloc(64 * 1024, 1));
    const { status, body } = await answered;
    req.destroy();
    expect(status).toBe(400);
    expect(errorCode(body)).toBe('EntityTooLarge');
    expect(await exists('limited/stream.bin')).toBe(false);
  });

  it('refuses a wrong signature (403 SignatureDoesNotMatch)', async () => {
    const { url, fields } = await createPresignedPost(t.client, { Bucket: BUCKET, Key: 'signed/x.txt', Expires: 600 });
    const signature = fields['X-Amz-Signature']!;
    const wrong = signature.slice(0, -1) + (signature.endsWith('0') ? '1' : '0');
    const { res, text } = await post(formOf({ ...fields, 'X-Amz-Signature': wrong }, { bytes: 'x', name: 'x.txt' }), url);
    expect(res.status).toBe(403);
    expect(errorCode(text)).toBe('SignatureDoesNotMatch');
    expect(await exists('signed/x.txt')).toBe(false);

    // A policy changed after signing fails the same way.
    const policy = JSON.parse(Buffer.from(fields.Policy!, 'base64').toString());
    policy.conditions.push(['content-length-range', 0, 10 ** 9]);
    const tampered = { ...fields, Policy: Buffer.from(JSON.stringify(policy)).toString('base64') };
    const again = await post(formOf(tampered, { bytes: 'x', name: 'x.txt' }), url);
    expect(again.res.status).toBe(403);
    expect(errorCode(again.text)).toBe('SignatureDoesNotMatch');
  });

  it('refuses an expired policy (403 "Policy expired.")', async () => {
    const fields = signV4([{ bucket: BUCKET }, { key: 'late/x.txt' }], new Date(Date.now() - 1000), { key: 'late/x.txt' });
    const { res, text } = await post(formOf(fields, { bytes: 'x', name: 'x.txt' }));
    expect(res.status).toBe(403);
    expect(errorCode(text)).toBe('AccessDenied');
    expect(errorMessage(text)).toBe('Invalid according to Policy: Policy expired.');
    expect(await exists('late/x.txt')).toBe(false);

    const fresh = signV4([{ bucket: BUCKET }, { key: 'late/x.txt' }], inAnHour(), { key: 'late/x.txt' });
    expect((await post(formOf(fresh, { bytes: 'x', name: 'x.txt' }))).res.status).toBe(204);
  });

  it('refuses a form field no condition covers, and a failed eq condition', async () => {
    const { url, fields } = await createPresignedPost(t.client, { Bucket: BUCKET, Key: 'strict/x.txt', Expires: 600 });
    const extra = await post(formOf({ ...fields, 'x-amz-meta-sneaky': 'yes' }, { bytes: 'x', name: 'x.txt' }), url);
    expect(extra.res.status).toBe(403);
    expect(errorMessage(extra.text)).toBe('Invalid according to Policy: Extra input fields: x-amz-meta-sneaky');
    // x-ignore-* fields need no condition.
    const ignored = await post(formOf({ ...fields, 'x-ignore-note': 'fine' }, { bytes: 'x', name: 'x.txt' }), url);
    expect(ignored.res.status).toBe(204);

    const typed = await createPresignedPost(t.client, {
      Bucket: BUCKET,
      Key: 'strict/typed.txt',
      Conditions: [['eq', '$Content-Type', 'text/plain']],
      Fields: { 'Content-Type': 'text/plain' },
      Expires: 600,
    });
    // Both the SDK's {"Content-Type": …} condition and ours name the same expectation.
    const failed = await post(formOf({ ...typed.fields, 'Content-Type': 'text/html' }, { bytes: 'x', name: 'x.txt' }), typed.url);
    expect(failed.res.status).toBe(403);
    expect(errorMessage(failed.text)).toMatch(
      /^Invalid according to Policy: Policy Condition failed: \["eq", "\$Content-Type", "text\/plain"\]$/,
    );
  });

  it('answers 201 with a PostResponse document for success_action_status 201', async () => {
    const { url, fields } = await createPresignedPost(t.client, {
      Bucket: BUCKET,
      Key: 'status/a b.txt',
      Fields: { success_action_status: '201' },
      Expires: 600,
    });
    const { res, text } = await post(formOf(fields, { bytes: 'created', name: 'a.txt' }), url);
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/xml');
    const etag = `"${createHash('md5').update('created').digest('hex')}"`;
    expect(text).toContain(
      `<PostResponse><Location>${t.server.endpoint}/${BUCKET}/status%2Fa%20b.txt</Location><Bucket>${BUCKET}</Bucket><Key>status/a b.txt</Key><ETag>&quot;${etag.slice(1, -1)}&quot;</ETag></PostResponse>`,
    );

    const ok = await createPresignedPost(t.client, {
      Bucket: BUCKET,
      Key: 'status/b.txt',
      Fields: { success_action_status: '200' },
      Expires: 600,
    });
    const r200 = await post(formOf(ok.fields, { bytes: 'ok', name: 'b.txt' }), ok.url);
    expect(r200.res.status).toBe(200);
    expect(r200.text).toBe('');
  });

  it('redirects with 303 See Other to success_action_redirect, adding bucket, key and etag', async () => {
    const target = 'https://app.example/done?from=form';
    const { url, fields } = await createPresignedPost(t.client, {
      Bucket: BUCKET,
      Key: 'redirect/r.txt',
      Fields: { success_action_redirect: target },
      Expires: 600,
    });
    const { res } = await post(formOf(fields, { bytes: 'redirected', name: 'r.txt' }), url);
    expect(res.status).toBe(303);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe('https://app.example/done');
    expect(location.searchParams.get('from')).toBe('form');
    expect(location.searchParams.get('bucket')).toBe(BUCKET);
    expect(location.searchParams.get('key')).toBe('redirect/r.txt');
    expect(location.searchParams.get('etag')).toBe(`"${createHash('md5').update('redirected').digest('hex')}"`);
    expect(await exists('redirect/r.txt')).toBe(true);
  });

  it('verifies and stores an x-amz-checksum-sha256 field; a wrong one is BadDigest', async () => {
    const sha256 = createHash('sha256').update('checked').digest('base64');
    const good = await createPresignedPost(t.client, {
      Bucket: BUCKET,
      Key: 'sums/good.txt',
      Fields: { 'x-amz-checksum-sha256': sha256 },
      Expires: 600,
    });
    const ok = await post(formOf(good.fields, { bytes: 'checked', name: 'g.txt' }), good.url);
    expect(ok.res.status).toBe(204);
    expect(ok.res.headers.get('x-amz-checksum-sha256')).toBe(sha256);
    const head = await t.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: 'sums/good.txt', ChecksumMode: 'ENABLED' }));
    expect(head.ChecksumSHA256).toBe(sha256);

    const bad = await createPresignedPost(t.client, {
      Bucket: BUCKET,
      Key: 'sums/bad.txt',
      Fields: { 'x-amz-checksum-sha256': sha256 },
      Expires: 600,
    });
    const wrong = await post(formOf(bad.fields, { bytes: 'tampered', name: 'b.txt' }), bad.url);
    expect(wrong.res.status).toBe(400);
    expect(errorCode(wrong.text)).toBe('BadDigest');
    expect(await exists('sums/bad.txt')).toBe(false);
  });

  it('stores the acl field as the object ACL', async () => {
    const { url, fields } = await createPresignedPost(t.client, {
      Bucket: BUCKET,
      Key: 'acl/public.txt',
      Fields: { acl: 'public-read' },
      Expires: 600,
    });
    expect((await post(formOf(fields, { bytes: 'public', name: 'p.txt' }), url)).res.status).toBe(204);
    const anonymous = await fetch(`${t.server.endpoint}/${BUCKET}/acl/public.txt`);
    expect(anonymous.status).toBe(200);
    expect(await anonymous.text()).toBe('public');
  });
});

describe('POST Object with a SigV2 policy', () => {
  it('accepts a form signed with HMAC-SHA1 of the policy, and refuses a wrong signature', async () => {
    const policy = Buffer.from(
      JSON.stringify({
        expiration: inAnHour().toISOString(),
        conditions: [
          { bucket: BUCKET },
          ['starts-with', '$key', 'v2/'],
          { 'Content-Type': 'text/plain' },
          ['content-length-range', 1, 100],
        ],
      }),
    ).toString('base64');
    const signature = createHmac('sha1', TEST_CREDENTIALS.secretAccessKey).update(policy).digest('base64');
    const fields = { key: 'v2/${filename}', AWSAccessKeyId: TEST_CREDENTIALS.accessKeyId, policy, signature, 'Content-Type': 'text/plain' };
    const { res } = await post(formOf(fields, { bytes: 'legacy', name: 'old.txt' }));
    expect(res.status).toBe(204);
    const { out, bytes } = await getBytes('v2/old.txt');
    expect(bytes.toString()).toBe('legacy');
    expect(out.ContentType).toBe('text/plain');

    const wrong = await post(formOf({ ...fields, signature: Buffer.alloc(20).toString('base64') }, { bytes: 'legacy', name: 'bad.txt' }));
    expect(wrong.res.status).toBe(403);
    expect(errorCode(wrong.text)).toBe('SignatureDoesNotMatch');
    expect(await exists('v2/bad.txt')).toBe(false);
  });
});

describe('POST Object form errors and anonymous posts', () => {
  it('answers 400 InvalidArgument when the form has no file, and 412 when the body is not a form', async () => {
    const { url, fields } = await createPresignedPost(t.client, { Bucket: BUCKET, Key: 'errors/none.txt', Expires: 600 });
    const noFile = await post(formOf(fields), url);
    expect(noFile.res.status).toBe(400);
    expect(errorCode(noFile.text)).toBe('InvalidArgument');
    expect(errorMessage(noFile.text)).toBe('POST requires exactly one file upload per request.');

    const notForm = await fetch(url, { method: 'POST', body: 'key=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(notForm.status).toBe(412);
    expect(errorCode(await notForm.text())).toBe('PreconditionFailed');

    // A signed form whose body ends inside the file part, without the closing boundary.
    let body = '';
    for (const [name, value] of Object.entries(fields)) body += `--b\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    body += '--b\r\nContent-Disposition: form-data; name="file"; filename="t"\r\n\r\nabc';
    const truncated = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'multipart/form-data; boundary=b' } });
    expect(truncated.status).toBe(400);
    expect(errorCode(await truncated.text())).toBe('MalformedPOSTRequest');
    expect(await exists('errors/none.txt')).toBe(false);
  });

  it('answers 400 InvalidPolicyDocument for a signed policy that is not valid', async () => {
    const sign = (policyText: string) => withPolicyText(signV4([], inAnHour(), { key: 'bad-policy/x.txt' }), policyText);
    for (const [policyText, message] of [
      ['not json', 'Invalid Policy: Invalid JSON.'],
      [JSON.stringify({ conditions: [] }), 'Invalid Policy: Policy missing expiration.'],
      [JSON.stringify({ expiration: inAnHour().toISOString() }), 'Invalid Policy: Policy missing conditions.'],
    ] as const) {
      const { res, text } = await post(formOf(sign(policyText), { bytes: 'x', name: 'x.txt' }));
      expect(res.status, policyText).toBe(400);
      expect(errorCode(text)).toBe('InvalidPolicyDocument');
      expect(errorMessage(text)).toBe(message);
    }
    const reversed = JSON.stringify({ expiration: inAnHour().toISOString(), conditions: [['content-length-range', 10, 1]] });
    const { res, text } = await post(formOf(sign(reversed), { bytes: 'x', name: 'x.txt' }));
    expect(res.status).toBe(400);
    expect(errorCode(text)).toBe('InvalidPolicyDocument');
    expect(await exists('bad-policy/x.txt')).toBe(false);
  });

  it("reads a policy written like the user guide's example: a trailing comma, and \\$ for a literal dollar", async () => {
    const fields = signV4([], inAnHour(), { key: 'guide/price-$5.txt' });
    const document = JSON.parse(Buffer.from(fields.policy!, 'base64').toString()) as { expiration: string; conditions: object[] };
    const conditions = document.conditions.map((c) => JSON.stringify(c).replace('price-$5', 'price-\\$5')).join(',\n    ');
    const text = `{ "expiration": "${document.expiration}",\n  "conditions": [\n    ${conditions},\n  ]\n}`;
    expect(text).toContain('price-\\$5');
    const { res, text: answer } = await post(formOf(withPolicyText(fields, text), { bytes: 'five', name: 'p.txt' }));
    expect(res.status, answer).toBe(204);
    expect(await exists('guide/price-$5.txt')).toBe(true);
  });

  it('answers 400 MaxPostPreDataLengthExceeded when the fields before the file pass 20 KB', async () => {
    const { url, fields } = await createPresignedPost(t.client, { Bucket: BUCKET, Key: 'big-fields/x.txt', Expires: 600 });
    const { res, text } = await post(formOf({ ...fields, 'x-ignore-padding': 'p'.repeat(21 * 1024) }, { bytes: 'x', name: 'x.txt' }), url);
    expect(res.status).toBe(400);
    expect(errorCode(text)).toBe('MaxPostPreDataLengthExceeded');
    expect(text).toContain('<MaxPostPreDataLengthBytes>20480</MaxPostPreDataLengthBytes>');
    expect(await exists('big-fields/x.txt')).toBe(false);
  });

  it('ignores fields after the file, and refuses a second file, as S3 does', async () => {
    const { url, fields } = await createPresignedPost(t.client, { Bucket: BUCKET, Key: 'order/x.txt', Expires: 600 });
    const form = formOf(fields, { bytes: 'first', name: 'x.txt' });
    form.append('x-amz-meta-late', 'ignored');
    form.append('key', 'order/other.txt');
    expect((await post(form, url)).res.status).toBe(204);
    const { out } = await getBytes('order/x.txt');
    expect(out.Metadata).toEqual({});
    expect(await exists('order/other.txt')).toBe(false);

    // A second file part is not ignored: S3 refuses the form, and nothing is stored.
    const twice = await createPresignedPost(t.client, { Bucket: BUCKET, Key: 'order/twice.txt', Expires: 600 });
    const two = formOf(twice.fields, { bytes: 'one', name: 'one.txt' });
    two.append('file', new Blob(['two']), 'two.txt');
    const refused = await post(two, twice.url);
    expect(refused.res.status).toBe(400);
    expect(errorMessage(refused.text)).toBe('POST requires exactly one file upload per request.');
    expect(refused.text).toContain('<ArgumentValue>2</ArgumentValue>');
    expect(await exists('order/twice.txt')).toBe(false);
  });

  it('lets anyone post without a policy only to a public-read-write bucket', async () => {
    const denied = await post(formOf({ key: 'anon.txt' }, { bytes: 'anon', name: 'anon.txt' }));
    expect(denied.res.status).toBe(403);
    expect(errorCode(denied.text)).toBe('AccessDenied');
    expect(await exists('anon.txt')).toBe(false);

    await t.client.send(new CreateBucketCommand({ Bucket: 'post-open' }));
    await t.client.send(new PutBucketAclCommand({ Bucket: 'post-open', ACL: 'public-read-write' }));
    const open = await post(formOf({ key: 'anon.txt' }, { bytes: 'anon', name: 'anon.txt' }), `${t.server.endpoint}/post-open`);
    expect(open.res.status).toBe(204);
    const out = await t.client.send(new GetObjectCommand({ Bucket: 'post-open', Key: 'anon.txt' }));
    expect(await out.Body!.transformToString()).toBe('anon');
  });

  it('answers a browser POST from an allowed origin with CORS headers, preflight included', async () => {
    await t.client.send(
      new PutBucketCorsCommand({
        Bucket: BUCKET,
        CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['https://app.example'], AllowedMethods: ['POST'], AllowedHeaders: ['*'] }] },
      }),
    );
    const preflight = await fetch(`${t.server.endpoint}/${BUCKET}`, {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://app.example');

    const { url, fields } = await createPresignedPost(t.client, { Bucket: BUCKET, Key: 'cors/x.txt', Expires: 600 });
    const { res } = await post(formOf(fields, { bytes: 'x', name: 'x.txt' }), url, { headers: { origin: 'https://app.example' } });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
    // Errors carry them too, so the page can read why.
    const failed = await post(formOf({ ...fields, key: 'cors/other.txt' }, { bytes: 'x', name: 'x.txt' }), url, {
      headers: { origin: 'https://app.example' },
    });
    expect(failed.res.status).toBe(403);
    expect(failed.res.headers.get('access-control-allow-origin')).toBe('https://app.example');
  });
});
