import { createHmac, timingSafeEqual } from 'node:crypto';
import { S3Error } from '../s3-error.js';
import type { Credentials } from './credentials.js';
import { deriveSigningKey } from './sigv4.js';

/** How a POST form authenticates itself. */
export type PostFormAuth = 'sigv4' | 'sigv2' | 'anonymous';

function missingField(name: string): S3Error {
  return new S3Error(
    'InvalidArgument',
    `Bucket POST must contain a field named '${name}'.  If it is specified, please check the order of the fields.`,
    {
      ArgumentName: name,
      ArgumentValue: '',
    },
  );
}

/**
 * Verifies the signature of a POST form's policy (fields by lowercase name). SigV4 (S3 API
 * reference, "Calculating a signature" for POST): `x-amz-signature` is the hex HMAC-SHA256 of the
 * base64 `policy` field under the key derived from `x-amz-credential`. SigV2: `signature` is the
 * base64 HMAC-SHA1 of the base64 policy under the secret key. A form with no credentials at all
 * is anonymous; one with credentials but no policy is refused, since there is nothing to sign.
 */
export function verifyPostSignature(fields: ReadonlyMap<string, string>, credentials: Credentials): PostFormAuth {
  const policy = fields.get('policy');
  if (fields.has('x-amz-signature') || fields.has('x-amz-credential') || fields.has('x-amz-algorithm')) {
    const algorithm = fields.get('x-amz-algorithm');
    const credential = fields.get('x-amz-credential');
    const signature = fields.get('x-amz-signature');
    if (algorithm === undefined) throw missingField('x-amz-algorithm');
    if (credential === undefined) throw missingField('x-amz-credential');
    if (signature === undefined) throw missingField('x-amz-signature');
    if (!fields.has('x-amz-date')) throw missingField('x-amz-date');
    if (policy === undefined) throw missingField('policy');
    if (algorithm !== 'AWS4-HMAC-SHA256')
      throw new S3Error('InvalidArgument', 'Only AWS4-HMAC-SHA256 is supported for x-amz-algorithm', {
        ArgumentName: 'x-amz-algorithm',
        ArgumentValue: algorithm,
      });
    const parts = credential.split('/');
    if (parts.length !== 5 || parts[4] !== 'aws4_request' || !/^\d{8}$/.test(parts[1]!))
      throw new S3Error('InvalidArgument', 'Invalid credential: expected ACCESS_KEY/YYYYMMDD/REGION/SERVICE/aws4_request', {
        ArgumentName: 'x-amz-credential',
        ArgumentValue: credential,
      });
    const [accessKeyId, date, region, service] = parts as [string, string, string, string];
    if (accessKeyId !== credentials.accessKeyId) throw new S3Error('InvalidAccessKeyId', undefined, { AWSAccessKeyId: accessKeyId });
    const expected = createHmac('sha256', deriveSigningKey(credentials.secretAccessKey, date, region, service))
      .update(policy)
      .digest();
    if (!sameBytes(/^[0-9a-f]{64}$/i.test(signature) ? Buffer.from(signature, 'hex') : Buffer.alloc(0), expected))
      throw new S3Error('SignatureDoesNotMatch', undefined, { AWSAccessKeyId: accessKeyId, StringToSign: policy });
    return 'sigv4';
  }
  if (fields.has('awsaccesskeyid') || fields.has('signature')) {
    const accessKeyId = fields.get('awsaccesskeyid');
    const signature = fields.get('signature');
    if (accessKeyId === undefined) throw missingField('AWSAccessKeyId');
    if (signature === undefined) throw missingField('signature');
    if (policy === undefined) throw missingField('policy');
    if (accessKeyId !== credentials.accessKeyId) throw new S3Error('InvalidAccessKeyId', undefined, { AWSAccessKeyId: accessKeyId });
    const expected = createHmac('sha1', credentials.secretAccessKey).update(policy).digest();
    if (!sameBytes(Buffer.from(signature, 'base64'), expected))
      throw new S3Error('SignatureDoesNotMatch', undefined, { AWSAccessKeyId: accessKeyId, StringToSign: policy });
    return 'sigv2';
  }
  if (policy !== undefined) throw missingField('AWSAccessKeyId');
  return 'anonymous';
}

function sameBytes(given: Buffer, expected: Buffer): boolean {
  return given.length === expected.length && timingSafeEqual(given, expected);
}
