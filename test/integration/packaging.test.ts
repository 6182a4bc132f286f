// Packaging, checked offline: Electron cannot be downloaded here, so electron-builder packs a
// stub Electron folder (-c.electronDist) and we inspect what went into app.asar.
import { extractFile, listPackage, statFile } from '@electron/asar';
import { spawn } from 'node:child_process';
import { getCurrentFuseWire } from '@electron/fuses';
import { cp, copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAIL_CSP_OPTIONS } from '../../main/app/pure/csp.js';
import { freshElectronBundles, rendererNeedsBuild } from '../../scripts/build-electron.js';
import { isNodeBuiltin, packageNameOf } from '../../scripts/lib/bundle-checks.js';
import { ICNS_TYPES, ICO_SIZES, LINUX_ICON_SIZES, pngSize, readIcnsEntries, readIcoEntries } from '../../scripts/lib/icon-files.js';
import { createStubElectronDist, linkTree, normalizeAsarListing, resolvePackageIn } from '../support/packaging-fixtures.js';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

interface PackageJson {
  main?: string;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** Runs a command, resolving to its exit code and combined output (for failure messages). */
function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv },
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** Any download attempt goes to a closed port and fails at once, so "offline" is enforced, not hoped. */
function offlineEnv(cacheDir: string): NodeJS.ProcessEnv {
  const deadProxy = 'http://127.0.0.1:9';
  // electron-builder mutes its log when it sees VITEST; the log is how we see what it did.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('VITEST')));
  return {
    ...inherited,
    HTTP_PROXY: deadProxy,
    HTTPS_PROXY: deadProxy,
    http_proxy: deadProxy,
    https_proxy: deadProxy,
    NO_PROXY: '',
    no_proxy: '',
    ELECTRON_GET_USE_PROXY: '1',
    // Empty caches: a cached Electron zip must not quietly replace the stub.
    ELECTRON_CACHE: path.join(cacheDir, 'electron'),
    ELECTRON_BUILDER_CACHE: path.join(cacheDir, 'electron-builder'),
    CSC_IDENTITY_AUTO_DISCOVERY: 'false',
  };
}

describe.skipIf(process.platform === 'win32')('packaging (electron-builder --linux dir, offline)', () => {
  let staging: string;
  let unpacked: string;
  let archive: string;
  let files: Set<string>;
  let packageJson: PackageJson;
  let builderOutput = '';
  let project: string;

  beforeAll(async () => {
    staging = await mkdtemp(path.join(tmpdir(), 'pail-packaging-'));
    project = path.join(staging, 'project');
    const dist = path.join(project, 'dist');
    await mkdir(project, { recursive: true });
    packageJson = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as PackageJson;

    // The repo's builds (made by `npm test` before the tests, or here when missing or stale), copied
    // into the staging project; the packaging itself never writes to the repo's dist/.
    const built = await freshElectronBundles(REPO);
    for (const part of ['main', 'preload']) await cp(path.join(built, part), path.join(dist, part), { recursive: true });
    if (!(await rendererNeedsBuild(REPO))) {
      await cp(path.join(built, 'renderer'), path.join(dist, 'renderer'), { recursive: true });
    } else if (packageJson.scripts?.['build:renderer']) {
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const renderer = await run(npm, ['run', 'build:renderer', '--', '--outDir', path.join(dist, 'renderer'), '--emptyOutDir'], {
        cwd: REPO,
      });
      if (renderer.code !== 0) throw new Error(`npm run build:renderer failed:\n${renderer.output}`);
    } else {
      // No renderer build yet: a placeholder keeps the packaging checks meaningful meanwhile.
      await mkdir(path.join(dist, 'renderer'), { recursive: true });
      await writeFile(path.join(dist, 'renderer', 'index.html'), '<!doctype html><title>Pail</title>\n');
    }

    for (const file of ['package.json', 'package-lock.json', 'electron-builder.yml'])
      await copyFile(path.join(REPO, file), path.join(project, file));
    // What electron-builder.yml refers to: the hooks and the build resources (icons, entitlements).
    await cp(path.join(REPO, 'scripts', 'packaging'), path.join(project, 'scripts', 'packaging'), { recursive: true });
    await cp(path.join(REPO, 'build'), path.join(project, 'build'), { recursive: true });
    // What `npm run bench` leaves in dist/, which must never ship.
    await mkdir(path.join(dist, 'bench'), { recursive: true });
    await writeFile(path.join(dist, 'bench', 'results.json'), '{}\n');
    await linkTree(path.join(REPO, 'node_modules'), path.join(project, 'node_modules'));
    const electronVersion = (JSON.parse(await readFile(require.resolve('electron/package.json'), 'utf8')) as { version: string }).version;
    const stub = await createStubElectronDist(path.join(staging, 'electron-stub'), electronVersion);

    const out = path.join(staging, 'out');
    const builder = await run(
      process.execPath,
      [
        require.resolve('electron-builder/cli.js'),
        '--linux',
        'dir',
        '--publish',
        'never',
        `-c.electronDist=${stub}`,
        `-c.directories.output=${out}`,
      ],
      { cwd: project, env: offlineEnv(path.join(staging, 'cache')) },
    );
    builderOutput = builder.output;
    if (builder.code !== 0) throw new Error(`electron-builder failed (${builder.code}):\n${builder.output}`);
    unpacked = path.join(out, 'linux-unpacked');
    archive = path.join(unpacked, 'resources', 'app.asar');
    files = normalizeAsarListing(listPackage(archive, { isPack: false }));
  }, 170_000);

  afterAll(async () => {
    if (staging) await rm(staging, { recursive: true, force: true });
  });

  it('used the stub Electron, renamed after the app, and downloaded nothing', async () => {
    expect(builderOutput).toContain('using custom unpacked Electron distribution');
    expect(builderOutput).not.toMatch(/downloading/i);
    expect((await stat(path.join(unpacked, 'pail'))).mode & 0o111).not.toBe(0);
  });

  it('holds the bundles, the renderer and package.json, and nothing else at the top level', () => {
    for (const file of ['dist/main/main.cjs', 'dist/preload/preload.cjs', 'dist/renderer/index.html', 'package.json'])
      expect(files, file).toContain(file);
    const topLevel = new Set([...files].map((file) => file.split('/')[0]));
    expect([...topLevel].sort()).toEqual(['dist', 'node_modules', 'package.json']);
    expect([...files].filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts') && file.startsWith('dist/'))).toEqual([]);
  });

  it('starts Electron at dist/main/main.cjs', () => {
    const packaged = JSON.parse(extractFile(archive, 'package.json').toString('utf8')) as PackageJson;
    expect(packaged.main).toBe('dist/main/main.cjs');
  });

  it('ships every production dependency', () => {
    const production = [...Object.keys(packageJson.dependencies ?? {}), ...Object.keys(packageJson.optionalDependencies ?? {})];
    expect(production).toEqual(expect.arrayContaining(['@aws-sdk/client-s3', 'fast-xml-parser', 'keytar']));
    for (const name of production) expect(files, name).toContain(`node_modules/${name}/package.json`);
  });

  it('ships the whole dependency tree of what it ships (nothing lost to hoisting)', () => {
    const packageDirs = [...files]
      .filter((file) => /(^|\/)node_modules\/(@[^/]+\/)?[^/@]+\/package\.json$/.test(file))
      .map((file) => file.slice(0, -'/package.json'.length));
    const unresolved: string[] = [];
    for (const dir of packageDirs) {
      const manifest = JSON.parse(extractFile(archive, `${dir}/package.json`).toString('utf8')) as PackageJson;
      for (const dependency of Object.keys(manifest.dependencies ?? {})) {
        if (!resolvePackageIn(files, dir, dependency)) unresolved.push(`${dir} → ${dependency}`);
      }
    }
    expect(unresolved).toEqual([]);
  });

  it('can satisfy every require of the main bundle; the preload requires only electron', () => {
    const requires = (file: string) =>
      [
        ...extractFile(archive, file)
          .toString('utf8')
          .matchAll(/\brequire\("([^"]+)"\)/g),
      ].map((m) => m[1]!);
    const missing = requires('dist/main/main.cjs').filter(
      (spec) => spec !== 'electron' && !isNodeBuiltin(spec) && !resolvePackageIn(files, '', packageNameOf(spec)),
    );
    expect(missing).toEqual([]);
    expect(new Set(requires('dist/preload/preload.cjs'))).toEqual(new Set(['electron']));
  });

  it('ships a renderer page the app:// CSP lets run, whose assets are all in the archive', () => {
    const html = extractFile(archive, 'dist/renderer/index.html').toString('utf8');
    expect(html.match(/<script\b(?![^>]*\bsrc=)[^>]*>/gi) ?? [], 'inline <script>').toEqual([]);
    if (!PAIL_CSP_OPTIONS.allowInlineStyles) {
      expect(html.match(/<style\b[^>]*>/gi) ?? [], 'inline <style>').toEqual([]);
      expect(html.match(/\sstyle=/gi) ?? [], 'style attributes').toEqual([]);
    }
    const references = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)]
      .map((m) => m[1]!)
      .filter((url) => !/^[a-z][a-z0-9+.-]*:|^#|^\/\//i.test(url));
    const missing = references.filter((url) => !files.has(path.posix.normalize(`dist/renderer/${url.replace(/[?#].*$/, '')}`)));
    expect(missing).toEqual([]);
  });

  it('leaves development tools out', () => {
    for (const name of [
      'vitest',
      'electron',
      'electron-builder',
      'react',
      'react-dom',
      'vite',
      'eslint',
      'typescript',
      'esbuild',
      'tsx',
      '@electron/asar',
      'playwright-core',
      's3rver',
      'jsdom',
    ]) {
      expect(
        [...files].some(
          (file) => file === `node_modules/${name}` || file.startsWith(`node_modules/${name}/`) || file.includes(`/node_modules/${name}/`),
        ),
        name,
      ).toBe(false);
    }
  });

  it('unpacks keytar’s native module next to the archive, as every .node file', async () => {
    const keytarNode = 'node_modules/keytar/build/Release/keytar.node';
    expect(files).toContain(keytarNode);
    expect((await stat(path.join(unpacked, 'resources', 'app.asar.unpacked', keytarNode))).isFile()).toBe(true);
    const natives = [...files].filter((file) => file.endsWith('.node'));
    for (const file of natives) expect(statFile(archive, file), file).toMatchObject({ unpacked: true });
  });

  it('leaves out dist/bench and every source map (the bundles are built with them)', async () => {
    expect((await stat(path.join(project, 'dist', 'main', 'main.cjs.map'))).isFile()).toBe(true);
    expect([...files].filter((file) => file.startsWith('dist/bench'))).toEqual([]);
    expect([...files].filter((file) => file.endsWith('.map'))).toEqual([]);
  });

  it('flips the fuses electron-builder.yml lists in the packaged binary', async () => {
    // The stub carries Electron's defaults ('1' on, '0' off); electron-builder's electronFuses
    // step rewrote them through @electron/fuses. Read back in wire order (FuseV1Options).
    const wire = await getCurrentFuseWire(path.join(unpacked, 'pail'));
    const state = (index: number) => String.fromCharCode((wire as unknown as Record<number, number>)[index]!);
    expect({
      runAsNode: state(0),
      enableCookieEncryption: state(1),
      enableNodeOptionsEnvironmentVariable: state(2),
      enableNodeCliInspectArguments: state(3),
      enableEmbeddedAsarIntegrityValidation: state(4),
      onlyLoadAppFromAsar: state(5),
      loadBrowserProcessSpecificV8Snapshot: state(6),
      grantFileProtocolExtraPrivileges: state(7),
    }).toEqual({
      runAsNode: '0',
      enableCookieEncryption: '1',
      enableNodeOptionsEnvironmentVariable: '0',
      enableNodeCliInspectArguments: '0',
      enableEmbeddedAsarIntegrityValidation: '1',
      onlyLoadAppFromAsar: '1',
      loadBrowserProcessSpecificV8Snapshot: '0',
      grantFileProtocolExtraPrivileges: '0',
    });
  });

  it('ran the afterPack check of keytar’s architecture', () => {
    expect(builderOutput).toMatch(/pail: keytar\.node is x64, as the app/);
  });

  it('has the icons the configuration names, at every size', async () => {
    const linuxIcons = path.join(project, 'build', 'icons');
    for (const size of LINUX_ICON_SIZES) {
      expect(pngSize(await readFile(path.join(linuxIcons, `${size}x${size}.png`)))).toEqual({ width: size, height: size });
    }
    expect(readIcoEntries(await readFile(path.join(project, 'build', 'icon.ico'))).map((entry) => entry.size)).toEqual([...ICO_SIZES]);
    expect(readIcnsEntries(await readFile(path.join(project, 'build', 'icon.icns')))).toEqual(
      ICNS_TYPES.map(([type, size]) => ({ type, size })),
    );
  });
});
