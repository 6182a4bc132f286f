import { createHash, createHmac } from 'node:crypto';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../support/local-s3.js';
import { errorCode, rawRequest } from '../support/raw-request.js';

/**
 * S3 refuses a SigV4 request carrying an `x-amz-*` header its signature does not cover
 * ("There were headers present in the request which were not signed"), so that whoever holds a
 * signed request or a presigned URL cannot change what it does.
 */
let t: TestServer;
const UPLOADS = 'uploads';
const PRIVATE = 'private-bucket';

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: UPLOADS }));
  await t.client.send(new CreateBucketCommand({ Bucket: PRIVATE }));
  await t.client.send(new PutObjectCommand({ Bucket: PRIVATE, Key: 'secret', Body: 'top secret' }));
});
afterAll(async () => {
  await t.stop();
});

async function exists(bucket: string, key: string): Promise<boolean> {
  return t.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
    () => true,
    (err: { name?: string }) => {
      if (err.name === 'NotFound') return false;
      throw err;
    },
  );
}

const notSignedOf = (xml: string) => /<HeadersNotSigned>([^<]*)<\/HeadersNotSigned>/.exec(xml)?.[1];

describe('presigned URLs (query authentication)', () => {
  it('refuse x-amz-* headers the link holder added: no copy, no ACL change', async () => {
    const url = await getSignedUrl(t.client, new PutObjectCommand({ Bucket: UPLOADS, Key: 'slot.bin' }), { expiresIn: 300 });
    const attack = await fetch(url, {
      method: 'PUT',
      headers: { 'x-amz-copy-source': `/${PRIVATE}/secret`, 'x-amz-acl': 'public-read' },
      body: '',
    });
    const body = await attack.text();
    expect(attack.status).toBe(403);
    expect(errorCode(body)).toBe('AccessDenied');
    expect(body).toContain('There were headers present in the request which were not signed');
    expect(notSignedOf(body)?.split(', ').sort()).toEqual(['x-amz-acl', 'x-amz-copy-source']);
    expect(await exists(UPLOADS, 'slot.bin')).toBe(false);
    expect((await fetch(`${t.server.endpoint}/${UPLOADS}/slot.bin`)).status).toBe(403);

    // The same link used as intended still works, and the result is private.
    const put = await fetch(url, { method: 'PUT', body: 'my upload' });
    expect(put.status).toBe(200);
    const got = await t.client.send(new GetObjectCommand({ Bucket: UPLOADS, Key: 'slot.bin' }));
    expect(await got.Body!.transformToString()).toBe('my upload');
    expect((await fetch(`${t.server.endpoint}/${UPLOADS}/slot.bin`)).status).toBe(403);
  });

  it('refuse an added x-amz-meta-* header', async () => {
    const url = await getSignedUrl(t.client, new PutObjectCommand({ Bucket: UPLOADS, Key: 'meta.bin' }), { expiresIn: 300 });
    const res = await fetch(url, { method: 'PUT', headers: { 'x-amz-meta-owner': 'mallory' }, body: 'x' });
    expect(res.status).toBe(403);
    expect(notSignedOf(await res.text())).toBe('x-amz-meta-owner');
    expect(await exists(UPLOADS, 'meta.bin')).toBe(false);
  });

  it('honour x-amz-* values the presigner put in the signed query string', async () => {
    // The presigner moves x-amz-acl and x-amz-meta-* into the query: the signature covers them there.
    const url = await getSignedUrl(
      t.client,
      new PutObjectCommand({ Bucket: UPLOADS, Key: 'public.bin', ACL: 'public-read', Metadata: { owner: 'alice' } }),
      { expiresIn: 300 },
    );
    expect(new URL(url).searchParams.get('x-amz-acl')).toBe('public-read');
    const res = await fetch(url, { method: 'PUT', body: 'for everyone' });
    expect(res.status).toBe(200);
    const head = await t.client.send(new HeadObjectCommand({ Bucket: UPLOADS, Key: 'public.bin' }));
    expect(head.Metadata).toEqual({ owner: 'alice' });
    expect((await fetch(`${t.server.endpoint}/${UPLOADS}/public.bin`)).status).toBe(200);

    // Changing a value in the query breaks the signature.
    const changed = new URL(url);
    changed.searchParams.set('x-amz-meta-owner', 'mallory');
    const tampered = await fetch(changed, { method: 'PUT', body: 'x' });
    expect(tampered.status).toBe(403);
    expect(errorCode(await tampered.text())).toBe('SignatureDoesNotMatch');
  });

  it('accept x-amz-* headers that were signed as headers', async () => {
    const url = await getSignedUrl(t.client, new PutObjectCommand({ Bucket: UPLOADS, Key: 'signed-acl.bin', ACL: 'public-read' }), {
      expiresIn: 300,
      unhoistableHeaders: new Set(['x-amz-acl']),
    });
    expect(new URL(url).searchParams.get('X-Amz-SignedHeaders')).toBe('host;x-amz-acl');
    const without = await fetch(url, { method: 'PUT', body: 'x' });
    expect(without.status).toBe(403);
    const res = await fetch(url, { method: 'PUT', headers: { 'x-amz-acl': 'public-read' }, body: 'x' });
    expect(res.status).toBe(200);
  });
});

describe('the Authorization header', () => {
  it('refuses x-amz-* headers added after signing', async () => {
    const copy = await rawRequest(t.server.endpoint, {
      method: 'PUT',
      path: `/${UPLOADS}/header-slot`,
      body: '',
      afterSigning: (headers) => {
        headers['x-amz-copy-source'] = `/${PRIVATE}/secret`;
      },
    });
    expect(copy.status).toBe(403);
    expect(errorCode(copy.body)).toBe('AccessDenied');
    expect(notSignedOf(copy.body)).toBe('x-amz-copy-source');
    expect(await exists(UPLOADS, 'header-slot')).toBe(false);

    const acl = await rawRequest(t.server.endpoint, {
      method: 'PUT',
      path: `/${UPLOADS}/header-slot`,
      body: 'mine',
      afterSigning: (headers) => {
        headers['X-Amz-Acl'] = 'public-read';
      },
    });
    expect(acl.status).toBe(403);
    expect(notSignedOf(acl.body)).toBe('x-amz-acl');
    expect(await exists(UPLOADS, 'header-slot')).toBe(false);

    const honest = await rawRequest(t.server.endpoint, { method: 'PUT', path: `/${UPLOADS}/header-slot`, body: 'mine' });
    expect(honest.status).toBe(200);
  });

  it('refuses a signature that does not cover Host', async () => {
    const host = new URL(t.server.endpoint).host;
    const request = (signed: string[]) => signByHand('GET', `/${PRIVATE}/secret`, { host }, signed);
    const withHost = await fetch(`${t.server.endpoint}/${PRIVATE}/secret`, {
      headers: request(['host', 'x-amz-content-sha256', 'x-amz-date']),
    });
    expect(withHost.status).toBe(200);
    const res = await fetch(`${t.server.endpoint}/${PRIVATE}/secret`, { headers: request(['x-amz-content-sha256', 'x-amz-date']) });
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(errorCode(body)).toBe('AccessDenied');
    expect(body).not.toContain('top secret');
  });
});

describe('SigV2', () => {
  it('covers x-amz-* headers in the string to sign: an added header breaks a presigned URL', async () => {
    const expires = Math.floor(Date.now() / 1000) + 300;
    const signature = createHmac('sha1', TEST_CREDENTIALS.secretAccessKey)
      .update(`PUT\n\n\n${expires}\n/${UPLOADS}/v2-slot`)
      .digest('base64');
    const url = `${t.server.endpoint}/${UPLOADS}/v2-slot?AWSAccessKeyId=${TEST_CREDENTIALS.accessKeyId}&Expires=${expires}&Signature=${encodeURIComponent(signature)}`;
    const attack = await fetch(url, { method: 'PUT', headers: { 'x-amz-copy-source': `/${PRIVATE}/secret`, 'x-amz-acl': 'public-read' } });
    expect(attack.status).toBe(403);
    expect(errorCode(await attack.text())).toBe('SignatureDoesNotMatch');
    expect(await exists(UPLOADS, 'v2-slot')).toBe(false);
    const honest = await fetch(url, { method: 'PUT', body: Buffer.from('v2') }); // no Content-Type: it was not signed
    expect(honest.status).toBe(200);
  });
});

/** SigV4 by hand, signing exactly the headers named (the SDK always signs Host). */
function signByHand(method: string, path: string, base: Record<string, string>, signed: string[]): Record<string, string> {
  const amzDate = new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  const date = amzDate.slice(0, 8);
  const scope = `${date}/us-east-1/s3/aws4_request`;
  const payload = createHash('sha256').digest('hex');
  const headers: Record<string, string> = { ...base, 'x-amz-date': amzDate, 'x-amz-content-sha256': payload };
  const names = [...signed].sort();
  const canonical = [method, path, '', names.map((n) => `${n}:${headers[n]}\n`).join(''), names.join(';'), payload].join('\n');
  let key = createHmac('sha256', `AWS4${TEST_CREDENTIALS.secretAccessKey}`).update(date).digest();
  for (const part of ['us-east-1', 's3', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  const signature = createHmac('sha256', key)
    .update(['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonical).digest('hex')].join('\n'))
    .digest('hex');
  const { host: _host, ...rest } = headers;
  return {
    ...rest,
    authorization: `AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}
