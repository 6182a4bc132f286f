import { open, rename, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fsyncDir, PRIVATE_FILE_MODE } from './fsync-dir.js';

interface PendingLine {
  line: string;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * An append-only file of JSON lines with group commit: every append is durable (fdatasync)
 * before its promise resolves, and appends that arrive while a sync runs share the next one.
 * Promises resolve in append order, so callers that apply an entry after awaiting it apply
 * entries in journal order.
 */
export class Journal {
  private pending: PendingLine[] = [];
  private flushing: Promise<void> | undefined;

  /**
   * True when the file may end in a partial line (the process died mid-append, or a write
   * failed): the next append then starts on a new line, or the torn line would swallow it.
   */
  private constructor(
    private readonly path: string,
    private handle: FileHandle,
    private torn: boolean,
  ) {}

  /** Opens (creating it, owner-only, with its name made durable) the journal at `path`. */
  static async open(path: string): Promise<Journal> {
    const handle = await open(path, 'a+', PRIVATE_FILE_MODE);
    try {
      const { size } = await handle.stat();
      // An empty journal may have just been created: its name must survive a power cut before
      // any entry written to it is reported durable.
      if (size === 0) await fsyncDir(dirname(path));
      const last = Buffer.alloc(1);
      if (size > 0) await handle.read(last, 0, 1, size - 1);
      return new Journal(path, handle, size > 0 && last[0] !== 0x0a);
    } catch (err) {
      await handle.close();
      throw err;
    }
  }

  append(entry: unknown): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ line: `${JSON.stringify(entry)}\n`, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending;
      this.pending = [];
      try {
        await this.handle.write((this.torn ? '\n' : '') + batch.map((p) => p.line).join(''));
        this.torn = false;
        await this.handle.datasync();
        for (const p of batch) p.resolve();
      } catch (err) {
        this.torn = true;
        const failure = new JournalWriteError(err);
        for (const p of batch) p.reject(failure);
      }
    }
    this.flushing = undefined;
  }

  /**
   * Replaces the journal with `entries` (the live state), atomically: a crash leaves the old
   * journal or the new one.
   */
  async rewrite(entries: unknown[]): Promise<void> {
    await this.flushing;
    const tmp = `${this.path}.compact`;
    const out = await open(tmp, 'w', PRIVATE_FILE_MODE);
    try {
      await out.write(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
      await out.sync();
    } finally {
      await out.close();
    }
    await this.handle.close();
    await rename(tmp, this.path);
    await fsyncDir(dirname(this.path));
    this.handle = await open(this.path, 'a');
    this.torn = false;
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.handle.close();
  }
}

/**
 * The journal could not be written or synced. The entry may still have reached the disk, so
 * whatever it references must not be deleted now: the next start keeps it if the entry is there
 * and removes it as garbage if not.
 */
export class JournalWriteError extends Error {
  constructor(cause: unknown) {
    super(`Could not write the bucket journal: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'JournalWriteError';
    if ((cause as NodeJS.ErrnoException)?.code) (this as unknown as NodeJS.ErrnoException).code = (cause as NodeJS.ErrnoException).code;
  }
}

/**
 * Reads a journal's entries. A torn last line (the process died mid-append) is dropped: the
 * append never completed, so its caller was never told it succeeded.
 */
export function parseJournal(text: string): unknown[] {
  const entries: unknown[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      entries.push(JSON.parse(line));
    } catch {
      // torn write: ignore
    }
  }
  return entries;
}
