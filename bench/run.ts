/**
 * `npm run bench` — throughput of the embedded S3 server (pail local-s3) against s3rver.
 *
 * Methodology
 * - Both servers run as child processes started the same way: `node <cli> …` spawned directly, so
 *   the child PID is the server and /proc/<pid>/status VmHWM is the server's own peak RSS. Ours is
 *   `node dist/bench/pail-cli.mjs local-s3 --port 0` (main/cli/pail.ts bundled by esbuild first, as
 *   the app ships it, so no TypeScript loader sits in the server), s3rver is its bin/s3rver.js on a
 *   free port with --silent (its request logger is not part of what we compare).
 * - Each server gets a fresh data folder under os.tmpdir(), so every writer (both servers and the
 *   raw copy) hits the same filesystem.
 * - One client for both: @aws-sdk/client-s3 with path-style addressing and
 *   requestChecksumCalculation/responseChecksumValidation = WHEN_REQUIRED. Without that the SDK sends
 *   aws-chunked bodies with CRC32 trailers, which s3rver 3.7.1 does not understand; with it both
 *   servers receive the same plain, UNSIGNED-PAYLOAD streaming PUT (stream bodies) or signed-SHA256
 *   PUT (small Buffer bodies). Our server still computes MD5 ETags, verifies SigV4 and fsyncs
 *   every object before it becomes visible; s3rver computes MD5 but never fsyncs.
 * - Large object: a file of random bytes (1 GiB; 128 MiB with --quick), created once in
 *   os.tmpdir()/pail-bench-cache and reused by later runs (`--clean` removes it). PUT is a single
 *   PutObject streaming the file with Content-Length — both servers accept single PUTs up to 5 GiB,
 *   so no lib-storage/multipart, and the number is the server's receive path. GET streams the body
 *   into a counting sink (our /dev/null) and checks the byte count equals the size.
 * - Raw copy: the same file streamed to a new file in 1 MiB reads and fsynced at the end — what the
 *   disk can do with the same durability our server gives an object. Large rows report pail/raw.
 * - Small objects: 2,000 × 4 KiB (500 with --quick) random bodies, 16 requests in flight; all PUTs
 *   timed as ops/s, then all GETs (each body compared with what was PUT).
 * - The source file is in the page cache for every reader (it was just written or read), so no
 *   contestant pays a cold read the others don't. The client runs in this process and shares the
 *   machine's cores with the server: absolute numbers include client cost, identically for both.
 * - Targets: pail ≥ 3× s3rver on every row; large PUT/GET ≥ 70% of the raw copy; pail peak RSS
 *   < 150 MB (1 MB = 10^6 bytes throughout).
 * - Everything written during the run is removed at the end; only the cached source file stays.
 * - Browser mode: `pail serve` with a local bucket holding 100,000 objects under one prefix (written
 *   through the storage layer before start), driven by Playwright in Debian's Chromium: time from
 *   opening the prefix to its first rows, and to the status bar's full count (bench/browse-100k.ts).
 *   Target: full count < 3 s. Skipped with --no-browser.
 * - BENCH_CPU_PROF=pail (or s3rver, all) writes a V8 CPU profile of that server to <tmpdir>/pail-bench-profiles.
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchBrowse100k } from './browse-100k.js';
import { startPail, startS3rver, type BenchServer } from './servers.js';
import { fmt, formatTable, verdicts, type Row } from './table.js';
import { clientFor, createBucket, ensureSourceFile, getLarge, putLarge, rawCopy, smallObjects, type Rate } from './workloads.js';

const MiB = 1024 * 1024;
const CONCURRENCY = 16;
const SMALL_SIZE = 4 * 1024;

interface ServerResult {
  put: Rate;
  get: Rate;
  smallPut: Rate;
  smallGet: Rate;
  peakRss: number;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'transfers') return (await import('./transfers.js')).benchTransfers(argv.slice(1));
  const quick = argv.includes('--quick');
  const largeSize = (quick ? 128 : 1024) * MiB;
  const smallCount = quick ? 500 : 2000;

  const cacheDir = join(tmpdir(), 'pail-bench-cache');
  const source = join(cacheDir, `source-${largeSize / MiB}MiB.bin`);
  if (argv.includes('--clean')) {
    await rm(cacheDir, { recursive: true, force: true });
    process.stdout.write(`Removed ${cacheDir}\n`);
    return;
  }
  await mkdir(cacheDir, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'pail-bench-'));

  try {
    process.stdout.write(`Source: ${source} (${await ensureSourceFile(source, largeSize)})\n`);
    const size = `${largeSize / MiB} MiB`;

    process.stdout.write('Raw copy…\n');
    const raw = await rawCopy(source, join(work, 'raw-copy.bin'), largeSize);
    await rm(join(work, 'raw-copy.bin'));

    const run = async (start: (dir: string) => Promise<BenchServer>, dir: string): Promise<ServerResult> => {
      const server = await start(join(work, dir));
      try {
        process.stdout.write(`${server.name} (pid ${server.pid}, ${server.endpoint})…\n`);
        const client = clientFor(server);
        try {
          await createBucket(client, 'bench');
          const put = await putLarge(client, 'bench', 'large.bin', source, largeSize);
          const get = await getLarge(client, 'bench', 'large.bin', largeSize);
          const small = await smallObjects(client, 'bench', smallCount, SMALL_SIZE, CONCURRENCY);
          return { put, get, smallPut: small.put, smallGet: small.get, peakRss: await server.peakRss() };
        } finally {
          client.destroy();
        }
      } finally {
        await server.stop();
        // Free the disk before the next contestant writes: keeps the filesystem state comparable.
        await rm(join(work, dir), { recursive: true, force: true });
      }
    };
    const ours = await run(startPail, 'pail-data');
    const theirs = await run(startS3rver, 's3rver-data');

    const speed = (label: string, unit: string, a: Rate, b: Rate, show: (x: number) => string, againstRaw: boolean): Row => {
      const ratio = a.perSecond / b.perSecond;
      const checks = [{ ok: ratio >= 3, what: '≥3x s3rver' }];
      let vsRaw = '';
      if (againstRaw) {
        const share = a.perSecond / raw.perSecond;
        vsRaw = fmt.percent(share);
        checks.push({ ok: share >= 0.7, what: '≥70% raw' });
      }
      return { label, unit, ours: show(a.perSecond), s3rver: show(b.perSecond), ratio: fmt.ratio(ratio), vsRaw, verdict: verdicts(checks) };
    };
    const rows: Row[] = [
      speed(`PUT ${size} (single PutObject)`, 'MB/s', ours.put, theirs.put, fmt.mbps, true),
      speed(`GET ${size}`, 'MB/s', ours.get, theirs.get, fmt.mbps, true),
      speed(`PUT ${smallCount} x 4 KiB (c=${CONCURRENCY})`, 'ops/s', ours.smallPut, theirs.smallPut, fmt.ops, false),
      speed(`GET ${smallCount} x 4 KiB (c=${CONCURRENCY})`, 'ops/s', ours.smallGet, theirs.smallGet, fmt.ops, false),
      { label: `Raw copy ${size} + fsync`, unit: 'MB/s', ours: fmt.mbps(raw.perSecond), s3rver: '', ratio: '', vsRaw: '', verdict: '' },
      {
        label: 'Server peak RSS (VmHWM)',
        unit: 'MB',
        ours: fmt.mb(ours.peakRss),
        s3rver: fmt.mb(theirs.peakRss),
        ratio: '',
        vsRaw: '',
        verdict: verdicts([{ ok: ours.peakRss < 150e6, what: '<150 MB' }]),
      },
    ];
    if (!argv.includes('--no-browser')) {
      process.stdout.write('Browser mode, 100,000 objects…\n');
      const runs = await benchBrowse100k(quick ? 20_000 : 100_000, 3);
      const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
      const first = median(runs.map((r) => r.firstRowsMs));
      const full = median(runs.map((r) => r.fullCountMs));
      const n = runs[0]!.objects.toLocaleString('en-US');
      rows.push(
        {
          label: `Browser: first rows of ${n} (median of ${runs.length})`,
          unit: 'ms',
          ours: first.toFixed(0),
          s3rver: '',
          ratio: '',
          vsRaw: '',
          verdict: '',
        },
        {
          label: `Browser: full count of ${n} (median of ${runs.length})`,
          unit: 'ms',
          ours: full.toFixed(0),
          s3rver: '',
          ratio: '',
          vsRaw: '',
          verdict: verdicts([{ ok: full < 3000, what: '<3 s' }]),
        },
      );
    }
    process.stdout.write(`\n${formatTable(rows)}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
  process.exitCode = 1;
});
