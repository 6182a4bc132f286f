import path from 'node:path';
import { pailHome } from '../../services/settings/pail-home.js';

/** The folder Pail's files go under in Electron: `pailHome()` with Electron's own app-data folder. */
export function electronPailHome(env: NodeJS.ProcessEnv, appDataDir: string): string {
  return pailHome(env, process.platform, appDataDir);
}

/** Where the built pieces sit in the app folder (the repo in development, app.asar when packaged). */
export interface AppLayout {
  rendererRoot: string;
  preloadScript: string;
}

/** `appRoot` is `app.getAppPath()`: the folder holding package.json and dist/. */
export function appLayout(appRoot: string): AppLayout {
  const dist = path.join(appRoot, 'dist');
  return { rendererRoot: path.join(dist, 'renderer'), preloadScript: path.join(dist, 'preload', 'preload.cjs') };
}
