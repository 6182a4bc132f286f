import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../main/app/pure/app-protocol-handler.js';
import { BRIDGE_MISSING } from '../../main/app/pure/app-protocol-handler.js';
import { APP_ENTRY_URL, isAppUrl, isWindowsDeviceName, resolveAppRequest } from '../../main/app/pure/app-url.js';

const root = '/srv/pail/dist/renderer';

describe('resolveAppRequest', () => {
  it('maps app://pail paths to files under the renderer root, / to index.html', () => {
    expect(resolveAppRequest('GET', 'app://pail/', root)).toEqual({ status: 200, filePath: `${root}/index.html` });
    expect(resolveAppRequest('GET', APP_ENTRY_URL, root)).toEqual({ status: 200, filePath: `${root}/index.html` });
    expect(resolveAppRequest('GET', 'app://pail/assets/index-abc.js?v=1#x', root)).toEqual({
      status: 200,
      filePath: `${root}/assets/index-abc.js`,
    });
    expect(resolveAppRequest('HEAD', 'app://pail/a%20b.css', root)).toEqual({ status: 200, filePath: `${root}/a b.css` });
  });

  it.each([
    ['encoded slashes around ..', 'app://pail/assets%2F..%2F..%2F..%2Fetc%2Fpasswd'],
    ['encoded dots and slashes', 'app://pail/%2e%2e%2f%2e%2e%2fsecrets.safe.json'],
    ['an absolute path smuggled in one segment', 'app://pail/%2Fetc%2F..%2F..%2Fetc%2Fpasswd%2F..%2F..%2F..'],
    ['a NUL byte', 'app://pail/index.html%00.png'],
    ['malformed percent-encoding', 'app://pail/%E0%A4%A'],
    ['another host', 'app://evil/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['garbage', 'not a url'],
  ])('refuses %s with 404', (_name, url) => {
    expect(resolveAppRequest('GET', url, root).status).toBe(404);
  });

  it('never resolves outside the root, whatever the decoded path', () => {
    for (const url of ['app://pail/..%2F..%2F..%2Froot', 'app://pail/x/..%2F..%2F..', 'app://pail/..%2Frenderer-evil%2Fx']) {
      const result = resolveAppRequest('GET', url, root);
      expect(result.status).toBe(404);
    }
    // A sibling folder that merely shares the root's name as a prefix is outside too.
    expect(resolveAppRequest('GET', 'app://pail/..%2Frenderer2%2Findex.html', root).status).toBe(404);
  });

  it('applies the Windows path rules on Windows (backslashes, drive letters)', () => {
    const winRoot = 'C:\\Program Files\\Pail\\resources\\app.asar\\dist\\renderer';
    expect(resolveAppRequest('GET', 'app://pail/assets/a.js', winRoot, path.win32)).toEqual({
      status: 200,
      filePath: `${winRoot}\\assets\\a.js`,
    });
    expect(resolveAppRequest('GET', 'app://pail/..%5C..%5C..%5Csecrets.safe.json', winRoot, path.win32).status).toBe(404);
    expect(resolveAppRequest('GET', 'app://pail/C:%5CWindows%5Cwin.ini', winRoot, path.win32).status).toBe(404);
    expect(resolveAppRequest('GET', 'app://pail/%5C%5Cserver%5Cshare%5Cx', winRoot, path.win32).status).toBe(200); // leading separators are stripped: stays inside
  });

  it('serves only GET and HEAD', () => {
    expect(resolveAppRequest('POST', 'app://pail/index.html', root).status).toBe(405);
  });

  it.each([
    'app://pail/CON',
    'app://pail/nul',
    'app://pail/assets/con.js',
    'app://pail/assets/NUL.txt',
    'app://pail/aux.tar.gz',
    'app://pail/COM1',
    'app://pail/lpt9.css',
    'app://pail/com%C2%B9.js',
    'app://pail/CONIN$',
    'app://pail/conout$.txt',
    'app://pail/prn.%20',
    'app://pail/nul...',
    'app://pail/con%20.txt',
    'app://pail/assets%5Ccon',
    'app://pail/con/index.html',
  ])('refuses the Windows device name in %s, on every platform', (url) => {
    expect(resolveAppRequest('GET', url, root)).toMatchObject({ status: 404, reason: 'a Windows device name' });
    expect(resolveAppRequest('GET', url, 'C:\\Pail\\renderer', path.win32)).toMatchObject({ status: 404 });
  });
});

describe('isWindowsDeviceName', () => {
  it('matches device names with any extension, and nothing that merely starts like one', () => {
    for (const name of ['CON', 'con', 'Nul.txt', 'COM0', 'com9.log', 'LPT1', 'lpt³', 'AUX.', 'PRN ', 'CONOUT$'])
      expect(isWindowsDeviceName(name), name).toBe(true);
    for (const name of ['console.js', 'icon.png', 'com10', 'lpt', 'nullable.js', 'auxiliary.css', 'index.html', 'COM', 'xCON', ''])
      expect(isWindowsDeviceName(name), name).toBe(false);
  });
});

describe('isAppUrl', () => {
  it('accepts only the app://pail origin', () => {
    expect(isAppUrl('app://pail/index.html')).toBe(true);
    expect(isAppUrl('app://pail')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('https://pail/index.html')).toBe(false);
    expect(isAppUrl('app://pail.evil.com/')).toBe(false);
    expect(isAppUrl('file:///app/pail')).toBe(false);
    expect(isAppUrl('')).toBe(false);
    expect(isAppUrl(undefined)).toBe(false);
  });
});

describe('the app:// protocol handler', () => {
  let base: string;
  let rendererRoot: string;
  let serve: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'pail-app-protocol-'));
    rendererRoot = path.join(base, 'renderer');
    await mkdir(path.join(rendererRoot, 'assets'), { recursive: true });
    await writeFile(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Pail</title>');
    await writeFile(path.join(rendererRoot, 'assets', 'index-1.js'), 'console.log(1)');
    await writeFile(path.join(rendererRoot, 'assets', 'index-1.css'), 'body{}');
    // A file next to the root that traversal would reach.
    await writeFile(path.join(base, 'secrets.safe.json'), '{"secret":"x"}');
    serve = createAppProtocolHandler(rendererRoot);
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('serves files with their MIME type and the CSP', async () => {
    const page = await serve(new Request('app://pail/'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Pail</title>');
    const script = await serve(new Request('app://pail/assets/index-1.js'));
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const style = await serve(new Request('app://pail/assets/index-1.css'));
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers HEAD without a body', async () => {
    const head = await serve(new Request('app://pail/index.html', { method: 'HEAD' }));
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String('<!doctype html><title>Pail</title>'.length));
    expect(await head.text()).toBe('');
  });

  it('refuses traversal, missing files and folders with a 404 that still carries the CSP', async () => {
    for (const url of [
      'app://pail/..%2Fsecrets.safe.json',
      'app://pail/assets%2F..%2F..%2Fsecrets.safe.json',
      'app://pail/missing.js',
      'app://pail/assets/',
      'app://elsewhere/index.html',
    ]) {
      const response = await serve(new Request(url));
      expect(response.status, url).toBe(404);
      expect(await response.text()).not.toContain('secret');
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    }
  });

  it('answers browser-mode calls (the page lost its preload) with the bridge message as a result, never a bare 405', async () => {
    for (const [url, method] of [
      ['app://pail/api/call/listConnections', 'POST'],
      ['app://pail/api/events', 'GET'],
    ] as const) {
      const response = await serve(new Request(url, { method }));
      expect(response.status, url).toBe(503);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual(BRIDGE_MISSING);
    }
    expect(BRIDGE_MISSING.ok === false && BRIDGE_MISSING.error.message).toMatch(/^Pail could not start its bridge/);
    // Only /api itself and below: a renderer file that merely starts with "api" is served as usual.
    expect((await serve(new Request('app://pail/api.js'))).status).toBe(404);
  });
});
