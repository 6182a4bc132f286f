import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { PRIVATE_FILE_MODE } from './fsync-dir.js';

/** What to say when the lock cannot be had. */
export interface PidLockMessages {
  /** A live process holds it. */
  busy(pid: number): Error;
  /** Every attempt lost a race for it. */
  contended(): Error;
}

/**
 * Takes a lock file holding this process's pid; resolves with its release (idempotent). A lock
 * whose process is gone (kill -9) is stale and taken over; one held by a live process (or one of
 * another user's: EPERM) is refused with `messages.busy(pid)`. The file is written aside and linked
 * into place, so the lock never exists without its owner's pid in it. Two processes taking over the
 * same stale lock in the same instant could both succeed; callers accept that race.
 */
export async function acquirePidLock(path: string, messages: PidLockMessages, attempts = 3): Promise<() => Promise<void>> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const aside = `${path}.${process.pid}`;
    await writeFile(aside, String(process.pid), { mode: PRIVATE_FILE_MODE });
    try {
      await link(aside, path);
      let held = true;
      return async () => {
        if (!held) return;
        held = false;
        await rm(path, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      await rm(aside, { force: true });
    }
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) throw messages.busy(owner);
    await rm(path, { force: true });
  }
  throw messages.contended();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
