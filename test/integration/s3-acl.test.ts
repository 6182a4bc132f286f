import {
  CreateBucketCommand,
  GetBucketAclCommand,
  GetObjectAclCommand,
  HeadObjectCommand,
  PutBucketAclCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  type Grant,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-s3.js';
import { errorCode } from '../support/raw-request.js';

/**
 * Canned ACLs with S3's meaning: on a bucket, READ lets anyone list it and WRITE lets anyone
 * create, overwrite and delete its objects; on an object, READ lets anyone read it. The
 * public-read bucket policy is what opens every object of a bucket for reading.
 */
let t: TestServer;
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const AUTHENTICATED = 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers';

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

const at = (bucket: string, key?: string) => `${t.server.endpoint}/${bucket}${key === undefined ? '' : `/${encodeURIComponent(key)}`}`;
const anonymous = (method: string, target: string, body?: string) => fetch(target, { method, ...(body === undefined ? {} : { body }) });

async function exists(bucket: string, key: string): Promise<boolean> {
  return t.client.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(
    () => true,
    (err: { name?: string }) => {
      if (err.name === 'NotFound') return false;
      throw err;
    },
  );
}

const groupGrants = (grants: Grant[] | undefined) =>
  (grants ?? [])
    .filter((g) => g.Grantee?.Type === 'Group')
    .map((g) => `${g.Grantee!.URI} ${g.Permission}`)
    .sort();

describe('bucket canned ACLs', () => {
  it('public-read: anonymous listing and HeadBucket, but no object reads or writes; a missing key is 404', async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: 'listable', ACL: 'public-read' }));
    await t.client.send(new PutObjectCommand({ Bucket: 'listable', Key: 'private.txt', Body: 'hidden' }));
    const list = await anonymous('GET', `${at('listable')}?list-type=2`);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('<Key>private.txt</Key>');
    expect((await anonymous('GET', at('listable'))).status).toBe(200);
    expect((await anonymous('HEAD', at('listable'))).status).toBe(200);
    const get = await anonymous('GET', at('listable', 'private.txt'));
    expect(get.status).toBe(403);
    expect(await get.text()).not.toContain('hidden');
    // Whoever may list the bucket may learn a key is missing.
    const missing = await anonymous('GET', at('listable', 'nothing-here'));
    expect(missing.status).toBe(404);
    expect(errorCode(await missing.text())).toBe('NoSuchKey');
    expect((await anonymous('PUT', at('listable', 'new.txt'), 'x')).status).toBe(403);
    expect((await anonymous('DELETE', at('listable', 'private.txt'))).status).toBe(403);
    expect(await exists('listable', 'private.txt')).toBe(true);
  });

  it('public-read-write: anonymous callers may also create, overwrite and delete objects', async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: 'dropbox' }));
    expect((await anonymous('PUT', at('dropbox', 'drop.txt'), 'x')).status).toBe(403);
    await t.client.send(new PutBucketAclCommand({ Bucket: 'dropbox', ACL: 'public-read-write' }));
    const acl = await t.client.send(new GetBucketAclCommand({ Bucket: 'dropbox' }));
    expect(groupGrants(acl.Grants)).toEqual([`${ALL_USERS} READ`, `${ALL_USERS} WRITE`]);
    const put = await anonymous('PUT', at('dropbox', 'drop.txt'), 'dropped');
    expect(put.status).toBe(200);
    expect(await exists('dropbox', 'drop.txt')).toBe(true);
    // The uploaded object is private unless the uploader asked otherwise.
    expect((await anonymous('GET', at('dropbox', 'drop.txt'))).status).toBe(403);
    expect((await anonymous('DELETE', at('dropbox', 'drop.txt'))).status).toBe(204);
    expect(await exists('dropbox', 'drop.txt')).toBe(false);
    // An anonymous copy needs read access to its source, which the bucket's WRITE does not give.
    await t.client.send(new CreateBucketCommand({ Bucket: 'vault' }));
    await t.client.send(new PutObjectCommand({ Bucket: 'vault', Key: 'secret', Body: 'secret' }));
    const copy = await fetch(at('dropbox', 'stolen'), { method: 'PUT', headers: { 'x-amz-copy-source': '/vault/secret' } });
    expect(copy.status).toBe(403);
    expect(await exists('dropbox', 'stolen')).toBe(false);
  });

  it('authenticated-read and the bucket-owner ACLs give anonymous callers nothing', async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: 'members', ACL: 'authenticated-read' }));
    const acl = await t.client.send(new GetBucketAclCommand({ Bucket: 'members' }));
    expect(groupGrants(acl.Grants)).toEqual([`${AUTHENTICATED} READ`]);
    expect((await anonymous('GET', at('members'))).status).toBe(403);
  });

  it('refuses an unknown canned ACL with 400 InvalidArgument', async () => {
    await expect(t.client.send(new CreateBucketCommand({ Bucket: 'odd-acl', ACL: 'everyone' as 'private' }))).rejects.toMatchObject({
      name: 'InvalidArgument',
      $metadata: { httpStatusCode: 400 },
    });
  });
});

describe('object canned ACLs', () => {
  beforeAll(async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: 'objects' }));
  });

  const cases: [string, boolean, string[]][] = [
    ['private', false, []],
    ['public-read', true, [`${ALL_USERS} READ`]],
    ['public-read-write', true, [`${ALL_USERS} READ`, `${ALL_USERS} WRITE`]],
    ['authenticated-read', false, [`${AUTHENTICATED} READ`]],
    ['bucket-owner-read', false, []],
    ['bucket-owner-full-control', false, []],
  ];
  for (const [acl, readable, grants] of cases) {
    it(`${acl}: ${readable ? 'readable' : 'not readable'} anonymously, with S3's grants`, async () => {
      const key = `acl-${acl}.txt`;
      await t.client.send(new PutObjectCommand({ Bucket: 'objects', Key: key, Body: acl, ACL: acl as 'private' }));
      const got = await t.client.send(new GetObjectAclCommand({ Bucket: 'objects', Key: key }));
      expect(groupGrants(got.Grants)).toEqual(grants);
      expect(got.Grants?.find((g) => g.Grantee?.Type === 'CanonicalUser')?.Permission).toBe('FULL_CONTROL');
      const res = await anonymous('GET', at('objects', key));
      expect(res.status).toBe(readable ? 200 : 403);
      if (readable) expect(await res.text()).toBe(acl);
    });
  }

  it('a private object in a private bucket: a missing key and a present one look the same (403)', async () => {
    expect((await anonymous('GET', at('objects', 'acl-private.txt'))).status).toBe(403);
    expect((await anonymous('GET', at('objects', 'never-there'))).status).toBe(403);
  });

  it('the public-read bucket policy opens every object for reading, not listing', async () => {
    await t.client.send(new CreateBucketCommand({ Bucket: 'website' }));
    await t.client.send(new PutObjectCommand({ Bucket: 'website', Key: 'index.html', Body: 'home' }));
    await t.client.send(
      new PutBucketPolicyCommand({
        Bucket: 'website',
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::website/*' }],
        }),
      }),
    );
    expect((await anonymous('GET', at('website', 'index.html'))).status).toBe(200);
    expect((await anonymous('GET', at('website'))).status).toBe(403);
  });
});
