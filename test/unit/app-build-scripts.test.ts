import { mkdir, mkdtemp, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path, { delimiter } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isNodeBuiltin, packageNameOf, runtimeRequireProblems, shippedPackages } from '../../scripts/lib/bundle-checks.js';
import { chooseLaunch, ELECTRON_MISSING_MESSAGE, electronEnv, type LaunchInputs } from '../../scripts/lib/electron-binary.js';
import { needsBuild } from '../../scripts/lib/freshness.js';
import { installedNode, SECOND_NODE_SUITES } from '../../scripts/lib/node-runtimes.js';
import { freshElectronBundles, MAIN_BUNDLE } from '../../scripts/build-electron.js';

describe('bundle checks', () => {
  it('names packages and built-ins', () => {
    expect(packageNameOf('@aws-sdk/client-s3')).toBe('@aws-sdk/client-s3');
    expect(packageNameOf('@aws-sdk/client-s3/dist-cjs/x.js')).toBe('@aws-sdk/client-s3');
    expect(packageNameOf('zod/v4')).toBe('zod');
    expect(isNodeBuiltin('node:fs')).toBe(true);
    expect(isNodeBuiltin('fs/promises')).toBe(true);
    expect(isNodeBuiltin('zod')).toBe(false);
  });

  it('accepts production dependencies, electron and built-ins in main; refuses devDependencies', () => {
    const shipped = shippedPackages({ dependencies: { zod: '^4', '@aws-sdk/client-s3': '^3' }, optionalDependencies: { keytar: '^7' } });
    expect(shipped).toEqual(['zod', '@aws-sdk/client-s3', 'keytar']);
    expect(
      runtimeRequireProblems(['electron', 'node:fs', 'path', 'zod/v4', '@aws-sdk/client-s3', 'keytar'], {
        allow: ['electron'],
        allowBuiltins: true,
        shipped,
      }),
    ).toEqual([]);
    expect(runtimeRequireProblems(['@smithy/signature-v4', 'react'], { allow: ['electron'], allowBuiltins: true, shipped })).toEqual([
      '@smithy/signature-v4 (not a production dependency)',
      'react (not a production dependency)',
    ]);
  });

  it('lets the sandboxed preload require electron only', () => {
    expect(runtimeRequireProblems(['electron'], { allow: ['electron'], allowBuiltins: false, shipped: [] })).toEqual([]);
    expect(runtimeRequireProblems(['node:fs', 'zod'], { allow: ['electron'], allowBuiltins: false, shipped: [] })).toHaveLength(2);
  });
});

describe('needsBuild', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'pail-freshness-'));
    await mkdir(path.join(dir, 'src', 'deep'), { recursive: true });
    await mkdir(path.join(dir, 'dist'), { recursive: true });
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function touch(file: string, seconds: number): Promise<void> {
    await writeFile(path.join(dir, file), 'x');
    await utimes(path.join(dir, file), seconds, seconds);
  }

  it('builds when an output is missing or a source is newer than the oldest output', async () => {
    const outputs = [path.join(dir, 'dist', 'a.cjs'), path.join(dir, 'dist', 'b.cjs')];
    const inputs = [path.join(dir, 'src'), path.join(dir, 'missing-input')];
    await touch('src/deep/x.ts', 1_000);
    await utimes(path.join(dir, 'src', 'deep'), 1_000, 1_000);
    await utimes(path.join(dir, 'src'), 1_000, 1_000);
    await touch('dist/a.cjs', 2_000);
    expect(await needsBuild(outputs, inputs)).toBe(true);
    await touch('dist/b.cjs', 2_000);
    expect(await needsBuild(outputs, inputs)).toBe(false);
    await touch('src/deep/x.ts', 3_000);
    expect(await needsBuild(outputs, inputs)).toBe(true);
  });
});

describe('chooseLaunch (npm start)', () => {
  const base: LaunchInputs = {
    args: [],
    env: { DISPLAY: ':0' },
    platform: 'linux',
    locateElectron: () => '/x/node_modules/electron/dist/electron',
    exists: () => true,
  };

  it('runs Electron where its binary is there and a display exists', () => {
    expect(chooseLaunch(base)).toEqual({ mode: 'electron', path: '/x/node_modules/electron/dist/electron' });
    expect(chooseLaunch({ ...base, env: { WAYLAND_DISPLAY: 'wayland-0' } }).mode).toBe('electron');
    expect(chooseLaunch({ ...base, env: {}, platform: 'darwin' }).mode).toBe('electron');
  });

  it('falls back to browser mode, saying why, when asked, without a display, or without a binary', () => {
    expect(chooseLaunch({ ...base, args: ['--browser'] })).toEqual({ mode: 'browser', reason: 'Browser mode, as asked (--browser)' });
    expect(chooseLaunch({ ...base, env: {} })).toEqual({
      mode: 'browser',
      reason: 'No display to open a window on ($DISPLAY and $WAYLAND_DISPLAY are unset)',
    });
    const failing = () => {
      throw new Error('Electron failed to install correctly');
    };
    expect(chooseLaunch({ ...base, locateElectron: failing })).toEqual({ mode: 'browser', reason: ELECTRON_MISSING_MESSAGE });
    expect(chooseLaunch({ ...base, exists: () => false })).toEqual({ mode: 'browser', reason: ELECTRON_MISSING_MESSAGE });
  });

  it('does not try to locate (download) Electron when it will not be used', () => {
    const never = () => {
      throw new Error('should not be called');
    };
    expect(chooseLaunch({ ...base, args: ['--browser'], locateElectron: never }).mode).toBe('browser');
    expect(chooseLaunch({ ...base, env: {}, locateElectron: never }).mode).toBe('browser');
  });

  it('never starts Electron as plain Node', () => {
    expect(electronEnv({ ELECTRON_RUN_AS_NODE: '1', PAIL_HOME: '/p' })).toEqual({ PAIL_HOME: '/p' });
  });
});

describe('the Node versions npm test runs on', () => {
  it("finds the person's Node on PATH past node_modules/.bin (where the node devDependency puts Node 24)", () => {
    const executables = new Set(['/repo/node_modules/.bin/node', '/usr/local/bin/node', '/usr/bin/node']);
    const path = ['/repo/node_modules/.bin', '/node_modules/.bin', '/home/p/bin', '/usr/local/bin', '/usr/bin'].join(delimiter);
    expect(installedNode(path, (file) => executables.has(file))).toBe('/usr/local/bin/node');
    expect(installedNode('/repo/node_modules/.bin', (file) => executables.has(file))).toBeUndefined();
  });

  it('runs the service and integration suites, not the slow third-party, e2e or packaging ones, a second time', () => {
    expect(SECOND_NODE_SUITES).toContain('test/unit/');
    expect(SECOND_NODE_SUITES).toContain('test/integration/s3-');
    expect(SECOND_NODE_SUITES.some((suite) => /third-party|e2e|packaging|crash-safety/.test(suite))).toBe(false);
  });
});

describe('freshElectronBundles', () => {
  it('builds the Electron bundles once: fresh ones are left as they are', async () => {
    const dist = await freshElectronBundles();
    const before = (await stat(path.join(dist, MAIN_BUNDLE))).mtimeMs;
    await freshElectronBundles();
    expect((await stat(path.join(dist, MAIN_BUNDLE))).mtimeMs).toBe(before);
  });
});
