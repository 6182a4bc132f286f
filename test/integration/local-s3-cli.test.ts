import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ListBucketsCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'pail-cli-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Runs `pail local-s3` and collects stdout lines until `until` matches one. */
function startCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli/pail.ts', 'local-s3', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr.on('data', (c) => (stderr += c));
  const reader = createInterface({ input: child.stdout });
  const waitFor = (pattern: RegExp) =>
    new Promise<string>((resolve, reject) => {
      const found = lines.find((l) => pattern.test(l));
      if (found) return resolve(found);
      const onLine = (line: string) => {
        if (pattern.test(line)) {
          reader.off('line', onLine);
          resolve(line);
        }
      };
      reader.on('line', onLine);
      child.once('exit', (code) => reject(new Error(`exited ${code} before printing ${pattern}: ${stderr}`)));
    });
  reader.on('line', (l) => lines.push(l));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, lines, waitFor, exited, stderr: () => stderr };
}

describe('npm run local-s3', () => {
  it('prints its endpoint and a generated key pair once, serves, and exits 0 on SIGTERM', async () => {
    const first = startCli(['--data', dataDir, '--port', '0']);
    const listening = await first.waitFor(/^Local S3 listening on /);
    expect(listening).toMatch(/^Local S3 listening on http:\/\/127\.0\.0\.1:\d+$/);
    const keyLine = await first.waitFor(/^Access key id: /);
    const secretLine = await first.waitFor(/^Secret access key: /);
    const endpoint = listening.replace('Local S3 listening on ', '');
    const accessKeyId = keyLine.replace('Access key id: ', '');
    const secretAccessKey = secretLine.replace('Secret access key: ', '');
    const client = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
    expect((await client.send(new ListBucketsCommand({}))).Buckets).toEqual([]);
    client.destroy();
    expect(((await stat(join(dataDir, '.pail', 'credentials.json'))).mode & 0o777).toString(8)).toBe('600');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = startCli(['--data', dataDir, '--port', '0']);
    await second.waitFor(/^Access key id: /);
    second.child.kill('SIGINT');
    expect(await second.exited).toBe(0);
    expect(second.lines.some((l) => l.startsWith('Secret access key'))).toBe(false);
    expect(second.lines).toContain(keyLine);
  });

  it('refuses a data folder another server is using', async () => {
    const owner = startCli(['--data', dataDir, '--port', '0', '--access-key', 'AKIAEXAMPLE000000000', '--secret-key', 'secret']);
    await owner.waitFor(/^Local S3 listening on /);
    const intruder = startCli(['--data', dataDir, '--port', '0']);
    expect(await intruder.exited).toBe(1);
    expect(intruder.stderr()).toContain('in use by another local S3 server');
    owner.child.kill('SIGTERM');
    expect(await owner.exited).toBe(0);
  });

  it('explains bad arguments with the usage and exit code 2', async () => {
    const bad = startCli(['--port', 'abc']);
    expect(await bad.exited).toBe(2);
    expect(bad.stderr()).toContain('--port must be a number');
    const half = startCli(['--data', dataDir, '--access-key', 'only']);
    expect(await half.exited).toBe(2);
  });

  it('warns when asked to listen beyond loopback', async () => {
    const open = startCli([
      '--data',
      dataDir,
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--access-key',
      'AKIAEXAMPLE000000000',
      '--secret-key',
      'secret',
    ]);
    await open.waitFor(/^Local S3 listening on http:\/\/0\.0\.0\.0:/);
    expect(open.stderr()).toContain('reachable from other machines');
    open.child.kill('SIGTERM');
    expect(await open.exited).toBe(0);
  });
});
