import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where Pail keeps settings, connection profiles (never secrets), the transfer journal, share
 * history and, by default, the local bucket's data: `$PAIL_HOME`, else the OS's app-data folder
 * (the same folder Electron's `app.getPath('userData')` would choose for "Pail").
 */
export function pailHome(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.PAIL_HOME) return env.PAIL_HOME;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Pail');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Pail');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Pail');
}

/** The local bucket's data folder unless the person chose another. */
export function defaultLocalBucketDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(pailHome(env), 'local-bucket');
}
