import { readSmallBody } from '../body.js';
import type { RequestContext, S3Response } from '../context.js';
import { S3Error } from '../s3-error.js';
import { requireBucket } from './shared/bucket.js';

/** GetBucketPolicy: the policy document as it was put. */
export async function getBucketPolicy(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  if (!bucket.config.policy) throw new S3Error('NoSuchBucketPolicy', undefined, { BucketName: bucket.config.name });
  return { status: 200, headers: { 'content-type': 'application/json' }, body: bucket.config.policy };
}

/**
 * PutBucketPolicy. The local bucket understands one policy: anonymous s3:GetObject on every
 * object (the standard public-read policy). Anything else is refused rather than half-honoured.
 */
export async function putBucketPolicy(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const text = (await readSmallBody(ctx, 20 * 1024)).toString('utf8');
  validatePublicReadPolicy(text, bucket.config.name);
  await bucket.updateConfig({ policy: text });
  return { status: 204 };
}

/** DeleteBucketPolicy. */
export async function deleteBucketPolicy(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  await bucket.updateConfig({ policy: undefined });
  return { status: 204 };
}

const STATEMENT_FIELDS = new Set(['Sid', 'Effect', 'Principal', 'Action', 'Resource']);

function validatePublicReadPolicy(text: string, bucketName: string): void {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new S3Error('MalformedPolicy');
  }
  const statements = (doc as { Statement?: unknown }).Statement;
  const list = Array.isArray(statements) ? statements : statements ? [statements] : [];
  if (list.length === 0) throw new S3Error('MalformedPolicy', 'Missing required field Statement');
  for (const s of list as Record<string, unknown>[]) {
    // Condition, NotPrincipal, NotAction, NotResource… cannot be honoured here: ignoring them would
    // turn a narrower grant into an unconditional public one.
    const unsupported = Object.keys(s ?? {}).find((name) => !STATEMENT_FIELDS.has(name));
    if (unsupported !== undefined) {
      throw new S3Error(
        'MalformedPolicy',
        `The local bucket does not support "${unsupported}" in a bucket policy; it supports only the public-read policy.`,
      );
    }
    const actions = ([] as unknown[]).concat(s.Action ?? []);
    const resources = ([] as unknown[]).concat(s.Resource ?? []);
    const principal = s.Principal;
    const everyone =
      principal === '*' ||
      (typeof principal === 'object' && principal !== null && ([] as unknown[]).concat((principal as { AWS?: unknown }).AWS).includes('*'));
    const ok =
      s.Effect === 'Allow' &&
      everyone &&
      actions.length > 0 &&
      actions.every((a) => a === 's3:GetObject') &&
      resources.length > 0 &&
      resources.every((r) => r === `arn:aws:s3:::${bucketName}/*`);
    if (!ok) {
      throw new S3Error(
        'MalformedPolicy',
        `The local bucket supports only the public-read policy: Allow, Principal "*", Action s3:GetObject, Resource arn:aws:s3:::${bucketName}/*`,
      );
    }
  }
}

/** True when the bucket's policy grants anonymous reads of its objects. */
export function policyAllowsPublicRead(policy: string | undefined): boolean {
  return policy !== undefined;
}
