import { randomUUID } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDir, PRIVATE_FILE_MODE } from './fsync-dir.js';

/**
 * Writes a small file so a crash leaves the old content or the new, never a torn one; once it
 * resolves the new content survives a power cut too (the file and its folder are fsynced).
 * Files are the owner's only (0600) unless `mode` says otherwise.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = PRIVATE_FILE_MODE): Promise<void> {
  const tmp = `${path}.${randomUUID()}.tmp`;
  const handle = await open(tmp, 'w', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (err) {
    await handle.close();
    await rm(tmp, { force: true });
    throw err;
  }
  await handle.close();
  await rename(tmp, path);
  await fsyncDir(dirname(path));
}
