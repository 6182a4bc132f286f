import { open } from 'node:fs/promises';

/**
 * Makes the entries of a directory durable (a created, renamed or removed name survives a power
 * cut, not only a crash of the process). fsync on the file alone does not cover its name.
 */
export async function fsyncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Folders Pail creates for its own data: the owner only, whatever the umask (which can only remove bits). */
export const PRIVATE_DIR_MODE = 0o700;
/** Files Pail creates for its own data: the owner only. */
export const PRIVATE_FILE_MODE = 0o600;
