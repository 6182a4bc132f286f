import { BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './pure/app-url.js';
import type { AppLayout } from './pure/paths.js';

/**
 * The one Pail window: isolated, sandboxed, no Node, no `<webview>`; developer tools exist only
 * in unpackaged builds. Shown when the first paint is ready, so it never flashes white.
 */
export function createMainWindow(layout: AppLayout, isPackaged: boolean): BrowserWindow {
  const win = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 720,
    minHeight: 480,
    title: 'Pail',
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
      spellcheck: true,
      devTools: !isPackaged,
    },
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
