import { randomBytes, randomUUID } from 'node:crypto';
import { constants, createReadStream, read as readFd, type ReadStream } from 'node:fs';
import { copyFile, mkdir, open, readFile, readdir, rm, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { SortedMap } from '../key-order.js';
import { listPage, type ListingPage, type ListingQuery } from '../listing.js';
import { writeFileAtomic } from '../../fs/atomic-file.js';
import { fsyncDir, PRIVATE_DIR_MODE } from '../../fs/fsync-dir.js';
import { Journal, JournalWriteError, parseJournal } from '../../fs/journal.js';
import { KeyedLock } from '../../fs/keyed-lock.js';
import type {
  BucketConfig,
  BucketStore,
  ObjectRecord,
  OpenedObject,
  PartRecord,
  StagedFile,
  StoredFile,
  UploadRecord,
} from './object-store.js';
import { ObjectLog, type ObjectLogOptions } from './object-log.js';
import { YoungGarbage } from '../young-garbage.js';

interface OpenUpload {
  record: UploadRecord;
  parts: Map<number, PartRecord>;
  journal: Journal | undefined;
  /** Set while the parts journal is being opened, so concurrent parts share one file handle. */
  opening?: Promise<Journal>;
}

// Big enough for few syscalls at disk speed, small enough that a fast GET holds little memory.
const READ_CHUNK = 512 * 1024;
/**
 * Bodies up to this size are stored inline in the bucket's log, not in a file of their own: a PUT
 * then costs no file creation, and a batch of concurrent PUTs shares one write and one fdatasync.
 * 64 KiB is where GetObject already serves bodies from one buffer (its SMALL_READ), so an inline
 * object is read with one pread; it also bounds what a PUT holds in memory before its commit
 * (16 in flight: 1 MiB) and what compaction copies per live object. Above it, a file's fixed cost
 * is small next to moving the bytes, and streaming keeps memory flat.
 */
export const INLINE_MAX = 64 * 1024;
const SHARDS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * One bucket on disk (folders 0700, files 0600):
 *   bucket.json        its settings (written atomically)
 *   log/<n>.log        the object log (see ObjectLog): object records, the last one per key wins,
 *                      and the bytes of objects up to INLINE_MAX stored inline with their record
 *   data/xx/<id>       immutable data files of larger objects and of parts, shared by nothing
 *   uploads/<id>/      upload.json + parts.jsonl per in-progress multipart upload
 * An object becomes visible only when its log frame is durable, after its data file and the
 * file's folder entry were fsynced; anything not referenced by a record is garbage and is removed
 * when the bucket opens.
 */
export class FsBucket implements BucketStore {
  private readonly objects = new SortedMap<ObjectRecord>();
  private readonly openUploads = new Map<string, OpenUpload>();
  private readonly keyLock = new KeyedLock();
  private log!: ObjectLog;
  /** Bodies received for staged names that will be stored inline, until committed or discarded. */
  private readonly pendingInline = new Map<string, Buffer>();
  private readonly namePrefix = randomBytes(12).toString('hex');
  private staged = 0;

  private constructor(
    private readonly dir: string,
    public config: BucketConfig,
    private readonly options: ObjectLogOptions,
  ) {}

  /** Creates the bucket's folder. The caller renames it into place to make the bucket exist. */
  static async initialize(dir: string, config: BucketConfig): Promise<void> {
    await mkdir(join(dir, 'data'), { recursive: true, mode: PRIVATE_DIR_MODE });
    await mkdir(join(dir, 'uploads'), { recursive: true, mode: PRIVATE_DIR_MODE });
    await writeFileAtomic(join(dir, 'bucket.json'), JSON.stringify(config));
    await fsyncDir(dir);
  }

  static async open(dir: string, options: ObjectLogOptions = {}): Promise<FsBucket> {
    const config = JSON.parse(await readFile(join(dir, 'bucket.json'), 'utf8')) as BucketConfig;
    const bucket = new FsBucket(dir, config, options);
    await bucket.load();
    return bucket;
  }

  get objectCount(): number {
    return this.objects.size;
  }

  private async load(): Promise<void> {
    this.log = await ObjectLog.open(this.dir, this.objects, (key, task) => this.keyLock.run(key, task), this.options);
    // Data files are spread over 256 folders so no folder grows huge; stage() needs them to exist.
    await Promise.all(SHARDS.map((shard) => mkdir(join(this.dir, 'data', shard), { recursive: true, mode: PRIVATE_DIR_MODE })));
    await this.loadUploads(this.log.completedUploads);
    await this.removeGarbage();
    await removeTemporaryFiles(this.dir);
  }

  private async loadUploads(completed: Set<string>): Promise<void> {
    const uploadsDir = join(this.dir, 'uploads');
    for (const id of await readdir(uploadsDir)) {
      const dir = join(uploadsDir, id);
      const record = await readFile(join(dir, 'upload.json'), 'utf8').then(
        (t) => JSON.parse(t) as UploadRecord,
        () => undefined,
      );
      // An upload whose object was committed, or that never finished being created, is garbage.
      if (!record || completed.has(id)) {
        await rm(dir, { recursive: true, force: true });
        continue;
      }
      const parts = new Map<number, PartRecord>();
      const partsText = await readFile(join(dir, 'parts.jsonl'), 'utf8').catch(() => '');
      for (const part of parseJournal(partsText) as PartRecord[]) parts.set(part.partNumber, part);
      this.openUploads.set(id, { record, parts, journal: undefined });
    }
  }

  /** Removes data files no journal references: PUTs and parts that never committed. */
  private async removeGarbage(): Promise<void> {
    const live = new Set<string>();
    for (const [, obj] of this.objects.entries()) for (const f of obj.files) live.add(f.name);
    for (const upload of this.openUploads.values()) for (const p of upload.parts.values()) live.add(p.file.name);
    const dataDir = join(this.dir, 'data');
    for (const shard of await readdir(dataDir)) {
      for (const file of await readdir(join(dataDir, shard))) {
        if (!live.has(`${shard}/${file}`)) await rm(join(dataDir, shard, file), { force: true });
      }
    }
  }

  async updateConfig(patch: Partial<Omit<BucketConfig, 'name' | 'created'>>): Promise<void> {
    const next = { ...this.config, ...patch };
    for (const [k, v] of Object.entries(next)) if (v === undefined) delete (next as Record<string, unknown>)[k];
    await writeFileAtomic(join(this.dir, 'bucket.json'), JSON.stringify(next));
    this.config = next;
  }

  list(query: ListingQuery): ListingPage {
    return listPage(this.objects.sortedKeys(), query);
  }

  head(key: string): ObjectRecord | undefined {
    return this.objects.get(key);
  }

  async open(key: string, span?: (record: ObjectRecord) => { start: number; end: number }): Promise<OpenedObject | undefined> {
    // A concurrent overwrite may unlink the files between reading the record and opening them;
    // the newer record is then the right answer, so look again.
    for (let attempt = 0; attempt < 5; attempt++) {
      const record = this.objects.get(key);
      if (!record) return undefined;
      if (record.files.length > 0 && record.files.every((f) => this.log.isBlob(f.name))) {
        try {
          // Inline: small by definition, so read it now, in one pread per file.
          const bytes = await Promise.all(record.files.map((f) => this.log.readBlob(f.name)));
          return bufferedObject(record, bytes.length === 1 ? bytes[0]! : Buffer.concat(bytes));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
          continue;
        }
      }
      const wanted = span?.(record);
      let offset = 0;
      // The files holding the wanted bytes, opened at once (not one after another).
      const opening = record.files.map((file) => {
        const from = offset;
        offset += file.size;
        const needed = !wanted || (wanted.start < from + file.size && wanted.end >= from);
        return needed ? open(this.filePath(file.name), 'r') : Promise.resolve(undefined);
      });
      const settled = await Promise.allSettled(opening);
      const failure = settled.find((r) => r.status === 'rejected');
      const handles = settled.map((r) => (r.status === 'fulfilled' ? r.value : undefined));
      if (!failure) return openedObject(record, handles);
      await Promise.all(handles.map((h) => h?.close()));
      const err = failure.reason as NodeJS.ErrnoException;
      if (err.code !== 'ENOENT') throw err;
    }
    throw new Error(`object ${key} kept changing while being opened`);
  }

  stage(): StagedFile {
    // Unique without a syscall per name: random per bucket open, then a counter (the low byte picks the shard).
    const n = this.staged++;
    const name = `${SHARDS[n & 0xff]!}/${this.namePrefix}${n.toString(16).padStart(8, '0')}`;
    return {
      name,
      path: this.filePath(name),
      inline: { limit: INLINE_MAX, keep: (bytes) => this.pendingInline.set(name, bytes) },
    };
  }

  async cloneFile(file: StoredFile, from: BucketStore = this): Promise<StoredFile> {
    const source = from as FsBucket;
    const staged = this.stage();
    if (source.log.isBlob(file.name)) {
      // Fails with ENOENT if overwritten meanwhile, like a data file: the caller copies the newer object.
      this.pendingInline.set(staged.name, await source.log.readBlob(file.name));
      return { name: staged.name, size: file.size };
    }
    // copyFile uses a reflink or copy_file_range where it can: no bytes pass through JavaScript.
    await copyFile(source.filePath(file.name), staged.path, constants.COPYFILE_FICLONE);
    const handle = await open(staged.path, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { name: staged.name, size: file.size };
  }

  async discard(file: StagedFile | StoredFile, reason?: unknown): Promise<void> {
    if (this.pendingInline.delete(file.name)) return;
    // After a failed journal write the entry may be on disk after all; the next start decides.
    if (reason instanceof JournalWriteError) return;
    await rm(this.filePath(file.name), { force: true });
  }

  commit(key: string, record: ObjectRecord): Promise<void> {
    return this.keyLock.run(key, () => this.commitLocked(key, record));
  }

  modify(key: string, change: (current: ObjectRecord | undefined) => ObjectRecord | undefined): Promise<ObjectRecord | undefined> {
    return this.keyLock.run(key, async () => {
      const next = change(this.objects.get(key));
      if (next) await this.commitLocked(key, next);
      return next;
    });
  }

  private async commitLocked(key: string, record: ObjectRecord): Promise<void> {
    const previous = this.objects.get(key);
    const file = record.files.length === 1 ? record.files[0]! : undefined;
    const bytes = file && this.pendingInline.get(file.name);
    if (bytes) {
      await this.log.put(key, record, { name: file.name, bytes });
      this.pendingInline.delete(file.name);
    } else {
      await this.syncNewFileEntries(record, previous);
      await this.log.put(key, record);
    }
    const oldDataFiles = previous ? this.dataFiles(previous.files) : [];
    this.objects.set(key, record);
    this.log.applied(previous, record);
    this.unlinkUnused(oldDataFiles, record.files);
  }

  /**
   * Fsyncs the folders of data files that are new with this record (a PUT's or a copy's file), so
   * their names survive a power cut before the record that points at them is durable. Parts of a
   * completed upload were synced when each part was committed.
   */
  private async syncNewFileEntries(record: ObjectRecord, previous: ObjectRecord | undefined): Promise<void> {
    if (record.uploadId) return;
    const old = new Set(previous?.files.map((f) => f.name));
    const dirs = new Set<string>();
    for (const f of this.dataFiles(record.files)) if (!old.has(f.name)) dirs.add(dirname(this.filePath(f.name)));
    await Promise.all([...dirs].map((d) => fsyncDir(d)));
  }

  /** The files that are data files (not inline bytes in the log). */
  private dataFiles(files: StoredFile[]): StoredFile[] {
    return files.filter((f) => !this.log.isBlob(f.name));
  }

  remove(key: string): Promise<boolean> {
    return this.keyLock.run(key, () => this.removeLocked(key));
  }

  private async removeLocked(key: string): Promise<boolean> {
    const previous = this.objects.get(key);
    if (!previous) return false;
    await this.log.del(key);
    const oldDataFiles = this.dataFiles(previous.files);
    this.objects.delete(key);
    this.log.applied(previous, undefined);
    this.unlinkUnused(oldDataFiles, []);
    return true;
  }

  private unlinkUnused(oldFiles: StoredFile[], newFiles: StoredFile[]): void {
    const keep = new Set(newFiles.map((f) => f.name));
    for (const f of oldFiles) if (!keep.has(f.name)) void rm(this.filePath(f.name), { force: true }).catch(() => {});
  }

  async createUpload(fields: Omit<UploadRecord, 'uploadId' | 'initiated'>): Promise<UploadRecord> {
    const record: UploadRecord = { ...fields, uploadId: randomUUID().replaceAll('-', ''), initiated: Date.now() };
    const dir = join(this.dir, 'uploads', record.uploadId);
    await mkdir(dir, { mode: PRIVATE_DIR_MODE });
    await writeFileAtomic(join(dir, 'upload.json'), JSON.stringify(record));
    await fsyncDir(join(this.dir, 'uploads'));
    this.openUploads.set(record.uploadId, { record, parts: new Map(), journal: undefined });
    return record;
  }

  upload(uploadId: string): UploadRecord | undefined {
    return this.openUploads.get(uploadId)?.record;
  }

  uploads(): UploadRecord[] {
    return [...this.openUploads.values()].map((u) => u.record);
  }

  parts(uploadId: string): PartRecord[] {
    const upload = this.openUploads.get(uploadId);
    return upload ? [...upload.parts.values()].sort((a, b) => a.partNumber - b.partNumber) : [];
  }

  async commitPart(uploadId: string, part: PartRecord): Promise<void> {
    const upload = this.openUploads.get(uploadId);
    if (!upload) throw new UploadGoneError();
    // Parts of one upload arrive concurrently: open its journal once, or the losers' handles leak.
    upload.opening ??= Journal.open(join(this.dir, 'uploads', uploadId, 'parts.jsonl')).then(
      (journal) => (upload.journal = journal),
      (err: unknown) => {
        upload.opening = undefined;
        throw err;
      },
    );
    const journal = upload.journal ?? (await upload.opening);
    await fsyncDir(dirname(this.filePath(part.file.name)));
    await journal.append(part);
    if (!this.openUploads.has(uploadId)) {
      // Completed or aborted while this part was being written: it belongs to nobody.
      await this.discard(part.file);
      throw new UploadGoneError();
    }
    const previous = upload.parts.get(part.partNumber);
    upload.parts.set(part.partNumber, part);
    if (previous) this.unlinkUnused([previous.file], []);
  }

  async completeUpload(uploadId: string, record: ObjectRecord, check?: (current: ObjectRecord | undefined) => void): Promise<void> {
    const upload = this.openUploads.get(uploadId);
    if (!upload) throw new UploadGoneError();
    this.openUploads.delete(uploadId);
    const key = upload.record.key;
    try {
      await this.keyLock.run(key, () => {
        check?.(this.objects.get(key));
        return this.commitLocked(key, { ...record, uploadId });
      });
    } catch (err) {
      this.openUploads.set(uploadId, upload);
      throw err;
    }
    const used = record.files;
    this.unlinkUnused(
      [...upload.parts.values()].map((p) => p.file),
      used,
    );
    await upload.journal?.close();
    await rm(join(this.dir, 'uploads', uploadId), { recursive: true, force: true });
  }

  async abortUpload(uploadId: string): Promise<void> {
    const upload = this.openUploads.get(uploadId);
    if (!upload) throw new UploadGoneError();
    this.openUploads.delete(uploadId);
    await upload.journal?.close();
    // Remove the upload first: once upload.json is gone, its parts are garbage even after a crash.
    await rm(join(this.dir, 'uploads', uploadId), { recursive: true, force: true });
    this.unlinkUnused(
      [...upload.parts.values()].map((p) => p.file),
      [],
    );
  }

  async close(): Promise<void> {
    await this.log.close();
    await Promise.all([...this.openUploads.values()].map((u) => u.journal?.close()));
  }

  /** Where a data file lives; only for other FsBuckets of the same store. */
  filePath(name: string): string {
    return join(this.dir, 'data', name);
  }
}

/** Removes what an interrupted atomic write or compaction left behind (`*.tmp`, `*.compact`). */
async function removeTemporaryFiles(dir: string): Promise<void> {
  const isLeftover = (name: string) => name.endsWith('.tmp') || name.endsWith('.compact');
  for (const name of await readdir(dir)) if (isLeftover(name)) await rm(join(dir, name), { force: true });
  const uploadsDir = join(dir, 'uploads');
  for (const id of await readdir(uploadsDir)) {
    for (const name of await readdir(join(uploadsDir, id)).catch(() => [] as string[]))
      if (isLeftover(name)) await rm(join(uploadsDir, id, name), { force: true });
  }
}

/** The upload was completed or aborted (by another request) before this one finished. */
export class UploadGoneError extends Error {
  constructor() {
    super('multipart upload no longer exists');
  }
}

/** An inline object, already in memory: its bytes are served from the one buffer, no copy. */
function bufferedObject(record: ObjectRecord, bytes: Buffer): OpenedObject {
  return {
    record,
    read: (start, end) => Readable.from([bytes.subarray(start, end + 1)]),
    readBuffer: (start, end) => Promise.resolve(bytes.subarray(start, end + 1)),
    close: () => Promise.resolve(),
  };
}

function openedObject(record: ObjectRecord, opened: (FileHandle | undefined)[]): OpenedObject {
  // Reading outside the span the object was opened for is a bug in the caller: say so.
  const handleAt = (i: number): FileHandle => {
    const handle = opened[i];
    if (!handle) throw new Error(`data file ${record.files[i]!.name} was not opened: the read is outside the span asked for`);
    return handle;
  };
  return {
    record,
    read(start: number, end: number): Readable {
      // Most objects are one file, and most ranged reads of a multipart object (a downloader's
      // part-sized ranges) fall inside one of its files: stream that file directly, without a
      // pass-through hop.
      let offset = 0;
      for (let i = 0; i < record.files.length; i++) {
        const size = record.files[i]!.size;
        if (start >= offset && end < offset + size) return readFileStream(handleAt(i), start - offset, end - offset);
        if (start < offset + size) break;
        offset += size;
      }
      const out = new PassThrough({ highWaterMark: READ_CHUNK });
      void pipeSlices(record, handleAt, start, end, out);
      return out;
    },
    async readBuffer(start: number, end: number): Promise<Buffer> {
      const out = Buffer.allocUnsafe(end - start + 1);
      let filled = 0;
      let offset = 0;
      for (let i = 0; i < record.files.length && offset <= end; i++) {
        const size = record.files[i]!.size;
        const fileStart = Math.max(start - offset, 0);
        const fileEnd = Math.min(end - offset, size - 1);
        offset += size;
        for (let pos = fileStart; pos <= fileEnd;) {
          const { bytesRead } = await handleAt(i).read(out, filled, fileEnd - pos + 1, pos);
          // The files are immutable and their sizes recorded: a short file means damage, not a race.
          if (bytesRead === 0) throw new Error(`data file ${record.files[i]!.name} is shorter than recorded`);
          filled += bytesRead;
          pos += bytesRead;
        }
      }
      return out;
    },
    async close(): Promise<void> {
      await Promise.all(opened.map((h) => h?.close().catch(() => {})));
    },
  };
}

/**
 * Bytes [start, end] of an open file as a stream, read in READ_CHUNK pieces on the raw descriptor
 * (the callback API: cheaper than FileHandle's promises), young garbage collected as it goes.
 */
function readFileStream(handle: FileHandle, start: number, end: number): ReadStream {
  const garbage = new YoungGarbage();
  const read: typeof readFd = ((fd, buffer, offset, length, position, callback) =>
    readFd(fd, buffer, offset, length, position, (err, bytesRead, filled) => {
      // The previous chunk has been handed on by now: count it as released.
      garbage.add(bytesRead);
      callback(err, bytesRead, filled);
    })) as typeof readFd;
  // A destroyed stream (the client went away) closes its fd whatever autoClose says: the FileHandle
  // owns it and closes it once, so the stream's close must do nothing (and must exist, or it throws).
  const close = (_fd: number, callback: (err: NodeJS.ErrnoException | null) => void): void => callback(null);
  return createReadStream('', { fd: handle.fd, fs: { read, close }, start, end, autoClose: false, highWaterMark: READ_CHUNK });
}

/** Streams bytes [start, end] across the object's files into `out`, honouring backpressure. */
async function pipeSlices(
  record: ObjectRecord,
  handleAt: (i: number) => FileHandle,
  start: number,
  end: number,
  out: PassThrough,
): Promise<void> {
  let offset = 0;
  try {
    for (let i = 0; i < record.files.length && offset <= end; i++) {
      const size = record.files[i]!.size;
      const fileStart = Math.max(start - offset, 0);
      const fileEnd = Math.min(end - offset, size - 1);
      offset += size;
      if (fileEnd < fileStart) continue;
      const stream = readFileStream(handleAt(i), fileStart, fileEnd);
      for await (const chunk of stream) {
        if (out.destroyed) return;
        if (!out.write(chunk))
          await new Promise<void>((resolve) => {
            out.once('drain', resolve);
            out.once('close', resolve);
          });
      }
    }
    out.end();
  } catch (err) {
    out.destroy(err as Error);
  }
}
