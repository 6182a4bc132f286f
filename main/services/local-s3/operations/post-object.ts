import type { Readable } from 'node:stream';
import { verifyPostSignature } from '../auth/post-signature.js';
import { uriEncode } from '../auth/uri-encode.js';
import { MAX_SINGLE_UPLOAD, receiveStreamToFile, type ReceivedBody } from '../body.js';
import { checksumHeader, requireChecksumAlgorithm, type ChecksumAlgorithm } from '../checksums.js';
import { xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { S3Error } from '../s3-error.js';
import type { BucketStore, ObjectRecord, StagedFile } from '../store/object-store.js';
import { toXml } from '../xml.js';
import { grantsPublicWrite, parseCannedAcl } from './shared/acl.js';
import { requireBucket } from './shared/bucket.js';
import { checkMetadataSize, checkStorageClass, STORED_HEADERS } from './shared/object-headers.js';
import { readPostForm, type PostFormFields } from './shared/post-form.js';
import { checkPostPolicy, parsePostPolicy, type SizeRange } from './shared/post-policy.js';
import { objectRecord, type ObjectFields } from './shared/stored-object.js';

const MAX_KEY_BYTES = 1024;

/** A file received and verified, waiting for the rest of the form before it is committed. */
interface ReceivedFile {
  key: string;
  staged: StagedFile;
  record: ObjectRecord;
  fields: PostFormFields;
}

/**
 * POST Object: a browser form upload (multipart/form-data) authorized by a signed policy (SigV4
 * or SigV2) or, without one, by the bucket's public-read-write ACL. The form is read as it
 * arrives; the policy is checked when the file part begins, the file streams to a staged file
 * under the policy's size range, and it is committed like a PutObject once the form has ended.
 */
export async function postObject(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  let staged: StagedFile | undefined;
  let received: ReceivedFile;
  try {
    received = await readPostForm(ctx.req, async (fields, file) => {
      // "All variables within the form are expanded prior to validating the POST policy": the
      // file's name replaces ${filename} in every field, the key and Content-Disposition included.
      const form = new Map([...fields].map(([name, value]) => [name, value.replaceAll('${filename}', file.filename)]));
      const key = form.get('key');
      if (key === undefined)
        throw new S3Error(
          'InvalidArgument',
          "Bucket POST must contain a field named 'key'.  If it is specified, please check the order of the fields.",
          {
            ArgumentName: 'key',
            ArgumentValue: '',
          },
        );
      form.set('bucket', bucket.config.name);
      if (key === '')
        throw new S3Error('InvalidArgument', 'User key must have a length greater than 0.', { ArgumentName: 'key', ArgumentValue: '' });
      if (Buffer.byteLength(key) > MAX_KEY_BYTES)
        throw new S3Error('KeyTooLongError', undefined, { Size: String(Buffer.byteLength(key)), MaxSizeAllowed: String(MAX_KEY_BYTES) });
      const range = authorize(ctx, bucket, form);
      const fieldsOfObject = objectFieldsFrom(form);
      staged = bucket.stage();
      const body = await receiveFile(file.stream, staged, range, fieldsOfObject.checksum, contentMd5Of(form));
      return { key, staged, fields: form, record: objectRecord(fieldsOfObject, staged, body) };
    });
  } catch (err) {
    if (staged) await bucket.discard(staged, err);
    throw err;
  }
  ctx.bodyConsumed = true;
  try {
    await bucket.commit(received.key, received.record);
  } catch (err) {
    await bucket.discard(received.staged, err);
    throw err;
  }
  return successResponse(ctx, received);
}

/**
 * Who may post: a form signed with our key whose policy holds, or anyone when the bucket's ACL
 * grants WRITE to everyone (a request signed in its headers is the owner). Returns the allowed size.
 */
function authorize(ctx: RequestContext, bucket: BucketStore, form: Map<string, string>): SizeRange {
  const auth = verifyPostSignature(form, ctx.credentials);
  if (auth !== 'anonymous') return checkPostPolicy(parsePostPolicy(form.get('policy')!), form, MAX_SINGLE_UPLOAD);
  if (ctx.auth.kind === 'anonymous' && !grantsPublicWrite(bucket.config.acl)) throw new S3Error('AccessDenied');
  return { min: 0, max: MAX_SINGLE_UPLOAD };
}

/** What the form says about the object besides its bytes, named as PutObject's headers are. */
function objectFieldsFrom(form: ReadonlyMap<string, string>): ObjectFields & {
  checksum: { algorithm: ChecksumAlgorithm; value: string | undefined } | undefined;
} {
  const headers: Record<string, string> = {};
  for (const name of STORED_HEADERS) {
    const value = form.get(name);
    if (value) headers[name] = value;
  }
  // S3 takes the type from the Content-Type field, not from the file part's own header.
  headers['content-type'] ??= 'binary/octet-stream';
  const meta: Record<string, string> = {};
  for (const [name, value] of form) if (name.startsWith('x-amz-meta-')) meta[name.slice('x-amz-meta-'.length)] = value;
  let checksum: { algorithm: ChecksumAlgorithm; value: string | undefined } | undefined;
  for (const [name, value] of form) {
    if (!name.startsWith('x-amz-checksum-') || name === 'x-amz-checksum-type') continue;
    if (name === 'x-amz-checksum-algorithm') checksum ??= { algorithm: requireChecksumAlgorithm(value.toLowerCase()), value: undefined };
    else checksum = { algorithm: requireChecksumAlgorithm(name.slice('x-amz-checksum-'.length)), value };
  }
  const acl = form.get('acl');
  return {
    headers,
    meta: checkMetadataSize(meta),
    acl: acl === undefined ? 'private' : parseCannedAcl(acl, 'acl'),
    storageClass: checkStorageClass(form.get('x-amz-storage-class') ?? 'STANDARD'),
    checksum,
  };
}

/** Streams the file under the policy's size range: reading stops at the first byte over the maximum. */
async function receiveFile(
  stream: Readable,
  staged: StagedFile,
  range: SizeRange,
  checksum: { algorithm: ChecksumAlgorithm; value: string | undefined } | undefined,
  contentMd5: Buffer | undefined,
): Promise<ReceivedBody> {
  let body: ReceivedBody;
  try {
    body = await receiveStreamToFile(stream, staged, range.max, checksum);
  } catch (err) {
    if (err instanceof S3Error && err.code === 'EntityTooLarge')
      throw new S3Error('EntityTooLarge', undefined, { MaxSizeAllowed: String(range.max) });
    throw err;
  }
  if (body.size < range.min)
    throw new S3Error('EntityTooSmall', undefined, { ProposedSize: String(body.size), MinSizeAllowed: String(range.min) });
  if (contentMd5 && !contentMd5.equals(Buffer.from(body.md5Hex, 'hex'))) throw new S3Error('BadDigest');
  return body;
}

/** The form's Content-MD5 field (base64 of 16 bytes), which S3 checks the file against. */
function contentMd5Of(form: ReadonlyMap<string, string>): Buffer | undefined {
  const value = form.get('content-md5');
  if (value === undefined) return undefined;
  const digest = Buffer.from(value, 'base64');
  if (digest.length !== 16) throw new S3Error('InvalidDigest');
  return digest;
}

/**
 * S3's answer to a successful POST: a 303 to `success_action_redirect` (or the older `redirect`)
 * with bucket, key and etag appended; otherwise `success_action_status` 200 (empty), 201 (a
 * PostResponse document) or, for anything else, 204.
 */
function successResponse(ctx: RequestContext, { key, record, fields }: ReceivedFile): S3Response {
  const bucket = ctx.bucket!;
  const etag = `"${record.etag}"`;
  // S3 writes the key fully percent-encoded here, slashes included.
  const virtualHost = !ctx.rawPath.startsWith(`/${bucket}`);
  const location = `${ctx.endpoint}/${virtualHost ? '' : `${uriEncode(bucket)}/`}${uriEncode(key)}`;
  const headers: Record<string, string> = { etag, location };
  if (record.checksum) headers[checksumHeader(record.checksum.algorithm)] = record.checksum.value;
  const redirect = fields.get('success_action_redirect') ?? fields.get('redirect');
  if (redirect) {
    const url = URL.canParse(redirect) ? new URL(redirect) : undefined;
    if (url) {
      url.searchParams.append('bucket', bucket);
      url.searchParams.append('key', key);
      url.searchParams.append('etag', etag);
      return { status: 303, headers: { ...headers, location: url.toString() } };
    }
  }
  const status = fields.get('success_action_status');
  if (status === '200') return { status: 200, headers };
  if (status === '201') {
    const body = toXml('PostResponse', { Location: location, Bucket: bucket, Key: key, ETag: etag }, false);
    return xmlResponse(body, 201, headers);
  }
  return { status: 204, headers };
}
