// A recording stand-in for the parts of Electron's main-process API that main/app uses, so the
// real dist/main/main.cjs can run in plain Node (Electron's binary cannot be downloaded here).
// It mirrors the documented shapes; it proves our wiring, not Electron's behaviour.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';

export interface Recorded {
  calls: string[];
  schemes: unknown[];
  userData?: string;
  protocolHandlers: Map<string, (request: Request) => Promise<Response>>;
  ipcHandlers: Map<string, (event: unknown, ...args: unknown[]) => unknown>;
  windows: FakeBrowserWindow[];
  menuTemplate?: unknown[];
  clipboard: string[];
  opened: string[];
  errors: string[];
  notifications: Array<{ title: string; body: string }>;
  permissionRequest?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void;
  permissionCheck?: (...args: unknown[]) => boolean;
}

export const recorded: Recorded = {
  calls: [],
  schemes: [],
  protocolHandlers: new Map(),
  ipcHandlers: new Map(),
  windows: [],
  clipboard: [],
  opened: [],
  errors: [],
  notifications: [],
};

let readyResolve: () => void = () => undefined;
const ready = new Promise<void>((resolve) => (readyResolve = resolve));
let isReady = false;
let lockAvailable = true;
let exited = false;
/** FAKE_SAFE_STORAGE=protects makes safeStorage available with a real keyring backend. */
const safeStorageProtects = process.env.FAKE_SAFE_STORAGE === 'protects';

class FakeApp extends EventEmitter {
  isPackaged = true;
  appPath = '';
  appData = '';
  setName(name: string) {
    recorded.calls.push(`app.setName:${name}`);
  }
  getPath(name: string) {
    if (name === 'appData') return this.appData;
    if (name === 'userData') return recorded.userData ?? this.appData;
    throw new Error(`fake app.getPath(${name}) not supported`);
  }
  /** Electron throws for a folder that does not exist. */
  setPath(name: string, value: string) {
    if (!existsSync(value)) throw new Error(`Failed to set path: ${value} does not exist`);
    recorded.calls.push(`app.setPath:${name}`);
    if (name === 'userData') recorded.userData = value;
  }
  enableSandbox() {
    recorded.calls.push(`app.enableSandbox${isReady ? ':after-ready' : ''}`);
  }
  requestSingleInstanceLock() {
    recorded.calls.push('app.requestSingleInstanceLock');
    return lockAvailable;
  }
  whenReady() {
    return ready;
  }
  getAppPath() {
    return this.appPath;
  }
  setAppUserModelId(id: string) {
    recorded.calls.push(`app.setAppUserModelId:${id}`);
  }
  getVersion() {
    return '0.1.0';
  }
  /** Electron: before-quit (preventable), then the windows close, will-quit, quit. */
  quit() {
    recorded.calls.push('app.quit');
    if (exited) return;
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    this.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (prevented) return;
    exited = true;
    this.emit('fake-quit');
  }
  relaunch() {
    recorded.calls.push('app.relaunch');
  }
  /** Electron: ends at once, without before-quit or will-quit. */
  exit(code: number) {
    recorded.calls.push(`app.exit:${code}`);
    if (exited) return;
    exited = true;
    this.emit('fake-quit', code);
  }
}
export const app = new FakeApp();

/** Test controls, not part of Electron. */
export const control = {
  ready(): void {
    isReady = true;
    recorded.calls.push('ready');
    readyResolve();
  },
  denyLock(): void {
    lockAvailable = false;
  },
  /** When true, windows never emit ready-to-show (a page that does not paint). */
  holdPaint: false,
};

export const protocol = {
  registerSchemesAsPrivileged(schemes: unknown[]) {
    recorded.calls.push(`protocol.registerSchemesAsPrivileged${isReady ? ':after-ready' : ''}`);
    recorded.schemes.push(...schemes);
  },
  handle(scheme: string, handler: (request: Request) => Promise<Response>) {
    recorded.calls.push(`protocol.handle:${scheme}`);
    recorded.protocolHandlers.set(scheme, handler);
  },
};

export const ipcMain = {
  handle(channel: string, listener: (event: unknown, ...args: unknown[]) => unknown) {
    if (recorded.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    recorded.ipcHandlers.set(channel, listener);
  },
  removeHandler(channel: string) {
    recorded.ipcHandlers.delete(channel);
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler: Recorded['permissionRequest']) {
      recorded.permissionRequest = handler;
    },
    setPermissionCheckHandler(handler: Recorded['permissionCheck']) {
      recorded.permissionCheck = handler;
    },
    setDevicePermissionHandler() {
      recorded.calls.push('session.setDevicePermissionHandler');
    },
    setSpellCheckerEnabled(enabled: boolean) {
      recorded.calls.push(`session.setSpellCheckerEnabled:${enabled}`);
    },
  },
};

/** The asynchronous safeStorage API only: the deprecated synchronous calls throw, so any use of them fails the test. */
export const safeStorage = {
  isAsyncEncryptionAvailable: async () => {
    recorded.calls.push('safeStorage.isAsyncEncryptionAvailable');
    return safeStorageProtects;
  },
  getSelectedStorageBackend: () => (safeStorageProtects ? 'gnome_libsecret' : 'basic_text'),
  encryptStringAsync: async (text: string) => {
    recorded.calls.push('safeStorage.encryptStringAsync');
    return Buffer.from(text).reverse();
  },
  decryptStringAsync: async (data: Buffer) => ({ result: Buffer.from(data).reverse().toString(), shouldReEncrypt: false }),
  isEncryptionAvailable: () => {
    throw new Error('deprecated synchronous safeStorage.isEncryptionAvailable used');
  },
  encryptString: () => {
    throw new Error('deprecated synchronous safeStorage.encryptString used');
  },
  decryptString: () => {
    throw new Error('deprecated synchronous safeStorage.decryptString used');
  },
};

export const powerMonitor = new EventEmitter();

export const clipboard = { writeText: (text: string) => void recorded.clipboard.push(text) };
export const dialog = { showErrorBox: (title: string, content: string) => void recorded.errors.push(`${title}: ${content}`) };
export const shell = {
  openExternal: async (url: string) => void recorded.opened.push(url),
  openPath: async (path: string) => {
    recorded.opened.push(`path:${path}`);
    return '';
  },
};
export const Menu = {
  buildFromTemplate: (template: unknown[]) => ({ template }),
  setApplicationMenu: (menu: { template: unknown[] }) => {
    recorded.menuTemplate = menu.template;
  },
};

/** A webContents with what the hardening and IPC code touch. */
export class FakeWebContents extends EventEmitter {
  static nextId = 1;
  readonly id = FakeWebContents.nextId++;
  url = '';
  sent: Array<[string, unknown]> = [];
  windowOpenHandler?: (details: { url: string }) => { action: string };
  readonly mainFrame = { processId: 4, frameToken: `frame-${this.id}`, url: '', isDestroyed: () => false };
  send(channel: string, payload: unknown) {
    this.sent.push([channel, payload]);
  }
  getURL() {
    return this.url;
  }
  isDestroyed() {
    return false;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  loaded?: string;
  title: string;
  titles: string[] = [];
  visible = false;
  constructor(readonly options: { title?: string; webPreferences?: Record<string, unknown> }) {
    super();
    this.title = options.title ?? '';
    this.titles.push(this.title);
    recorded.windows.push(this);
    recorded.calls.push('BrowserWindow.new');
    app.emit('web-contents-created', {}, this.webContents);
  }
  static getAllWindows() {
    return recorded.windows;
  }
  /** Loads, then (like Electron once the page painted) emits ready-to-show, unless the test holds the paint. */
  async loadURL(url: string) {
    this.loaded = url;
    this.webContents.url = url;
    this.webContents.mainFrame.url = url;
    if (!control.holdPaint) setImmediate(() => this.emit('ready-to-show'));
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  isVisible() {
    return this.visible;
  }
  setTitle(title: string) {
    this.title = title;
    this.titles.push(title);
  }
  restore() {}
  focus() {}
  show() {
    recorded.calls.push('window.show');
    this.visible = true;
    this.emit('show');
  }
  hide() {
    recorded.calls.push('window.hide');
    this.visible = false;
  }
  /** Every value given to setProgressBar, in order. */
  progress: number[] = [];
  setProgressBar(progress: number) {
    this.progress.push(progress);
  }
}
export const BrowserWindow = FakeBrowserWindow;

/** Records what would be shown; `show()` is what puts it on screen. */
export class Notification {
  static isSupported() {
    return true;
  }
  constructor(readonly options: { title: string; body: string }) {}
  show() {
    recorded.notifications.push({ title: this.options.title, body: this.options.body });
  }
}
