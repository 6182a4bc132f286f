import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquirePidLock } from '../../main/services/fs/pid-lock.js';

// A lock left by a process that died (kill -9) is taken over. Two processes that find the same
// stale lock at once must not both take it: the second would delete the first one's fresh lock.

let work: string;
let other: ChildProcess;
let deadPid: number;

const messages = {
  busy: (pid: number) => Object.assign(new Error(`busy ${pid}`), { busy: pid }),
  contended: () => new Error('contended'),
};

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pail-pid-lock-'));
  // A second live process to stand for the other contender, and the pid of one that has exited.
  other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
  deadPid = gone.pid!;
  await new Promise((resolve) => gone.on('exit', resolve));
});
afterAll(async () => {
  other.kill();
  await rm(work, { recursive: true, force: true });
});

describe('acquirePidLock', () => {
  it('a stale lock found by two processes at once goes to exactly one of them, every time', async () => {
    for (let round = 0; round < 40; round++) {
      const path = join(work, `race-${round}.lock`);
      await writeFile(path, String(deadPid));
      // The second starts some file operations later each round, so that across the rounds its steps
      // fall between the first one's at every offset the race needs.
      const second = (async () => {
        for (let i = 0; i < round % 8; i++) await stat(work);
        return acquirePidLock(path, messages, 3, other.pid!);
      })();
      const results = await Promise.allSettled([acquirePidLock(path, messages, 3, process.pid), second]);
      const won = results.filter((r) => r.status === 'fulfilled');
      expect(won.length, `round ${round}`).toBe(1);
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      // The loser was told who holds it, and the lock file names that holder.
      const holder = Number(await readFile(path, 'utf8'));
      expect(lost.reason).toMatchObject({ busy: holder });
      expect([process.pid, other.pid]).toContain(holder);
    }
  });

  it('a lock held by a live process is refused with its pid; released, it can be taken', async () => {
    const path = join(work, 'held.lock');
    const release = await acquirePidLock(path, messages, 3, other.pid!);
    await expect(acquirePidLock(path, messages, 3, process.pid)).rejects.toMatchObject({ busy: other.pid });
    await release();
    const mine = await acquirePidLock(path, messages, 3, process.pid);
    expect(await readFile(path, 'utf8')).toBe(String(process.pid));
    await mine();
  });
});
