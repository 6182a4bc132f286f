import { MAX_PRESIGN_SECONDS } from '../services/sharing/expiry-policy.js';
import { measureClockSkew } from '../services/sharing/clock-skew.js';
import { presignLinks } from '../services/sharing/presign-links.js';
import { endpointOf, isLoopbackEndpoint } from '../services/sharing/presigner.js';
import { isPailError } from '../services/errors/pail-error.js';
import { parseArgs, UsageError } from './args.js';
import { resolveCliClient } from './cli-credentials.js';

const USAGE = `Usage: pail presign s3://BUCKET/KEY [--expires SECONDS] [--put [--content-type TYPE]] [--download-as NAME]
                    [--connection NAME | --endpoint-url URL] [--region REGION] [--profile NAME]
  Prints a presigned URL, like "aws s3 presign". --expires defaults to 3600 and can be at most 604800 (7 days).
  --connection uses a saved Pail connection; otherwise AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN or AWS_PROFILE.`;

/** `pail presign`: prints one presigned GET (or PUT) URL on stdout; warnings go to stderr. */
export async function runPresignCommand(args: string[]): Promise<number> {
  let request;
  try {
    const [uri, ...rest] = args;
    if (uri === '--help' || rest.includes('--help')) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const match = uri ? /^s3:\/\/([^/]+)\/(.+)$/.exec(uri) : null;
    if (!match) throw new UsageError('Give the object as s3://BUCKET/KEY.');
    const parsed = parseArgs(rest, {
      values: ['expires', 'expires-in', 'content-type', 'download-as', 'connection', 'endpoint-url', 'region', 'profile'],
      flags: ['put'],
    });
    const expiresText = parsed.get('expires') ?? parsed.get('expires-in') ?? '3600';
    const expires = Number(expiresText);
    if (typeof expiresText !== 'string' || !Number.isInteger(expires) || expires < 1) {
      throw new UsageError('--expires must be a whole number of seconds, at least 1.');
    }
    if (expires > MAX_PRESIGN_SECONDS) {
      process.stderr.write(
        `pail: --expires ${expires} is longer than presigned URLs allow: at most ${MAX_PRESIGN_SECONDS} seconds (7 days). S3 refuses longer signatures. For longer sharing, use a protected link in the app or a public bucket.\n`,
      );
      return 1;
    }
    const put = parsed.has('put');
    const text = (name: string) => {
      const value = parsed.get(name);
      return typeof value === 'string' ? value : undefined;
    };
    if (!put && text('content-type')) throw new UsageError('--content-type locks an upload link: use it with --put.');
    if (put && text('download-as')) throw new UsageError('--download-as names a download: it does not go with --put.');
    request = { bucket: match[1]!, key: match[2]!, expires, put, contentType: text('content-type'), downloadAs: text('download-as'), text };
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }

  const { text } = request;
  let resolved;
  try {
    resolved = await resolveCliClient({
      requestChecksumCalculation: 'WHEN_REQUIRED',
      ...(text('connection') !== undefined ? { connection: text('connection')! } : {}),
      ...(text('endpoint-url') !== undefined ? { endpointUrl: text('endpoint-url')! } : {}),
      ...(text('region') !== undefined ? { region: text('region')! } : {}),
      ...(text('profile') !== undefined ? { profile: text('profile')! } : {}),
    });
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`pail: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
  resolved.client.destroy();
  const target = resolved.config;
  try {
    const endpoint = endpointOf(target);
    const result = await presignLinks({
      target,
      bucket: request.bucket,
      keys: [request.key],
      method: request.put ? 'PUT' : 'GET',
      expiresIn: request.expires,
      skewSeconds: isLoopbackEndpoint(endpoint) ? undefined : await measureClockSkew(endpoint),
      ...(request.contentType ? { contentType: request.contentType } : {}),
      ...(request.downloadAs ? { downloadAs: request.downloadAs } : {}),
    });
    for (const note of [result.clampReason, result.credentialsNote, result.skewWarning]) if (note) process.stderr.write(`pail: ${note}\n`);
    process.stdout.write(`${result.links[0]!.url}\n`);
    return 0;
  } catch (err) {
    if (isPailError(err)) {
      process.stderr.write(`pail: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
