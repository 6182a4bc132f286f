import { readSmallBody } from '../body.js';
import { xmlResponse, type RequestContext, type S3Response } from '../context.js';
import { S3Error } from '../s3-error.js';
import type { CorsRule } from '../store/object-store.js';
import { asList, elementOf, parseXml, textOf, toXml } from '../xml.js';
import { requireBucket } from './shared/bucket.js';

const METHODS = new Set(['GET', 'PUT', 'HEAD', 'POST', 'DELETE']);

/** GetBucketCors. */
export async function getBucketCors(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const rules = bucket.config.cors;
  if (!rules) throw new S3Error('NoSuchCORSConfiguration', undefined, { BucketName: bucket.config.name });
  return xmlResponse(
    toXml('CORSConfiguration', {
      CORSRule: rules.map((r) => ({
        ID: r.id,
        AllowedHeader: r.allowedHeaders,
        AllowedMethod: r.allowedMethods,
        AllowedOrigin: r.allowedOrigins,
        ExposeHeader: r.exposeHeaders,
        MaxAgeSeconds: r.maxAgeSeconds,
      })),
    }),
  );
}

/** PutBucketCors: up to 100 rules, each with origins and methods. */
export async function putBucketCors(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const doc = elementOf(parseXml((await readSmallBody(ctx, 64 * 1024)).toString('utf8')).CORSConfiguration);
  const rules = asList(doc.CORSRule).map(elementOf).map(parseRule);
  if (rules.length === 0 || rules.length > 100) throw new S3Error('MalformedXML');
  await bucket.updateConfig({ cors: rules });
  return { status: 200 };
}

/** DeleteBucketCors. */
export async function deleteBucketCors(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  await bucket.updateConfig({ cors: undefined });
  return { status: 204 };
}

function texts(value: unknown): string[] {
  return asList(value).map((v) => {
    const t = textOf(v);
    if (t === undefined) throw new S3Error('MalformedXML');
    return t.trim();
  });
}

function parseRule(el: Record<string, unknown>): CorsRule {
  const allowedOrigins = texts(el.AllowedOrigin);
  const allowedMethods = texts(el.AllowedMethod);
  if (allowedOrigins.length === 0 || allowedMethods.length === 0) throw new S3Error('MalformedXML');
  for (const m of allowedMethods)
    if (!METHODS.has(m)) throw new S3Error('InvalidRequest', `Found unsupported HTTP method in CORS config. Unsupported method is ${m}`);
  for (const o of allowedOrigins)
    if ((o.match(/\*/g) ?? []).length > 1) throw new S3Error('InvalidRequest', `AllowedOrigin "${o}" can not have more than one wildcard.`);
  const maxAge = textOf(el.MaxAgeSeconds);
  const rule: CorsRule = { allowedOrigins, allowedMethods, allowedHeaders: texts(el.AllowedHeader), exposeHeaders: texts(el.ExposeHeader) };
  const id = textOf(el.ID);
  if (id !== undefined) rule.id = id;
  if (maxAge !== undefined) {
    if (!/^\d+$/.test(maxAge.trim())) throw new S3Error('MalformedXML');
    rule.maxAgeSeconds = Number(maxAge);
  }
  return rule;
}
