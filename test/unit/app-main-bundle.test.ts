// Runs the real Electron main bundle (dist/main/main.cjs as `npm run build:electron` makes it)
// in plain Node against a recording fake of electron: the only way its wiring runs anywhere
// here, since Electron's binary cannot be downloaded. It shows what main.ts asks of Electron
// and what our handlers answer, not how Electron itself behaves.
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { copyFile, cp, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METHOD_NAMES, methodChannel } from '../../preload/contract/channels.js';
import { freshElectronBundles } from '../../scripts/build-electron.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface Report {
  beforeReady: string[];
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

function runDriver(scenario: 'run' | 'locked' | 'broken', pailHome: string): Promise<Report> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env, PAIL_HOME: pailHome };
    const child = spawn(process.execPath, [driver, mainScript, work, path.join(work, 'appData'), scenario], {
      env,
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

  it('does its before-ready work before ready: name, userData = PAIL_HOME, sandbox, privileged app: scheme, lock', () => {
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

  it('closes the core before quitting', () => {
    // First quit is held (will-quit prevented) until core.close() settles, then quits again.
    expect(report.quitCalls).toEqual(['app.quit', 'app.quit']);
  });
});

describe('a core that cannot start', () => {
  it('says why in an error box and exits, without a window', async () => {
    // PAIL_HOME is a file, so the core cannot create its folder.
    const notAFolder = path.join(work, 'not-a-folder');
    await writeFile(notAFolder, '');
    const report = await runDriver('broken', notAFolder);
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatch(/^Pail could not start: /);
    expect(report.windows).toBe(0);
  }, 60_000);
});

describe('a second instance', () => {
  it('quits at once when another Pail holds the lock', async () => {
    const report = await runDriver('locked', path.join(work, 'home-locked'));
    expect(report.beforeReady.slice(-2)).toEqual(['app.requestSingleInstanceLock', 'app.quit']);
  }, 60_000);
});
