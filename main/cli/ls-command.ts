import { ListBucketsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { parseArgs, UsageError } from './args.js';
import { resolveCliClient } from './cli-credentials.js';
import { parseS3Uri, splitPositionals } from './s3-uri.js';

const VALUES = ['connection', 'endpoint-url', 'region', 'profile'];

/** `pail ls [s3://BUCKET[/PREFIX]]`: folders (PRE) and objects under a prefix, or the buckets. */
export async function runLsCommand(args: string[]): Promise<number> {
  const { positionals, options } = splitPositionals(args, VALUES);
  const parsed = parseArgs(options, { values: VALUES, flags: ['recursive'] });
  if (positionals.length > 1)
    throw new UsageError('Usage: pail ls [s3://BUCKET[/PREFIX]] [--recursive] [--connection NAME | --endpoint-url URL]');
  const target = positionals[0] === undefined ? undefined : parseS3Uri(positionals[0]);
  if (positionals[0] !== undefined && !target) throw new UsageError(`Not an s3:// address: ${positionals[0]}`);
  const value = (name: string) => (typeof parsed.get(name) === 'string' ? (parsed.get(name) as string) : undefined);
  const { client } = await resolveCliClient({
    ...(value('connection') ? { connection: value('connection')! } : {}),
    ...(value('endpoint-url') ? { endpointUrl: value('endpoint-url')! } : {}),
    ...(value('region') ? { region: value('region')! } : {}),
    ...(value('profile') ? { profile: value('profile')! } : {}),
  });
  try {
    if (!target) {
      const res = await client.send(new ListBucketsCommand({}));
      for (const b of res.Buckets ?? []) process.stdout.write(`${date(b.CreationDate)} ${b.Name}\n`);
      return 0;
    }
    let token: string | undefined;
    const recursive = parsed.has('recursive');
    do {
      const page = await client.send(
        new ListObjectsV2Command({
          Bucket: target.bucket,
          Prefix: target.key,
          ...(recursive ? {} : { Delimiter: '/' }),
          ContinuationToken: token,
        }),
      );
      const lines: string[] = [];
      for (const p of page.CommonPrefixes ?? []) lines.push(`${''.padStart(30)}PRE ${p.Prefix!.slice(target.key.length)}`);
      for (const o of page.Contents ?? [])
        lines.push(`${date(o.LastModified)} ${String(o.Size ?? 0).padStart(10)} ${recursive ? o.Key : o.Key!.slice(target.key.length)}`);
      if (lines.length) process.stdout.write(`${lines.join('\n')}\n`);
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return 0;
  } finally {
    client.destroy();
  }
}

function date(d: Date | undefined): string {
  return (d ?? new Date(0)).toISOString().replace('T', ' ').slice(0, 19);
}
