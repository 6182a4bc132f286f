import { CreateBucketCommand, GetObjectCommand, PutBucketCorsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/local-s3.js';

/**
 * How S3 evaluates a bucket's CORS rules (S3 user guide, "Elements of a CORS configuration" and
 * "Troubleshooting CORS"; API reference, "OPTIONS object"): the first rule whose AllowedOrigin
 * (at most one `*`), AllowedMethod and AllowedHeaders (at most one `*` each, every requested
 * header must match) fit the request is used; its ExposeHeaders and MaxAgeSeconds are answered;
 * an AllowedOrigin of `*` answers `*` without credentials. A preflight no rule allows is 403
 * CORSResponse "This CORS request is not allowed…". Responses to a request with an Origin on a
 * bucket with CORS rules vary on it (`Vary: Origin, …`), so a cache never serves one origin's
 * answer to another.
 */
let t: TestServer;
const BUCKET = 'cors-rules';
const APP = 'https://app.example.org';

const url = (key: string) => `${t.server.endpoint}/${BUCKET}/${key}`;
const preflight = (origin: string, method: string, headers?: string) =>
  fetch(url('data.txt'), {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': method, ...(headers ? { 'access-control-request-headers': headers } : {}) },
  });
const messageOf = (xml: string) => /<Message>([^<]*)<\/Message>/.exec(xml)?.[1];
const codeOf = (xml: string) => /<Code>([^<]*)<\/Code>/.exec(xml)?.[1];
const listOf = (value: string | null) => value?.toLowerCase().split(/,\s*/) ?? [];

beforeAll(async () => {
  t = await startTestServer();
  await t.client.send(new CreateBucketCommand({ Bucket: BUCKET }));
  await t.client.send(
    new PutBucketCorsCommand({
      Bucket: BUCKET,
      CORSConfiguration: {
        CORSRules: [
          // First rule for APP: GET only, any header, a short max age.
          { AllowedOrigins: [APP], AllowedMethods: ['GET'], AllowedHeaders: ['*'], MaxAgeSeconds: 60, ExposeHeaders: ['ETag'] },
          // Second rule for APP: PUT, only x-amz-* and content-type headers, no max age.
          {
            AllowedOrigins: [APP],
            AllowedMethods: ['PUT', 'GET'],
            AllowedHeaders: ['x-amz-*', 'Content-Type'],
            ExposeHeaders: ['x-amz-version-id'],
          },
          { AllowedOrigins: ['http://*.example.com'], AllowedMethods: ['GET', 'HEAD'] },
          { AllowedOrigins: ['*'], AllowedMethods: ['HEAD'], MaxAgeSeconds: 3000 },
        ],
      },
    }),
  );
  await t.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'data.txt', Body: 'cors data' }));
});
afterAll(async () => {
  await t.stop();
});

describe('CORS preflight', () => {
  it('uses the first rule that allows the origin and method, with its MaxAgeSeconds', async () => {
    const get = await preflight(APP, 'GET');
    expect(get.status).toBe(200);
    expect(get.headers.get('access-control-max-age')).toBe('60');
    expect(listOf(get.headers.get('access-control-allow-methods'))).toEqual(['get']);
    // PUT is not in the first rule: the second answers, and it has no MaxAgeSeconds.
    const put = await preflight(APP, 'PUT');
    expect(put.status).toBe(200);
    expect(put.headers.get('access-control-max-age')).toBeNull();
    expect(listOf(put.headers.get('access-control-allow-methods'))).toEqual(['put', 'get']);
  });

  it('AllowedHeaders "*" allows any requested header and answers exactly the requested ones', async () => {
    const res = await preflight(APP, 'GET', 'X-Custom-Thing, Authorization, x-amz-date');
    expect(res.status).toBe(200);
    expect(listOf(res.headers.get('access-control-allow-headers'))).toEqual(['x-custom-thing', 'authorization', 'x-amz-date']);
  });

  it('AllowedHeaders "x-amz-*" allows x-amz-* headers in any case, and nothing else', async () => {
    const ok = await preflight(APP, 'PUT', 'X-Amz-Meta-Owner, x-amz-date, content-type');
    expect(ok.status).toBe(200);
    expect(listOf(ok.headers.get('access-control-allow-headers'))).toEqual(['x-amz-meta-owner', 'x-amz-date', 'content-type']);
    const refused = await preflight(APP, 'PUT', 'x-amz-date, x-custom-thing');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers no Access-Control-Allow-Headers when none were requested', async () => {
    const res = await preflight('http://shop.example.com', 'GET');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-headers')).toBeNull();
    expect(res.headers.get('access-control-max-age')).toBeNull();
    expect(res.headers.get('access-control-expose-headers')).toBeNull();
  });

  it('a rule without AllowedHeaders refuses a preflight that requests a header', async () => {
    expect((await preflight('http://shop.example.com', 'GET', 'x-amz-meta-a')).status).toBe(403);
  });

  it('answers "*" without credentials under AllowedOrigin "*", and its MaxAgeSeconds', async () => {
    const res = await preflight('https://anywhere.test', 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('access-control-max-age')).toBe('3000');
  });

  it("403 CORSResponse with S3's message when no rule matches", async () => {
    const res = await preflight('https://anywhere.test', 'PUT');
    expect(res.status).toBe(403);
    const body = await res.text();
    expect(codeOf(body)).toBe('CORSResponse');
    expect(messageOf(body)).toMatch(/^This CORS request is not allowed/);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
  });
});

describe('CORS on actual requests', () => {
  it("a GET from an allowed origin gets the first matching rule's headers and Vary: Origin", async () => {
    const signed = await getSignedUrl(t.client, new GetObjectCommand({ Bucket: BUCKET, Key: 'data.txt' }), { expiresIn: 60 });
    const res = await fetch(signed, { headers: { origin: APP } });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('cors data');
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(listOf(res.headers.get('access-control-expose-headers'))).toEqual(['etag']);
    expect(listOf(res.headers.get('vary'))).toContain('origin');
  });

  it('a PUT from an allowed origin gets the headers of the rule that allows PUT', async () => {
    const signed = await getSignedUrl(t.client, new PutObjectCommand({ Bucket: BUCKET, Key: 'put.txt' }), { expiresIn: 60 });
    const res = await fetch(signed, { method: 'PUT', body: 'from a page', headers: { origin: APP } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(listOf(res.headers.get('access-control-expose-headers'))).toEqual(['x-amz-version-id']);
  });

  it('a GET from a wildcard-matched origin is allowed; an origin no rule allows gets no CORS headers but Vary: Origin', async () => {
    const signed = await getSignedUrl(t.client, new GetObjectCommand({ Bucket: BUCKET, Key: 'data.txt' }), { expiresIn: 60 });
    const shop = await fetch(signed, { headers: { origin: 'http://shop.example.com' } });
    expect(shop.headers.get('access-control-allow-origin')).toBe('http://shop.example.com');
    const other = await fetch(signed, { headers: { origin: 'https://evil.example.net' } });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    // A cache must not hand this answer to an allowed origin.
    expect(listOf(other.headers.get('vary'))).toContain('origin');
  });

  it('an anonymous HEAD under AllowedOrigin "*" is answered "*"', async () => {
    const res = await fetch(url('data.txt'), { method: 'HEAD', headers: { origin: 'https://anywhere.test' } });
    // The object is private: the answer is 403, and the page may still read it.
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});
