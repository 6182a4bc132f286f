import { open, rename, type FileHandle } from 'node:fs/promises';

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

  private constructor(private readonly path: string, private handle: FileHandle) {}

  static async open(path: string): Promise<Journal> {
    return new Journal(path, await open(path, 'a'));
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
        await this.handle.write(batch.map((p) => p.line).join(''));
        await this.handle.datasync();
        for (const p of batch) p.resolve();
      } catch (err) {
        for (const p of batch) p.reject(err);
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
    const out = await open(tmp, 'w');
    try {
      await out.write(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
      await out.sync();
    } finally {
      await out.close();
    }
    await this.handle.close();
    await rename(tmp, this.path);
    this.handle = await open(this.path, 'a');
  }

  async close(): Promise<void> {
    await this.flushing;
    await this.handle.close();
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
