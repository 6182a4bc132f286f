import { createHash } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { canonicalQuery, EMPTY_SHA256, SigV4Signer } from '../../main/services/s3/sign-v4.js';
import { NodeSha256 } from '../support/raw-request.js';

// The direct path signs by itself (loading the SDK's signer costs more than a small download):
// its headers must be the ones the SDK's own signer produces for the same request.

const credentials = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const when = new Date('2026-11-28T18:30:05.123Z');
type Creds = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

interface Req {
  method: string;
  path: string;
  query?: Record<string, string>;
  headers: Record<string, string>;
  body?: string;
}

const hashOf = (body: string | undefined) => (body === undefined ? EMPTY_SHA256 : createHash('sha256').update(body).digest('hex'));

async function sdkSigned(req: Req, creds: Creds = credentials, date = when): Promise<Record<string, string>> {
  const signer = new SignatureV4({
    credentials: creds,
    region: 'eu-west-3',
    service: 's3',
    sha256: NodeSha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: req.method,
      protocol: 'http:',
      hostname: 'example.test',
      path: req.path,
      query: req.query ?? {},
      headers: { ...req.headers, 'x-amz-content-sha256': hashOf(req.body) },
      ...(req.body === undefined ? {} : { body: req.body }),
    },
    { signingDate: date },
  );
  return signed.headers;
}

const signer = new SigV4Signer('eu-west-3');
const oursSigned = (req: Req, creds: Creds = credentials, date = when) =>
  signer.sign(
    { method: req.method, path: req.path, ...(req.query ? { query: req.query } : {}), headers: req.headers, payloadHash: hashOf(req.body) },
    creds,
    date,
  );

describe('SigV4Signer signs as the SDK does', () => {
  it('a GET of an encoded key, with a range', async () => {
    const req = { method: 'GET', path: '/bucket/a%20b/%C3%BCn%C3%AF.txt', headers: { host: 'example.test:9000', range: 'bytes=0-9' } };
    expect(oursSigned(req)).toEqual(await sdkSigned(req));
  });

  it('a listing whose query needs encoding, sorted by name', async () => {
    const query = { prefix: 'x y/ü+&=', 'list-type': '2', 'continuation-token': 'abc/def==' };
    const req = { method: 'GET', path: '/bucket', query, headers: { host: 'example.test' } };
    expect(oursSigned(req)).toEqual(await sdkSigned(req));
    expect(canonicalQuery(query)).toBe('continuation-token=abc%2Fdef%3D%3D&list-type=2&prefix=x%20y%2F%C3%BC%2B%26%3D');
  });

  it('a PUT with a body, a header value with runs of spaces, and a session token', async () => {
    const creds = { ...credentials, sessionToken: 'token/with+chars=' };
    const req = {
      method: 'PUT',
      path: '/bucket/k',
      headers: { host: 'example.test', 'content-type': '  text/plain;   charset=utf-8 ' },
      body: 'hello',
    };
    const ours = oursSigned(req, creds);
    const theirs = await sdkSigned(req, creds);
    expect(ours.authorization).toBe(theirs.authorization);
    expect(ours['x-amz-security-token']).toBe(creds.sessionToken);
  });

  it('derives a new signing key when the day or the secret changes (it keeps one between)', async () => {
    const req = { method: 'GET', path: '/b/k', headers: { host: 'example.test' } };
    const nextDay = new Date('2026-11-29T00:00:01Z');
    const other = { ...credentials, secretAccessKey: 'another-secret' };
    expect(oursSigned(req)).toEqual(await sdkSigned(req));
    expect(oursSigned(req, credentials, nextDay)).toEqual(await sdkSigned(req, credentials, nextDay));
    expect(oursSigned(req, other, nextDay)).toEqual(await sdkSigned(req, other, nextDay));
  });
});
