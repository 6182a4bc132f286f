import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Why Electron cannot start, in one line (what `npm start` prints before falling back to browser mode). */
export const ELECTRON_MISSING_MESSAGE = "Electron's binary is not installed and could not be downloaded";

/** Where Pail runs: in Electron (the binary at `path`), or in browser mode, for `reason`. */
export type LaunchChoice = { mode: 'electron'; path: string } | { mode: 'browser'; reason: string };

/** What `chooseLaunch` looks at; everything comes in as data so the choice is testable. */
export interface LaunchInputs {
  /** The arguments after `npm start --`. */
  args: readonly string[];
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** Finds Electron's executable (downloading it when missing), or throws. */
  locateElectron: () => string;
  /** Whether a file exists (the located path may name a binary that is not there). */
  exists: (path: string) => boolean;
}

/**
 * Decides how `npm start` runs Pail. Browser mode when asked (`--browser`), when there is no display
 * to open a window on (Linux and the BSDs without `$DISPLAY` or `$WAYLAND_DISPLAY`), or when
 * Electron's binary is missing and cannot be fetched; Electron otherwise. Checks are ordered from
 * cheapest to dearest: locating Electron may try a download.
 */
export function chooseLaunch(inputs: LaunchInputs): LaunchChoice {
  if (inputs.args.includes('--browser')) return { mode: 'browser', reason: 'Browser mode, as asked (--browser)' };
  if (!hasDisplay(inputs.env, inputs.platform)) {
    return { mode: 'browser', reason: 'No display to open a window on ($DISPLAY and $WAYLAND_DISPLAY are unset)' };
  }
  let path: string;
  try {
    path = inputs.locateElectron();
  } catch {
    return { mode: 'browser', reason: ELECTRON_MISSING_MESSAGE };
  }
  if (path === '' || !inputs.exists(path)) return { mode: 'browser', reason: ELECTRON_MISSING_MESSAGE };
  return { mode: 'electron', path };
}

/** macOS and Windows always have a desktop; elsewhere a window needs X11 or Wayland. */
export function hasDisplay(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

/**
 * The path of the Electron executable as the `electron` package reports it. Requiring the package
 * tries to download a missing binary and prints the downloader's stack trace when that fails, so it
 * runs in a child process whose output is kept out of the terminal. Throws when it fails.
 */
export function locateElectronBinary(cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  const result = spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('electron')))"], {
    cwd,
    env: electronEnv(env),
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  if (result.status !== 0 || !result.stdout) throw new Error(ELECTRON_MISSING_MESSAGE);
  return result.stdout;
}

/** Whether a path exists; the default for `LaunchInputs.exists`. */
export function pathExists(path: string): boolean {
  return existsSync(path);
}

/** The environment Electron starts with: ELECTRON_RUN_AS_NODE would turn it into plain Node. */
export function electronEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { ELECTRON_RUN_AS_NODE: _runAsNode, ...rest } = env;
  return rest;
}
