import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../support/local-s3.js';
import { bucketName, isExecutable, makeSandbox, requireBinary, runCommand, type ClientSandbox } from './run-command.js';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), 'scripts', 'boto3_scenario.py');
const DEBIAN_PYTHON = '/usr/bin/python3';
/** pyenv's newer boto3 sends STREAMING-UNSIGNED-PAYLOAD-TRAILER bodies with CRC32 by default. */
const PYENV_PYTHON = '/root/.pyenv/shims/python3';

async function importsBoto3(python: string): Promise<boolean> {
  if (!(await isExecutable(python))) return false;
  const probe = await runCommand(python, ['-c', 'import boto3'], { timeoutMs: 30_000 });
  return probe.code === 0;
}

const debianReady = (await requireBinary(DEBIAN_PYTHON, 'python3-boto3')) && (await importsBoto3(DEBIAN_PYTHON));
if (!debianReady && (await isExecutable(DEBIAN_PYTHON))) {
  const reason = `${DEBIAN_PYTHON} cannot import boto3: install it with \`apt-get install python3-boto3\``;
  if (process.env.CI) throw new Error(`CI requires ${reason}`);
  console.warn(`[clients] skipping: ${reason}`);
}
const pyenvReady = await importsBoto3(PYENV_PYTHON);
if (!pyenvReady) console.warn(`[clients] skipping the pyenv boto3 variant: ${PYENV_PYTHON} is missing or cannot import boto3`);

const variants = [
  // Debian's botocore 1.29 predates flexible checksums by default: no trailer section.
  { name: 'Debian python3-boto3', python: DEBIAN_PYTHON, ready: debianReady, trailer: false },
  { name: 'pyenv boto3 (flexible checksums, aws-chunked trailers)', python: PYENV_PYTHON, ready: pyenvReady, trailer: true },
];

describe('boto3 against the local S3 server', () => {
  let ts: TestServer;
  let sandbox: ClientSandbox;
  let work: string;

  beforeAll(async () => {
    ts = await startTestServer();
    sandbox = await makeSandbox('boto3');
    work = await mkdtemp(join(tmpdir(), 'pail-boto3-work-'));
  });
  afterAll(async () => {
    await ts?.stop();
    await sandbox?.cleanup();
    if (work) await rm(work, { recursive: true, force: true });
  });

  for (const variant of variants) {
    it.skipIf(!variant.ready)(`${variant.name}: put/get/list/multipart/presign/version cleanup`, async () => {
      const dir = await mkdtemp(join(work, 'run-'));
      const result = await runCommand(variant.python, [SCRIPT, ts.server.endpoint, dir, bucketName('boto3')], { env: sandbox.env, timeoutMs: 50_000 });
      expect(result.code, `${result.stdout}\n${result.stderr}`).toBe(0);
      const summary = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as { pages: number; multipartEtag: string; boto3: string; trailer: boolean };
      expect(summary.pages).toBe(4);
      expect(summary.multipartEtag).toMatch(/^"[0-9a-f]{32}-3"$/);
      expect(summary.trailer).toBe(variant.trailer);
    });
  }
});
