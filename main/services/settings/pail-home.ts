import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The OS's folder for per-user application data: the folder Electron's `app.getPath('appData')`
 * answers (`$XDG_CONFIG_HOME` or ~/.config on Linux, ~/Library/Application Support on macOS,
 * %APPDATA% on Windows).
 */
export function osAppDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return env.APPDATA ?? join(homedir(), 'AppData', 'Roaming');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support');
  return env.XDG_CONFIG_HOME ?? join(homedir(), '.config');
}

/**
 * Where Pail keeps settings, connection profiles (never secrets), the transfer journal, share
 * history and, by default, the local bucket's data: `$PAIL_HOME` (made absolute), else `Pail` in
 * the OS's app-data folder. The one place this is decided: the CLI, browser mode and Electron
 * (which passes `app.getPath('appData')` as `appDataDir`) all ask here, so they share one home.
 */
export function pailHome(
  env: NodeJS.ProcessEnv = process.env,
  platform: NodeJS.Platform = process.platform,
  appDataDir: string = osAppDataDir(env, platform),
): string {
  const fromEnv = env.PAIL_HOME?.trim();
  if (fromEnv) return resolve(fromEnv);
  return join(appDataDir, 'Pail');
}

/** The local bucket's data folder unless the person chose another. */
export function defaultLocalBucketDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(pailHome(env), 'local-bucket');
}
