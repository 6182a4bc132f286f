import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCorsCommand,
  DeleteBucketPolicyCommand,
  GetBucketAclCommand,
  GetBucketCorsCommand,
  GetBucketPolicyCommand,
  GetObjectAclCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutBucketAclCommand,
  PutBucketCorsCommand,
  PutBucketPolicyCommand,
  PutObjectAclCommand,
  PutObjectCommand,
  UploadPartCommand,
  type CORSRule,
  type Grant,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-s3.js';

let t: TestServer;
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';

async function expectS3Error(promise: Promise<unknown>, name: string, status: number): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e as { name?: string; $metadata?: { httpStatusCode?: number } },
  );
  expect(err, `expected ${name}, but the request succeeded`).toBeDefined();
  expect({ name: err!.name, status: err!.$metadata?.httpStatusCode }).toEqual({ name, status });
}

const url = (bucket: string, key?: string) =>
  `${t.server.endpoint}/${bucket}${key === undefined ? '' : `/${key.split('/').map(encodeURIComponent).join('/')}`}`;
/** A request with no signature at all, as a browser or curl sends it. */
const anonymous = (method: string, target: string, init: RequestInit = {}) => fetch(target, { method, ...init });
const codeOf = (xml: string) => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
const messageOf = (xml: string) => /<Message>([^<]*)<\/Message>/.exec(xml)?.[1];

async function putObject(
  bucket: string,
  key: string,
  body: string,
  extra: Partial<ConstructorParameters<typeof PutObjectCommand>[0]> = {},
) {
  await t.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ...extra }));
}

async function exists(bucket: string, key: string): Promise<boolean> {
  return t.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
    () => true,
    (err: { name?: string }) => {
      if (err.name === 'NotFound') return false;
      throw err;
    },
  );
}

/** Asserts what anonymous callers may do: read objects when `canRead`, list when `canList`, never write or delete. */
async function expectAnonymousAccess(bucket: string, key: string, body: string, canRead: boolean, canList = false): Promise<void> {
  const get = await anonymous('GET', url(bucket, key));
  const getText = await get.text();
  const head = await anonymous('HEAD', url(bucket, key));
  if (canRead) {
    expect(get.status).toBe(200);
    expect(getText).toBe(body);
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(body)));
    expect(head.headers.get('etag')).toMatch(/^"[0-9a-f]{32}"$/);
  } else {
    expect(get.status).toBe(403);
    expect(codeOf(getText)).toBe('AccessDenied');
    expect(getText).not.toContain(body);
    expect(head.status).toBe(403);
  }
  const put = await anonymous('PUT', url(bucket, `${key}.anonymous-put`), { body: 'written anonymously' });
  expect(put.status).toBe(403);
  expect(codeOf(await put.text())).toBe('AccessDenied');
  expect(await exists(bucket, `${key}.anonymous-put`)).toBe(false);
  const del = await anonymous('DELETE', url(bucket, key));
  expect(del.status).toBe(403);
  expect(codeOf(await del.text())).toBe('AccessDenied');
  expect(await exists(bucket, key)).toBe(true);
  for (const listing of [url(bucket), `${url(bucket)}?list-type=2`]) {
    const res = await anonymous('GET', listing);
    const text = await res.text();
    if (canList) {
      expect(res.status, listing).toBe(200);
      expect(text).toContain(`<Key>${key}</Key>`);
    } else {
      expect(res.status, listing).toBe(403);
      expect(codeOf(text)).toBe('AccessDenied');
    }
  }
  // Nobody but the owner reads ACLs: no canned ACL grants READ_ACP to everyone.
  for (const acl of [`${url(bucket)}?acl`, `${url(bucket, key)}?acl`]) {
    const res = await anonymous('GET', acl);
    expect(res.status, acl).toBe(403);
    expect(codeOf(await res.text())).toBe('AccessDenied');
  }
}

const grantsOf = (grants: Grant[] | undefined) =>
  (grants ?? []).map((g) => ({
    type: g.Grantee?.Type,
    id: g.Grantee?.ID,
    uri: g.Grantee?.URI,
    permission: g.Permission,
  }));

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

describe('anonymous access to a private bucket', () => {
  const bucket = 'private-stuff';

  beforeAll(async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: bucket }));
    await putObject(bucket, 'secret.txt', 'top secret');
  });

  it('refuses reads, writes, deletes and listings with 403 AccessDenied', async () => {
    await expectAnonymousAccess(bucket, 'secret.txt', 'top secret', false);
  });

  it('does not reveal whether a key exists', async () => {
    const existing = await anonymous('GET', url(bucket, 'secret.txt'));
    const missing = await anonymous('GET', url(bucket, 'no-such-key.txt'));
    expect([existing.status, missing.status]).toEqual([403, 403]);
    const [a, b] = [await existing.text(), await missing.text()];
    expect([codeOf(a), messageOf(a)]).toEqual([codeOf(b), messageOf(b)]);
    const headExisting = await anonymous('HEAD', url(bucket, 'secret.txt'));
    const headMissing = await anonymous('HEAD', url(bucket, 'no-such-key.txt'));
    expect([headExisting.status, headMissing.status]).toEqual([403, 403]);
    expect(headExisting.headers.get('etag')).toBeNull();
    expect(headExisting.headers.get('last-modified')).toBeNull();
  });

  it('still serves a presigned GET, and refuses a tampered one', async () => {
    const signed = await getSignedUrl(t.client, new GetObjectCommand({ Bucket: bucket, Key: 'secret.txt' }), { expiresIn: 60 });
    const ok = await fetch(signed);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('top secret');
    const tampered = signed.replace(/X-Amz-Signature=([0-9a-f])/, (_, c: string) => `X-Amz-Signature=${c === '0' ? '1' : '0'}`);
    expect(tampered).not.toBe(signed);
    const refused = await fetch(tampered);
    expect(refused.status).toBe(403);
    expect(codeOf(await refused.text())).toBe('SignatureDoesNotMatch');
  });
});

describe('bucket ACLs', () => {
  const bucket = 'acl-bucket';

  beforeAll(async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: bucket }));
    await putObject(bucket, 'page.html', '<h1>hello</h1>', { ContentType: 'text/html' });
  });

  it('starts private: the owner has FULL_CONTROL and nobody else has anything', async () => {
    const acl = await t.client.send(new GetBucketAclCommand({ Bucket: bucket }));
    expect(acl.Owner?.ID).toMatch(/\S/);
    expect(grantsOf(acl.Grants)).toEqual([{ type: 'CanonicalUser', id: acl.Owner!.ID, uri: undefined, permission: 'FULL_CONTROL' }]);
  });

  it('public-read adds AllUsers READ: anyone may list the bucket, not read its private objects, PUT or DELETE', async () => {
    // S3: READ on a bucket is the right to list it; reading an object takes the object's ACL or a policy.
    await t.client.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'public-read' }));
    const acl = await t.client.send(new GetBucketAclCommand({ Bucket: bucket }));
    expect(grantsOf(acl.Grants)).toEqual([
      { type: 'CanonicalUser', id: acl.Owner!.ID, uri: undefined, permission: 'FULL_CONTROL' },
      { type: 'Group', id: undefined, uri: ALL_USERS, permission: 'READ' },
    ]);
    await expectAnonymousAccess(bucket, 'page.html', '<h1>hello</h1>', false, true);
  });

  it('private again closes it', async () => {
    await t.client.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'private' }));
    const acl = await t.client.send(new GetBucketAclCommand({ Bucket: bucket }));
    expect(grantsOf(acl.Grants).map((g) => g.permission)).toEqual(['FULL_CONTROL']);
    await expectAnonymousAccess(bucket, 'page.html', '<h1>hello</h1>', false);
  });

  it('accepts an AccessControlPolicy body granting AllUsers READ', async () => {
    const { Owner } = await t.client.send(new GetBucketAclCommand({ Bucket: bucket }));
    await t.client.send(
      new PutBucketAclCommand({
        Bucket: bucket,
        AccessControlPolicy: {
          Owner,
          Grants: [
            { Grantee: { Type: 'CanonicalUser', ID: Owner!.ID }, Permission: 'FULL_CONTROL' },
            { Grantee: { Type: 'Group', URI: ALL_USERS }, Permission: 'READ' },
          ],
        },
      }),
    );
    expect((await anonymous('GET', url(bucket))).status).toBe(200);
    await t.client.send(new PutBucketAclCommand({ Bucket: bucket, ACL: 'private' }));
    expect((await anonymous('GET', url(bucket))).status).toBe(403);
  });

  it('refuses grants it cannot honour rather than ignoring them', async () => {
    const { Owner } = await t.client.send(new GetBucketAclCommand({ Bucket: bucket }));
    await expectS3Error(
      t.client.send(
        new PutBucketAclCommand({
          Bucket: bucket,
          AccessControlPolicy: { Owner, Grants: [{ Grantee: { Type: 'CanonicalUser', ID: 'someone-else' }, Permission: 'WRITE' }] },
        }),
      ),
      'NotImplemented',
      501,
    );
    await expectS3Error(
      t.client.send(new PutBucketAclCommand({ Bucket: bucket, GrantWrite: 'uri="http://acs.amazonaws.com/groups/global/AllUsers"' })),
      'NotImplemented',
      501,
    );
    expect((await anonymous('PUT', url(bucket, 'after-refused-acl'), { body: 'x' })).status).toBe(403);
  });

  it('NoSuchBucket for a missing bucket', async () => {
    await expectS3Error(t.client.send(new GetBucketAclCommand({ Bucket: 'no-such-acl-bucket' })), 'NoSuchBucket', 404);
    await expectS3Error(t.client.send(new PutBucketAclCommand({ Bucket: 'no-such-acl-bucket', ACL: 'private' })), 'NoSuchBucket', 404);
  });
});

describe('object ACLs', () => {
  const bucket = 'object-acl-bucket';

  beforeAll(async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  it('an object put with public-read is readable anonymously in a private bucket; its neighbours are not', async () => {
    await putObject(bucket, 'public/logo.svg', '<svg/>', { ACL: 'public-read', ContentType: 'image/svg+xml' });
    await putObject(bucket, 'public/private.txt', 'not for you');
    const acl = await t.client.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'public/logo.svg' }));
    expect(grantsOf(acl.Grants)).toEqual([
      { type: 'CanonicalUser', id: acl.Owner!.ID, uri: undefined, permission: 'FULL_CONTROL' },
      { type: 'Group', id: undefined, uri: ALL_USERS, permission: 'READ' },
    ]);
    await expectAnonymousAccess(bucket, 'public/logo.svg', '<svg/>', true);
    await expectAnonymousAccess(bucket, 'public/private.txt', 'not for you', false);
  });

  it('PutObjectAcl switches an object between private and public-read without touching its bytes', async () => {
    const key = 'toggle.txt';
    await putObject(bucket, key, 'toggle me', { Metadata: { kept: 'yes' } });
    const before = await t.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    const privateAcl = await t.client.send(new GetObjectAclCommand({ Bucket: bucket, Key: key }));
    expect(grantsOf(privateAcl.Grants).map((g) => g.permission)).toEqual(['FULL_CONTROL']);
    expect((await anonymous('GET', url(bucket, key))).status).toBe(403);

    await t.client.send(new PutObjectAclCommand({ Bucket: bucket, Key: key, ACL: 'public-read' }));
    const res = await anonymous('GET', url(bucket, key));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('toggle me');
    const after = await t.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    expect(after.ETag).toBe(before.ETag);
    expect(after.Metadata).toEqual({ kept: 'yes' });

    await t.client.send(new PutObjectAclCommand({ Bucket: bucket, Key: key, ACL: 'private' }));
    expect((await anonymous('GET', url(bucket, key))).status).toBe(403);
    expect((await anonymous('HEAD', url(bucket, key))).status).toBe(403);
  });

  it("a copy does not inherit the source's public-read ACL unless asked for one", async () => {
    await putObject(bucket, 'copy/public-source.txt', 'shared');
    await t.client.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'copy/public-source.txt', ACL: 'public-read' }));
    await t.client.send(
      new CopyObjectCommand({ Bucket: bucket, Key: 'copy/private-copy.txt', CopySource: `${bucket}/copy/public-source.txt` }),
    );
    expect((await anonymous('GET', url(bucket, 'copy/private-copy.txt'))).status).toBe(403);
    await t.client.send(
      new CopyObjectCommand({
        Bucket: bucket,
        Key: 'copy/public-copy.txt',
        CopySource: `${bucket}/copy/public-source.txt`,
        ACL: 'public-read',
      }),
    );
    const res = await anonymous('GET', url(bucket, 'copy/public-copy.txt'));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('shared');
  });

  it('an ACL given at CreateMultipartUpload applies to the completed object', async () => {
    const key = 'multipart/public.bin';
    const { UploadId } = await t.client.send(new CreateMultipartUploadCommand({ Bucket: bucket, Key: key, ACL: 'public-read' }));
    const part = await t.client.send(new UploadPartCommand({ Bucket: bucket, Key: key, UploadId, PartNumber: 1, Body: 'one part' }));
    await t.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: bucket,
        Key: key,
        UploadId,
        MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] },
      }),
    );
    const res = await anonymous('GET', url(bucket, key));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('one part');
    const acl = await t.client.send(new GetObjectAclCommand({ Bucket: bucket, Key: key }));
    expect(grantsOf(acl.Grants).map((g) => g.uri ?? g.permission)).toEqual(['FULL_CONTROL', ALL_USERS]);
  });

  it('NoSuchKey for the ACL of a missing object', async () => {
    await expectS3Error(t.client.send(new GetObjectAclCommand({ Bucket: bucket, Key: 'missing' })), 'NoSuchKey', 404);
    await expectS3Error(t.client.send(new PutObjectAclCommand({ Bucket: bucket, Key: 'missing', ACL: 'public-read' })), 'NoSuchKey', 404);
    expect(await exists(bucket, 'missing')).toBe(false);
  });
});

describe('bucket policies', () => {
  const bucket = 'policy-bucket';
  const publicRead = (name: string, overrides: Record<string, unknown> = {}) =>
    JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'PublicRead', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${name}/*`, ...overrides },
      ],
    });

  beforeAll(async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: bucket }));
    await putObject(bucket, 'docs/index.html', 'welcome');
  });

  it('NoSuchBucketPolicy before any policy is set', async () => {
    await expectS3Error(t.client.send(new GetBucketPolicyCommand({ Bucket: bucket })), 'NoSuchBucketPolicy', 404);
  });

  it('the public-read policy opens GET/HEAD to anonymous callers, not PUT, DELETE or List', async () => {
    const policy = publicRead(bucket);
    const put = await t.client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy }));
    expect(put.$metadata.httpStatusCode).toBe(204);
    const got = await t.client.send(new GetBucketPolicyCommand({ Bucket: bucket }));
    expect(JSON.parse(got.Policy!)).toEqual(JSON.parse(policy));
    await expectAnonymousAccess(bucket, 'docs/index.html', 'welcome', true);
  });

  it('DeleteBucketPolicy closes the bucket again', async () => {
    const res = await t.client.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    expect(res.$metadata.httpStatusCode).toBe(204);
    await expectS3Error(t.client.send(new GetBucketPolicyCommand({ Bucket: bucket })), 'NoSuchBucketPolicy', 404);
    await expectAnonymousAccess(bucket, 'docs/index.html', 'welcome', false);
    // Deleting an absent policy is not an error.
    expect((await t.client.send(new DeleteBucketPolicyCommand({ Bucket: bucket }))).$metadata.httpStatusCode).toBe(204);
  });

  it('accepts the equivalent spellings: Principal {"AWS": "*"} and a one-element Action list', async () => {
    await t.client.send(
      new PutBucketPolicyCommand({ Bucket: bucket, Policy: publicRead(bucket, { Principal: { AWS: '*' }, Action: ['s3:GetObject'] }) }),
    );
    expect((await anonymous('GET', url(bucket, 'docs/index.html'))).status).toBe(200);
    await t.client.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
    expect((await anonymous('GET', url(bucket, 'docs/index.html'))).status).toBe(403);
  });

  const refused: [string, string][] = [
    ['not JSON', '{"Version": "2012-10-17", "Statement": ['],
    ['no statement', JSON.stringify({ Version: '2012-10-17', Statement: [] })],
    ['Deny', publicRead(bucket, { Effect: 'Deny' })],
    ['a named principal', publicRead(bucket, { Principal: { AWS: 'arn:aws:iam::123456789012:root' } })],
    ['s3:PutObject', publicRead(bucket, { Action: ['s3:GetObject', 's3:PutObject'] })],
    ['s3:*', publicRead(bucket, { Action: 's3:*' })],
    ['s3:ListBucket on the bucket', publicRead(bucket, { Action: 's3:ListBucket', Resource: `arn:aws:s3:::${bucket}` })],
    ["another bucket's objects", publicRead('someone-else')],
    ['a prefix only', publicRead(bucket, { Resource: `arn:aws:s3:::${bucket}/public/*` })],
    // A condition the local bucket cannot evaluate must not turn into an unconditional grant.
    ['a Condition', publicRead(bucket, { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })],
    ['NotPrincipal', publicRead(bucket, { NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' } })],
  ];
  for (const [what, policy] of refused) {
    it(`MalformedPolicy for a policy with ${what}, leaving the bucket private`, async () => {
      await expectS3Error(t.client.send(new PutBucketPolicyCommand({ Bucket: bucket, Policy: policy })), 'MalformedPolicy', 400);
      await expectS3Error(t.client.send(new GetBucketPolicyCommand({ Bucket: bucket })), 'NoSuchBucketPolicy', 404);
      expect((await anonymous('GET', url(bucket, 'docs/index.html'))).status).toBe(403);
    });
  }

  it('NoSuchBucket for a missing bucket', async () => {
    await expectS3Error(
      t.client.send(new PutBucketPolicyCommand({ Bucket: 'no-such-policy-bucket', Policy: publicRead('no-such-policy-bucket') })),
      'NoSuchBucket',
      404,
    );
    await expectS3Error(t.client.send(new GetBucketPolicyCommand({ Bucket: 'no-such-policy-bucket' })), 'NoSuchBucket', 404);
  });
});

describe('CORS configuration', () => {
  const bucket = 'cors-config';
  const rules: CORSRule[] = [
    {
      ID: 'web-app',
      AllowedOrigins: ['https://app.example.org'],
      AllowedMethods: ['GET', 'PUT', 'HEAD'],
      AllowedHeaders: ['*'],
      ExposeHeaders: ['ETag', 'x-amz-meta-owner'],
      MaxAgeSeconds: 600,
    },
    { AllowedOrigins: ['*'], AllowedMethods: ['GET'] },
  ];

  beforeAll(async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: bucket }));
  });

  it('NoSuchCORSConfiguration before any is set', async () => {
    await expectS3Error(t.client.send(new GetBucketCorsCommand({ Bucket: bucket })), 'NoSuchCORSConfiguration', 404);
  });

  it('round-trips rules through Put/GetBucketCors', async () => {
    await t.client.send(new PutBucketCorsCommand({ Bucket: bucket, CORSConfiguration: { CORSRules: rules } }));
    const got = await t.client.send(new GetBucketCorsCommand({ Bucket: bucket }));
    expect(got.CORSRules).toEqual([rules[0], { AllowedOrigins: ['*'], AllowedMethods: ['GET'] }]);
  });

  it('DeleteBucketCors removes them', async () => {
    const res = await t.client.send(new DeleteBucketCorsCommand({ Bucket: bucket }));
    expect(res.$metadata.httpStatusCode).toBe(204);
    await expectS3Error(t.client.send(new GetBucketCorsCommand({ Bucket: bucket })), 'NoSuchCORSConfiguration', 404);
  });

  it('refuses an unsupported method or an origin with two wildcards', async () => {
    await expectS3Error(
      t.client.send(
        new PutBucketCorsCommand({
          Bucket: bucket,
          CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['PATCH'] }] },
        }),
      ),
      'InvalidRequest',
      400,
    );
    await expectS3Error(
      t.client.send(
        new PutBucketCorsCommand({
          Bucket: bucket,
          CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['https://*.*.example.org'], AllowedMethods: ['GET'] }] },
        }),
      ),
      'InvalidRequest',
      400,
    );
    await expectS3Error(t.client.send(new GetBucketCorsCommand({ Bucket: bucket })), 'NoSuchCORSConfiguration', 404);
  });
});

describe('CORS requests', () => {
  const bucket = 'cors-requests';
  const plain = 'cors-none';
  const APP = 'https://app.example.org';
  const preflight = (target: string, origin: string | undefined, method: string, headers?: string) =>
    fetch(target, {
      method: 'OPTIONS',
      headers: {
        ...(origin ? { origin } : {}),
        'access-control-request-method': method,
        ...(headers ? { 'access-control-request-headers': headers } : {}),
      },
    });

  beforeAll(async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: bucket }));
    await t.client.send(new CreateBucketCommand({ Bucket: plain }));
    await t.client.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: [APP],
              AllowedMethods: ['GET', 'PUT', 'HEAD'],
              AllowedHeaders: ['content-type', 'x-amz-*'],
              ExposeHeaders: ['ETag', 'x-amz-meta-owner'],
              MaxAgeSeconds: 600,
            },
            { AllowedOrigins: ['http://*.example.com'], AllowedMethods: ['GET'] },
            { AllowedOrigins: ['*'], AllowedMethods: ['HEAD'] },
          ],
        },
      }),
    );
    await putObject(bucket, 'data.json', '{"ok":true}', { ContentType: 'application/json', Metadata: { owner: 'pail' } });
    await putObject(plain, 'data.json', '{}');
  });

  it('answers an allowed preflight with 200 and the Access-Control-* headers', async () => {
    const res = await preflight(url(bucket, 'data.json'), APP, 'PUT', 'Content-Type, x-amz-meta-owner, X-Amz-Date');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-methods')?.split(/,\s*/)).toEqual(['GET', 'PUT', 'HEAD']);
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase().split(/,\s*/)).toEqual([
      'content-type',
      'x-amz-meta-owner',
      'x-amz-date',
    ]);
    expect(res.headers.get('access-control-expose-headers')?.split(/,\s*/)).toEqual(['ETag', 'x-amz-meta-owner']);
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    // A preflight on the bucket itself (e.g. before a listing) is answered from the same rules.
    expect((await preflight(url(bucket), APP, 'GET')).status).toBe(200);
  });

  it('refuses a preflight from an origin no rule allows', async () => {
    const res = await preflight(url(bucket, 'data.json'), 'https://evil.example.net', 'GET');
    expect(res.status).toBe(403);
    expect(codeOf(await res.text())).toBe('CORSResponse');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it("refuses a preflight for a method or a header the origin's rule does not allow", async () => {
    const del = await preflight(url(bucket, 'data.json'), APP, 'DELETE');
    expect(del.status).toBe(403);
    expect(del.headers.get('access-control-allow-origin')).toBeNull();
    const header = await preflight(url(bucket, 'data.json'), APP, 'PUT', 'content-type, authorization-extra');
    expect(header.status).toBe(403);
    expect(header.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses every preflight on a bucket without CORS, and one without an Origin', async () => {
    const res = await preflight(url(plain, 'data.json'), APP, 'GET');
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const noOrigin = await preflight(url(bucket, 'data.json'), undefined, 'GET');
    expect(noOrigin.status).toBe(400);
  });

  it('adds Access-Control-Allow-Origin and the exposed headers to an actual GET from an allowed origin', async () => {
    const signed = await getSignedUrl(t.client, new GetObjectCommand({ Bucket: bucket, Key: 'data.json' }), { expiresIn: 60 });
    const res = await fetch(signed, { headers: { origin: APP } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('{"ok":true}');
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-expose-headers')?.split(/,\s*/)).toEqual(['ETag', 'x-amz-meta-owner']);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('x-amz-meta-owner')).toBe('pail');
    // Other origins get the object (the signature is valid) but no CORS headers.
    const other = await fetch(signed, { headers: { origin: 'https://evil.example.net' } });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    // Without an Origin there is nothing to answer.
    expect((await fetch(signed)).headers.get('access-control-allow-origin')).toBeNull();
  });

  it('adds the CORS headers to an error answer too, so the page can read it', async () => {
    const signed = await getSignedUrl(t.client, new GetObjectCommand({ Bucket: bucket, Key: 'missing.json' }), { expiresIn: 60 });
    const res = await fetch(signed, { headers: { origin: APP } });
    expect(res.status).toBe(404);
    expect(codeOf(await res.text())).toBe('NoSuchKey');
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('matches wildcard origins like http://*.example.com', async () => {
    for (const origin of ['http://app.example.com', 'http://a.b.example.com']) {
      const res = await preflight(url(bucket, 'data.json'), origin, 'GET');
      expect(res.status, origin).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    }
    for (const origin of ['https://app.example.com', 'http://example.com', 'http://app.example.com.evil.net', 'http://app.example.org']) {
      const res = await preflight(url(bucket, 'data.json'), origin, 'GET');
      expect(res.status, origin).toBe(403);
    }
    // The wildcard rule allows GET only.
    expect((await preflight(url(bucket, 'data.json'), 'http://app.example.com', 'PUT')).status).toBe(403);
  });

  it('answers "*" to any origin under an AllowedOrigin "*" rule, without credentials', async () => {
    const res = await preflight(url(bucket, 'data.json'), 'https://anyone.test', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('answers preflights again after DeleteBucketCors with 403', async () => {
    const other = 'cors-deleted';
    await t.client.send(new CreateBucketCommand({ Bucket: other }));
    await t.client.send(
      new PutBucketCorsCommand({ Bucket: other, CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET'] }] } }),
    );
    expect((await preflight(url(other, 'x'), APP, 'GET')).status).toBe(200);
    await t.client.send(new DeleteBucketCorsCommand({ Bucket: other }));
    expect((await preflight(url(other, 'x'), APP, 'GET')).status).toBe(403);
  });
});
