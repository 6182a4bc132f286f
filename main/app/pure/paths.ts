import path from 'node:path';

/** The folder Pail's files go under in Electron: PAIL_HOME when set, else `<appData>/Pail`. */
export function electronPailHome(env: NodeJS.ProcessEnv, appDataDir: string): string {
  const fromEnv = env.PAIL_HOME?.trim();
  return fromEnv ? path.resolve(fromEnv) : path.join(appDataDir, 'Pail');
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
