import { createHash } from 'node:crypto';
import { link, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The parts of a `pail cp` command that name what it copies (options such as `--parts` do not). */
export interface CpRunIdentity {
  connectionId: string;
  /** Source and destination as given, local paths made absolute. */
  src: string;
  dst: string;
  recursive: boolean;
}

/**
 * The journal file (in `$PAIL_HOME`) of one `pail cp` command. Each distinct command keeps its own
 * journal, so concurrent `cp` processes never write (or compact) each other's file, while running
 * the same command again after an interruption opens the same journal and resumes from it.
 */
export function cpJournalName(run: CpRunIdentity): string {
  const hash = createHash('sha256')
    .update(JSON.stringify([run.connectionId, run.src, run.dst, run.recursive]))
    .digest('hex')
    .slice(0, 20);
  return `cli-cp-${hash}.jsonl`;
}

/** Another process runs the same `cp` command right now. */
export class CpRunBusyError extends Error {}

/** A held run lock: `release()` removes it; `discard()` also removes the run's journal (the run is over). */
export interface CpRunLock {
  release(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * Takes the exclusive lock of one `cp` command's journal: `<journal>.lock` holding the owner's pid.
 * A lock whose process is gone (kill -9) is stale and taken over, so a rerun after a crash resumes.
 * Two live runs of the same command would race on the same transfers: the second is refused with
 * a message naming the first one's pid.
 */
export async function lockCpRun(pailHome: string, journalName: string): Promise<CpRunLock> {
  await mkdir(pailHome, { recursive: true });
  const journalPath = join(pailHome, journalName);
  const lockPath = `${journalPath}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    // Written aside, then linked into place: the lock never exists without its owner's pid in it.
    const aside = `${lockPath}.${process.pid}`;
    await writeFile(aside, String(process.pid), { mode: 0o600 });
    try {
      await link(aside, lockPath);
      let held = true;
      const release = async () => {
        if (!held) return;
        held = false;
        await rm(lockPath, { force: true });
      };
      return {
        release,
        async discard() {
          await rm(journalPath, { force: true });
          await release();
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      await rm(aside, { force: true });
    }
    const owner = Number((await readFile(lockPath, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new CpRunBusyError(
        `the same copy is already running (process ${owner}). Wait for it to finish, or stop it and run this command again to resume.`,
      );
    }
    // Stale: its process died (kill -9). Two reruns starting in the same instant could both take
    // it over; that race is accepted (it needs two identical commands started together after a crash).
    await rm(lockPath, { force: true });
  }
  throw new CpRunBusyError(`could not take the lock ${lockPath}; another pail cp keeps taking it.`);
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
