// Runs the built dist/main/main.cjs against the fake electron and prints what happened as JSON.
// Usage: node driver.mjs <main.cjs> <appPath> <appData> <scenario: run | locked | broken>
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

async function run(): Promise<Record<string, unknown>> {
  if (scenario === 'locked') fake.control.denyLock();
  createRequire(import.meta.url)(mainScript);
  const beforeReady = [...fake.recorded.calls];
  if (scenario === 'locked') return { beforeReady };
  fake.control.ready();
  if (scenario === 'broken') {
    await waitFor('the app to exit', () => (fake.recorded.calls.includes('app.exit:1') ? true : undefined));
    return { beforeReady, errors: fake.recorded.errors, windows: fake.recorded.windows.length };
  }
  const win = await waitFor('the main window', () => fake.recorded.windows[0]);
  await waitFor('the page to load', () => win.loaded);
  const contents = win.webContents;

  const serve = fake.recorded.protocolHandlers.get('app')!;
  const page = await serve(new Request('app://pail/'));
  const traversal = await serve(new Request('app://pail/..%2F..%2Fpackage.json'));

  const call = (channel: string, sender: unknown, ...args: unknown[]) => fake.recorded.ipcHandlers.get(channel)!(sender, ...args);
  const frame = (url: string, token = contents.mainFrame.frameToken) => ({
    processId: 4,
    frameToken: token,
    url,
    isDestroyed: () => false,
  });
  const trusted = { sender: contents, senderFrame: frame('app://pail/index.html') };
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

  const report = {
    beforeReady,
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
    channels: [...fake.recorded.ipcHandlers.keys()],
    trustedAppInfo: await call('pail:getAppInfo', trusted),
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
  };
  const quitAt = fake.recorded.calls.length;
  const quit = new Promise<void>((resolvePromise) => fake.app.once('fake-quit', resolvePromise));
  fake.app.quit();
  await Promise.race([quit, new Promise((_, reject) => setTimeout(() => reject(new Error('quit did not finish')), 10_000))]);
  return { ...report, opened: fake.recorded.opened, quitCalls: fake.recorded.calls.slice(quitAt) };
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
