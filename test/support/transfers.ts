import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { startLocalS3, type LocalS3 } from '../../main/services/local-s3/index.js';
import { TransferEngine, type TransferEngineOptions } from '../../main/services/transfers/index.js';
import type { TransfersChangedEvent } from '../../preload/contract/transfers.js';
import { FaultProxy } from './fault-proxy.js';
import { TEST_CREDENTIALS } from './local-s3.js';

export const MiB = 1024 * 1024;

/** An S3 client for an endpoint with the test key pair; SDK retries off so faults reach the engine. */
export function clientFor(endpoint: string): S3Client {
  return new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: TEST_CREDENTIALS,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 1,
  });
}

/** A transfer engine whose every connection id is `endpoint`, with a fresh PAIL_HOME unless given. */
export async function openEngine(
  endpoint: string,
  options: Partial<TransferEngineOptions> & { pailHome?: string } = {},
): Promise<{ engine: TransferEngine; home: string; events: TransfersChangedEvent[]; client: S3Client; close(): Promise<void> }> {
  const home = options.pailHome ?? (await mkdtemp(join(tmpdir(), 'pail-home-')));
  const client = clientFor(endpoint);
  const events: TransfersChangedEvent[] = [];
  const engine = await TransferEngine.open({
    pailHome: home,
    clients: { client: async () => client },
    emit: (e) => events.push(e),
    partSize: 5 * MiB,
    eventIntervalMs: 50,
    retry: { attempts: 6, baseDelayMs: 20, maxDelayMs: 200 },
    ...options,
  });
  return {
    engine,
    home,
    events,
    client,
    async close() {
      await engine.close();
      client.destroy();
      if (!options.pailHome) await rm(home, { recursive: true, force: true });
    },
  };
}

export async function md5File(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function md5(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

/** Counts requests the local server logs, by a pattern over "METHOD url status". */
export class RequestLog {
  readonly lines: string[] = [];
  readonly log = (line: string) => void this.lines.push(line);
  count(pattern: RegExp): number {
    return this.lines.filter((l) => pattern.test(l)).length;
  }
}

/**
 * `pail cp ARGS` in a child process (node + tsx directly, so its pid is the engine's) against
 * `endpoint` with the test credentials, in `home` as PAIL_HOME; stderr piped for {@link exitOf}.
 */
export function spawnPailCp(endpoint: string, home: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'main/cli/pail.ts', 'cp', ...args, '--endpoint-url', endpoint], {
    env: {
      ...process.env,
      PAIL_HOME: home,
      AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

/** How a child process ended, with what it wrote to stderr. */
export function exitOf(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (c) => (stderr += String(c)));
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
}

/** An embedded server with one bucket, a fault proxy in front of it, and a scratch folder. */
export interface ProxiedServer {
  server: LocalS3;
  proxy: FaultProxy;
  work: string;
  close(): Promise<void>;
}

/** Starts a {@link ProxiedServer} whose requests go to `requests`, with `bucket` created. */
export async function startProxiedServer(name: string, bucket: string, requests: RequestLog): Promise<ProxiedServer> {
  const work = await mkdtemp(join(tmpdir(), `pail-${name}-`));
  const server = await startLocalS3({ dataDir: join(work, 'data'), ...TEST_CREDENTIALS, log: requests.log });
  const proxy = await FaultProxy.start({ host: server.host, port: server.port });
  const client = clientFor(server.endpoint);
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  client.destroy();
  return {
    server,
    proxy,
    work,
    async close() {
      await proxy.close();
      await server.close();
      await rm(work, { recursive: true, force: true });
    },
  };
}
