import { chmod, copyFile, link, lstat, mkdir, readdir, readlink, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where @electron/fuses finds the fuse wire in an Electron binary. */
export const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/**
 * Electron's fuse defaults as shipped ('1' on, '0' off), in wire order: RunAsNode on, cookie
 * encryption off, NODE_OPTIONS on, --inspect on, asar integrity off, only-asar off, browser V8
 * snapshot off, file:// extra privileges on.
 */
export const ELECTRON_DEFAULT_FUSES = '10110001';

/**
 * A stand-in for Electron's unpacked Linux distribution, for `-c.electronDist`. electron-builder
 * copies the folder into `linux-unpacked/` and renames its `electron` executable after the app;
 * that executable is the only file it requires (found by running it on an empty folder). The
 * stub says what it is if anyone runs it. After its script it carries a fuse wire laid out as in
 * Electron's binary (sentinel, version 1, length, one byte per fuse, Electron's defaults), so
 * electron-builder's `electronFuses` can flip it and a test can read the result back.
 */
export async function createStubElectronDist(dir: string, version: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const binary = path.join(dir, 'electron');
  const script = Buffer.from('#!/bin/sh\necho "stub Electron for packaging tests: not runnable" >&2\nexit 1\n');
  const wire = Buffer.concat([
    Buffer.from(FUSE_SENTINEL, 'ascii'),
    Buffer.from([1, ELECTRON_DEFAULT_FUSES.length]),
    Buffer.from(ELECTRON_DEFAULT_FUSES),
  ]);
  await writeFile(binary, Buffer.concat([script, wire, Buffer.from('\n')]));
  await chmod(binary, 0o755);
  await writeFile(path.join(dir, 'version'), version);
  return dir;
}

/**
 * Recreates `source` at `target` with hard links (symlinks as symlinks), falling back to copies
 * across file systems. node_modules must be a real tree for `npm ls`, which electron-builder
 * uses to find production dependencies: a symlinked node_modules makes their dependencies
 * look missing, and they silently drop out of app.asar.
 */
export async function linkTree(source: string, target: string): Promise<void> {
  await mkdir(target, { recursive: true });
  const entries = await readdir(source, { withFileTypes: true });
  await Promise.all(
    entries.map(async (entry) => {
      const from = path.join(source, entry.name);
      const to = path.join(target, entry.name);
      if (entry.isSymbolicLink()) return symlink(await readlink(from), to);
      if (entry.isDirectory()) return linkTree(from, to);
      if (!(await lstat(from)).isFile()) return undefined;
      try {
        await link(from, to);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EXDEV' && (error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
        await copyFile(from, to);
      }
      return undefined;
    }),
  );
}

/** An app.asar listing as a set of forward-slash paths without the leading separator. */
export function normalizeAsarListing(listing: readonly string[]): Set<string> {
  return new Set(listing.map((entry) => entry.replace(/\\/g, '/').replace(/^\//, '')));
}

/**
 * The first `node_modules/<name>` folder Node would find for `name` from the package folder
 * `from` (itself `node_modules/…`), looking only at what the archive holds.
 */
export function resolvePackageIn(files: ReadonlySet<string>, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    const candidate = `${dir === '' ? '' : `${dir}/`}node_modules/${name}`;
    if (files.has(`${candidate}/package.json`)) return candidate;
    if (dir === '') return undefined;
    const parent = dir.lastIndexOf('/node_modules/');
    dir = parent === -1 ? '' : dir.slice(0, parent);
  }
}
