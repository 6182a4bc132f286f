import { z } from 'zod';
import { TRANSFER_LIMIT } from '../../preload/contract/transfers.js';

/**
 * Schemas for everything the renderer may send. The renderer is untrusted input: a compromised
 * page must not be able to hand the services anything but well-formed values.
 */
const id = z.string().min(1).max(200);
const bucket = z.string().min(1).max(63);
const key = z.string().max(1024);
const provider = z.enum(['aws', 'r2', 'b2', 'wasabi', 'spaces', 'minio', 'custom', 'local']);

export const connectionInput = z.object({
  name: z.string().max(200),
  provider,
  region: z.string().max(64).optional(),
  endpoint: z.string().max(2048).optional(),
  accountId: z.string().max(64).optional(),
  forcePathStyle: z.boolean().optional(),
  accessKeyId: z.string().max(256),
  secretAccessKey: z.string().max(1024).optional(),
  sessionToken: z.string().max(8192).optional(),
});

export const listingRequest = z.object({ listingId: id, connectionId: id, bucket, prefix: key });
export const objectSelection = z.object({
  connectionId: id,
  bucket,
  keys: z.array(key).max(1_000_000),
  prefixes: z.array(key).max(10_000),
});
export const operationSelection = objectSelection.extend({ operationId: id });
export const moveRequest = z.object({ operationId: id, connectionId: id, bucket, from: key.min(1), to: key.min(1) });
export const localBucketConfig = z.object({
  port: z.number().int().min(0).max(65535).optional(),
  dataDir: z.string().min(1).max(4096).optional(),
});
export const settingsPatch = z.object({
  theme: z.enum(['system', 'light', 'dark']).optional(),
  linkExpirySeconds: z.number().int().min(1).max(604_800).optional(),
  transferFilesAtOnce: z.number().int().min(TRANSFER_LIMIT.min).max(TRANSFER_LIMIT.max).optional(),
  transferPartsPerFile: z.number().int().min(TRANSFER_LIMIT.min).max(TRANSFER_LIMIT.max).optional(),
});

export const presignRequest = z.object({
  connectionId: id,
  bucket,
  keys: z.array(key.min(1)).min(1).max(10_000),
  method: z.enum(['GET', 'PUT']),
  // The 7-day limit is checked by the expiry policy, whose message says what to do instead.
  expiresIn: z
    .number()
    .int()
    .min(1)
    .max(10 * 365 * 86_400)
    .optional(),
  contentType: z.string().max(256).optional(),
  downloadAs: z.string().max(1024).optional(),
  responseContentType: z.string().max(256).optional(),
});

export const protectedLinkRequest = z.object({
  connectionId: id,
  bucket,
  key: key.min(1),
  // Protected links have no 7-day cap; ten years is "until revoked" in practice.
  expiresIn: z
    .number()
    .int()
    .min(1)
    .max(10 * 365 * 86_400)
    .optional(),
  password: z.string().min(1).max(1024).optional(),
  maxDownloads: z.number().int().min(1).max(1_000_000).optional(),
  lan: z.boolean().optional(),
});

export const bucketCorsRules = z
  .array(
    z.object({
      allowedOrigins: z.array(z.string().min(1).max(2048)).min(1).max(100),
      allowedMethods: z.array(z.enum(['GET', 'PUT', 'HEAD', 'POST', 'DELETE'])).min(1),
      allowedHeaders: z.array(z.string().min(1).max(256)).max(100),
      exposeHeaders: z.array(z.string().min(1).max(256)).max(100),
      maxAgeSeconds: z
        .number()
        .int()
        .min(0)
        .max(86_400 * 365)
        .optional(),
    }),
  )
  .max(100);

/** A pasted link to inspect: any text; the inspector says what is wrong with it. */
export const linkText = z.string().max(16_384);

export const schemas = { id, bucket, key, text: z.string().max(1_000_000) };

/** Validates a call's argument list against per-position schemas; extra arguments are refused. */
export function parseArgs(args: unknown[], shape: readonly z.ZodType[]): unknown[] {
  if (args.length > shape.length) {
    throw new z.ZodError([{ code: 'custom', path: [], message: `expected at most ${shape.length} arguments`, input: args }]);
  }
  return shape.map((schema, i) => schema.parse(args[i]));
}

// ---- transfers ----
const conflictPolicy = z.enum(['ask', 'overwrite', 'skip', 'keep-both']);
export const conflictChoice = z.enum(['overwrite', 'skip', 'keep-both']);
const localPath = z.string().min(1).max(4096);
const prefix = key.refine((p) => p === '' || p.endsWith('/'), 'a destination prefix is empty or ends with "/"');
const streamedFile = z.object({
  relativePath: z.string().min(1).max(1024),
  size: z
    .number()
    .int()
    .min(0)
    .max(5 * 1024 ** 4),
  lastModified: z.number().int().min(0),
  type: z.string().max(255).optional(),
});
export const uploadRequest = z
  .object({
    connectionId: id,
    bucket,
    prefix,
    paths: z.array(localPath).min(1).max(10_000).optional(),
    files: z.array(streamedFile).min(1).max(1_000_000).optional(),
    conflict: conflictPolicy.optional(),
  })
  .refine((r) => (r.paths === undefined) !== (r.files === undefined), 'give either local paths or streamed files');
export const downloadRequest = z.object({
  connectionId: id,
  bucket,
  keys: z.array(key.min(1)).max(1_000_000),
  prefixes: z.array(key).max(10_000),
  destination: localPath,
  conflict: conflictPolicy.optional(),
});
export const copyRequest = z.object({
  from: z.object({ connectionId: id, bucket, keys: z.array(key.min(1)).max(1_000_000), prefixes: z.array(key).max(10_000) }),
  to: z.object({ connectionId: id, bucket, prefix }),
  conflict: conflictPolicy.optional(),
  deleteSource: z.boolean().optional(),
});
export const transferTarget = z.union([z.object({ ids: z.array(id).max(1_000_000) }), z.object({ all: z.literal(true) })]);
export const unfinishedUploads = z.array(z.object({ key: key.min(1), uploadId: z.string().min(1).max(1024) })).max(10_000);
export const streamDisposition = z.enum(['inline', 'attachment']);
