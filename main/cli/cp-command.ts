import { readdir, stat } from 'node:fs/promises';
import { basename, join, posix, resolve } from 'node:path';
import type { S3Sender } from '../services/s3/deferred-client.js';
import type { ConflictPolicy, TransferSummary } from '../../preload/contract/transfers.js';
import { directRoute } from '../services/transfers/direct-requests.js';
import { localFiles, localPathFor, remoteObjects } from '../services/transfers/expand.js';
import { QUICK_RETRY, withRetry } from '../services/transfers/retry.js';
import { TransferEngine } from '../services/transfers/index.js';
import { pailHome } from '../services/settings/pail-home.js';
import { explainError, httpStatusOf } from '../services/s3/explain-error.js';
import { parseArgs, UsageError } from './args.js';
import { resolveCliClient } from './cli-credentials.js';
import { cpJournalName, CpRunBusyError, lockCpRun } from './cp-run-journal.js';
import { formatBytes, parseS3Uri, splitPositionals } from './s3-uri.js';
import { loadS3Sdk } from '../services/s3/sdk.js';

const USAGE = `Usage: pail cp SRC DST [--recursive] [options]

SRC and DST are local paths or s3://BUCKET/KEY (either side, also s3 to s3).
Running the same command again after it was interrupted (Ctrl-C, kill -9) resumes it.

Options:
  --recursive            copy a folder or an s3:// prefix
  --connection NAME      a saved Pail connection (its secret from the keychain)
  --endpoint-url URL     an S3 endpoint; credentials from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/
                         AWS_SESSION_TOKEN or AWS_PROFILE, as with the aws CLI
  --region REGION        --profile NAME
  --conflict POLICY      overwrite (default), skip or keep-both
  --files N              files at once (default 4)     --parts N   parts per file at once (default 4)
  --part-size MIB        preferred part size in MiB (default 16)
`;

const VALUES = ['connection', 'endpoint-url', 'region', 'profile', 'conflict', 'files', 'parts', 'part-size'];

/** `pail cp`: uploads, downloads and copies through the transfer engine, journaled in $PAIL_HOME. */
export async function runCpCommand(args: string[]): Promise<number> {
  let parsed;
  let src: string;
  let dst: string;
  try {
    const { positionals, options } = splitPositionals(args, VALUES);
    parsed = parseArgs(options, { values: VALUES, flags: ['recursive', 'help'] });
    if (parsed.has('help')) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (positionals.length !== 2) throw new UsageError('Give a source and a destination.');
    [src, dst] = positionals as [string, string];
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`pail cp: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  const conflict = (parsed.get('conflict') as ConflictPolicy | undefined) ?? 'overwrite';
  if (!['overwrite', 'skip', 'keep-both'].includes(conflict)) throw new UsageError('--conflict is overwrite, skip or keep-both.');
  const recursive = parsed.has('recursive');
  const from = parseS3Uri(src);
  const to = parseS3Uri(dst);
  if (!from && !to) throw new UsageError('One side must be s3://BUCKET/KEY; to copy local files use cp.');
  const credentials = {
    ...(typeof parsed.get('connection') === 'string' ? { connection: parsed.get('connection') as string } : {}),
    ...(typeof parsed.get('endpoint-url') === 'string' ? { endpointUrl: parsed.get('endpoint-url') as string } : {}),
    ...(typeof parsed.get('region') === 'string' ? { region: parsed.get('region') as string } : {}),
    ...(typeof parsed.get('profile') === 'string' ? { profile: parsed.get('profile') as string } : {}),
  };
  const { client } = await resolveCliClient(credentials);
  // The same command names the same connection, so a second run finds the first one's transfers.
  const connectionId = `cli:${credentials.connection ?? credentials.endpointUrl ?? 'aws'}`;
  const number = (name: string) => (typeof parsed.get(name) === 'string' ? Number(parsed.get(name)) : undefined);
  // One journal per command: concurrent `cp` processes never share a file, and the same command
  // run again finds its interrupted transfers.
  const home = pailHome();
  const journalName = cpJournalName({
    connectionId,
    src: from ? src : resolve(src),
    dst: to ? dst : resolve(dst),
    recursive,
  });
  let lock;
  try {
    lock = await lockCpRun(home, journalName);
  } catch (err) {
    client.destroy();
    if (err instanceof CpRunBusyError) {
      process.stderr.write(`pail cp: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  const engine = await TransferEngine.open({
    pailHome: home,
    journalName,
    resumeAtOpen: false,
    // A file that fits in one request has nothing to resume: running the command again sends it again.
    journalSingleRequest: false,
    // Nothing else shares this process's thread: small files are written without thread-pool round trips.
    blockingSmallWrites: true,
    clients: { client: async () => client },
    ...(number('files') ? { filesAtOnce: number('files')! } : {}),
    ...(number('parts') ? { partsPerFile: number('parts')! } : {}),
    ...(number('part-size') ? { partSize: number('part-size')! * 1024 * 1024 } : {}),
  }).catch(async (err: unknown) => {
    await lock.release();
    client.destroy();
    throw err;
  });
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    void engine
      .close()
      .then(() => lock.release())
      .then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    let groupId: string;
    if (!from) groupId = (await upload(engine, connectionId, resolve(src), to!, recursive, conflict)).groupId;
    else if (!to) groupId = (await download(engine, client, connectionId, from, resolve(dst), recursive, conflict)).groupId;
    else groupId = (await copy(engine, client, connectionId, from, to, recursive, conflict)).groupId;
    const rows = await withProgress(engine, groupId);
    if (interrupted) return 130;
    const failed = rows.filter((r) => r.state === 'failed' || r.state === 'conflict');
    for (const r of failed) process.stderr.write(`pail cp: ${r.name}: ${r.error?.message ?? r.state}\n`);
    if (rows.length === 0) {
      process.stderr.write(`pail cp: nothing to copy at ${src}${from && !recursive ? ' (use --recursive for a prefix)' : ''}\n`);
      return 1;
    }
    await engine.clearFinished();
    return failed.length ? 1 : 0;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    if (!interrupted) {
      const left = engine.snapshot().transfers.length;
      await engine.close();
      // A run with nothing left to resume removes its journal; a failed one keeps it for the rerun.
      await (left === 0 ? lock.discard() : lock.release());
    }
    client.destroy();
  }
}

async function upload(
  engine: TransferEngine,
  connectionId: string,
  src: string,
  to: { bucket: string; key: string },
  recursive: boolean,
  conflict: ConflictPolicy,
) {
  const info = await stat(src).catch(() => undefined);
  if (!info) throw new UsageError(`${src} does not exist.`);
  let files;
  if (info.isDirectory()) {
    if (!recursive) throw new UsageError(`${src} is a folder: add --recursive.`);
    // Like the aws CLI: the folder's contents go under the destination prefix.
    const prefix = to.key === '' || to.key.endsWith('/') ? to.key : `${to.key}/`;
    files = await localFiles(
      (await readdir(src)).sort().map((n) => join(src, n)),
      prefix,
    );
  } else {
    const key = to.key === '' || to.key.endsWith('/') ? to.key + basename(src) : to.key;
    files = [{ path: src, key, size: info.size, mtimeMs: Math.trunc(info.mtimeMs) }];
  }
  return engine.enqueueUploadFiles({
    connectionId,
    bucket: to.bucket,
    files,
    conflict,
    name: basename(src),
    destination: `s3://${to.bucket}/${to.key}`,
  });
}

async function download(
  engine: TransferEngine,
  client: S3Sender,
  connectionId: string,
  from: { bucket: string; key: string },
  dst: string,
  recursive: boolean,
  conflict: ConflictPolicy,
) {
  let items;
  if (recursive) {
    const prefix = from.key === '' || from.key.endsWith('/') ? from.key : `${from.key}/`;
    const objects = await listSource(client, from.bucket, prefix);
    items = objects.map((o) => ({ key: o.key, size: o.size, localPath: localPathFor(dst, o.key.slice(prefix.length)) }));
  } else {
    const head = await headSource(client, from);
    const isDir =
      dst.endsWith('/') ||
      (await stat(dst).then(
        (s) => s.isDirectory(),
        () => false,
      ));
    items = [{ key: from.key, size: head.size, localPath: isDir ? join(dst, posix.basename(from.key)) : dst }];
  }
  return engine.enqueueDownloadItems({
    connectionId,
    bucket: from.bucket,
    items,
    conflict,
    name: posix.basename(from.key) || from.bucket,
    destination: dst,
  });
}

async function copy(
  engine: TransferEngine,
  client: S3Sender,
  connectionId: string,
  from: { bucket: string; key: string },
  to: { bucket: string; key: string },
  recursive: boolean,
  conflict: ConflictPolicy,
) {
  let items;
  if (recursive) {
    const prefix = from.key === '' || from.key.endsWith('/') ? from.key : `${from.key}/`;
    const target = to.key === '' || to.key.endsWith('/') ? to.key : `${to.key}/`;
    items = (await listSource(client, from.bucket, prefix)).map((o) => ({
      key: o.key,
      size: o.size,
      targetKey: target + o.key.slice(prefix.length),
    }));
  } else {
    const head = await headSource(client, from);
    const targetKey = to.key === '' || to.key.endsWith('/') ? to.key + posix.basename(from.key) : to.key;
    items = [{ key: from.key, size: head.size, targetKey }];
  }
  const side = { connectionId, bucket: from.bucket };
  return engine.enqueueCopyItems({
    from: side,
    to: { connectionId, bucket: to.bucket },
    items,
    conflict,
    deleteSource: false,
    name: posix.basename(from.key) || from.bucket,
    destination: `s3://${to.bucket}/${to.key}`,
  });
}

/** The objects under a prefix, or an error in words: the listing is a recursive copy's first request. */
async function listSource(client: S3Sender, bucket: string, prefix: string) {
  try {
    return await remoteObjects(client, bucket, [], [prefix]);
  } catch (err) {
    if (httpStatusOf(err) === 404) throw new Error(`The bucket ${bucket} does not exist (or this key may not see it).`, { cause: err });
    throw new Error(explainError(err).message, { cause: err });
  }
}

/**
 * The source object of a copy or download, or an error that says what is wrong: a HEAD that
 * misses answers 404 with no body (the SDK's message is just "UnknownError"), so ask the bucket
 * whether it is the bucket or the key that is missing.
 */
async function headSource(client: S3Sender, from: { bucket: string; key: string }): Promise<{ size: number }> {
  // Through the direct path where the client has one: a single small download then never loads the SDK.
  const route = await directRoute(client);
  try {
    return await withRetry(
      async () => {
        if (route) return { size: Number((await route.head(from)).headers['content-length'] ?? -1) };
        const { HeadObjectCommand } = await loadS3Sdk();
        return { size: (await client.send(new HeadObjectCommand({ Bucket: from.bucket, Key: from.key }))).ContentLength ?? -1 };
      },
      undefined,
      QUICK_RETRY,
    );
  } catch (err) {
    if (httpStatusOf(err) !== 404) throw new Error(explainError(err).message, { cause: err });
    const headBucket = async () => {
      if (route) return route.head({ bucket: from.bucket });
      const { HeadBucketCommand } = await loadS3Sdk();
      return client.send(new HeadBucketCommand({ Bucket: from.bucket }));
    };
    const bucketExists = await headBucket().then(
      () => true,
      () => false,
    );
    throw new Error(
      bucketExists
        ? `There is no object s3://${from.bucket}/${from.key}. For everything under a prefix, add --recursive.`
        : `The bucket ${from.bucket} does not exist (or this key may not see it).`,
      { cause: err },
    );
  }
}

/** Waits for the batch, drawing one progress line on a terminal (none when piped). */
async function withProgress(engine: TransferEngine, groupId: string): Promise<TransferSummary[]> {
  const tty = process.stderr.isTTY;
  const started = Date.now();
  const timer = tty
    ? setInterval(() => {
        const g = engine.snapshot().groups.find((x) => x.id === groupId);
        if (!g) return;
        const seconds = (Date.now() - started) / 1000;
        const rate = seconds > 0 ? g.transferred / seconds : 0;
        const line = `${formatBytes(g.transferred)} / ${g.bytes >= 0 ? formatBytes(g.bytes) : '?'}  ${formatBytes(rate)}/s  ${g.done}/${g.files} files${g.failed ? `, ${g.failed} failed` : ''}`;
        process.stderr.write(`\r\x1b[2K${line}`);
      }, 250)
    : undefined;
  try {
    return await engine.whenGroupSettles(groupId);
  } finally {
    if (timer) {
      clearInterval(timer);
      process.stderr.write('\r\x1b[2K');
    }
  }
}
