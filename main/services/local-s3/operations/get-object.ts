import { header, type RequestContext, type S3Response } from '../context.js';
import { S3Error } from '../s3-error.js';
import type { ObjectRecord } from '../store/object-store.js';
import { authorizeRead, checkVersionId } from './shared/access.js';
import { requireBucket } from './shared/bucket.js';
import { checkConditions } from './shared/conditions.js';
import { objectHeaders } from './shared/object-headers.js';
import { parseRange, type ByteRange } from './shared/range.js';

/**
 * Bodies up to this size are read into memory and sent in one write: for small objects the
 * streaming machinery cost more CPU than the bytes (measured with `npm run bench`).
 */
const SMALL_READ = 64 * 1024;

/** GetObject: ranges, conditional headers, partNumber and response-* overrides. */
export async function getObject(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  authorizeRead(ctx, bucket, bucket.head(ctx.key!));
  checkVersionId(ctx);
  // Only the files holding the bytes asked for are opened (a ranged GET of a multipart object: one).
  const opened = await bucket.open(ctx.key!, (record) => describe(ctx, record).range);
  if (!opened) throw new S3Error('NoSuchKey', undefined, { Key: ctx.key! });
  try {
    const { status, headers, range } = describe(ctx, opened.record);
    if (opened.record.size === 0) {
      await opened.close();
      return { status, headers, body: Buffer.alloc(0) };
    }
    if (range.end - range.start < SMALL_READ) {
      const body = await opened.readBuffer(range.start, range.end);
      await opened.close();
      return { status, headers, body };
    }
    return { status, headers, body: opened.read(range.start, range.end), done: () => opened.close() };
  } catch (err) {
    await opened.close();
    throw err;
  }
}

/** HeadObject: GetObject's answer without the body. */
export async function headObject(ctx: RequestContext): Promise<S3Response> {
  const bucket = requireBucket(ctx);
  const record = bucket.head(ctx.key!);
  authorizeRead(ctx, bucket, record);
  checkVersionId(ctx);
  if (!record) throw new S3Error('NoSuchKey', undefined, { Key: ctx.key! });
  const { status, headers } = describe(ctx, record);
  return { status, headers };
}

function describe(
  ctx: RequestContext,
  record: ObjectRecord,
): { status: number; headers: Record<string, string | number | undefined>; range: ByteRange } {
  checkConditions(
    record,
    {
      ifMatch: header(ctx, 'if-match'),
      ifNoneMatch: header(ctx, 'if-none-match'),
      ifModifiedSince: header(ctx, 'if-modified-since'),
      ifUnmodifiedSince: header(ctx, 'if-unmodified-since'),
    },
    'NotModified',
  );
  const partRange = partNumberRange(ctx, record);
  const range = partRange ?? parseRange(header(ctx, 'range'), record.size);
  const whole = { start: 0, end: record.size - 1 };
  const headers = objectHeaders(ctx, record, range === undefined);
  const served = range ?? whole;
  headers['content-length'] = record.size === 0 ? 0 : served.end - served.start + 1;
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${record.size}`;
  return { status: range ? 206 : 200, headers, range: served };
}

/** GET ?partNumber=N: the bytes of part N of a multipart object (the whole object is part 1 otherwise). */
function partNumberRange(ctx: RequestContext, record: ObjectRecord): ByteRange | undefined {
  const value = ctx.query.get('partNumber');
  if (value === null) return undefined;
  if (header(ctx, 'range') !== undefined)
    throw new S3Error('InvalidRequest', 'Cannot specify both Range header and partNumber query parameter');
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 10000)
    throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', {
      ArgumentName: 'partNumber',
      ArgumentValue: value,
    });
  const sizes = record.parts?.map((p) => p.size) ?? [record.size];
  if (n > sizes.length) throw new S3Error('InvalidPartNumber');
  const start = sizes.slice(0, n - 1).reduce((a, b) => a + b, 0);
  return record.size === 0 ? undefined : { start, end: start + sizes[n - 1]! - 1 };
}
