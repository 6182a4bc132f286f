import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The standalone server takes its secret from a file or an environment variable, so it need not appear in `ps`. */
let dir: string;
const ACCESS_KEY = 'AKIACLISECRET0000000';
const SECRET = 'cli-secret-from-somewhere-private-0000000';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pail-cli-secret-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function startCli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/pail.ts', 'local-s3', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PAIL_LOCAL_S3_SECRET_KEY: undefined, ...env },
  });
  let stderr = '';
  let stdout = '';
  child.stderr.on('data', (c) => (stderr += c));
  const reader = createInterface({ input: child.stdout });
  reader.on('line', (l) => (stdout += `${l}\n`));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const endpoint = new Promise<string>((resolve, reject) => {
    reader.on('line', (line) => {
      const m = /^Local S3 listening on (\S+)$/.exec(line);
      if (m) resolve(m[1]!);
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  return { child, exited, endpoint, stderr: () => stderr, stdout: () => stdout };
}

async function acceptsSecret(endpoint: string, secretAccessKey: string): Promise<boolean> {
  const client = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey },
  });
  try {
    await client.send(new ListBucketsCommand({}));
    return true;
  } catch (err) {
    if ((err as { name?: string }).name === 'SignatureDoesNotMatch') return false;
    throw err;
  } finally {
    client.destroy();
  }
}

describe('pail local-s3 secret key sources', () => {
  it('reads the secret from --secret-key-file (first line), without a warning', async () => {
    const file = join(dir, 'secret.txt');
    await writeFile(file, `${SECRET}\n`, { mode: 0o600 });
    const cli = startCli(['--data', join(dir, 'a'), '--port', '0', '--access-key', ACCESS_KEY, '--secret-key-file', file]);
    const endpoint = await cli.endpoint;
    expect(await acceptsSecret(endpoint, SECRET)).toBe(true);
    expect(await acceptsSecret(endpoint, 'something-else')).toBe(false);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).not.toContain('Warning');
    expect(cli.stdout()).not.toContain(SECRET);
  });

  it('reads the secret from $PAIL_LOCAL_S3_SECRET_KEY', async () => {
    const cli = startCli(['--data', join(dir, 'b'), '--port', '0', '--access-key', ACCESS_KEY], { PAIL_LOCAL_S3_SECRET_KEY: SECRET });
    const endpoint = await cli.endpoint;
    expect(await acceptsSecret(endpoint, SECRET)).toBe(true);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).not.toContain('Warning');
  });

  it('warns that --secret-key is visible in ps, and still works', async () => {
    const cli = startCli(['--data', join(dir, 'c'), '--port', '0', '--access-key', ACCESS_KEY, '--secret-key', SECRET]);
    const endpoint = await cli.endpoint;
    expect(await acceptsSecret(endpoint, SECRET)).toBe(true);
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.stderr()).toContain('--secret-key is visible to every user of this machine');
  });

  it('refuses a missing or empty file, both sources at once, and a secret without an access key', async () => {
    const empty = join(dir, 'empty.txt');
    await writeFile(empty, '\n');
    const cases: [string[], string][] = [
      [['--access-key', ACCESS_KEY, '--secret-key-file', join(dir, 'missing.txt')], 'Cannot read --secret-key-file'],
      [['--access-key', ACCESS_KEY, '--secret-key-file', empty], 'is empty'],
      [['--access-key', ACCESS_KEY, '--secret-key-file', empty, '--secret-key', 'x'], 'not both'],
      [['--secret-key', 'x'], 'Give --access-key together with a secret key'],
      [['--access-key', ACCESS_KEY], 'Give --access-key together with a secret key'],
    ];
    for (const [args, message] of cases) {
      const cli = startCli(['--data', join(dir, 'd'), '--port', '0', ...args]);
      cli.endpoint.catch(() => {});
      expect(await cli.exited).toBe(2);
      expect(cli.stderr()).toContain(message);
    }
  });

  it('documents the file and the variable in --help', async () => {
    const cli = startCli(['--help']);
    cli.endpoint.catch(() => {});
    expect(await cli.exited).toBe(0);
    expect(cli.stdout()).toContain('--secret-key-file PATH');
    expect(cli.stdout()).toContain('$PAIL_LOCAL_S3_SECRET_KEY');
  });
});
