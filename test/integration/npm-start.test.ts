import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalBucketStatus } from '../../preload/contract/types.js';

let home: string;
let noElectron: string;
beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'pail-start-'));
  noElectron = await mkdtemp(join(tmpdir(), 'pail-no-electron-'));
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
  await rm(noElectron, { recursive: true, force: true });
});

describe('npm start without Electron', () => {
  it('says why in one line, starts browser mode and serves Pail on the printed link', async () => {
    // A display is there, but Electron is not: the electron package is pointed at an empty folder.
    const child = spawn('npm', ['start', '--silent', '--', '--port', '0', '--no-open'], {
      env: { ...process.env, PAIL_HOME: home, DISPLAY: ':99', ELECTRON_OVERRIDE_DIST_PATH: noElectron },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).on('line', (line) => {
          const m = /^Pail is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(line);
          if (m) resolve(m[1]!);
        });
        child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before serving:\n${stderr}`)));
      });
      expect(stderr).toContain("Electron's binary is not installed and could not be downloaded; starting Pail in browser mode instead.\n");
      expect(stderr).not.toMatch(/\n\s+at /); // no downloader stack trace

      // The link trades its token for a cookie, then the app's page is served.
      const exchange = await fetch(url, { redirect: 'manual' });
      expect(exchange.status).toBe(303);
      const cookie = exchange.headers.get('set-cookie')!.split(';')[0]!;
      const page = await fetch(new URL('/', url), { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');

      // Same data as the app: the local bucket lives in this PAIL_HOME.
      const origin = new URL(url).origin;
      const status = await fetch(`${origin}/api/call/getLocalBucketStatus`, {
        method: 'POST',
        headers: { cookie, origin, 'content-type': 'application/json' },
        body: JSON.stringify({ args: [] }),
      });
      const result = (await status.json()) as { ok: boolean; value: LocalBucketStatus };
      expect(result.value.dataDir).toBe(join(home, 'local-bucket'));
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  });
});
