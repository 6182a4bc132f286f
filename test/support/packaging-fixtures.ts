import { chmod, copyFile, link, lstat, mkdir, readdir, readlink, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A stand-in for Electron's unpacked Linux distribution, for `-c.electronDist`. electron-builder
 * copies the folder into `linux-unpacked/` and renames its `electron` executable after the app;
 * that executable is the only file it requires (found by running it on an empty folder). The
 * stub says what it is if anyone runs it.
 */
export async function createStubElectronDist(dir: string, version: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  const binary = path.join(dir, 'electron');
  await writeFile(binary, '#!/bin/sh\necho "stub Electron for packaging tests: not runnable" >&2\nexit 1\n');
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
