import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cleanEnv, describeFailure, describeWithTools, run, tempDir, TOOLS } from './third-party/tools.js';

/**
 * Every shell command the README shows, run as written against a temporary local server, so the
 * README stays true. Commands that another suite runs are named here with that suite; a command
 * added to the README that is neither run here nor named fails the first test.
 */
const REPO = join(import.meta.dirname, '..', '..');

/** README commands this test does not run, with the reason (and the suite that runs them, if any). */
const NOT_RUN_HERE: [RegExp, string][] = [
  [/^npm install && npm start$/, 'test/integration/npm-start.test.ts runs `npm start` where Electron is unavailable'],
  [/^npm test$/, 'this suite itself'],
  [/^npm run serve -- /, 'test/e2e/support/pail-serve.ts runs `npm run serve -- --port 0 --no-open`'],
  [/^npm run package$/, 'test/integration/packaging.test.ts runs electron-builder offline; a real package downloads Electron'],
  [
    /^npm run pail -- presign |^\[--connection NAME \| --endpoint-url URL\]$/,
    'a usage synopsis: test/integration/sharing/presign-cli.test.ts runs `pail presign`',
  ],
  [/^npm run pail -- cp /, 'a usage synopsis: test/integration/transfers-resume.test.ts runs `pail cp` (and kills it)'],
  [/^npm run pail -- ls /, 'a usage synopsis: test/integration/transfers-resume.test.ts runs `pail ls`'],
  [
    /^export CSC_LINK=|^export APPLE_API_KEY=|^set PAIL_WINDOWS_SIGN_COMMAND=/,
    'signing: needs certificates and an Apple or Windows machine',
  ],
];

/** The README's local-s3 command, and the block of S3-tool commands that follows it. */
const LOCAL_S3_COMMAND = /^npm run local-s3 -- /;
const TOOL_BLOCK_FIRST_LINE = /^export AWS_ACCESS_KEY_ID=<key id>/;

/** The lines of every ```sh block, with comments (whole-line and trailing) and blank lines dropped, block by block. */
function shellBlocks(markdown: string): string[][] {
  const blocks: string[][] = [];
  let current: string[] | null = null;
  for (const line of markdown.split('\n')) {
    if (current === null && line.trim() === '```sh') current = [];
    else if (current !== null && line.trim() === '```') {
      blocks.push(current);
      current = null;
    } else if (current !== null) {
      const command = line.replace(/\s+#\s.*$/, '').trim();
      if (command !== '' && !command.startsWith('#')) current.push(command);
    }
  }
  return blocks;
}

/** A person's reading of `[--opt value]`: optional, left out. */
function withoutOptionalParts(command: string): string {
  return command
    .replace(/\s*\[[^\]]*\]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

let blocks: string[][];
let home: Awaited<ReturnType<typeof tempDir>>;
beforeAll(async () => {
  blocks = shellBlocks(await readFile(join(REPO, 'README.md'), 'utf8'));
  home = await tempDir('pail-readme-');
});
afterAll(async () => {
  await home?.remove();
});

it('runs or names every shell command of the README', () => {
  const commands = blocks.flat();
  expect(commands.length).toBeGreaterThan(5);
  const toolBlock = blocks.find((b) => TOOL_BLOCK_FIRST_LINE.test(b[0] ?? '')) ?? [];
  const unaccounted = commands.filter(
    (c) => !NOT_RUN_HERE.some(([pattern]) => pattern.test(c)) && !LOCAL_S3_COMMAND.test(c) && !toolBlock.includes(c),
  );
  expect(unaccounted).toEqual([]);
});

describeWithTools('the README, run as written', [TOOLS.aws, TOOLS.rclone], () => {
  it('starts the local server with its `npm run local-s3` command, then uses it with the aws CLI and rclone', async () => {
    const localS3 = blocks.flat().find((c) => LOCAL_S3_COMMAND.test(c));
    const toolBlock = blocks.find((b) => TOOL_BLOCK_FIRST_LINE.test(b[0] ?? ''));
    expect(localS3).toBeDefined();
    expect(toolBlock).toBeDefined();

    // `~/pail-data` lands in a throwaway HOME; without --port the server picks a free one.
    const server = spawn('bash', ['-c', `exec ${withoutOptionalParts(localS3!)}`], {
      cwd: REPO,
      env: { ...process.env, HOME: home.path },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stderr = '';
    server.stderr.on('data', (c) => (stderr += c));
    const exited = new Promise((resolve) => server.once('exit', resolve));
    try {
      const printed = await new Promise<Map<string, string>>((resolve, reject) => {
        const found = new Map<string, string>();
        createInterface({ input: server.stdout }).on('line', (line) => {
          const m = /^(Local S3 listening on|Access key id:|Secret access key:) (\S+)$/.exec(line);
          if (m) found.set(m[1]!, m[2]!);
          if (found.size === 3) resolve(found);
        });
        server.once('exit', (code) => reject(new Error(`npm run local-s3 exited (${code}):\n${stderr}`)));
      });
      const endpoint = printed.get('Local S3 listening on')!;
      expect(endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

      // The block as a person pastes it: the placeholders filled in, the endpoint this server's.
      const script = toolBlock!
        .join('\n')
        .replaceAll('<key id>', printed.get('Access key id:')!)
        .replaceAll('<secret>', printed.get('Secret access key:')!)
        .replaceAll('http://127.0.0.1:9000', endpoint);
      const work = join(home.path, 'work');
      await run('mkdir', ['-p', work], { env: cleanEnv(home.path) });
      await writeFile(join(work, 'holiday.jpg'), 'not really a jpeg');
      // A CA bundle in the environment, as on many machines: the rclone line must cope with it.
      const result = await run('bash', ['-euo', 'pipefail', '-c', script], {
        cwd: work,
        env: cleanEnv(home.path, { AWS_CA_BUNDLE: '/etc/ssl/certs/ca-certificates.crt' }),
        timeoutMs: 120_000,
      });
      expect(result.code, describeFailure(result)).toBe(0);

      const lines = result.stdout.trim().split('\n');
      const presigned = lines.find((l) => l.startsWith(`${endpoint}/photos/2026/holiday.jpg?`));
      expect(presigned, result.stdout).toBeDefined();
      expect(await (await fetch(presigned!)).text()).toBe('not really a jpeg');
      // rclone lists the bucket's top level: the folder the aws CLI copied into.
      expect(lines.at(-1)).toBe('2026/');
    } finally {
      if (server.exitCode === null) process.kill(-server.pid!, 'SIGTERM');
      await exited;
    }
  });
});
