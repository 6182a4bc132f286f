// Pail's Electron entry (bundled to dist/main/main.cjs). Glue only: everything testable lives in
// main/app/pure, main/api and main/services, which never import electron.
import '../cli/threadpool.js';
import { app, BrowserWindow, clipboard, dialog, Menu, session, shell } from 'electron';
import { createPailCore } from '../api/core.js';
import type { PailCore } from '../api/core-types.js';
import { registerAppScheme, serveAppProtocol } from './app-protocol.js';
import { denyAllPermissions, hardenWebContents } from './hardening.js';
import { forwardCoreEvents, registerIpcHandlers } from './ipc.js';
import { PAIL_CSP_OPTIONS } from './pure/csp.js';
import { buildMenuTemplate } from './pure/menu-template.js';
import { appLayout, electronPailHome } from './pure/paths.js';
import { settleWithin } from './pure/shutdown.js';
import { safeStorageSecretStore } from './safe-storage-store.js';
import { createMainWindow } from './window.js';

/** Quitting waits this long at most for the core (local bucket, open sockets) to close. */
const CLOSE_TIMEOUT_MS = 5_000;

// Everything below until `whenReady` must run before Electron's `ready` event.
app.setName('Pail');
// PAIL_HOME holds Pail's files and Chromium's profile alike; the single-instance lock lives
// there too, so two Pails with different PAIL_HOMEs can run side by side (tests, demos).
const pailHome = electronPailHome(process.env, app.getPath('appData'));
app.setPath('userData', pailHome);
app.enableSandbox();
registerAppScheme();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openInBrowser));

let mainWindow: BrowserWindow | undefined;

if (app.requestSingleInstanceLock()) {
  start().catch((error: unknown) => {
    dialog.showErrorBox('Pail could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
} else {
  // Another Pail owns this PAIL_HOME; it gets a `second-instance` event and comes forward.
  app.quit();
}

async function start(): Promise<void> {
  await app.whenReady();
  const layout = appLayout(app.getAppPath());
  denyAllPermissions(session.defaultSession);
  serveAppProtocol(layout.rendererRoot, PAIL_CSP_OPTIONS);

  const fallbackSecretStore = safeStorageSecretStore(pailHome);
  const core: PailCore = await createPailCore({
    pailHome,
    transport: 'electron',
    ...(fallbackSecretStore ? { fallbackSecretStore } : {}),
    writeClipboard: async (text) => clipboard.writeText(text),
  });

  registerIpcHandlers(core.handlers, () => mainWindow);
  forwardCoreEvents(core, () => mainWindow);
  const template = buildMenuTemplate({
    isPackaged: app.isPackaged,
    platform: process.platform,
    showDataFolder: () => void shell.openPath(pailHome),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));

  const openWindow = (): void => {
    const win = createMainWindow(layout, app.isPackaged);
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = undefined;
    });
    mainWindow = win;
  };
  openWindow();

  app.on('second-instance', () => {
    if (!mainWindow) return openWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // macOS: clicking the dock icon with no window open brings one back.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) openWindow();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });

  let closed = false;
  let closing = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    // Hold the exit until the core has stopped the local bucket and flushed its files.
    event.preventDefault();
    if (closing) return;
    closing = true;
    void settleWithin(core.close(), CLOSE_TIMEOUT_MS).then((finished) => {
      if (!finished) console.error('pail: the core did not close in time; quitting anyway');
      closed = true;
      app.quit();
    });
  });
}

/** Hands a validated http(s) URL to the OS browser. */
function openInBrowser(url: string): void {
  void shell.openExternal(url);
}
