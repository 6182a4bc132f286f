// electron-builder.yml as electron-builder itself resolves and validates it: every target has
// what its builder requires (what made `npm run package` fail at the deb target), the icons it
// names exist at the sizes each platform wants, and the signing pieces are in place.
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import type { Configuration } from 'app-builder-lib';
import { DebugLogger } from 'builder-util';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ID } from '../../main/app/pure/platform-policy.js';
import { ICO_SIZES, LINUX_ICON_SIZES, pngSize, readIcnsEntries, readIcoEntries } from '../../scripts/lib/icon-files.js';
import * as hooks from '../../scripts/packaging/hooks.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface PackageJson {
  name: string;
  version: string;
  description?: string;
  homepage?: string;
  author?: { name?: string; email?: string } | string;
  desktopName?: string;
}

let config: Configuration;
let pkg: PackageJson;

beforeAll(async () => {
  config = await getConfig(REPO, null, null);
  pkg = JSON.parse(await readFile(path.join(REPO, 'package.json'), 'utf8')) as PackageJson;
});

const exists = (file: string) =>
  access(path.join(REPO, file)).then(
    () => true,
    () => false,
  );

describe('electron-builder configuration', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('has what every target needs: app id (= the AppUserModelID main sets), product name, version, description', () => {
    expect(config.appId).toBe(APP_ID);
    expect(config.productName).toBe('Pail');
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(pkg.description).toBeTruthy();
  });

  it('names artifacts by product, version, OS and architecture', () => {
    for (const macro of ['${productName}', '${version}', '${os}', '${arch}', '${ext}']) expect(config.artifactName).toContain(macro);
  });

  it('deb: a homepage and an author with an email (electron-builder’s fpm target refuses without them)', () => {
    expect(pkg.homepage).toMatch(/^https:\/\/\S+$/);
    const author = pkg.author;
    expect(typeof author === 'object' && author.email).toMatch(/^[^@\s]+@[^@\s]+\.[^@\s]+$/);
    expect(typeof author === 'object' && author.name).toBeTruthy();
  });

  it('Linux: desktopName synced to the .desktop file, a category, and a PNG per size', async () => {
    expect(pkg.desktopName).toBe(`${pkg.name}.desktop`);
    expect(config.linux?.syncDesktopName).toBe(true);
    expect(config.linux?.category).toBeTruthy();
    const targets = (config.linux?.target as string[] | undefined) ?? [];
    expect(targets).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    const iconDir = config.linux?.icon as string;
    for (const size of LINUX_ICON_SIZES) {
      expect(pngSize(await readFile(path.join(REPO, iconDir, `${size}x${size}.png`)))).toEqual({ width: size, height: size });
    }
  });

  it('macOS: an .icns with a 1024 px image, hardened runtime, entitlements that exist, notarization on', async () => {
    const mac = config.mac!;
    const sizes = readIcnsEntries(await readFile(path.join(REPO, mac.icon as string))).map((entry) => entry.size);
    expect(Math.max(...sizes)).toBe(1024);
    expect(mac.hardenedRuntime).toBe(true);
    expect(mac.notarize).toBe(true);
    for (const file of [mac.entitlements, mac.entitlementsInherit]) {
      expect(await exists(file as string), String(file)).toBe(true);
      expect(await readFile(path.join(REPO, file as string), 'utf8')).toContain('com.apple.security.cs.allow-jit');
    }
    expect(mac.category).toMatch(/^public\.app-category\./);
  });

  it('Windows: an .ico with 256 px (PNG) and the small sizes as bitmaps; a signing hook', async () => {
    const win = config.win!;
    const entries = readIcoEntries(await readFile(path.join(REPO, win.icon as string)));
    expect(entries.map((entry) => entry.size)).toEqual([...ICO_SIZES]);
    expect(entries.filter((entry) => entry.size <= 64).every((entry) => entry.format === 'bmp')).toBe(true);
    expect(entries.find((entry) => entry.size === 256)?.format).toBe('png');
    expect(win.signtoolOptions?.sign).toBe('./scripts/packaging/hooks.mjs');
    expect(win.signtoolOptions?.signingHashAlgorithms).toEqual(['sha256']);
  });

  it('names hook modules that exist and export the hook electron-builder looks up by name', async () => {
    expect(config.afterPack).toBe('./scripts/packaging/hooks.mjs');
    expect(config.afterSign).toBe('./scripts/packaging/hooks.mjs');
    expect(await exists('scripts/packaging/hooks.mjs')).toBe(true);
    expect(typeof hooks.afterPack).toBe('function');
    expect(typeof hooks.afterSign).toBe('function');
    expect(typeof hooks.sign).toBe('function');
  });

  it('keeps dist/bench and source maps out, keytar’s .node unpacked, and no rebuild', () => {
    const files = JSON.stringify(config.files);
    expect(files).toContain('!dist/bench/**');
    expect(files).toContain('!**/*.map');
    expect(config.asarUnpack).toEqual(['**/*.node']);
    expect(config.npmRebuild).toBe(false);
  });

  it('flips the fuses the issue lists (the packaging test reads them back from the binary)', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
