import { startLocalS3 } from '../services/local-s3/index.js';
import { defaultLocalBucketDir } from '../services/settings/pail-home.js';
import { parseArgs, stopSignal, UsageError } from './args.js';

const USAGE =
  'Usage: pail local-s3 [--data DIR] [--host H] [--port N] [--access-key K --secret-key S] [--log]\n  --data defaults to $PAIL_HOME/local-bucket';

/**
 * Runs the embedded S3 server until SIGINT/SIGTERM. Prints `Local S3 listening on http://H:PORT`,
 * the access key id, and the secret once when it was just generated.
 */
export async function runLocalS3Command(args: string[]): Promise<number> {
  let options;
  try {
    const parsed = parseArgs(args, { values: ['data', 'host', 'port', 'access-key', 'secret-key'], flags: ['log', 'help'] });
    if (parsed.has('help')) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const data = parsed.get('data') ?? defaultLocalBucketDir();
    if (typeof data !== 'string') throw new UsageError('--data needs a folder');
    const port = Number(parsed.get('port') ?? 0);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a number from 0 to 65535');
    const accessKey = parsed.get('access-key');
    const secretKey = parsed.get('secret-key');
    if ((accessKey === undefined) !== (secretKey === undefined))
      throw new UsageError('Give --access-key and --secret-key together, or neither');
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

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}
