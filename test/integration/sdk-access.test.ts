import {
  CreateBucketCommand, DeleteBucketCorsCommand, DeleteBucketPolicyCommand, GetBucketAclCommand, GetBucketCorsCommand,
  GetBucketPolicyCommand, GetObjectAclCommand, GetObjectCommand, PutBucketAclCommand, PutBucketCorsCommand,
  PutBucketPolicyCommand, PutObjectAclCommand, PutObjectCommand, type Grant, type S3ServiceException,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-s3.js';
import { errorCode, rawRequest, type RawResponse } from '../support/raw-request.js';

let t: TestServer;
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

async function rejection(promise: Promise<unknown>): Promise<S3ServiceException> {
  try {
    await promise;
  } catch (err) {
    return err as S3ServiceException;
  }
  throw new Error('expected the request to fail');
}

const anon = (method: string, path: string, extra: { body?: string; headers?: Record<string, string>; query?: Record<string, string> } = {}): Promise<RawResponse> =>
  rawRequest(t.server.endpoint, { method, path, sign: false, ...extra });

function expectDenied(res: RawResponse, method = 'GET'): void {
  expect(res.status).toBe(403);
  if (method !== 'HEAD') expect(errorCode(res.body)).toBe('AccessDenied');
}

const publicReadPolicy = (bucket: string) => JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
});

async function bucketWith(name: string, objects: Record<string, string>): Promise<void> {
  await t.client.send(new CreateBucketCommand({ Bucket: name }));
  for (const [key, body] of Object.entries(objects)) await t.client.send(new PutObjectCommand({ Bucket: name, Key: key, Body: body, ContentType: 'text/plain' }));
}

/** Anonymous reads work, anonymous writes, deletes and listings do not; nothing changed. */
async function expectPublicReadOnly(bucket: string): Promise<void> {
  const get = await anon('GET', `/${bucket}/hello.txt`);
  expect(get.status).toBe(200);
  expect(get.body).toBe('hello public');
  const head = await anon('HEAD', `/${bucket}/hello.txt`);
  expect(head.status).toBe(200);
  expect(head.headers['content-length']).toBe('12');
  expect((await fetch(`${t.server.endpoint}/${bucket}/hello.txt`).then((r) => r.text()))).toBe('hello public');
  expect((await fetch(`${t.server.endpoint}/${bucket}/hello.txt`, { headers: { range: 'bytes=0-4' } }).then((r) => r.text()))).toBe('hello');

  expectDenied(await anon('PUT', `/${bucket}/hello.txt`, { body: 'overwritten' }));
  expectDenied(await anon('PUT', `/${bucket}/new.txt`, { body: 'new' }));
  expectDenied(await anon('DELETE', `/${bucket}/hello.txt`));
  expectDenied(await anon('GET', `/${bucket}`));
  expectDenied(await anon('GET', `/${bucket}`, { query: { 'list-type': '2' } }));
  expectDenied(await anon('GET', `/${bucket}/hello.txt`, { query: { acl: '' } }));
  expectDenied(await anon('POST', `/${bucket}/upload.bin`, { query: { uploads: '' } }));
  const still = await t.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'hello.txt' }));
  expect(await still.Body!.transformToString()).toBe('hello public');
  const absent = await rejection(t.client.send(new GetObjectCommand({ Bucket: bucket, Key: 'new.txt' })));
  expect(absent.name).toBe('NoSuchKey');
}

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

describe('ACLs', () => {
  beforeAll(async () => {
    await bucketWith('acl-bucket', { 'obj.txt': 'acl object' });
  });

  function expectOwnerOnly(owner: { ID?: string } | undefined, grants: Grant[] | undefined): void {
    expect(owner?.ID).toBeTruthy();
    expect(grants).toHaveLength(1);
    expect(grants?.[0]?.Permission).toBe('FULL_CONTROL');
    expect(grants?.[0]?.Grantee?.Type).toBe('CanonicalUser');
    expect(grants?.[0]?.Grantee?.ID).toBe(owner?.ID);
  }

  function expectPublicRead(owner: { ID?: string } | undefined, grants: Grant[] | undefined): void {
    expect(grants).toHaveLength(2);
    expect(grants?.find((g) => g.Permission === 'FULL_CONTROL')?.Grantee?.ID).toBe(owner?.ID);
    const everyone = grants?.find((g) => g.Grantee?.URI === ALL_USERS);
    expect(everyone?.Permission).toBe('READ');
    expect(everyone?.Grantee?.Type).toBe('Group');
  }

  it('GetBucketAcl / PutBucketAcl with canned private and public-read', async () => {
    const initial = await t.client.send(new GetBucketAclCommand({ Bucket: 'acl-bucket' }));
    expectOwnerOnly(initial.Owner, initial.Grants);
    await t.client.send(new PutBucketAclCommand({ Bucket: 'acl-bucket', ACL: 'public-read' }));
    const pub = await t.client.send(new GetBucketAclCommand({ Bucket: 'acl-bucket' }));
    expectPublicRead(pub.Owner, pub.Grants);
    await t.client.send(new PutBucketAclCommand({ Bucket: 'acl-bucket', ACL: 'private' }));
    const priv = await t.client.send(new GetBucketAclCommand({ Bucket: 'acl-bucket' }));
    expectOwnerOnly(priv.Owner, priv.Grants);
  });

  it('PutBucketAcl with an AccessControlPolicy body granting AllUsers READ', async () => {
    const current = await t.client.send(new GetBucketAclCommand({ Bucket: 'acl-bucket' }));
    await t.client.send(new PutBucketAclCommand({
      Bucket: 'acl-bucket',
      AccessControlPolicy: {
        Owner: current.Owner,
        Grants: [...current.Grants!, { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' }],
      },
    }));
    const pub = await t.client.send(new GetBucketAclCommand({ Bucket: 'acl-bucket' }));
    expectPublicRead(pub.Owner, pub.Grants);
    await t.client.send(new PutBucketAclCommand({ Bucket: 'acl-bucket', ACL: 'private' }));
  });

  it('GetObjectAcl / PutObjectAcl with canned private and public-read', async () => {
    const initial = await t.client.send(new GetObjectAclCommand({ Bucket: 'acl-bucket', Key: 'obj.txt' }));
    expectOwnerOnly(initial.Owner, initial.Grants);
    await t.client.send(new PutObjectAclCommand({ Bucket: 'acl-bucket', Key: 'obj.txt', ACL: 'public-read' }));
    const pub = await t.client.send(new GetObjectAclCommand({ Bucket: 'acl-bucket', Key: 'obj.txt' }));
    expectPublicRead(pub.Owner, pub.Grants);
    await t.client.send(new PutObjectAclCommand({ Bucket: 'acl-bucket', Key: 'obj.txt', ACL: 'private' }));
    expectOwnerOnly(initial.Owner, (await t.client.send(new GetObjectAclCommand({ Bucket: 'acl-bucket', Key: 'obj.txt' }))).Grants);
    // The object's bytes are untouched by ACL changes.
    const got = await t.client.send(new GetObjectCommand({ Bucket: 'acl-bucket', Key: 'obj.txt' }));
    expect(await got.Body!.transformToString()).toBe('acl object');
  });

  it('PutObject with ACL public-read sets the object ACL', async () => {
    await t.client.send(new PutObjectCommand({ Bucket: 'acl-bucket', Key: 'born-public.txt', Body: 'x', ACL: 'public-read' }));
    const acl = await t.client.send(new GetObjectAclCommand({ Bucket: 'acl-bucket', Key: 'born-public.txt' }));
    expectPublicRead(acl.Owner, acl.Grants);
  });

  it('object ACL of a missing key is NoSuchKey; bucket ACL of a missing bucket is NoSuchBucket', async () => {
    expect((await rejection(t.client.send(new GetObjectAclCommand({ Bucket: 'acl-bucket', Key: 'missing' })))).name).toBe('NoSuchKey');
    expect((await rejection(t.client.send(new PutObjectAclCommand({ Bucket: 'acl-bucket', Key: 'missing', ACL: 'public-read' })))).name).toBe('NoSuchKey');
    expect((await rejection(t.client.send(new GetBucketAclCommand({ Bucket: 'no-such-acl-bucket' })))).name).toBe('NoSuchBucket');
  });
});

describe('anonymous access', () => {
  it('a private bucket denies anonymous GET/HEAD, and the same 403 for a missing key', async () => {
    await bucketWith('private-bucket', { 'secret.txt': 'top secret' });
    const get = await anon('GET', '/private-bucket/secret.txt');
    expectDenied(get);
    expect(get.body).not.toContain('top secret');
    expectDenied(await anon('HEAD', '/private-bucket/secret.txt'), 'HEAD');
    const missing = await anon('GET', '/private-bucket/no-such-key.txt');
    expectDenied(missing);
    expect(missing.body).not.toContain('NoSuchKey');
    expectDenied(await anon('HEAD', '/private-bucket/no-such-key.txt'), 'HEAD');
    const viaFetch = await fetch(`${t.server.endpoint}/private-bucket/secret.txt`);
    expect(viaFetch.status).toBe(403);
    expectDenied(await anon('GET', '/private-bucket'));
    expectDenied(await anon('PUT', '/private-bucket/secret.txt', { body: 'pwned' }));
    expectDenied(await anon('DELETE', '/private-bucket/secret.txt'));
  });

  it('after PutBucketAcl public-read: anonymous GET/HEAD work, PUT/DELETE/List still 403', async () => {
    await bucketWith('acl-public', { 'hello.txt': 'hello public' });
    expectDenied(await anon('GET', '/acl-public/hello.txt'));
    await t.client.send(new PutBucketAclCommand({ Bucket: 'acl-public', ACL: 'public-read' }));
    await expectPublicReadOnly('acl-public');
    // A missing key still does not reveal itself: anonymous callers may not list.
    expectDenied(await anon('GET', '/acl-public/no-such-key.txt'));
    // Back to private: anonymous reads stop.
    await t.client.send(new PutBucketAclCommand({ Bucket: 'acl-public', ACL: 'private' }));
    expectDenied(await anon('GET', '/acl-public/hello.txt'));
  });

  it('after PutBucketPolicy public-read: anonymous GET/HEAD work, PUT/DELETE/List still 403', async () => {
    await bucketWith('policy-public', { 'hello.txt': 'hello public' });
    await t.client.send(new PutBucketPolicyCommand({ Bucket: 'policy-public', Policy: publicReadPolicy('policy-public') }));
    await expectPublicReadOnly('policy-public');
    // The policy grants s3:GetObject only (no s3:ListBucket): a missing key is 403, as on AWS.
    expectDenied(await anon('GET', '/policy-public/no-such-key.txt'));
    expectDenied(await anon('HEAD', '/policy-public/no-such-key.txt'), 'HEAD');
    await t.client.send(new DeleteBucketPolicyCommand({ Bucket: 'policy-public' }));
    expectDenied(await anon('GET', '/policy-public/hello.txt'));
  });

  it('an object with ACL public-read in a private bucket is readable anonymously; its neighbours are not', async () => {
    await bucketWith('mixed-bucket', { 'hello.txt': 'hello public', 'other.txt': 'private neighbour' });
    await t.client.send(new PutObjectAclCommand({ Bucket: 'mixed-bucket', Key: 'hello.txt', ACL: 'public-read' }));
    const get = await anon('GET', '/mixed-bucket/hello.txt');
    expect(get.status).toBe(200);
    expect(get.body).toBe('hello public');
    expect((await anon('HEAD', '/mixed-bucket/hello.txt')).status).toBe(200);
    expect(await fetch(`${t.server.endpoint}/mixed-bucket/hello.txt`).then((r) => r.text())).toBe('hello public');
    expectDenied(await anon('GET', '/mixed-bucket/other.txt'));
    expectDenied(await anon('PUT', '/mixed-bucket/hello.txt', { body: 'overwrite' }));
    expectDenied(await anon('DELETE', '/mixed-bucket/hello.txt'));
    expectDenied(await anon('GET', '/mixed-bucket'));
  });
});

describe('bucket policy', () => {
  beforeAll(async () => {
    await bucketWith('policy-bucket', {});
  });

  it('GetBucketPolicy is NoSuchBucketPolicy when absent; Put, Get and Delete round-trip', async () => {
    const absent = await rejection(t.client.send(new GetBucketPolicyCommand({ Bucket: 'policy-bucket' })));
    expect(absent.name).toBe('NoSuchBucketPolicy');
    expect(absent.$metadata.httpStatusCode).toBe(404);
    const put = await t.client.send(new PutBucketPolicyCommand({ Bucket: 'policy-bucket', Policy: publicReadPolicy('policy-bucket') }));
    expect(put.$metadata.httpStatusCode).toBe(204);
    const got = await t.client.send(new GetBucketPolicyCommand({ Bucket: 'policy-bucket' }));
    expect(JSON.parse(got.Policy!)).toEqual(JSON.parse(publicReadPolicy('policy-bucket')));
    const del = await t.client.send(new DeleteBucketPolicyCommand({ Bucket: 'policy-bucket' }));
    expect(del.$metadata.httpStatusCode).toBe(204);
    expect((await rejection(t.client.send(new GetBucketPolicyCommand({ Bucket: 'policy-bucket' })))).name).toBe('NoSuchBucketPolicy');
  });

  it('accepts the public-read policy with list-valued fields and an AWS principal', async () => {
    const policy = JSON.stringify({
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Principal: { AWS: ['*'] }, Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::policy-bucket/*'] },
    });
    await t.client.send(new PutBucketPolicyCommand({ Bucket: 'policy-bucket', Policy: policy }));
    expect((await t.client.send(new GetBucketPolicyCommand({ Bucket: 'policy-bucket' }))).Policy).toBe(policy);
    await t.client.send(new DeleteBucketPolicyCommand({ Bucket: 'policy-bucket' }));
  });

  it.each([
    ['not JSON', '{ not json'],
    ['no statement', JSON.stringify({ Version: '2012-10-17' })],
    ['a write action', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:PutObject', Resource: 'arn:aws:s3:::policy-bucket/*' }] })],
    ['a Deny', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Deny', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::policy-bucket/*' }] })],
    ['another bucket', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::elsewhere/*' }] })],
    ['a named principal', JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::policy-bucket/*' }] })],
  ])('another policy (%s) is MalformedPolicy and leaves no policy behind', async (_label, policy) => {
    const err = await rejection(t.client.send(new PutBucketPolicyCommand({ Bucket: 'policy-bucket', Policy: policy })));
    expect(err.name).toBe('MalformedPolicy');
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect((await rejection(t.client.send(new GetBucketPolicyCommand({ Bucket: 'policy-bucket' })))).name).toBe('NoSuchBucketPolicy');
    expectDenied(await anon('GET', '/policy-bucket/anything'));
  });
});

describe('CORS', () => {
  const BUCKET = 'cors-bucket';
  const APP = 'https://app.example.org';

  beforeAll(async () => {
    await bucketWith(BUCKET, { 'page.txt': 'cors body' });
    await bucketWith('no-cors-bucket', { 'page.txt': 'no cors' });
  });

  const preflight = (path: string, origin: string | undefined, method: string | undefined, headers?: string) => anon('OPTIONS', path, {
    headers: {
      ...(origin ? { origin } : {}),
      ...(method ? { 'access-control-request-method': method } : {}),
      ...(headers ? { 'access-control-request-headers': headers } : {}),
    },
  });

  it('GetBucketCors is NoSuchCORSConfiguration when absent; Put/Get/Delete round-trip', async () => {
    const absent = await rejection(t.client.send(new GetBucketCorsCommand({ Bucket: BUCKET })));
    expect(absent.name).toBe('NoSuchCORSConfiguration');
    expect(absent.$metadata.httpStatusCode).toBe(404);
    const rules = [
      { ID: 'app', AllowedOrigins: [APP], AllowedMethods: ['GET', 'PUT', 'HEAD'], AllowedHeaders: ['Content-Type', 'x-amz-*'], ExposeHeaders: ['ETag', 'x-amz-request-id'], MaxAgeSeconds: 600 },
      { AllowedOrigins: ['http://*.example.com'], AllowedMethods: ['GET'], AllowedHeaders: ['*'] },
    ];
    await t.client.send(new PutBucketCorsCommand({ Bucket: BUCKET, CORSConfiguration: { CORSRules: rules } }));
    const got = await t.client.send(new GetBucketCorsCommand({ Bucket: BUCKET }));
    expect(got.CORSRules).toHaveLength(2);
    expect(got.CORSRules?.[0]).toMatchObject(rules[0]!);
    expect(got.CORSRules?.[1]).toMatchObject(rules[1]!);

    await t.client.send(new PutBucketCorsCommand({ Bucket: 'no-cors-bucket', CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }] } }));
    const deleted = await t.client.send(new DeleteBucketCorsCommand({ Bucket: 'no-cors-bucket' }));
    expect(deleted.$metadata.httpStatusCode).toBe(204);
    expect((await rejection(t.client.send(new GetBucketCorsCommand({ Bucket: 'no-cors-bucket' })))).name).toBe('NoSuchCORSConfiguration');
  });

  it('rejects a rule with an unsupported method', async () => {
    const err = await rejection(t.client.send(new PutBucketCorsCommand({ Bucket: 'no-cors-bucket', CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['PATCH'] }] } })));
    expect(err.$metadata.httpStatusCode).toBe(400);
    expect((await rejection(t.client.send(new GetBucketCorsCommand({ Bucket: 'no-cors-bucket' })))).name).toBe('NoSuchCORSConfiguration');
  });

  it('an allowed preflight answers 200 with the Allow-Origin, -Methods and -Headers', async () => {
    const res = await preflight(`/${BUCKET}/page.txt`, APP, 'PUT', 'content-type, x-amz-date');
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(APP);
    expect(String(res.headers['access-control-allow-methods']).split(/,\s*/)).toEqual(expect.arrayContaining(['GET', 'PUT', 'HEAD']));
    expect(String(res.headers['access-control-allow-headers']).toLowerCase().split(/,\s*/)).toEqual(expect.arrayContaining(['content-type', 'x-amz-date']));
    expect(res.headers['access-control-max-age']).toBe('600');
    expect(String(res.headers['access-control-expose-headers'])).toContain('ETag');
    // Preflights need no credentials, also for a key that does not exist.
    expect((await preflight(`/${BUCKET}/not-there.txt`, APP, 'GET')).status).toBe(200);
  });

  it('a preflight with a disallowed origin, method or header is 403', async () => {
    const origin = await preflight(`/${BUCKET}/page.txt`, 'https://evil.example.net', 'GET');
    expect(origin.status).toBe(403);
    expect(errorCode(origin.body)).toBe('CORSResponse');
    expect(origin.headers['access-control-allow-origin']).toBeUndefined();
    expect((await preflight(`/${BUCKET}/page.txt`, APP, 'DELETE')).status).toBe(403);
    expect((await preflight(`/${BUCKET}/page.txt`, APP, 'PUT', 'x-custom-header')).status).toBe(403);
  });

  it('a preflight to a bucket without CORS is 403', async () => {
    const res = await preflight('/no-cors-bucket/page.txt', APP, 'GET');
    expect(res.status).toBe(403);
    expect(errorCode(res.body)).toBe('CORSResponse');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('a preflight without Origin or Access-Control-Request-Method is 400', async () => {
    expect((await preflight(`/${BUCKET}/page.txt`, undefined, 'GET')).status).toBe(400);
    expect((await preflight(`/${BUCKET}/page.txt`, APP, undefined)).status).toBe(400);
  });

  it('the wildcard origin http://*.example.com matches subdomains only', async () => {
    const sub = await preflight(`/${BUCKET}/page.txt`, 'http://www.example.com', 'GET', 'authorization, x-anything');
    expect(sub.status).toBe(200);
    expect(sub.headers['access-control-allow-origin']).toBe('http://www.example.com');
    const deep = await preflight(`/${BUCKET}/page.txt`, 'http://a.b.example.com', 'GET');
    expect(deep.status).toBe(200);
    expect((await preflight(`/${BUCKET}/page.txt`, 'http://example.com', 'GET')).status).toBe(403);
    expect((await preflight(`/${BUCKET}/page.txt`, 'https://www.example.com', 'GET')).status).toBe(403);
    expect((await preflight(`/${BUCKET}/page.txt`, 'http://www.example.com.evil.org', 'GET')).status).toBe(403);
    // The wildcard rule allows GET only.
    expect((await preflight(`/${BUCKET}/page.txt`, 'http://www.example.com', 'PUT')).status).toBe(403);
  });

  it('an actual signed GET with Origin gets Access-Control-Allow-Origin and -Expose-Headers', async () => {
    const res = await rawRequest(t.server.endpoint, { method: 'GET', path: `/${BUCKET}/page.txt`, headers: { origin: APP } });
    expect(res.status).toBe(200);
    expect(res.body).toBe('cors body');
    expect(res.headers['access-control-allow-origin']).toBe(APP);
    expect(String(res.headers['access-control-expose-headers']).split(/,\s*/)).toEqual(['ETag', 'x-amz-request-id']);
    // An error answer carries them too, so the browser can read the S3 error.
    const missing = await rawRequest(t.server.endpoint, { method: 'GET', path: `/${BUCKET}/nope.txt`, headers: { origin: APP } });
    expect(missing.status).toBe(404);
    expect(missing.headers['access-control-allow-origin']).toBe(APP);
    // Wildcard-origin rule, and no CORS headers for a foreign origin.
    const wild = await rawRequest(t.server.endpoint, { method: 'GET', path: `/${BUCKET}/page.txt`, headers: { origin: 'http://cdn.example.com' } });
    expect(wild.headers['access-control-allow-origin']).toBe('http://cdn.example.com');
    const foreign = await rawRequest(t.server.endpoint, { method: 'GET', path: `/${BUCKET}/page.txt`, headers: { origin: 'https://evil.example.net' } });
    expect(foreign.status).toBe(200);
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('after DeleteBucketCors, preflights are refused and GetBucketCors is NoSuchCORSConfiguration', async () => {
    await t.client.send(new DeleteBucketCorsCommand({ Bucket: BUCKET }));
    expect((await preflight(`/${BUCKET}/page.txt`, APP, 'GET')).status).toBe(403);
    expect((await rejection(t.client.send(new GetBucketCorsCommand({ Bucket: BUCKET })))).name).toBe('NoSuchCORSConfiguration');
    const res = await rawRequest(t.server.endpoint, { method: 'GET', path: `/${BUCKET}/page.txt`, headers: { origin: APP } });
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
