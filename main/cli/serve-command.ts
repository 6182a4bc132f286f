import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pailHome } from '../services/settings/pail-home.js';
import { startBrowserMode } from '../web/browser-mode.js';
import { parseArgs, stopSignal, UsageError } from './args.js';

const USAGE = 'Usage: pail serve [--port N] [--no-open]';

/**
 * `pail serve`: browser mode. Prints `Pail is running at http://127.0.0.1:PORT/?token=…` and serves
 * until SIGINT/SIGTERM.
 */
export async function runServeCommand(args: string[]): Promise<number> {
  let port: number;
  let open: boolean;
  try {
    const parsed = parseArgs(args, { values: ['port'], flags: ['no-open', 'help'] });
    if (parsed.has('help')) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    port = Number(parsed.get('port') ?? 0);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a number from 0 to 65535');
    open = !parsed.has('no-open');
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message}\n${USAGE}\n`);
      return 2;
    }
    throw err;
  }
  const root = resolve(import.meta.dirname, '..', '..');
  const rendererDir = join(root, 'dist', 'renderer');
  ensureRendererBuilt(root, rendererDir);
  const mode = await startBrowserMode({ pailHome: pailHome(), rendererDir, port });
  const stopped = stopSignal();
  process.stdout.write(`Pail is running at ${mode.url}\n`);
  if (open) openInBrowser(mode.url);
  await stopped;
  await mode.close();
  return 0;
}

/** What the renderer is built from: its own sources and the contract it imports. */
export const RENDERER_SOURCES = ['renderer', join('preload', 'contract')] as const;

/**
 * In a source checkout, builds the renderer when its build is missing or older than its sources
 * (the renderer's own, or the contract's: a new method must reach the page too).
 */
export function ensureRendererBuilt(root: string, rendererDir: string): void {
  if (!rendererBuildIsStale(root, rendererDir)) return;
  const sources = join(root, 'renderer');
  process.stderr.write('Building the renderer…\n');
  const result = spawnSync(
    process.platform === 'win32' ? 'npx.cmd' : 'npx',
    ['vite', 'build', '--config', join(sources, 'vite.config.ts'), '--logLevel', 'warn'],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  if (result.status !== 0) throw new Error('The renderer build failed; run `npm run build:renderer` to see why.');
}

/** True in a source checkout whose renderer build is missing or older than a file it is built from. */
export function rendererBuildIsStale(root: string, rendererDir: string): boolean {
  // An installed app has no sources: its build is what it is.
  if (!existsSync(join(root, 'renderer'))) return false;
  const built = join(rendererDir, 'index.html');
  if (!existsSync(built)) return true;
  const sources = RENDERER_SOURCES.map((dir) => join(root, dir)).filter((dir) => existsSync(dir));
  return Math.max(...sources.map(newestMtime)) > statSync(built).mtimeMs;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function openInBrowser(url: string): void {
  const command = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(command, [url], { stdio: 'ignore', detached: true });
    child.on('error', () => process.stderr.write('Could not open a browser; open the link above yourself.\n'));
    child.unref();
  } catch {
    process.stderr.write('Could not open a browser; open the link above yourself.\n');
  }
}
