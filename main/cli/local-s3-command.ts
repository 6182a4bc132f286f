import { readFile } from 'node:fs/promises';
import { startLocalS3 } from '../services/local-s3/index.js';
import { defaultLocalBucketDir } from '../services/settings/pail-home.js';
import { parseArgs, stopSignal, UsageError } from './args.js';

/** The environment variable that may hold the secret key (a command line is visible to every local user in `ps`). */
const SECRET_KEY_ENV = 'PAIL_LOCAL_S3_SECRET_KEY';

const USAGE = [
  'Usage: pail local-s3 [--data DIR] [--host H] [--port N] [--access-key K [--secret-key-file PATH | --secret-key S]] [--log]',
  '  --data defaults to $PAIL_HOME/local-bucket',
  `  the secret key: --secret-key-file PATH (its first line) or --secret-key S, else $${SECRET_KEY_ENV}`,
  '    (--secret-key is visible to every local user in `ps`; prefer the file or the variable)',
  '  without --access-key a key pair is generated once and kept in the data folder',
].join('\n');

/**
 * Runs the embedded S3 server until SIGINT/SIGTERM. Prints `Local S3 listening on http://H:PORT`,
 * the access key id, and the secret once when it was just generated.
 */
export async function runLocalS3Command(args: string[]): Promise<number> {
  let options;
  try {
    const parsed = parseArgs(args, {
      values: ['data', 'host', 'port', 'access-key', 'secret-key', 'secret-key-file'],
      flags: ['log', 'help'],
    });
    if (parsed.has('help')) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const data = parsed.get('data') ?? defaultLocalBucketDir();
    if (typeof data !== 'string') throw new UsageError('--data needs a folder');
    const port = Number(parsed.get('port') ?? 0);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a number from 0 to 65535');
    const accessKey = parsed.get('access-key');
    const secretKey = await secretKeyFrom(parsed.get('secret-key'), parsed.get('secret-key-file'), accessKey !== undefined);
    if ((accessKey === undefined) !== (secretKey === undefined))
      throw new UsageError(
        `Give --access-key together with a secret key (--secret-key-file, $${SECRET_KEY_ENV} or --secret-key), or neither`,
      );
    if (parsed.has('secret-key'))
      process.stderr.write(
        `Warning: --secret-key is visible to every user of this machine (ps). Use --secret-key-file or $${SECRET_KEY_ENV} instead.\n`,
      );
    options = {
      dataDir: data,
      host: (parsed.get('host') as string | undefined) ?? '127.0.0.1',
      port,
      ...(typeof accessKey === 'string' && typeof secretKey === 'string' ? { accessKeyId: accessKey, secretAccessKey: secretKey } : {}),
      ...(parsed.has('log') ? { log: (line: string) => process.stderr.write(`${line}\n`) } : {}),
    };
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }

  if (!isLoopback(options.host)) {
    process.stderr.write(
      `Warning: listening on ${options.host} makes the local bucket reachable from other machines. Anyone with the key pair can read and write it.\n`,
    );
  }
  const server = await startLocalS3(options);
  // Listen for the stop signals before saying we are ready: whoever reads the ready line may
  // signal at once, and a signal without a handler would kill the process uncleanly.
  const stopped = stopSignal();
  process.stdout.write(`Local S3 listening on ${server.endpoint}\n`);
  process.stdout.write(`Access key id: ${server.accessKeyId}\n`);
  if (server.generatedCredentials) {
    process.stdout.write(
      `Secret access key: ${server.secretAccessKey}\n(generated now and kept in the data folder; it is not shown again)\n`,
    );
  }
  await stopped;
  await server.close();
  process.stdout.write('Local S3 stopped.\n');
  return 0;
}

/**
 * The secret key from --secret-key-file (its first line) or --secret-key, else the environment
 * variable. Giving both the file and the option is a mistake, not a silent choice. The
 * variable alone, without --access-key, is ignored (it may be set for another run).
 */
async function secretKeyFrom(
  option: string | true | undefined,
  file: string | true | undefined,
  withAccessKey: boolean,
): Promise<string | undefined> {
  if (option !== undefined && file !== undefined) throw new UsageError('Give --secret-key or --secret-key-file, not both');
  if (typeof file === 'string') {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      throw new UsageError(`Cannot read --secret-key-file ${file}: ${(err as Error).message}`);
    }
    const secret = text.split(/\r?\n/)[0]!.trim();
    if (!secret) throw new UsageError(`--secret-key-file ${file} is empty`);
    return secret;
  }
  if (typeof option === 'string') return option;
  const fromEnv = process.env[SECRET_KEY_ENV];
  return withAccessKey && fromEnv ? fromEnv : undefined;
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
