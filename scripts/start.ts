// `npm start`: builds what is missing or out of date, then launches Pail in Electron.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { buildElectron, ELECTRON_INPUTS, MAIN_BUNDLE, PRELOAD_BUNDLE, REPO_ROOT } from './build-electron.js';
import { electronEnv, locateElectron } from './lib/electron-binary.js';
import { needsBuild } from './lib/freshness.js';

const RENDERER_OUTPUTS = ['dist/renderer/index.html'];
const RENDERER_INPUTS = ['renderer', 'preload/contract', 'package.json'];

async function main(): Promise<number> {
  // Find Electron first: without it there is nothing to build for.
  const electron = locateElectron(() => createRequire(import.meta.url)('electron'));
  if (!electron.ok) {
    console.error(electron.message);
    return 1;
  }
  const at = (paths: readonly string[]) => paths.map((p) => path.join(REPO_ROOT, p));

  if (await needsBuild(at(RENDERER_OUTPUTS), at(RENDERER_INPUTS))) {
    console.log('Building the renderer…');
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const result = spawnSync(npm, ['run', 'build:renderer'], { cwd: REPO_ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
    if (result.status !== 0) return result.status ?? 1;
  }
  if (await needsBuild(at([`dist/${MAIN_BUNDLE}`, `dist/${PRELOAD_BUNDLE}`]), at(ELECTRON_INPUTS))) {
    console.log('Building the Electron main process and preload…');
    await buildElectron();
  }
  if (!existsSync(electron.path)) {
    console.error(`Electron's binary should be at ${electron.path} but is not there.`);
    return 1;
  }

  // `electron .` runs package.json's "main": dist/main/main.cjs.
  const child = spawn(electron.path, ['.', ...process.argv.slice(2)], { cwd: REPO_ROOT, stdio: 'inherit', env: electronEnv(process.env) });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  return new Promise((resolve) => {
    child.on('error', (error) => {
      console.error(`Could not start Electron: ${error.message}`);
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
