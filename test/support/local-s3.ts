import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { expect } from 'vitest';
import { startLocalS3, type LocalS3 } from '../../main/services/local-s3/index.js';

/** A local S3 server on a random port with a fresh data folder, and an SDK client for it. */
export interface TestServer {
  server: LocalS3;
  dataDir: string;
  client: S3Client;
  /** A client with custom options (wrong secret, other region…). */
  makeClient(overrides?: Partial<ConstructorParameters<typeof S3Client>[0]>): S3Client;
  stop(): Promise<void>;
}

export const TEST_CREDENTIALS = { accessKeyId: 'PAILTESTACCESSKEY000', secretAccessKey: 'pail-test-secret-key-0000000000000000000' };

/** Starts a server for a test file; call `stop()` in afterAll. */
export async function startTestServer(options: { dataDir?: string } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'pail-s3-')));
  const server = await startLocalS3({ dataDir, ...TEST_CREDENTIALS });
  const makeClient = (overrides: Partial<ConstructorParameters<typeof S3Client>[0]> = {}) =>
    new S3Client({ endpoint: server.endpoint, region: 'us-east-1', forcePathStyle: true, credentials: TEST_CREDENTIALS, ...overrides });
  const client = makeClient();
  return {
    server,
    dataDir,
    client,
    makeClient,
    async stop() {
      client.destroy();
      await server.close();
      if (!options.dataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** "Name status" of the SDK error a request fails with, e.g. `NoSuchKey 404`; fails the test if it succeeds. */
export async function sdkFailure(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: { name?: string; $metadata?: { httpStatusCode?: number } }) => e,
  );
  expect(err, 'expected the request to fail').toBeDefined();
  return `${err!.name} ${err!.$metadata?.httpStatusCode}`;
}
