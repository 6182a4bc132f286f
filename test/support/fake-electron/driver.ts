// Runs the built dist/main/main.cjs against the fake electron and prints what happened as JSON.
// Usage: node driver.mjs <main.cjs> <appPath> <appData> <scenario: run | sigterm | power | locked | broken>
import { existsSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import * as fake from './fake-electron.js';

const [mainScript, appPath, appData, scenario] = process.argv.slice(2) as [string, string, string, string];
const FAKE_ID = '/virtual/fake-electron.cjs';

// Resolve `require('electron')` to the fake, before main.cjs loads.
type Resolver = (request: string, ...rest: unknown[]) => string;
const moduleInternals = Module as unknown as { _resolveFilename: Resolver; _cache: Record<string, unknown> };
const resolve = moduleInternals._resolveFilename;
moduleInternals._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
  return request === 'electron' ? FAKE_ID : resolve.call(this, request, ...rest);
};
const fakeModule = new Module(FAKE_ID);
fakeModule.exports = fake;
fakeModule.loaded = true;
moduleInternals._cache[FAKE_ID] = fakeModule;

fake.app.appPath = appPath;
fake.app.appData = appData;

function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 30_000): Promise<T> {
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const tick = () => {
      const value = probe();
      if (value !== undefined) return resolvePromise(value);
      if (Date.now() - started > timeoutMs)
        return reject(new Error(`timed out waiting for ${what}; errors: ${fake.recorded.errors.join(' | ')}`));
      setTimeout(tick, 20);
    };
    tick();
  });
}

/**
 * Resolves with the exit code once the bundle calls app.exit (the fake emits fake-quit). Made
 * before the app starts, since a core that fails to start exits faster than anything can poll.
 */
const exitCode = new Promise<number>((resolvePromise) => fake.app.once('fake-quit', (code: number) => resolvePromise(code)));
function exited(): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error('the app did not exit')), 20_000);
    void exitCode.then((code) => {
      clearTimeout(timer);
      resolvePromise(code);
    });
  });
}

/** Whether something still accepts TCP connections at `endpoint`. */
async function listening(endpoint: string): Promise<boolean> {
  try {
    await fetch(endpoint, { signal: AbortSignal.timeout(5_000) });
    return true;
  } catch {
    return false;
  }
}

async function run(): Promise<Record<string, unknown>> {
  if (scenario === 'locked') fake.control.denyLock();
  createRequire(import.meta.url)(mainScript);
  const beforeReady = [...fake.recorded.calls];
  if (scenario === 'locked') return { beforeReady };
  fake.control.ready();
  const win = await waitFor('the main window', () => fake.recorded.windows[0]);
  const contents = win.webContents;
  const frame = (url: string, token = contents.mainFrame.frameToken) => ({
    processId: 4,
    frameToken: token,
    url,
    isDestroyed: () => false,
  });
  const trusted = { sender: contents, senderFrame: frame('app://pail/index.html') };
  const call = async (channel: string, sender: unknown, ...args: unknown[]) => {
    const handler = await waitFor(`a handler for ${channel}`, () => fake.recorded.ipcHandlers.get(channel));
    return handler(sender, ...args);
  };
  // The page's first call, made as soon as the window exists: it waits for the core.
  const earlyCall = Promise.resolve(call('pail:getAppInfo', trusted)).then((result) => {
    fake.recorded.calls.push('early call answered');
    return result;
  });

  if (scenario === 'broken') {
    const code = await exited();
    return {
      beforeReady,
      errors: fake.recorded.errors,
      windows: fake.recorded.windows.length,
      calls: fake.recorded.calls,
      exitCode: code,
      earlyCall: await earlyCall,
    };
  }
  const trustedAppInfo = await earlyCall;
  await waitFor('the services to be up', () => (win.title === 'Pail' ? true : undefined));
  const startupCalls = [...fake.recorded.calls];
  const titles = [...win.titles];

  if (scenario === 'power') {
    const exit = exited();
    let delayed = false;
    // Linux and macOS: the system is about to shut down; preventDefault asks it to wait for us.
    fake.powerMonitor.emit('shutdown', { preventDefault: () => (delayed = true) });
    const code = await exit;
    return { startupCalls, exitCode: code, calls: fake.recorded.calls, shutdownDelayed: delayed };
  }
  if (scenario === 'sigterm') {
    const exit = exited();
    // As Node delivers a SIGTERM to the listeners main registered (synchronously, so the next
    // line runs while the core is still closing).
    process.emit('SIGTERM', 'SIGTERM');
    // Pail launched again while this one closes.
    fake.app.emit('second-instance', {}, [], '');
    const windowsBefore = fake.recorded.windows.length;
    const code = await exit;
    return {
      startupCalls,
      exitCode: code,
      calls: fake.recorded.calls,
      windowsOpenedDuringShutdown: fake.recorded.windows.length - windowsBefore,
    };
  }

  await waitFor('the page to load', () => win.loaded);
  const serve = fake.recorded.protocolHandlers.get('app')!;
  const page = await serve(new Request('app://pail/'));
  const traversal = await serve(new Request('app://pail/..%2F..%2Fpackage.json'));
  const device = await serve(new Request('app://pail/assets/con.js'));
  const bridge = await serve(new Request('app://pail/api/call/getAppInfo', { method: 'POST', body: '{"args":[]}' }));

  const otherContents = new fake.FakeWebContents();

  let permissionGranted: boolean | undefined;
  fake.recorded.permissionRequest?.(contents, 'media', (granted) => (permissionGranted = granted));

  const navigation = (url: string) => {
    let prevented = false;
    contents.emit('will-navigate', { url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  let webviewPrevented = false;
  contents.emit('will-attach-webview', { preventDefault: () => (webviewPrevented = true) }, {}, {});
  let titlePrevented = false;
  win.emit('page-title-updated', { preventDefault: () => (titlePrevented = true) }, 'Pail', false);

  const addedConnection = await call('pail:addConnection', trusted, {
    name: 'Minio at home',
    provider: 'minio',
    endpoint: 'http://127.0.0.1:9',
    accessKeyId: 'AKIAFAKEELECTRON',
    secretAccessKey: 'fake-electron-secret-0123456789',
  });
  const localBucket = (await call('pail:getLocalBucketStatus', trusted)) as { ok: boolean; value?: { endpoint?: string } };
  const endpoint = localBucket.value?.endpoint;

  const report = {
    beforeReady,
    startupCalls,
    titles,
    titlePrevented,
    schemes: fake.recorded.schemes,
    userData: fake.recorded.userData,
    webPreferences: win.options.webPreferences,
    preloadExists: existsSync(String(win.options.webPreferences?.preload)),
    loaded: win.loaded,
    page: {
      status: page.status,
      type: page.headers.get('content-type'),
      csp: page.headers.get('content-security-policy'),
      body: await page.text(),
    },
    traversalStatus: traversal.status,
    deviceStatus: device.status,
    bridge: { status: bridge.status, body: await bridge.json() },
    channels: [...fake.recorded.ipcHandlers.keys()],
    trustedAppInfo,
    clipboardResult: await call('pail:writeClipboard', trusted, 'copied text'),
    clipboard: fake.recorded.clipboard,
    otherWindow: await call('pail:writeClipboard', { sender: otherContents, senderFrame: frame('app://pail/index.html') }, 'x'),
    subframe: await call('pail:writeClipboard', { sender: contents, senderFrame: frame('app://pail/index.html', 'iframe') }, 'x'),
    foreignPage: await call('pail:writeClipboard', { sender: contents, senderFrame: frame('https://evil.example/') }, 'x'),
    goneFrame: await call('pail:writeClipboard', { sender: contents, senderFrame: null }, 'x'),
    permissionGranted,
    permissionCheck: fake.recorded.permissionCheck?.(contents, 'clipboard-read', 'app://pail', {}),
    navigationPrevented: {
      web: navigation('https://evil.example/'),
      file: navigation('file:///etc/passwd'),
      app: navigation('app://pail/index.html'),
    },
    windowOpen: [
      contents.windowOpenHandler?.({ url: 'https://example.com/docs' }),
      contents.windowOpenHandler?.({ url: 'file:///etc/passwd' }),
    ],
    webviewPrevented,
    menuTemplate: fake.recorded.menuTemplate,
    errors: fake.recorded.errors,
    localBucketListening: endpoint !== undefined && (await listening(endpoint)),
    addedConnection,
    callsBeforeQuit: [...fake.recorded.calls],
  };
  const quitAt = fake.recorded.calls.length;
  const exit = exited();
  fake.app.quit();
  // A second quit (Cmd+Q again, the last window closing) while the first one closes the core.
  fake.app.quit();
  const afterQuit = await call('pail:getAppInfo', trusted);
  const code = await exit;
  return {
    ...report,
    opened: fake.recorded.opened,
    quitCalls: fake.recorded.calls.slice(quitAt),
    exitCode: code,
    callDuringShutdown: afterQuit,
    localBucketListeningAfterExit: endpoint !== undefined && (await listening(endpoint)),
  };
}

run().then(
  (report) => {
    process.stdout.write(`\nREPORT ${JSON.stringify(report)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    process.stdout.write(`\nFAILED ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
