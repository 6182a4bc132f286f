/**
 * `npm run bench -- transfers [--quick]` — Pail's transfer engine (`pail cp`) against `aws s3 cp`
 * and `rclone copy`, all against the same embedded server (`pail local-s3`, its own process).
 *
 * Methodology
 * - Every contestant is a child process started the same way and timed wall-clock from spawn to
 *   exit (start-up included, as a person running the command pays it): Pail is the bundled CLI
 *   (dist/bench/pail-cli/pail.mjs, as shipped) on bare node; aws is /usr/bin/aws (v2); rclone runs
 *   with AWS_CA_BUNDLE unset (it refuses to start otherwise). Each uses its default concurrency.
 * - Workloads: one large file of random bytes (1 GiB; 256 MiB with --quick), the cached
 *   bench source, uploaded then downloaded; a folder of 1,000 × 16 KiB random files (200 with
 *   --quick), uploaded recursively then downloaded recursively. Every download is of the same
 *   objects (uploaded once by Pail), into a fresh folder; downloaded bytes are compared by size.
 * - Rates: MB/s (10^6 bytes) for the large file, files/s for the folder; ratio = Pail ÷ tool.
 * - Peak RSS: `pail cp` uploading a 5 GiB sparse file (1 GiB with --quick); VmHWM of the child,
 *   read from /proc while it runs.
 * - Targets: Pail ≥ both tools on every row; RSS < 300 MB. The machine is shared: one run, ratios.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PAIL_CLI, startPail, type BenchServer } from './servers.js';
import { clientFor, createBucket, ensureSourceFile } from './workloads.js';

const MiB = 1024 * 1024;

interface Run {
  seconds: number;
  peakRss: number;
}

/** Runs a command to its end; its wall time and (sampled) peak RSS. Throws on a non-zero exit. */
async function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<Run> {
  const started = process.hrtime.bigint();
  const child = spawn(cmd, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += String(c)));
  let peakRss = 0;
  const sample = setInterval(() => {
    void readFile(`/proc/${child.pid}/status`, 'utf8').then(
      (s) => {
        const kb = /^VmHWM:\s+(\d+)\s+kB/m.exec(s);
        if (kb) peakRss = Math.max(peakRss, Number(kb[1]) * 1024);
      },
      () => {},
    );
  }, 100);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  clearInterval(sample);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (code !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`);
  return { seconds, peakRss };
}

async function folderBytes(dir: string): Promise<{ files: number; bytes: number }> {
  let files = 0;
  let bytes = 0;
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!e.isFile()) continue;
    files++;
    bytes += (await stat(join(e.parentPath, e.name))).size;
  }
  return { files, bytes };
}

export async function benchTransfers(argv: string[]): Promise<void> {
  const quick = argv.includes('--quick');
  const largeSize = (quick ? 256 : 1024) * MiB;
  const smallCount = quick ? 200 : 1000;
  const rssSize = (quick ? 1024 : 5 * 1024) * MiB;
  const cacheDir = join(tmpdir(), 'pail-bench-cache');
  await mkdir(cacheDir, { recursive: true });
  const source = join(cacheDir, `source-${largeSize / MiB}MiB.bin`);
  process.stdout.write(`Source: ${source} (${await ensureSourceFile(source, largeSize)})\n`);
  const work = await mkdtemp(join(tmpdir(), 'pail-bench-transfers-'));
  let server: BenchServer | undefined;
  try {
    const folder = join(work, 'small');
    await mkdir(folder);
    for (let i = 0; i < smallCount; i++) await writeFile(join(folder, `f-${String(i).padStart(4, '0')}.bin`), randomBytes(16 * 1024));
    server = await startPail(join(work, 'data'));
    process.stdout.write(`Server: ${server.endpoint} (pid ${server.pid})\n`);
    const client = clientFor(server);
    await createBucket(client, 'bench');
    client.destroy();
    const cli = PAIL_CLI;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      AWS_ACCESS_KEY_ID: server.credentials.accessKeyId,
      AWS_SECRET_ACCESS_KEY: server.credentials.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
      AWS_REGION: 'us-east-1',
      PAIL_HOME: join(work, 'pail-home'),
    };
    const e = server.endpoint;
    const rcloneEnv = { ...env };
    delete rcloneEnv.AWS_CA_BUNDLE;
    const rcloneFlags = [
      '--s3-provider=Other',
      `--s3-endpoint=${e}`,
      `--s3-access-key-id=${server.credentials.accessKeyId}`,
      `--s3-secret-access-key=${server.credentials.secretAccessKey}`,
      '--s3-region=us-east-1',
      '--s3-force-path-style=true',
    ];
    const tools = {
      pail: {
        upFile: (dst: string) => timed(process.execPath, [cli, 'cp', source, `s3://bench/${dst}/large.bin`, '--endpoint-url', e], env),
        upDir: (dst: string) =>
          timed(process.execPath, [cli, 'cp', folder, `s3://bench/${dst}/small/`, '--recursive', '--endpoint-url', e], env),
        downFile: (out: string) =>
          timed(process.execPath, [cli, 'cp', 's3://bench/src/large.bin', join(out, 'large.bin'), '--endpoint-url', e], env),
        downDir: (out: string) =>
          timed(process.execPath, [cli, 'cp', 's3://bench/src/small/', out, '--recursive', '--endpoint-url', e], env),
      },
      aws: {
        upFile: (dst: string) =>
          timed('/usr/bin/aws', ['--endpoint-url', e, 's3', 'cp', source, `s3://bench/${dst}/large.bin`, '--only-show-errors'], env),
        upDir: (dst: string) =>
          timed(
            '/usr/bin/aws',
            ['--endpoint-url', e, 's3', 'cp', folder, `s3://bench/${dst}/small/`, '--recursive', '--only-show-errors'],
            env,
          ),
        downFile: (out: string) =>
          timed(
            '/usr/bin/aws',
            ['--endpoint-url', e, 's3', 'cp', 's3://bench/src/large.bin', join(out, 'large.bin'), '--only-show-errors'],
            env,
          ),
        downDir: (out: string) =>
          timed('/usr/bin/aws', ['--endpoint-url', e, 's3', 'cp', 's3://bench/src/small/', out, '--recursive', '--only-show-errors'], env),
      },
      rclone: {
        upFile: (dst: string) => timed('rclone', ['copy', source, `:s3:bench/${dst}/`, ...rcloneFlags], rcloneEnv),
        upDir: (dst: string) => timed('rclone', ['copy', folder, `:s3:bench/${dst}/small/`, ...rcloneFlags], rcloneEnv),
        downFile: (out: string) => timed('rclone', ['copy', ':s3:bench/src/large.bin', out, ...rcloneFlags], rcloneEnv),
        downDir: (out: string) => timed('rclone', ['copy', ':s3:bench/src/small/', out, ...rcloneFlags], rcloneEnv),
      },
    };
    process.stdout.write('Seeding the download objects…\n');
    await tools.pail.upFile('src');
    await tools.pail.upDir('src');

    const results: Record<string, Record<string, number>> = {};
    for (const [name, tool] of Object.entries(tools)) {
      process.stdout.write(`${name}…\n`);
      const r: Record<string, number> = {};
      r.upFile = largeSize / 1e6 / (await tool.upFile(name)).seconds;
      r.upDir = smallCount / (await tool.upDir(name)).seconds;
      const outFile = join(work, `${name}-file`);
      await mkdir(outFile);
      r.downFile = largeSize / 1e6 / (await tool.downFile(outFile)).seconds;
      if ((await stat(join(outFile, 'large.bin'))).size !== largeSize) throw new Error(`${name}: downloaded size differs`);
      await rm(outFile, { recursive: true, force: true });
      const outDir = join(work, `${name}-dir`);
      await mkdir(outDir);
      r.downDir = smallCount / (await tool.downDir(outDir)).seconds;
      const got = await folderBytes(outDir);
      if (got.files !== smallCount || got.bytes !== smallCount * 16 * 1024)
        throw new Error(`${name}: downloaded folder differs (${got.files} files)`);
      await rm(outDir, { recursive: true, force: true });
      results[name] = r;
    }

    process.stdout.write(`Peak RSS moving ${rssSize / MiB / 1024} GiB…\n`);
    const big = join(work, 'sparse.bin');
    await writeFile(big, '');
    await truncate(big, rssSize);
    const rss = await timed(process.execPath, [cli, 'cp', big, 's3://bench/rss/sparse.bin', '--endpoint-url', e], env);

    const label = `${largeSize / MiB >= 1024 ? `${largeSize / MiB / 1024} GiB` : `${largeSize / MiB} MiB`}`;
    const rows: [string, string, keyof (typeof results)['pail']][] = [
      [`Upload 1 × ${label}`, 'MB/s', 'upFile'],
      [`Download 1 × ${label}`, 'MB/s', 'downFile'],
      [`Upload ${smallCount} × 16 KiB (folder)`, 'files/s', 'upDir'],
      [`Download ${smallCount} × 16 KiB (folder)`, 'files/s', 'downDir'],
    ];
    const table = [['Workload', 'Unit', 'pail', 'aws', 'rclone', 'pail/aws', 'pail/rclone', 'Target']];
    for (const [what, unit, k] of rows) {
      const p = results.pail![k]!;
      const a = results.aws![k]!;
      const c = results.rclone![k]!;
      table.push([
        what,
        unit,
        p.toFixed(1),
        a.toFixed(1),
        c.toFixed(1),
        `${(p / a).toFixed(2)}x`,
        `${(p / c).toFixed(2)}x`,
        p >= a && p >= c ? 'PASS ≥ both' : 'MISS ≥ both',
      ]);
    }
    table.push([
      `pail cp peak RSS, ${rssSize / MiB / 1024} GiB upload`,
      'MB',
      (rss.peakRss / 1e6).toFixed(1),
      '',
      '',
      '',
      '',
      rss.peakRss < 300e6 ? 'PASS <300 MB' : 'MISS <300 MB',
    ]);
    const widths = table[0]!.map((_, i) => Math.max(...table.map((r) => r[i]!.length)));
    const line = (r: string[]) =>
      r
        .map((c, i) => (i >= 2 && i <= 6 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd();
    process.stdout.write(`\n${[line(table[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...table.slice(1).map(line)].join('\n')}\n`);
  } finally {
    await server?.stop();
    await rm(work, { recursive: true, force: true });
  }
}
