/**
 * `npm run bench` — throughput of the embedded S3 server (pail local-s3) against s3rver.
 *
 * Methodology
 * - Both servers run as child processes started the same way: `node <cli> …` spawned directly, so
 *   the child PID is the server and /proc/<pid>/stat and /proc/<pid>/status are the server's own CPU
 *   time and peak RSS. Ours is `node dist/bench/pail-cli/pail.mjs local-s3 --port 0` (main/cli/pail.ts
 *   bundled by esbuild first, as the app ships it, so no TypeScript loader sits in the server),
 *   s3rver is its bin/s3rver.js on a free port with --silent (its request logger is not part of what
 *   we compare).
 * - Each server gets a fresh data folder under os.tmpdir(), so every writer (both servers and the
 *   raw copy) hits the same filesystem.
 * - Light client (the rows that carry the targets): presigned URLs (UNSIGNED-PAYLOAD, made before the
 *   clock starts) driven by autocannon for small objects — N PUTs of distinct keys with
 *   `connections` in flight, then N GETs whose bodies autocannon compares; each phase is timed from its
 *   start to its last answer (autocannon itself reports only on its one-second tick) — and by curl for the large
 *   object (PUT with Content-Length, GET to /dev/null, byte counts checked). CPU ms per request is
 *   the server's user + system time over the workload (/proc/<pid>/stat, all its threads) divided by
 *   the requests: steadier than req/s on a machine other work shares.
 * - SDK client (the rows kept from before, informational): @aws-sdk/client-s3 with path-style
 *   addressing and requestChecksumCalculation/responseChecksumValidation = WHEN_REQUIRED (s3rver
 *   3.7.1 does not understand aws-chunked trailers). On 2 cores the SDK costs as much CPU as the
 *   server, so these rows mostly measure the client.
 * - Our server verifies SigV4, computes MD5 ETags and makes every object durable (fsync) before its
 *   200; s3rver computes MD5 but never fsyncs.
 * - Large object: a file of random bytes (BENCH_LARGE_MIB, default 1024; 128 with --quick), created
 *   once in os.tmpdir()/pail-bench-cache and reused by later runs (`--clean` removes it).
 * - Raw copy: the same file streamed to a new file in 1 MiB reads and fsynced at the end — what the
 *   disk can do with the same durability our server gives an object. Large rows report pail/raw.
 * - Small objects: BENCH_SMALL_COUNT (default 5,000; 1,000 with --quick) objects of BENCH_SMALL_KIB
 *   (default 4) KiB, BENCH_CONNECTIONS (default 16) in flight. BENCH_SDK=0 skips the SDK rows.
 * - The source file is in the page cache for every reader (it was just written or read), so no
 *   contestant pays a cold read the others don't.
 * - Targets (issue 9), light client: small PUT ≥ 3x s3rver's req/s at ≤ 1/3 of its CPU per request;
 *   small GET ≥ 3x s3rver; large PUT ≥ 80% of the raw copy; large GET ≥ s3rver; pail peak RSS
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
import { largeObjectCurl, smallObjectsLight, type Measured } from './light-client.js';
import { clientFor, createBucket, ensureSourceFile, getLarge, putLarge, rawCopy, smallObjects, type Rate } from './workloads.js';

const MiB = 1024 * 1024;

function envNumber(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a positive number, not ${value}`);
  return n;
}

interface ServerResult {
  sdk?: { put: Rate; get: Rate; smallPut: Rate; smallGet: Rate };
  light: { put: Measured; get: Measured; smallPut: Measured; smallGet: Measured };
  peakRss: number;
}

async function main(argv: string[]): Promise<void> {
  if (argv[0] === 'transfers') return (await import('./transfers.js')).benchTransfers(argv.slice(1));
  const quick = argv.includes('--quick');
  const largeSize = Math.round(envNumber('BENCH_LARGE_MIB', quick ? 128 : 1024) * MiB);
  const smallCount = Math.round(envNumber('BENCH_SMALL_COUNT', quick ? 1000 : 5000));
  const smallSize = Math.round(envNumber('BENCH_SMALL_KIB', 4) * 1024);
  const connections = Math.round(envNumber('BENCH_CONNECTIONS', 16));
  const withSdk = process.env.BENCH_SDK !== '0';

  const cacheDir = join(tmpdir(), 'pail-bench-cache');
  const source = join(cacheDir, `source-${largeSize}.bin`);
  if (argv.includes('--clean')) {
    await rm(cacheDir, { recursive: true, force: true });
    process.stdout.write(`Removed ${cacheDir}\n`);
    return;
  }
  await mkdir(cacheDir, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), 'pail-bench-'));

  try {
    process.stdout.write(`Source: ${source} (${await ensureSourceFile(source, largeSize)})\n`);
    const size = largeSize % MiB === 0 ? `${largeSize / MiB} MiB` : `${largeSize} B`;
    const small = `${smallCount} x ${smallSize / 1024} KiB (c=${connections})`;

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
          const smallLight = await smallObjectsLight(server, client, 'bench', smallCount, smallSize, connections);
          const largeLight = await largeObjectCurl(server, client, 'bench', 'large-curl.bin', source, largeSize);
          const light = { put: largeLight.put, get: largeLight.get, smallPut: smallLight.put, smallGet: smallLight.get };
          let sdk: ServerResult['sdk'];
          if (withSdk) {
            const put = await putLarge(client, 'bench', 'large.bin', source, largeSize);
            const get = await getLarge(client, 'bench', 'large.bin', largeSize);
            const smallSdk = await smallObjects(client, 'bench', smallCount, smallSize, connections);
            sdk = { put, get, smallPut: smallSdk.put, smallGet: smallSdk.get };
          }
          return { sdk, light, peakRss: await server.peakRss() };
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

    type Check = (ratio: number, cpuRatio: number, share: number) => { ok: boolean; what: string }[];
    const lightRow = (label: string, unit: string, a: Measured, b: Measured, show: (x: number) => string, checks: Check): Row => {
      const ratio = a.perSecond / b.perSecond;
      const cpuRatio = a.cpuMsPerRequest / b.cpuMsPerRequest;
      const share = a.perSecond / raw.perSecond;
      return {
        label,
        unit,
        ours: show(a.perSecond),
        s3rver: show(b.perSecond),
        ratio: fmt.ratio(ratio),
        vsRaw: unit === 'MB/s' ? fmt.percent(share) : '',
        cpuOurs: fmt.cpuMs(a.cpuMsPerRequest),
        cpuTheirs: fmt.cpuMs(b.cpuMsPerRequest),
        clientCpu: unit === 'req/s' ? `${fmt.cpuMs(a.clientCpuMsPerRequest)}/${fmt.cpuMs(b.clientCpuMsPerRequest)}` : '',
        verdict: verdicts(checks(ratio, cpuRatio, share)),
      };
    };
    const sdkRow = (label: string, unit: string, a: Rate, b: Rate, show: (x: number) => string): Row => ({
      label,
      unit,
      ours: show(a.perSecond),
      s3rver: show(b.perSecond),
      ratio: fmt.ratio(a.perSecond / b.perSecond),
      vsRaw: unit === 'MB/s' ? fmt.percent(a.perSecond / raw.perSecond) : '',
      verdict: '',
    });
    const rows: Row[] = [
      lightRow(`PUT ${small}, autocannon`, 'req/s', ours.light.smallPut, theirs.light.smallPut, fmt.ops, (ratio, cpu) => [
        { ok: ratio >= 3, what: '≥3x s3rver' },
        { ok: cpu <= 1 / 3, what: '≤1/3 CPU' },
      ]),
      lightRow(`GET ${small}, autocannon`, 'req/s', ours.light.smallGet, theirs.light.smallGet, fmt.ops, (ratio) => [
        { ok: ratio >= 3, what: '≥3x s3rver' },
      ]),
      lightRow(`PUT ${size}, curl`, 'MB/s', ours.light.put, theirs.light.put, fmt.mbps, (_r, _c, share) => [
        { ok: share >= 0.8, what: '≥80% raw' },
      ]),
      lightRow(`GET ${size}, curl`, 'MB/s', ours.light.get, theirs.light.get, fmt.mbps, (ratio) => [{ ok: ratio >= 1, what: '≥ s3rver' }]),
    ];
    if (ours.sdk && theirs.sdk) {
      rows.push(
        sdkRow(`PUT ${size}, SDK (single PutObject)`, 'MB/s', ours.sdk.put, theirs.sdk.put, fmt.mbps),
        sdkRow(`GET ${size}, SDK`, 'MB/s', ours.sdk.get, theirs.sdk.get, fmt.mbps),
        sdkRow(`PUT ${small}, SDK`, 'ops/s', ours.sdk.smallPut, theirs.sdk.smallPut, fmt.ops),
        sdkRow(`GET ${small}, SDK`, 'ops/s', ours.sdk.smallGet, theirs.sdk.smallGet, fmt.ops),
      );
    }
    rows.push(
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
    );
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
