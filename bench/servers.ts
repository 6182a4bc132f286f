import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A server under test, running as its own process so its RSS is its own. */
export interface BenchServer {
  name: string;
  endpoint: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  pid: number;
  /** Peak resident set size (VmHWM) in bytes, read from /proc while the process is alive. */
  peakRss(): Promise<number>;
  /**
   * CPU seconds (user + system) the server has used so far. On a shared machine wall-clock rates
   * swing with other load; CPU spent per operation is the steadier measure of the server's own cost.
   */
  cpuSeconds(): Promise<number>;
  stop(): Promise<void>;
}

/** USER_HZ: the unit of /proc/<pid>/stat times, 100 on every Linux architecture Node runs on. */
const CLOCK_TICKS = 100;

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI_DIR = join(REPO_ROOT, 'dist', 'bench', 'pail-cli');

/** The bundled `pail` CLI's entry; built by {@link startPail}. */
export const PAIL_CLI = join(CLI_DIR, 'pail.mjs');

/**
 * Bundles the `pail` CLI into plain JavaScript (as the app ships it), so our server runs on bare
 * node exactly like s3rver does: a TypeScript loader in the process would add ~30 MB of RSS and
 * start-up work that is not the server's.
 */
async function bundlePailCli(): Promise<string> {
  const { build } = await import('esbuild');
  // Inside the repo so the bundle resolves the same node_modules.
  const outdir = CLI_DIR;
  await rm(outdir, { recursive: true, force: true });
  await build({
    entryPoints: { pail: join(REPO_ROOT, 'main/cli/pail.ts') },
    bundle: true,
    // Split at the CLI's dynamic imports, as it loads its commands: one file would load every
    // command's dependencies (the AWS SDK among them) into a server that uses none of them.
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outdir,
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
  return PAIL_CLI;
}

/** Our server, through the same CLI a user runs: `pail local-s3`. */
export async function startPail(dataDir: string): Promise<BenchServer> {
  const credentials = { accessKeyId: 'BENCHKEY', secretAccessKey: 'bench-secret-key' };
  const cli = await bundlePailCli();
  // node itself (not npm's wrapper) so the child PID is the server's PID and VmHWM is the server's.
  const child = spawn(
    process.execPath,
    [
      ...profileArgs('pail'),
      cli,
      'local-s3',
      '--data',
      dataDir,
      '--port',
      '0',
      '--access-key',
      credentials.accessKeyId,
      '--secret-key',
      credentials.secretAccessKey,
    ],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const endpoint = await waitForLine(child, /Local S3 listening on (http:\/\/\S+)/, (m) => m[1]!);
  return wrap('pail local-s3', child, endpoint, credentials);
}

/** s3rver from devDependencies, through its own CLI, on a free port we pick. */
export async function startS3rver(dataDir: string): Promise<BenchServer> {
  // s3rver accepts only its built-in account (S3RVER/S3RVER) and does verify SigV4 with it.
  const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
  const bin = join(dirname(createRequire(import.meta.url).resolve('s3rver/package.json')), 'bin/s3rver.js');
  const port = await freePort();
  // --silent: its per-request logger would otherwise be part of what we measure.
  const child = spawn(process.execPath, [...profileArgs('s3rver'), bin, '-d', dataDir, '-a', '127.0.0.1', '-p', String(port), '--silent'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await waitForLine(child, /S3rver listening on/, () => '');
  return wrap('s3rver', child, `http://127.0.0.1:${port}`, credentials);
}

/**
 * BENCH_CPU_PROF=pail|s3rver|all makes that server write a V8 CPU profile into ./bench-profiles,
 * for finding where a missed target goes. Off by default: profiling itself costs throughput.
 */
function profileArgs(which: 'pail' | 's3rver'): string[] {
  const want = process.env.BENCH_CPU_PROF;
  if (want !== which && want !== 'all') return [];
  return ['--cpu-prof', `--cpu-prof-dir=${join(tmpdir(), 'pail-bench-profiles')}`, `--cpu-prof-name=${which}-${Date.now()}.cpuprofile`];
}

function wrap(name: string, child: ChildProcess, endpoint: string, credentials: BenchServer['credentials']): BenchServer {
  const pid = child.pid!;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  return {
    name,
    endpoint,
    credentials,
    pid,
    async peakRss() {
      const status = await readFile(`/proc/${pid}/status`, 'utf8');
      const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
      if (!kb) throw new Error(`no VmHWM in /proc/${pid}/status`);
      return Number(kb[1]) * 1024;
    },
    async cpuSeconds() {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      // Fields after the parenthesised command name; utime and stime are fields 14 and 15 overall.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      // Ours closes gracefully (and flushes a CPU profile if asked); don't hang the bench if it doesn't.
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Resolves with what `pick` extracts from the first stdout line matching `pattern`; rejects if the child dies first. */
function waitForLine<T>(child: ChildProcess, pattern: RegExp, pick: (m: RegExpExecArray) => T): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => fail(new Error('server did not start within 30 s')), 30_000);
    const onOut = (chunk: Buffer) => {
      out += chunk.toString();
      const m = pattern.exec(out);
      if (m) {
        cleanup();
        // Keep draining so a chatty child never blocks on a full pipe.
        child.stdout!.resume();
        resolvePromise(pick(m));
      }
    };
    const onErr = (chunk: Buffer) => {
      err += chunk.toString();
    };
    const onExit = (code: number | null) => fail(new Error(`server exited (${code}) before listening:\n${out}${err}`));
    function cleanup() {
      clearTimeout(timer);
      child.stdout!.off('data', onOut);
      child.off('exit', onExit);
    }
    function fail(e: Error) {
      cleanup();
      child.kill('SIGKILL');
      reject(e);
    }
    child.stdout!.on('data', onOut);
    child.stderr!.on('data', onErr);
    child.once('exit', onExit);
  }).finally(() => {
    child.stdout!.on('data', () => {});
    child.stderr!.on('data', () => {});
  });
}

/** A port the kernel says is free now (s3rver's CLI can't report an ephemeral one reliably). */
function freePort(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolvePromise(port));
    });
  });
}
