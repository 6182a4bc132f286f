import { createHash } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { acquirePidLock } from '../services/fs/pid-lock.js';

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
  const release = await acquirePidLock(lockPath, {
    busy: (owner) =>
      new CpRunBusyError(
        `the same copy is already running (process ${owner}). Wait for it to finish, or stop it and run this command again to resume.`,
      ),
    contended: () => new CpRunBusyError(`could not take the lock ${lockPath}; another pail cp keeps taking it.`),
  });
  return {
    release,
    async discard() {
      await rm(journalPath, { force: true });
      await release();
    },
  };
}
