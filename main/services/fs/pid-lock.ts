import { link, readFile, rm, writeFile } from 'node:fs/promises';
import { PRIVATE_FILE_MODE } from './fsync-dir.js';

/** How many times (5 ms apart) to wait for another process clearing the same stale lock. */
const MAX_TAKEOVER_WAITS = 200;

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
 * into place, so the lock never exists without its owner's pid in it.
 *
 * Clearing a stale lock takes a second lock (`PATH.takeover`): two processes that found the same
 * stale lock at once would otherwise both delete "it", the second deleting the first one's fresh
 * lock, and both would hold it. `pid` is the owner to write (tests stand in for a second process).
 */
export async function acquirePidLock(
  path: string,
  messages: PidLockMessages,
  attempts = 3,
  pid = process.pid,
): Promise<() => Promise<void>> {
  const takeover = `${path}.takeover`;
  let waits = 0;
  for (let attempt = 0; attempt < attempts && waits < MAX_TAKEOVER_WAITS;) {
    if (await linkOwned(path, pid)) {
      let held = true;
      return async () => {
        if (!held) return;
        held = false;
        await rm(path, { force: true });
      };
    }
    const owner = await ownerOf(path);
    if (owner !== undefined && owner !== pid && isAlive(owner)) throw messages.busy(owner);
    if (await linkOwned(takeover, pid)) {
      try {
        // Still the stale lock: while we hold the takeover nobody else may remove it, and nobody can
        // put another in its place until it is gone.
        if ((await ownerOf(path)) === owner) await rm(path, { force: true });
      } finally {
        await rm(takeover, { force: true });
      }
      attempt++;
      continue;
    }
    // Another process is clearing it right now (a few file operations), or died doing so.
    const clearer = await ownerOf(takeover);
    if (clearer !== undefined && !isAlive(clearer)) await rm(takeover, { force: true });
    else {
      waits++;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }
  throw messages.contended();
}

/** Creates `path` holding `pid`, atomically; false when it exists already. */
async function linkOwned(path: string, pid: number): Promise<boolean> {
  const aside = `${path}.${pid}`;
  await writeFile(aside, String(pid), { mode: PRIVATE_FILE_MODE });
  try {
    await link(aside, path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return false;
  } finally {
    await rm(aside, { force: true });
  }
}

/** The pid a lock file names, or undefined when it is gone or names none. */
async function ownerOf(path: string): Promise<number | undefined> {
  const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
  return Number.isInteger(owner) && owner > 0 ? owner : undefined;
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
