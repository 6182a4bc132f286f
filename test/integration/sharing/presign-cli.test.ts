import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCliClient } from '../../../main/cli/cli-credentials.js';
import { ConnectionStore } from '../../../main/services/credentials/connection-store.js';
import { MemorySecretStore } from '../../../main/services/credentials/secret-store.js';
import { startTestServer, TEST_CREDENTIALS, type TestServer } from '../../support/local-s3.js';

let server: TestServer;
let home: string;
const BODY = 'bytes for the command line\n';

beforeAll(async () => {
  server = await startTestServer();
  home = await mkdtemp(join(tmpdir(), 'pail-presign-cli-'));
  await server.client.send(new CreateBucketCommand({ Bucket: 'cli' }));
  await server.client.send(new PutObjectCommand({ Bucket: 'cli', Key: 'a file.txt', Body: BODY }));
});
afterAll(async () => {
  await server.stop();
  await rm(home, { recursive: true, force: true });
});

/** A clean environment: no real ~/.aws, no ambient AWS variables. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: home, PAIL_HOME: join(home, 'pail') };
  return { ...env, AWS_CONFIG_FILE: join(home, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'), ...extra };
}

function runPail(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/pail.ts', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

const keys = { AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey };

describe('npm run pail -- presign', () => {
  it('prints a GET URL signed with AWS_* variables against --endpoint-url; it fetches the bytes', async () => {
    const run = await runPail(['presign', 's3://cli/a file.txt', '--endpoint-url', server.server.endpoint], cleanEnv(keys));
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/pail:/);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const url = new URL(lines[0]!);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('3600');
    expect(await (await fetch(url)).text()).toBe(BODY);
  });

  it('signs with a profile named by AWS_PROFILE, with --download-as honoured', async () => {
    await writeFile(
      join(home, 'credentials'),
      `[sharer]\naws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${TEST_CREDENTIALS.secretAccessKey}\n`,
    );
    const run = await runPail(
      ['presign', 's3://cli/a file.txt', '--endpoint-url', server.server.endpoint, '--expires', '60', '--download-as', 'saved.txt'],
      cleanEnv({ AWS_PROFILE: 'sharer' }),
    );
    expect(run.code, run.stderr).toBe(0);
    const response = await fetch(run.stdout.trim());
    expect(response.headers.get('content-disposition')).toContain('filename="saved.txt"');
    expect(await response.text()).toBe(BODY);
  });

  it('makes a PUT link locked to a Content-Type', async () => {
    const run = await runPail(
      ['presign', 's3://cli/upload.json', '--put', '--content-type', 'application/json', '--endpoint-url', server.server.endpoint],
      cleanEnv(keys),
    );
    expect(run.code, run.stderr).toBe(0);
    const url = run.stdout.trim();
    expect((await fetch(url, { method: 'PUT', body: '{}', headers: { 'content-type': 'text/plain' } })).status).toBe(403);
    expect((await fetch(url, { method: 'PUT', body: '{"a":1}', headers: { 'content-type': 'application/json' } })).status).toBe(200);
    const stored = await server.client.send(new GetObjectCommand({ Bucket: 'cli', Key: 'upload.json' }));
    expect(stored.ContentType).toBe('application/json');
  });

  it('refuses more than 604800 seconds with a clear message and a non-zero exit', async () => {
    const run = await runPail(
      ['presign', 's3://cli/a file.txt', '--expires', '604801', '--endpoint-url', server.server.endpoint],
      cleanEnv(keys),
    );
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/at most 604800 seconds \(7 days\)/);
  });

  it('refuses a malformed object and unknown options as usage errors', async () => {
    expect((await runPail(['presign', 'cli/a', '--endpoint-url', server.server.endpoint], cleanEnv(keys))).code).toBe(2);
    expect((await runPail(['presign', 's3://cli/a', '--expire', '5'], cleanEnv(keys))).stderr).toMatch(/Unknown option: --expire/);
  });
});

describe('resolveCliClient (shared by presign, cp and ls)', () => {
  it('uses a saved connection and its secret from the secret store', async () => {
    const secretStore = new MemorySecretStore();
    const pailHome = join(home, 'app');
    const store = await ConnectionStore.open(pailHome, secretStore);
    await store.add({
      name: 'Work',
      provider: 'custom',
      endpoint: server.server.endpoint,
      ...{ accessKeyId: TEST_CREDENTIALS.accessKeyId, secretAccessKey: TEST_CREDENTIALS.secretAccessKey },
    });
    const resolved = await resolveCliClient({ connection: 'work', pailHome, secretStore, env: {} });
    expect(resolved.source).toBe('connection "Work"');
    expect(resolved.config.endpoint).toBe(server.server.endpoint);
    const buckets = await resolved.client.send(new ListBucketsCommand({}));
    expect(buckets.Buckets?.map((b) => b.Name)).toContain('cli');
    resolved.client.destroy();
    await expect(resolveCliClient({ connection: 'Home', pailHome, secretStore, env: {} })).rejects.toThrow(
      /No saved connection is named "Home". Saved connections: "Work"/,
    );
    await expect(resolveCliClient({ connection: 'Work', endpointUrl: 'http://x', pailHome, secretStore })).rejects.toThrow(/not both/);
  });
});
