/**
 * The light client: presigned URLs driven by autocannon (small objects) and curl (the large one).
 * Neither signs per request nor parses XML, so on a 2-core machine the server, not the client, is
 * what the numbers measure. Each workload also reads the server's CPU time from /proc before and
 * after, so the table can show the server's CPU per request, which other load on the machine
 * disturbs much less than wall-clock rates.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import autocannon from 'autocannon';
import type { BenchServer } from './servers.js';

const run = promisify(execFile);

/** A rate measured from outside, with the server's own CPU time spent on it. */
export interface Measured {
  perSecond: number;
  seconds: number;
  requests: number;
  /** Server CPU (user + system, all threads) per request, in milliseconds. */
  cpuMsPerRequest: number;
  /**
   * The client's CPU per request (this process for autocannon; curl's children are not counted,
   * so 0 for curl rows). Near 1 / (req/s) in ms, the client is saturating a core and caps the rate.
   */
  clientCpuMsPerRequest: number;
}

/**
 * Runs `work` and measures it. `work` may answer when its last request was answered (hrtime): the
 * run is timed to then, not to when the load generator noticed it was done (autocannon only stops
 * on its next one-second tick, which made every run last a whole number of seconds plus a little
 * and flattened the difference between a fast server and a slow one).
 */
async function measure(server: BenchServer, requests: number, work: () => Promise<bigint | void>): Promise<Measured> {
  const cpuBefore = await server.cpuSeconds();
  const clientBefore = process.cpuUsage();
  const started = process.hrtime.bigint();
  const ended = (await work()) ?? process.hrtime.bigint();
  const seconds = Number(ended - started) / 1e9;
  const client = process.cpuUsage(clientBefore);
  const cpu = (await server.cpuSeconds()) - cpuBefore;
  return {
    perSecond: requests / seconds,
    seconds,
    requests,
    cpuMsPerRequest: (cpu * 1000) / requests,
    clientCpuMsPerRequest: (client.user + client.system) / 1000 / requests,
  };
}

async function presign(client: S3Client, method: 'PUT' | 'GET', bucket: string, keys: string[]): Promise<string[]> {
  const urls: string[] = [];
  for (const Key of keys) {
    const command = method === 'PUT' ? new PutObjectCommand({ Bucket: bucket, Key }) : new GetObjectCommand({ Bucket: bucket, Key });
    urls.push(await getSignedUrl(client, command, { expiresIn: 3600 }));
  }
  return urls;
}

/**
 * `count` PUTs of distinct keys with the same `size`-byte body, then `count` GETs of them, each body
 * compared with it, `connections` requests in flight. Every request must answer 2xx.
 */
export async function smallObjectsLight(
  server: BenchServer,
  client: S3Client,
  bucket: string,
  count: number,
  size: number,
  connections: number,
): Promise<{ put: Measured; get: Measured }> {
  // ASCII so autocannon's expectBody (a string compare) can check every GET.
  const body = randomBytes(Math.ceil(size / 2))
    .toString('hex')
    .slice(0, size);
  const keys = Array.from({ length: count }, (_, i) => `light/${String(i).padStart(7, '0')}`);
  const putPaths = (await presign(client, 'PUT', bucket, keys)).map(pathOf);
  const getPaths = (await presign(client, 'GET', bucket, keys)).map(pathOf);

  const drive = async (method: 'PUT' | 'GET', paths: string[]) => {
    let next = 0;
    let mismatches = 0;
    let lastAnswer = 0n;
    const result = await autocannon({
      url: server.endpoint,
      connections,
      amount: count,
      timeout: 60,
      requests: [
        {
          method,
          ...(method === 'PUT' ? { body, headers: { 'content-type': 'application/octet-stream' } } : {}),
          setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }),
          onResponse: (status: number, received: string) => {
            lastAnswer = process.hrtime.bigint();
            if (method === 'GET' && status === 200 && received !== body) mismatches++;
          },
        },
      ],
    });
    const bad = result.non2xx + result.errors + result.timeouts + mismatches;
    if (bad > 0)
      throw new Error(
        `${server.name}: ${bad} of ${count} small ${method}s failed (non-2xx ${result.non2xx}, errors ${result.errors}, mismatches ${mismatches})`,
      );
    return lastAnswer;
  };
  const put = await measure(server, count, () => drive('PUT', putPaths));
  const get = await measure(server, count, () => drive('GET', getPaths));
  return { put, get };
}

/** One PUT of `source` with curl (presigned URL, Content-Length, no Expect: 100-continue), then a GET to /dev/null. */
export async function largeObjectCurl(
  server: BenchServer,
  client: S3Client,
  bucket: string,
  key: string,
  source: string,
  size: number,
): Promise<{ put: Measured; get: Measured }> {
  const [putUrl] = await presign(client, 'PUT', bucket, [key]);
  const [getUrl] = await presign(client, 'GET', bucket, [key]);
  const curl = async (args: string[]) => {
    const { stdout } = await run('curl', ['-sS', '-f', '-H', 'Expect:', '-o', '/dev/null', ...args], { maxBuffer: 1024 * 1024 });
    return stdout.trim();
  };
  const put = await measure(server, 1, async () => {
    const uploaded = Number(await curl(['-w', '%{size_upload}', '-T', source, putUrl!]));
    if (uploaded !== size) throw new Error(`${server.name}: curl uploaded ${uploaded} bytes, expected ${size}`);
  });
  const get = await measure(server, 1, async () => {
    const downloaded = Number(await curl(['-w', '%{size_download}', getUrl!]));
    if (downloaded !== size) throw new Error(`${server.name}: curl downloaded ${downloaded} bytes, expected ${size}`);
  });
  return { put: { ...put, perSecond: size / put.seconds }, get: { ...get, perSecond: size / get.seconds } };
}

function pathOf(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}
