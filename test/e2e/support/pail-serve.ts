import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; Playwright never downloads a browser here. */
export const CHROMIUM = process.env.PAIL_CHROMIUM ?? '/usr/bin/chromium';

/**
 * How long the app may take to reach a state after an action (sorting or deleting 10,000 rows
 * included) on a busy 2-core machine. A budget, never a delay: waits end as soon as the state is there.
 */
export const BUSY_MACHINE_MS = 60_000;

/** Why the end-to-end tests cannot run here (for describeNeeding), or undefined when Chromium is there. */
export function chromiumMissing(): string | undefined {
  try {
    accessSync(CHROMIUM, constants.X_OK);
    return undefined;
  } catch {
    return `${CHROMIUM} not available: install it with \`apt-get install chromium\` (or set PAIL_CHROMIUM)`;
  }
}

/** `npm run serve` as a person runs it, with its own fresh PAIL_HOME. */
export interface ServedPail {
  url: string;
  origin: string;
  home: string;
  child: ChildProcess;
  /** Everything the server printed so far (stdout and stderr): what a log would hold. */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts browser mode exactly as documented (`npm run serve -- --port 0 --no-open`) and waits for
 * its `Pail is running at …` line — the app saying it is ready, never a sleep.
 */
export async function startServe(env: NodeJS.ProcessEnv = {}): Promise<ServedPail> {
  const home = await mkdtemp(join(tmpdir(), 'pail-e2e-'));
  const child = spawn('npm', ['run', '--silent', 'serve', '--', '--port', '0', '--no-open'], {
    env: { ...process.env, PAIL_HOME: home, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let stderr = '';
  let all = '';
  child.stderr!.on('data', (c) => {
    stderr += c;
    all += c;
  });
  child.stdout!.on('data', (c) => (all += c));
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /^Pail is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(line);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`pail serve exited (${code}) before it was ready:\n${stderr}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    home,
    child,
    output: () => all,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        // npm runs the server in a child of its own: signal the whole group.
        process.kill(-child.pid!, 'SIGTERM');
        await exited;
      }
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** Launches headless Chromium with the flags this closed network needs. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Opens the printed link in a fresh context (clipboard permissions granted) and waits for the app. */
export async function openPail(browser: Browser, served: ServedPail): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  context.setDefaultTimeout(BUSY_MACHINE_MS);
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: served.origin });
  const page = await context.newPage();
  await page.goto(served.url);
  await page.getByRole('tree').waitFor();
  return { context, page };
}
