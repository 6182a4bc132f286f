// Pail's Electron entry (bundled to dist/main/main.cjs). Glue only: everything testable lives in
// main/app/pure, main/api and main/services, which never import electron.
import '../cli/threadpool.js';
import { mkdirSync } from 'node:fs';
import { app, BrowserWindow, clipboard, dialog, Menu, powerMonitor, session, shell } from 'electron';
import { createPailCore } from '../api/core.js';
import { PailError } from '../services/errors/pail-error.js';
import type { PailCore } from '../api/core-types.js';
import { openKeytarSecretStore } from '../services/credentials/keytar-secret-store.js';
import { registerAppScheme, serveAppProtocol } from './app-protocol.js';
import { denyAllPermissions, hardenWebContents } from './hardening.js';
import { forwardCoreEvents, registerIpcHandlers } from './ipc.js';
import { CoreGate } from './pure/core-gate.js';
import { PAIL_CSP_OPTIONS } from './pure/csp.js';
import { buildMenuTemplate } from './pure/menu-template.js';
import { appLayout, electronPailHome } from './pure/paths.js';
import { APP_ID, spellcheckEnabled } from './pure/platform-policy.js';
import { createShutdown, settleWithin } from './pure/shutdown.js';
import { startBehindWindow } from './pure/startup.js';
import { showQueueIndicators } from './queue-indicators.js';
import { openSafeStorageSecretStore } from './safe-storage-store.js';
import { createMainWindow, markWindowReady, whenShown } from './window.js';

/** Quitting waits this long at most for the core (transfers, journals, the local bucket) to close. */
const CLOSE_TIMEOUT_MS = 5_000;
/** How long the services wait for the window to paint before starting anyway. */
const SHOW_WAIT_MS = 3_000;

// Everything below until `whenReady` must run before Electron's `ready` event.
app.setName('Pail');
// Windows: the taskbar groups, pins and notifies by this id; it must be the installer's appId.
if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
// PAIL_HOME holds Pail's files and Chromium's profile alike; the single-instance lock lives
// there too, so two Pails with different PAIL_HOMEs can run side by side (tests, demos).
const pailHome = electronPailHome(process.env, app.getPath('appData'));
// app.setPath throws for a folder that does not exist. If it cannot be made, Chromium keeps its
// default profile folder and the core, which needs the same folder, says why Pail cannot start.
if (ensureFolder(pailHome)) app.setPath('userData', pailHome);
app.enableSandbox();
registerAppScheme();
app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, openInBrowser));

let mainWindow: BrowserWindow | undefined;
const gate = new CoreGate<PailCore>();
const shutdown = createShutdown(
  {
    stopAcceptingWork() {
      gate.close();
      for (const win of BrowserWindow.getAllWindows()) if (!win.isDestroyed()) win.hide();
    },
    async closeCore() {
      const core = await gate.settled();
      await core?.close();
    },
    exit(code, relaunch) {
      if (relaunch) app.relaunch();
      app.exit(code);
    },
    log: (line) => console.log(line),
  },
  CLOSE_TIMEOUT_MS,
);

if (app.requestSingleInstanceLock()) {
  wireShutdown();
  start().catch((error: unknown) => {
    gate.fail();
    dialog.showErrorBox('Pail could not start', error instanceof Error ? error.message : String(error));
    void shutdown.request('startup failed', 1);
  });
} else {
  // Another Pail owns this PAIL_HOME; it gets a `second-instance` event and comes forward.
  app.quit();
}

/**
 * Every way Pail ends goes through `shutdown`: stop accepting work, core.close(), exit. Quit
 * (menu, Cmd+Q, the last window closing) arrives as before-quit, which is held while the core
 * closes; app.exit() then ends the process without emitting before-quit again.
 */
function wireShutdown(): void {
  app.on('before-quit', (event) => {
    event.preventDefault();
    void shutdown.request('quit');
  });
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown.request(signal));
  // macOS apps stay open without windows (the dock icon brings one back).
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') void shutdown.request('all windows closed');
  });
}

async function start(): Promise<void> {
  await app.whenReady();
  const layout = appLayout(app.getAppPath());
  denyAllPermissions(session.defaultSession);
  session.defaultSession.setSpellCheckerEnabled(spellcheckEnabled(process.platform));
  serveAppProtocol(layout.rendererRoot, PAIL_CSP_OPTIONS);
  // Linux and macOS announce shutdown and logout; Windows tells each window (session-end below).
  // Electron passes an event whose preventDefault() asks the OS to wait while we exit promptly.
  powerMonitor.on('shutdown', (...args: unknown[]) => {
    (args[0] as { preventDefault?: () => void } | undefined)?.preventDefault?.();
    void shutdown.request('the system is shutting down');
  });

  registerIpcHandlers(gate, () => mainWindow);
  const template = buildMenuTemplate({
    isPackaged: app.isPackaged,
    platform: process.platform,
    showDataFolder: () => void shell.openPath(pailHome),
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));

  const openWindow = (): BrowserWindow => {
    const win = createMainWindow(layout, app.isPackaged);
    win.on('closed', () => {
      if (mainWindow === win) mainWindow = undefined;
    });
    win.on('session-end', () => void shutdown.request('the Windows session is ending'));
    mainWindow = win;
    if (gate.state === 'ready') markWindowReady(win);
    return win;
  };

  app.on('second-instance', () => {
    // Launched again while closing: open again once this one has exited, not a window about to vanish.
    if (shutdown.started) return shutdown.requestRelaunch();
    if (!mainWindow) return void openWindow();
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  // macOS: clicking the dock icon with no window open brings one back.
  app.on('activate', () => {
    if (!shutdown.started && BrowserWindow.getAllWindows().length === 0) openWindow();
  });

  const { window, core } = await startBehindWindow<BrowserWindow, PailCore>({
    openWindow,
    untilShown: (win) => settleWithin(whenShown(win), SHOW_WAIT_MS),
    openKeychain: () => openKeytarSecretStore({ onUnavailable: (reason) => console.warn(`pail: no OS keychain: ${reason}`) }),
    openFallback: () => openSafeStorageSecretStore(pailHome),
    createCore: (secretStore) =>
      createPailCore({
        pailHome,
        transport: 'electron',
        secretStore,
        version: app.getVersion(),
        writeClipboard: async (text) => clipboard.writeText(text),
        // shell.openPath answers an error message, or '' when the system app opened the file.
        // The OS drag starts from the file, shown with the system's icon for it.
        startDrag: async (file) => {
          const win = mainWindow;
          if (!win || win.isDestroyed()) return;
          win.webContents.startDrag({ file, icon: await app.getFileIcon(file) });
        },
        openPath: async (path) => {
          const failure = await shell.openPath(path);
          if (failure) throw new PailError('unsupported', `The system could not open the file: ${failure}`);
        },
      }),
  });
  forwardCoreEvents(core, () => mainWindow);
  showQueueIndicators(core, () => mainWindow);
  gate.open(core);
  // A quit during startup already waits on gate.settled(), and closes this core.
  if (shutdown.started) return;
  markWindowReady(mainWindow ?? window);
}

/** Creates `dir` if needed; false when it cannot be (a file is in the way, no permission). */
function ensureFolder(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true });
    return true;
  } catch {
    return false;
  }
}

/** Hands a validated http(s) URL to the OS browser. */
function openInBrowser(url: string): void {
  void shell.openExternal(url);
}
