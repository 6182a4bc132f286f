import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { access, constants, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_CREDENTIALS } from '../../support/local-s3.js';

/** Result of one child process run. */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Options for {@link runCommand}. */
export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  timeoutMs?: number;
  input?: string;
}

/** Runs a binary without a shell, collecting its output; never throws on a non-zero exit. */
export function runCommand(file: string, args: string[], options: RunOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    const timer = setTimeout(() => {
      stderr += `\n[run-command] killed after ${options.timeoutMs ?? 60_000} ms`;
      child.kill('SIGKILL');
    }, options.timeoutMs ?? 60_000);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a command and throws (with its output) unless it exits 0. */
export async function runOk(file: string, args: string[], options: RunOptions = {}): Promise<CommandResult> {
  const result = await runCommand(file, args, options);
  if (result.code !== 0) {
    throw new Error(`${file} ${args.join(' ')} exited ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
  return result;
}

/** True when `file` exists and is executable. */
export async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decides whether a client test suite runs: on CI a missing binary is a failure naming the
 * Debian package; locally the suite is skipped and the reason printed.
 */
export async function requireBinary(file: string, aptPackage: string): Promise<boolean> {
  if (await isExecutable(file)) return true;
  const reason = `${file} not found: install it with \`apt-get install ${aptPackage}\``;
  if (process.env.CI) throw new Error(`CI requires ${reason}`);
  console.warn(`[clients] skipping: ${reason}`);
  return false;
}

/** A temp HOME plus an environment that keeps clients away from the user's real config. */
export interface ClientSandbox {
  home: string;
  env: NodeJS.ProcessEnv;
  cleanup(): Promise<void>;
}

/** Builds an isolated child environment: temp HOME, no metadata lookups, credentials via env. */
export async function makeSandbox(prefix: string): Promise<ClientSandbox> {
  const home = await mkdtemp(join(tmpdir(), `pail-${prefix}-home-`));
  const nothing = join(home, 'no-such-aws-file');
  const env: NodeJS.ProcessEnv = {};
  for (const name of ['PATH', 'LANG', 'LC_ALL', 'TMPDIR', 'PYENV_ROOT', 'PYENV_VERSION']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  Object.assign(env, {
    HOME: home,
    LANG: process.env.LANG ?? 'C.UTF-8',
    PYTHONIOENCODING: 'utf-8',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: nothing,
    AWS_SHARED_CREDENTIALS_FILE: nothing,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: 'us-east-1',
    AWS_REGION: 'us-east-1',
    AWS_PAGER: '',
    NO_PROXY: '127.0.0.1,localhost',
    no_proxy: '127.0.0.1,localhost',
  });
  return { home, env, cleanup: () => rm(home, { recursive: true, force: true }) };
}

/** Writes `size` random bytes to `path` and returns them. */
export async function writeRandomFile(path: string, size: number): Promise<Buffer> {
  const data = randomBytes(size);
  await writeFile(path, data);
  return data;
}

/** Hex MD5 of a buffer. */
export function md5(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/** Unique bucket name for a test run. */
export function bucketName(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
