import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { access, mkdtemp, readdir, realpath, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { describeNeeding } from '../../support/system-tools.js';

/**
 * Shared plumbing for the third-party client tests: finding Debian's binaries, running them
 * asynchronously (the server under test lives in this process, so a synchronous spawn would
 * deadlock), and giving every child a clean environment so no user configuration leaks in.
 */

/** A binary the tests need, and the Debian package that provides it. */
export interface Tool {
  path: string;
  aptPackage: string;
  /** Arguments of a quick run that must exit 0 (e.g. importing a Python module). */
  probe?: string[];
}

export const TOOLS = {
  aws: { path: '/usr/bin/aws', aptPackage: 'awscli' },
  rclone: { path: '/usr/bin/rclone', aptPackage: 'rclone' },
  s3cmd: { path: '/usr/bin/s3cmd', aptPackage: 's3cmd' },
  curl: { path: '/usr/bin/curl', aptPackage: 'curl' },
  python3: { path: '/usr/bin/python3', aptPackage: 'python3-boto3', probe: ['-c', 'import boto3'] },
} satisfies Record<string, Tool>;

/** Why the tools cannot be used, or undefined when they all can. */
export function missingTools(tools: Tool[]): string | undefined {
  const missing = tools.filter((tool) => {
    try {
      accessSync(tool.path, constants.X_OK);
    } catch {
      return true;
    }
    // Collection time, before any server runs in this process: a synchronous probe is safe here.
    return tool.probe !== undefined && spawnSync(tool.path, tool.probe, { stdio: 'ignore', timeout: 30_000 }).status !== 0;
  });
  if (missing.length === 0) return undefined;
  const packages = [...new Set(missing.map((t) => t.aptPackage))].join(' ');
  return `${missing.map((t) => (t.probe ? `${t.path} ${t.probe.join(' ')}` : t.path)).join(', ')} not available: install it with \`apt-get install ${packages}\``;
}

/**
 * `describe` when the tools are there; when one is missing, skipped here and failing in CI
 * (describeNeeding), with the apt package to install.
 */
export function describeWithTools(title: string, tools: Tool[], body: () => void, options: { concurrent?: boolean } = {}): void {
  // Concurrent: each client invocation is a Python or Go start-up; tests that use separate
  // prefixes may overlap them.
  describeNeeding(title, missingTools(tools), body, options);
}

/** The outcome of a child process. */
export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The command line, for failure messages. */
  command: string;
}

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string | Buffer;
  /** Kill the child after this long; the default leaves room for a 20 MiB transfer. */
  timeoutMs?: number;
}

/** Runs a command without a shell, collecting its output. Never throws for a non-zero exit. */
export function run(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  const line = [command, ...args].map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), command: line });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(options.input);
  });
}

/** Runs a command and fails with its output when it does not exit 0. */
export async function runOk(command: string, args: string[], options: RunOptions): Promise<RunResult> {
  const result = await run(command, args, options);
  if (result.code !== 0) throw new Error(describeFailure(result));
  return result;
}

/** A readable account of a finished command, for assertion messages. */
export function describeFailure(result: RunResult): string {
  const tail = (text: string) => (text.length > 4000 ? `…${text.slice(-4000)}` : text);
  return `\`${result.command}\` exited with ${result.code ?? result.signal}\n--- stdout ---\n${tail(result.stdout)}\n--- stderr ---\n${tail(result.stderr)}`;
}

/**
 * A clean environment for a child: a throwaway HOME, PATH and locale from this process, nothing
 * else (no AWS_*, RCLONE_*, proxies or CA bundles from the developer's shell), plus `extra`.
 */
export function cleanEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    TMPDIR: home,
    LANG: 'C.UTF-8',
    LC_ALL: 'C.UTF-8',
    TZ: 'UTC',
    PYTHONIOENCODING: 'utf-8',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}

/** A fresh temporary folder, and a way to remove it. */
export async function tempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

/** A bucket name no other test run shares. */
export function uniqueBucket(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Every `python3` on PATH other than Debian's (a pyenv or venv interpreter), resolved to its real
 * executable so it still works under a throwaway HOME (pyenv shims look up $HOME/.pyenv).
 */
export async function otherPythons(): Promise<string[]> {
  const debian = await realpath('/usr/bin/python3').catch(() => '/usr/bin/python3');
  const found = new Set<string>();
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, 'python3');
    try {
      await access(candidate, constants.X_OK);
    } catch {
      continue;
    }
    if ((await realpath(candidate).catch(() => candidate)) === debian) continue;
    // Ask the interpreter itself (with this process's environment, which the shim needs).
    const probe = await run(candidate, ['-c', 'import sys; print(sys.executable)'], { env: process.env, timeoutMs: 20_000 }).catch(
      () => undefined,
    );
    const executable = probe?.code === 0 ? probe.stdout.trim() : '';
    if (executable && (await realpath(executable).catch(() => executable)) !== debian) found.add(executable);
  }
  return [...found];
}

/** S3 lists keys in UTF-8 byte order. */
export function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Every key under a prefix, through the SDK (an independent view of what a client left behind). */
export async function listKeys(client: S3Client, bucket: string, prefix = ''): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.NextContinuationToken;
  } while (token);
  return keys;
}

/** Files under a folder, as sorted relative paths. */
export async function listFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}

/** The ETag S3 gives a multipart upload of `data` split into `partSize` parts. */
export function multipartEtag(data: Buffer, partSize: number): string {
  const md5s: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += partSize)
    md5s.push(
      createHash('md5')
        .update(data.subarray(offset, offset + partSize))
        .digest(),
    );
  return `"${createHash('md5').update(Buffer.concat(md5s)).digest('hex')}-${md5s.length}"`;
}
