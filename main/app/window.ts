import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './pure/app-url.js';
import type { AppLayout } from './pure/paths.js';
import { READY_TITLE, STARTING_TITLE, spellcheckEnabled } from './pure/platform-policy.js';

/**
 * The one Pail window: isolated, sandboxed, no Node, no `<webview>`; developer tools exist only
 * in unpackaged builds; no spell-check dictionaries downloaded. Shown when the first paint is
 * ready, so it never flashes white. It opens before the services are up, titled "Pail —
 * starting…" until markWindowReady().
 */
export function createMainWindow(layout: AppLayout, isPackaged: boolean): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: STARTING_TITLE,
    show: false,
    webPreferences: {
      preload: layout.preloadScript,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: spellcheckEnabled(process.platform),
      devTools: !isPackaged,
    },
  });
  // The title says whether Pail is still starting; the page's own <title> must not undo that.
  win.on('page-title-updated', (event) => event.preventDefault());
  // Without its preload the page has no window.pail and falls back to browser mode's HTTP
  // client, which the app:// handler answers with "Pail could not start its bridge".
  win.webContents.on('preload-error', (_event, preloadPath, error) => {
    console.error(`pail: the preload ${preloadPath} failed: ${error.message}`);
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}

/** Resolves once the window is on screen. */
export function whenShown(win: BrowserWindow): Promise<void> {
  if (win.isVisible()) return Promise.resolve();
  return new Promise((resolve) => win.once('show', () => resolve()));
}

/** The services are up: the title drops "starting…". */
export function markWindowReady(win: BrowserWindow): void {
  if (!win.isDestroyed()) win.setTitle(READY_TITLE);
}
