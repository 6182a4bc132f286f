import { readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir } from '../../fs/fsync-dir.js';
import { parseJournal } from '../../fs/journal.js';
import { RecordLog, type PayloadRef } from '../../fs/record-log.js';
import type { SortedMap } from '../key-order.js';
import type { ObjectRecord } from './object-store.js';

/**
 * Frames of a bucket's object log. `put` may carry the object's bytes (an inline object: its one
 * file is the blob named `blob`); `blob` re-homes an inline object's bytes during compaction;
 * `seal` only closes a segment.
 */
type LogEntry =
  { op: 'put'; key: string; obj: ObjectRecord; blob?: string } | { op: 'del'; key: string } | { op: 'blob'; blob: string } | { op: 'seal' };

/** Journal entries of the format before the log (objects.jsonl), migrated on first open. */
type LegacyEntry = { op: 'put'; key: string; obj: ObjectRecord } | { op: 'del'; key: string };

interface Blob {
  ref: PayloadRef;
  /** Live records whose files name this blob. */
  refs: number;
}

export interface ObjectLogOptions {
  /** A segment is sealed once it holds this many bytes (default 64 MiB). */
  maxSegmentBytes?: number;
  /** Dead bytes tolerated before compaction starts, at least (default 16 MiB). */
  compactAfterDeadBytes?: number;
}

/**
 * A bucket's object records and its inline objects' bytes, in one {@link RecordLog}: a PUT of a
 * small object is one frame (record and bytes together), so a crash leaves the old object or the
 * new one and one group-committed write+fdatasync makes a batch of concurrent PUTs durable.
 *
 * Compaction (in the background, while requests run) re-appends what is still live in the oldest
 * segment — records whose latest version is there, and inline bytes still referenced — each under
 * the object's key lock, then deletes that segment. Only the oldest segment is ever removed, so a
 * delete marker can be forgotten along with it: nothing older remains for it to hide.
 */
export class ObjectLog {
  /** Multipart uploads some put frame says were completed (their folders are garbage). */
  readonly completedUploads = new Set<string>();
  private readonly blobs = new Map<string, Blob>();
  private liveInlineBytes = 0;
  private headerBytes = 0;
  private frames = 0;
  private compacting: Promise<void> | undefined;
  /** Compaction waits until the log is at least this big (raised when a pass reclaims little). */
  private compactFloor = 0;
  private readonly compactAfter: number;

  private constructor(
    private log: RecordLog,
    private readonly objects: SortedMap<ObjectRecord>,
    private readonly withKey: <T>(key: string, task: () => Promise<T>) => Promise<T>,
    options: ObjectLogOptions,
  ) {
    this.compactAfter = options.compactAfterDeadBytes ?? 16 * 1024 * 1024;
  }

  /**
   * Opens `<dir>/log`, replaying it into `objects`; a bucket still in the journal format
   * (objects.jsonl) is converted first, atomically.
   */
  static async open(
    dir: string,
    objects: SortedMap<ObjectRecord>,
    withKey: <T>(key: string, task: () => Promise<T>) => Promise<T>,
    options: ObjectLogOptions = {},
  ): Promise<ObjectLog> {
    const logDir = join(dir, 'log');
    const legacyPath = join(dir, 'objects.jsonl');
    if (!(await exists(logDir)) && (await exists(legacyPath))) await migrate(dir, legacyPath, options);
    if (await exists(legacyPath)) {
      // Left over by a migration that finished everything but this.
      await rm(legacyPath, { force: true });
      await fsyncDir(dir);
    }
    const blobs = new Map<string, Blob>();
    const completedUploads = new Set<string>();
    let headerBytes = 0;
    let frames = 0;
    const log = await RecordLog.open(
      logDir,
      ({ header, payload, bytes }) => {
        const entry = header as LogEntry;
        frames++;
        headerBytes += bytes - (payload?.length ?? 0);
        if (entry.op === 'put') {
          objects.set(entry.key, entry.obj);
          if (entry.obj.uploadId) completedUploads.add(entry.obj.uploadId);
          if (entry.blob !== undefined && payload) blobs.set(entry.blob, { ref: payload, refs: 0 });
        } else if (entry.op === 'del') {
          objects.delete(entry.key);
        } else if (entry.op === 'blob' && payload) {
          blobs.set(entry.blob, { ref: payload, refs: 0 });
        }
      },
      options,
    );
    const objectLog = new ObjectLog(log, objects, withKey, options);
    objectLog.headerBytes = headerBytes;
    objectLog.frames = frames;
    for (const id of completedUploads) objectLog.completedUploads.add(id);
    for (const [, record] of objects.entries()) {
      for (const file of record.files) {
        const blob = blobs.get(file.name);
        if (blob) blob.refs++;
      }
    }
    for (const [name, blob] of blobs) {
      if (blob.refs === 0) continue;
      objectLog.blobs.set(name, blob);
      objectLog.liveInlineBytes += blob.ref.length;
    }
    objectLog.maybeCompact();
    return objectLog;
  }

  /** True when `name` (a file of some record) is an inline object's bytes in this log. */
  isBlob(name: string): boolean {
    return this.blobs.has(name);
  }

  /** An inline object's bytes; fails with code ENOENT if no live record names them any more. */
  readBlob(name: string): Promise<Buffer> {
    const blob = this.blobs.get(name);
    if (!blob) return Promise.reject(Object.assign(new Error(`inline object ${name} is gone`), { code: 'ENOENT' }));
    return this.log.read(blob.ref);
  }

  /**
   * Makes `record` the object at `key` once durable; `inline` is its one file's bytes when they are
   * stored in the log. The caller holds the key's lock and then calls {@link applied}.
   */
  async put(key: string, record: ObjectRecord, inline?: { name: string; bytes: Buffer }): Promise<void> {
    const entry: LogEntry = inline ? { op: 'put', key, obj: record, blob: inline.name } : { op: 'put', key, obj: record };
    const ref = await this.append(entry, inline?.bytes);
    if (inline && ref) this.blobs.set(inline.name, { ref, refs: 0 });
  }

  /** Records that `key` no longer exists, once durable. The caller holds the key's lock. */
  async del(key: string): Promise<void> {
    await this.append({ op: 'del', key });
  }

  /** Moves reference counts from the record replaced to the one now in place (either may be absent). */
  applied(previous: ObjectRecord | undefined, next: ObjectRecord | undefined): void {
    for (const file of next?.files ?? []) {
      const blob = this.blobs.get(file.name);
      if (blob && blob.refs++ === 0) this.liveInlineBytes += blob.ref.length;
    }
    for (const file of previous?.files ?? []) {
      const blob = this.blobs.get(file.name);
      if (blob && --blob.refs === 0) {
        this.blobs.delete(file.name);
        this.liveInlineBytes -= blob.ref.length;
      }
    }
    this.maybeCompact();
  }

  async close(): Promise<void> {
    await this.compacting;
    await this.log.close();
  }

  private append(entry: LogEntry, payload?: Buffer): Promise<PayloadRef | undefined> {
    return this.log.append(entry, payload);
  }

  /** Live bytes: inline bytes referenced, plus the records at the average size of a record frame when the log opened. */
  private liveBytes(): number {
    const perRecord = this.frames > 0 ? this.headerBytes / this.frames : 400;
    return this.liveInlineBytes + this.objects.size * perRecord;
  }

  private wantsCompaction(): boolean {
    const total = this.log.totalBytes;
    return total >= this.compactFloor && total - this.liveBytes() > Math.max(this.compactAfter, this.liveBytes());
  }

  private maybeCompact(): void {
    if (this.compacting || !this.wantsCompaction()) return;
    this.compacting = (async () => {
      // Segment after segment while the log is mostly dead; each pass frees its oldest segment.
      while (this.wantsCompaction()) await this.compactOldest();
    })()
      .catch(() => {
        // Not fatal: the log only stays bigger. Try again once it has grown further.
        this.compactFloor = this.log.totalBytes + this.compactAfter;
      })
      .finally(() => {
        this.compacting = undefined;
      });
  }

  private async compactOldest(): Promise<void> {
    if (this.log.segmentIds().length < 2) {
      this.log.rollOver();
      await this.append({ op: 'seal' });
    }
    const oldest = this.log.segmentIds()[0]!;
    const size = this.log.segmentBytes(oldest);
    let copied = 0;
    const frames = await this.log.scan(oldest);
    for (const { header } of frames) {
      const entry = header as LogEntry;
      if (entry.op !== 'put') continue;
      const stored = JSON.stringify(entry.obj);
      await this.withKey(entry.key, async () => {
        const current = this.objects.get(entry.key);
        // Only the latest version of an object is kept; an identical later copy makes this one redundant anyway.
        if (!current || JSON.stringify(current) !== stored) return;
        const file = current.files.length === 1 ? current.files[0]! : undefined;
        const blob = file && this.blobs.get(file.name);
        copied += stored.length + entry.key.length + 64;
        if (blob && blob.ref.segment === oldest) {
          const bytes = await this.log.read(blob.ref);
          copied += bytes.length;
          blob.ref = (await this.append({ op: 'put', key: entry.key, obj: current, blob: file.name }, bytes))!;
        } else {
          await this.append({ op: 'put', key: entry.key, obj: current });
        }
      });
    }
    // Inline bytes still named by a record whose frame is elsewhere (a metadata-only rewrite of it).
    for (const [name, blob] of this.blobs) {
      if (blob.ref.segment !== oldest) continue;
      const bytes = await this.log.read(blob.ref);
      copied += bytes.length + name.length + 64;
      const ref = (await this.append({ op: 'blob', blob: name }, bytes))!;
      const still = this.blobs.get(name);
      if (still) still.ref = ref;
    }
    await this.log.drop(oldest);
    // Mostly live after all (the live estimate was off): wait for real growth before the next pass.
    if (size - copied < size / 4) this.compactFloor = this.log.totalBytes + this.compactAfter;
  }
}

async function migrate(dir: string, legacyPath: string, options: ObjectLogOptions): Promise<void> {
  const staging = join(dir, 'log.migrating');
  await rm(staging, { recursive: true, force: true });
  const live = new Map<string, ObjectRecord>();
  for (const entry of parseJournal(await readFile(legacyPath, 'utf8')) as LegacyEntry[]) {
    if (entry.op === 'put') live.set(entry.key, entry.obj);
    else if (entry.op === 'del') live.delete(entry.key);
  }
  const log = await RecordLog.open(staging, () => {}, options);
  try {
    await Promise.all([...live].map(([key, obj]) => log.append({ op: 'put', key, obj } satisfies LogEntry)));
  } finally {
    await log.close();
  }
  await rename(staging, join(dir, 'log'));
  await fsyncDir(dir);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
