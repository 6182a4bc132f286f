// Runs the real Electron main bundle (dist/main/main.cjs as `npm run build:electron` makes it)
// in plain Node against a recording fake of electron: the only way its wiring runs anywhere
// here, since Electron's binary cannot be downloaded. It shows what main.ts asks of Electron
// and what our handlers answer, not how Electron itself behaves.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES, methodChannel } from '../../preload/contract/channels.js';
import { freshElectronBundles } from '../../scripts/build-electron.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Report {
  beforeReady: string[];
  startupCalls: string[];
  calls: string[];
  titles: string[];
  titlePrevented: boolean;
  deviceStatus: number;
  bridge: { status: number; body: unknown };
  exitCode: number;
  callDuringShutdown: unknown;
  earlyCall: unknown;
  localBucketListening: boolean;
  localBucketListeningAfterExit: boolean;
  windowsOpenedDuringShutdown: number;
  shutdownDelayed: boolean;
  addedConnection: unknown;
  callsBeforeQuit: string[];
  schemes: Array<{ scheme: string; privileges: Record<string, boolean> }>;
  userData: string;
  webPreferences: Record<string, unknown>;
  preloadExists: boolean;
  loaded: string;
  page: { status: number; type: string; csp: string; body: string };
  traversalStatus: number;
  channels: string[];
  trustedAppInfo: unknown;
  clipboardResult: unknown;
  clipboard: string[];
  otherWindow: unknown;
  subframe: unknown;
  foreignPage: unknown;
  goneFrame: unknown;
  permissionGranted: boolean;
  permissionCheck: boolean;
  navigationPrevented: { web: boolean; file: boolean; app: boolean };
  windowOpen: unknown[];
  webviewPrevented: boolean;
  menuTemplate: Array<{ role?: string; label?: string; submenu?: unknown[] }>;
  errors: string[];
  opened: string[];
  quitCalls: string[];
  windows: number;
}

let work: string;
let driver: string;
let mainScript: string;

function runDriver(
  scenario: 'run' | 'sigterm' | 'power' | 'locked' | 'broken',
  pailHome: string,
  env: NodeJS.ProcessEnv = {},
): Promise<Report> {
  return new Promise((resolve, reject) => {
    // No usable D-Bus session: keytar is unavailable at once, so the safeStorage fallback is asked.
    const childEnv = { ...process.env, PAIL_HOME: pailHome, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/pail-test-bus', ...env };
    const child = spawn(process.execPath, [driver, mainScript, work, path.join(work, 'appData'), scenario], {
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const line = output.split('\n').find((l) => l.startsWith('REPORT '));
      if (line) resolve(JSON.parse(line.slice('REPORT '.length)) as Report);
      else reject(new Error(`the driver produced no report:\n${output}`));
    });
  });
}

/** The entries of `calls` that are in `wanted`, in the order they happened. */
function inOrder(calls: string[], wanted: string[]): string[] {
  return calls.filter((call) => wanted.includes(call));
}

beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'pail-main-bundle-'));
  // The app folder as Electron would see it: package.json, dist/, and node_modules to require from.
  // The bundles `npm run build:electron` made (built here only when missing or stale), copied.
  const built = await freshElectronBundles(REPO);
  for (const part of ['main', 'preload']) await cp(path.join(built, part), path.join(work, 'dist', part), { recursive: true });
  await mkdir(path.join(work, 'dist', 'renderer'), { recursive: true });
  await writeFile(path.join(work, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Pail test page</title>\n');
  await copyFile(path.join(REPO, 'package.json'), path.join(work, 'package.json'));
  await symlink(path.join(REPO, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  mainScript = path.join(work, 'dist', 'main', 'main.cjs');
  driver = path.join(work, 'driver.mjs');
  await build({
    entryPoints: [path.join(REPO, 'test/support/fake-electron/driver.ts')],
    outfile: driver,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
}, 60_000);

afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

describe('dist/main/main.cjs against a fake electron', () => {
  let report: Report;
  let pailHome: string;
  beforeAll(async () => {
    pailHome = path.join(work, 'home');
    report = await runDriver('run', pailHome);
  }, 60_000);

  it('does its before-ready work before ready: name, userData = PAIL_HOME (created first), sandbox, privileged app: scheme, lock', () => {
    expect(report.errors).toEqual([]);
    expect(report.beforeReady).toEqual([
      'app.setName:Pail',
      'app.setPath:userData',
      'app.enableSandbox',
      'protocol.registerSchemesAsPrivileged',
      'app.requestSingleInstanceLock',
    ]);
    expect(report.userData).toBe(pailHome);
    expect(report.schemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
  });

  it('opens one isolated, sandboxed window on app://pail with the built preload', () => {
    expect(report.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
      devTools: false,
    });
    expect(report.webPreferences.preload).toBe(path.join(work, 'dist', 'preload', 'preload.cjs'));
    expect(report.preloadExists).toBe(true);
    expect(report.loaded).toBe('app://pail/index.html');
  });

  it('serves the renderer over app:// with the CSP, and refuses traversal', () => {
    expect(report.page).toMatchObject({
      status: 200,
      type: 'text/html; charset=utf-8',
      body: '<!doctype html><title>Pail test page</title>\n',
    });
    expect(report.page.csp).toContain("default-src 'self'");
    expect(report.traversalStatus).toBe(404);
  });

  it('handles every contract channel, runs the real core for the window, and refuses everyone else', () => {
    expect([...report.channels].sort()).toEqual(METHOD_NAMES.map(methodChannel).sort());
    expect(report.trustedAppInfo).toMatchObject({ ok: true, value: { transport: 'electron', version: '0.1.0' } });
    expect(report.clipboardResult).toEqual({ ok: true, value: null });
    expect(report.clipboard).toEqual(['copied text']);
    for (const refused of [report.otherWindow, report.subframe, report.foreignPage, report.goneFrame]) {
      expect(refused).toMatchObject({ ok: false, error: { code: 'access-denied' } });
    }
  });

  it('denies permissions, foreign navigation, new windows and <webview>; opens http(s) links in the browser', () => {
    expect(report.permissionGranted).toBe(false);
    expect(report.permissionCheck).toBe(false);
    expect(report.navigationPrevented).toEqual({ web: true, file: true, app: false });
    expect(report.windowOpen).toEqual([{ action: 'deny' }, { action: 'deny' }]);
    expect(report.opened).toEqual(['https://example.com/docs']);
    expect(report.webviewPrevented).toBe(true);
  });

  it('sets a menu without developer tools when packaged', () => {
    const flat = JSON.stringify(report.menuTemplate);
    expect(report.menuTemplate.map((item) => item.role ?? item.label)).toContain('editMenu');
    expect(flat).not.toContain('toggleDevTools');
  });

  it('shows the window first, titled as starting, and brings the services up behind it', () => {
    // The page's first call, made as the window appeared, waited for the core, then got its answer.
    expect(
      inOrder(report.startupCalls, ['BrowserWindow.new', 'window.show', 'safeStorage.isAsyncEncryptionAvailable', 'early call answered']),
    ).toEqual(['BrowserWindow.new', 'window.show', 'safeStorage.isAsyncEncryptionAvailable', 'early call answered']);
    expect(report.titles).toEqual(['Pail — starting…', 'Pail']);
    expect(report.titlePrevented).toBe(true);
  });

  it('asks safeStorage only asynchronously, after the window shows, when keytar is unavailable; basic_text protects nothing', () => {
    // The fake's synchronous safeStorage calls throw: had main used them, startup would have failed.
    expect(report.startupCalls.filter((call) => call.startsWith('safeStorage.'))).toEqual(['safeStorage.isAsyncEncryptionAvailable']);
    expect(report.trustedAppInfo).toMatchObject({ ok: true, value: { secretStorage: 'session' } });
  });

  it('turns off the spell checker’s dictionary downloads (not macOS)', () => {
    expect(report.startupCalls).toContain('session.setSpellCheckerEnabled:false');
    expect(report.webPreferences.spellcheck).toBe(false);
  });

  it('refuses Windows device names on app:// and answers browser-mode calls with the bridge message', () => {
    expect(report.deviceStatus).toBe(404);
    expect(report.bridge.status).toBe(503);
    expect(report.bridge.body).toMatchObject({ ok: false, error: { message: expect.stringMatching(/^Pail could not start its bridge/) } });
  });

  it('quits through one path: stop accepting work, close the core (the local bucket stops), exit once', () => {
    expect(report.localBucketListening).toBe(true);
    // The first quit is held (before-quit prevented) and starts the shutdown, which hides the
    // window at once; the second joins it; app.exit once, with no relaunch.
    expect(report.quitCalls).toEqual(['app.quit', 'window.hide', 'app.quit', 'app.exit:0']);
    expect(report.exitCode).toBe(0);
    expect(report.callDuringShutdown).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(report.localBucketListeningAfterExit).toBe(false);
  });
});

describe('safeStorage that protects', () => {
  it('becomes the secret store when keytar is unavailable, encrypting with encryptStringAsync into PAIL_HOME', async () => {
    const home = path.join(work, 'home-safe');
    const report = await runDriver('run', home, { FAKE_SAFE_STORAGE: 'protects' });
    expect(report.trustedAppInfo).toMatchObject({ ok: true, value: { secretStorage: 'safe-storage' } });
    expect(report.addedConnection).toMatchObject({ ok: true });
    expect(report.callsBeforeQuit).toContain('safeStorage.encryptStringAsync');
    const saved = await readFile(path.join(home, 'secrets.safe.json'), 'utf8');
    expect(Object.keys(JSON.parse(saved) as object).length).toBeGreaterThan(0);
    expect(saved).not.toContain('fake-electron-secret-0123456789');
  }, 60_000);
});

describe('SIGTERM', () => {
  it('takes the same path, and a launch during it relaunches after exit instead of opening a doomed window', async () => {
    const report = await runDriver('sigterm', path.join(work, 'home-sigterm'));
    expect(report.exitCode).toBe(0);
    expect(report.windowsOpenedDuringShutdown).toBe(0);
    expect(inOrder(report.calls, ['window.hide', 'app.relaunch', 'app.exit:0'])).toEqual(['window.hide', 'app.relaunch', 'app.exit:0']);
  }, 60_000);
});

describe('OS shutdown or logout (powerMonitor)', () => {
  it('asks the OS to wait, then takes the same path', async () => {
    const report = await runDriver('power', path.join(work, 'home-power'));
    expect(report.shutdownDelayed).toBe(true);
    expect(report.exitCode).toBe(0);
    expect(inOrder(report.calls, ['window.hide', 'app.exit:0'])).toEqual(['window.hide', 'app.exit:0']);
  }, 60_000);
});

describe('a core that cannot start', () => {
  it('shows the window, says why in an error box, answers waiting calls, and exits 1', async () => {
    // PAIL_HOME is a file, so neither userData nor the core can use it.
    const notAFolder = path.join(work, 'not-a-folder');
    await writeFile(notAFolder, '');
    const report = await runDriver('broken', notAFolder);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatch(/^Pail could not start: /);
    expect(report.windows).toBe(1);
    expect(report.exitCode).toBe(1);
    expect(report.beforeReady).not.toContain('app.setPath:userData');
    expect(report.earlyCall).toMatchObject({ ok: false, error: { code: 'internal' } });
  }, 60_000);
});

describe('a second instance', () => {
  it('quits at once when another Pail holds the lock', async () => {
    const report = await runDriver('locked', path.join(work, 'home-locked'));
    expect(report.beforeReady.slice(-2)).toEqual(['app.requestSingleInstanceLock', 'app.quit']);
  }, 60_000);
});
