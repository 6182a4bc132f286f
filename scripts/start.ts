// `npm start`: runs Pail. In Electron where it can start (building what is missing or out of date
// first); otherwise — `--browser`, no display, or no Electron binary — in browser mode, after one
// line saying why. Both use the same PAIL_HOME, so the same connections and the same local bucket.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { freshElectronBundles, REPO_ROOT, rendererNeedsBuild } from './build-electron.js';
import { chooseLaunch, electronEnv, hasDisplay, locateElectronBinary, pathExists } from './lib/electron-binary.js';

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const choice = chooseLaunch({
    args,
    env: process.env,
    platform: process.platform,
    locateElectron: () => locateElectronBinary(REPO_ROOT),
    exists: pathExists,
  });
  if (choice.mode === 'browser') {
    console.error(`${choice.reason}; starting Pail in browser mode instead.`);
    return runBrowserMode(args.filter((a) => a !== '--browser'));
  }

  if (await rendererNeedsBuild()) {
    console.log('Building the renderer…');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['run', 'build:renderer'], { cwd: REPO_ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
    if (result.status !== 0) return result.status ?? 1;
  }
  await freshElectronBundles();

  // `electron .` runs package.json's "main": dist/main/main.cjs.
  const child = spawn(choice.path, ['.', ...args], { cwd: REPO_ROOT, stdio: 'inherit', env: electronEnv(process.env) });
  const started = await new Promise<boolean>((resolve) => {
    child.once('spawn', () => resolve(true));
    child.once('error', () => resolve(false));
  });
  if (!started) {
    console.error('Electron could not be started; starting Pail in browser mode instead.');
    return runBrowserMode(args);
  }
  return supervise(child);
}

/**
 * `pail serve` in a child Node (the same tsx loader this script runs under), so the CLI's entry
 * point sets up the process as it does for `npm run serve`. It prints the `Pail is running at …`
 * link; where there is no display it does not try to open a browser.
 */
function runBrowserMode(args: readonly string[]): Promise<number> {
  const open = hasDisplay(process.env, process.platform) ? [] : ['--no-open'];
  const child = spawn(process.execPath, [...process.execArgv, path.join(REPO_ROOT, 'main', 'cli', 'pail.ts'), 'serve', ...open, ...args], {
    cwd: REPO_ROOT,
    stdio: 'inherit',
  });
  return supervise(child);
}

/** Forwards Ctrl-C and SIGTERM to the child and resolves with its exit code. */
function supervise(child: ChildProcess): Promise<number> {
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  return new Promise((resolve) => {
    child.on('error', (error) => {
      console.error(`Could not start Pail: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
