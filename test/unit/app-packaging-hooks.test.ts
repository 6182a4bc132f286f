// The electron-builder hooks (scripts/packaging/hooks.mjs) and the icon generator, without
// electron-builder: the keytar architecture check, the notarization credentials check, the
// Windows sign command, and icons that match build/icon.svg.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LINUX_ICON_SIZES } from '../../scripts/lib/icon-files.js';
import { ICON_SOURCE, renderIcons } from '../../scripts/make-icons.js';
import {
  KEYTAR_NATIVE,
  afterPack,
  afterSign,
  archMismatch,
  binaryArchs,
  notarizationCredentials,
  windowsSignCommand,
} from '../../scripts/packaging/hooks.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The first bytes of a native binary of each format, enough for binaryArchs. */
function elf(machine: number): Buffer {
  const bytes = Buffer.alloc(64);
  bytes.writeUInt32BE(0x7f454c46, 0);
  bytes[4] = 2;
  bytes[5] = 1;
  bytes.writeUInt16LE(machine, 18);
  return bytes;
}
function pe(machine: number): Buffer {
  const bytes = Buffer.alloc(256);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x80, 0x3c);
  bytes.writeUInt32BE(0x50450000, 0x80);
  bytes.writeUInt16LE(machine, 0x84);
  return bytes;
}
function machO(...cpus: number[]): Buffer {
  const bytes = Buffer.alloc(64 + cpus.length * 20);
  if (cpus.length === 1) {
    bytes.writeUInt32LE(0xfeedfacf, 0);
    bytes.writeUInt32LE(cpus[0]!, 4);
  } else {
    bytes.writeUInt32BE(0xcafebabe, 0);
    bytes.writeUInt32BE(cpus.length, 4);
    cpus.forEach((cpu, index) => bytes.writeUInt32BE(cpu, 8 + index * 20));
  }
  return bytes;
}

describe('binaryArchs', () => {
  it('reads the architecture of ELF, PE and Mach-O (thin and fat) binaries', () => {
    expect(binaryArchs(elf(62))).toEqual(['x64']);
    expect(binaryArchs(elf(183))).toEqual(['arm64']);
    expect(binaryArchs(elf(40))).toEqual(['armv7l']);
    expect(binaryArchs(pe(0x8664))).toEqual(['x64']);
    expect(binaryArchs(pe(0xaa64))).toEqual(['arm64']);
    expect(binaryArchs(pe(0x14c))).toEqual(['ia32']);
    expect(binaryArchs(machO(0x0100000c))).toEqual(['arm64']);
    expect(binaryArchs(machO(0x01000007, 0x0100000c))).toEqual(['x64', 'arm64']);
    expect(binaryArchs(Buffer.alloc(64))).toBeUndefined();
  });

  it('knows the keytar.node this machine built', async () => {
    const expected = process.arch === 'x64' ? 'x64' : process.arch;
    expect(binaryArchs(await readFile(path.join(REPO, 'node_modules/keytar/build/Release/keytar.node')))).toEqual([expected]);
  });
});

describe('archMismatch', () => {
  it('accepts a matching binary and needs both slices for a universal app', () => {
    expect(archMismatch(['x64'], 'x64')).toBeUndefined();
    expect(archMismatch(['x64', 'arm64'], 'universal')).toBeUndefined();
    expect(archMismatch(['x64', 'arm64'], 'arm64')).toBeUndefined();
    expect(archMismatch(['x64'], 'arm64')).toBe('it is built for x64, but this app is arm64');
    expect(archMismatch(['arm64'], 'universal')).toMatch(/universal/);
    expect(archMismatch(undefined, 'x64')).toMatch(/not a native binary/);
  });
});

describe('afterPack', () => {
  let appOutDir: string;
  const context = (arch: number) => ({ appOutDir, arch, packager: { getResourcesDir: (dir: string) => path.join(dir, 'resources') } });
  beforeEach(async () => {
    appOutDir = await mkdtemp(path.join(tmpdir(), 'pail-after-pack-'));
  });
  afterEach(async () => {
    delete process.env.PAIL_ALLOW_MISSING_KEYTAR;
    await rm(appOutDir, { recursive: true, force: true });
  });
  async function packKeytar(bytes: Buffer): Promise<void> {
    const file = path.join(appOutDir, 'resources', KEYTAR_NATIVE);
    await mkdir(path.dirname(file), { recursive: true });
    await writeFile(file, bytes);
  }

  it('passes a keytar.node of the target architecture (electron-builder Arch: 1 = x64, 3 = arm64)', async () => {
    await packKeytar(elf(62));
    await expect(afterPack(context(1))).resolves.toBeUndefined();
  });

  it('fails the build loudly for a keytar.node of another architecture', async () => {
    await packKeytar(elf(62));
    await expect(afterPack(context(3))).rejects.toThrow(/keytar\.node cannot load in this arm64 app: it is built for x64/);
  });

  it('fails when keytar is missing, unless told that is on purpose', async () => {
    await expect(afterPack(context(1))).rejects.toThrow(/keytar's native module is missing/);
    process.env.PAIL_ALLOW_MISSING_KEYTAR = '1';
    await expect(afterPack(context(1))).resolves.toBeUndefined();
  });
});

describe('notarization', () => {
  it('recognizes the three credential sets electron-builder notarizes with, and names what a partial set lacks', () => {
    expect(notarizationCredentials({ APPLE_API_KEY: 'k.p8', APPLE_API_KEY_ID: 'id', APPLE_API_ISSUER: 'iss' })).toEqual({
      kind: 'api-key',
    });
    expect(notarizationCredentials({ APPLE_ID: 'a@b.c', APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 'T' })).toEqual({
      kind: 'apple-id',
    });
    expect(notarizationCredentials({ APPLE_KEYCHAIN_PROFILE: 'pail' })).toEqual({ kind: 'keychain-profile' });
    expect(notarizationCredentials({})).toEqual({ kind: 'none' });
    expect(notarizationCredentials({ APPLE_API_KEY: 'k.p8' })).toEqual({
      kind: 'incomplete',
      missing: ['APPLE_API_KEY_ID', 'APPLE_API_ISSUER'],
    });
  });

  it('afterSign fails a signed Mac build that cannot be notarized, and leaves other builds alone', async () => {
    const saved = { ...process.env };
    try {
      for (const name of Object.keys(process.env)) if (name.startsWith('APPLE_') || name.startsWith('CSC_')) delete process.env[name];
      await expect(afterSign({ electronPlatformName: 'darwin' })).resolves.toBeUndefined();
      process.env.CSC_LINK = '/secrets/developer-id.p12';
      await expect(afterSign({ electronPlatformName: 'linux' })).resolves.toBeUndefined();
      await expect(afterSign({ electronPlatformName: 'darwin' })).rejects.toThrow(/signed but cannot be notarized/);
      process.env.APPLE_ID = 'a@b.c';
      await expect(afterSign({ electronPlatformName: 'darwin' })).rejects.toThrow(/missing APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID/);
      Object.assign(process.env, { APPLE_APP_SPECIFIC_PASSWORD: 'p', APPLE_TEAM_ID: 'T' });
      await expect(afterSign({ electronPlatformName: 'darwin' })).resolves.toBeUndefined();
    } finally {
      for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
      Object.assign(process.env, saved);
    }
  });
});

describe('windowsSignCommand', () => {
  it('puts the quoted file where {file} stands, and is off without a template', () => {
    expect(windowsSignCommand('signtool sign /fd sha256 {file}', 'C:\\out\\Pail Setup.exe')).toBe(
      'signtool sign /fd sha256 "C:\\out\\Pail Setup.exe"',
    );
    expect(windowsSignCommand(undefined, 'x.exe')).toBeUndefined();
    expect(windowsSignCommand('  ', 'x.exe')).toBeUndefined();
    expect(() => windowsSignCommand('signtool sign', 'x.exe')).toThrow(/\{file\}/);
  });
});

describe('the committed icons', () => {
  it('are exactly what scripts/make-icons.ts renders from build/icon.svg (run `npm run icons` after editing it)', async () => {
    const rendered = await renderIcons(await readFile(path.join(REPO, ICON_SOURCE)));
    expect([...rendered.keys()].sort()).toEqual(
      [...LINUX_ICON_SIZES.map((size) => `icons/${size}x${size}.png`), 'icon.icns', 'icon.ico'].sort(),
    );
    for (const [name, bytes] of rendered) {
      const committed = await readFile(path.join(REPO, 'build', name));
      expect(committed.equals(bytes), `build/${name} is stale`).toBe(true);
    }
  }, 60_000);
});
