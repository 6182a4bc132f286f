import { randomBytes, randomUUID } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { copyFile, mkdir, open, readFile, readdir, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, type Readable } from 'node:stream';
import { SortedMap } from '../key-order.js';
import { listPage, type ListingPage, type ListingQuery } from '../listing.js';
import { writeFileAtomic } from '../../fs/atomic-file.js';
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

type ObjectEntry = { op: 'put'; key: string; obj: ObjectRecord } | { op: 'del'; key: string };

interface OpenUpload {
  record: UploadRecord;
  parts: Map<number, PartRecord>;
  journal: Journal | undefined;
  /** Set while the parts journal is being opened, so concurrent parts share one file handle. */
  opening?: Promise<Journal>;
}

// Big enough for few syscalls at disk speed, small enough that a fast GET holds little memory.
const READ_CHUNK = 512 * 1024;
const SHARDS = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * One bucket on disk:
 *   bucket.json        its settings (written atomically)
 *   objects.jsonl      journal of object records; the last entry per key wins
 *   data/xx/<id>       immutable data files (one per PUT or part), shared by nothing
 *   uploads/<id>/      upload.json + parts.jsonl per in-progress multipart upload
 * An object becomes visible only when its journal entry is durable, after its data file was
 * fsynced; anything not referenced by a journal is garbage and is removed when the bucket opens.
 */
export class FsBucket implements BucketStore {
  private readonly objects = new SortedMap<ObjectRecord>();
  private readonly openUploads = new Map<string, OpenUpload>();
  private readonly keyLock = new KeyedLock();
  private journal!: Journal;
  private journalLines = 0;

  private constructor(
    private readonly dir: string,
    public config: BucketConfig,
  ) {}

  /** Creates the bucket's folder. The caller renames it into place to make the bucket exist. */
  static async initialize(dir: string, config: BucketConfig): Promise<void> {
    await mkdir(join(dir, 'data'), { recursive: true });
    await mkdir(join(dir, 'uploads'), { recursive: true });
    await writeFileAtomic(join(dir, 'bucket.json'), JSON.stringify(config));
  }

  static async open(dir: string): Promise<FsBucket> {
    const config = JSON.parse(await readFile(join(dir, 'bucket.json'), 'utf8')) as BucketConfig;
    const bucket = new FsBucket(dir, config);
    await bucket.load();
    return bucket;
  }

  get objectCount(): number {
    return this.objects.size;
  }

  private async load(): Promise<void> {
    const journalPath = join(this.dir, 'objects.jsonl');
    const text = await readFile(journalPath, 'utf8').catch(() => '');
    const completedUploads = new Set<string>();
    const entries = parseJournal(text) as ObjectEntry[];
    for (const entry of entries) {
      if (entry.op === 'put') {
        this.objects.set(entry.key, entry.obj);
        if (entry.obj.uploadId) completedUploads.add(entry.obj.uploadId);
      } else if (entry.op === 'del') {
        this.objects.delete(entry.key);
      }
    }
    // Data files are spread over 256 folders so no folder grows huge; stage() needs them to exist.
    await Promise.all(SHARDS.map((shard) => mkdir(join(this.dir, 'data', shard), { recursive: true })));
    this.journal = await Journal.open(journalPath);
    this.journalLines = entries.length;
    await this.loadUploads(completedUploads);
    await this.removeGarbage();
    await removeTemporaryFiles(this.dir);
    await this.maybeCompact();
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

  /**
   * Rewrites the journal to the live entries when it is mostly dead ones. Only while the bucket
   * opens, before any request: a rewrite racing concurrent appends could lose them.
   */
  private async maybeCompact(): Promise<void> {
    if (this.journalLines <= 2 * this.objects.size + 1000) return;
    const live: ObjectEntry[] = [];
    for (const key of this.objects.sortedKeys()) live.push({ op: 'put', key, obj: this.objects.get(key)! });
    await this.journal.rewrite(live);
    this.journalLines = live.length;
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

  async open(key: string): Promise<OpenedObject | undefined> {
    // A concurrent overwrite may unlink the files between reading the record and opening them;
    // the newer record is then the right answer, so look again.
    for (let attempt = 0; attempt < 5; attempt++) {
      const record = this.objects.get(key);
      if (!record) return undefined;
      const handles: FileHandle[] = [];
      try {
        for (const file of record.files) handles.push(await open(this.filePath(file.name), 'r'));
        return openedObject(record, handles);
      } catch (err) {
        await Promise.all(handles.map((h) => h.close()));
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    throw new Error(`object ${key} kept changing while being opened`);
  }

  stage(): StagedFile {
    const id = randomBytes(16).toString('hex');
    const name = `${id.slice(0, 2)}/${id}`;
    return { name, path: this.filePath(name) };
  }

  async cloneFile(file: StoredFile, from: BucketStore = this): Promise<StoredFile> {
    const staged = this.stage();
    // copyFile uses a reflink or copy_file_range where it can: no bytes pass through JavaScript.
    await copyFile((from as FsBucket).filePath(file.name), staged.path, constants.COPYFILE_FICLONE);
    const handle = await open(staged.path, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    return { name: staged.name, size: file.size };
  }

  async discard(file: StagedFile | StoredFile, reason?: unknown): Promise<void> {
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
    await this.journal.append({ op: 'put', key, obj: record } satisfies ObjectEntry);
    this.journalLines++;
    const previous = this.objects.get(key);
    this.objects.set(key, record);
    if (previous) this.unlinkUnused(previous.files, record.files);
  }

  remove(key: string): Promise<boolean> {
    return this.keyLock.run(key, () => this.removeLocked(key));
  }

  private async removeLocked(key: string): Promise<boolean> {
    if (!this.objects.get(key)) return false;
    await this.journal.append({ op: 'del', key } satisfies ObjectEntry);
    this.journalLines++;
    const previous = this.objects.get(key)!;
    this.objects.delete(key);
    this.unlinkUnused(previous.files, []);
    return true;
  }

  private unlinkUnused(oldFiles: StoredFile[], newFiles: StoredFile[]): void {
    const keep = new Set(newFiles.map((f) => f.name));
    for (const f of oldFiles) if (!keep.has(f.name)) void rm(this.filePath(f.name), { force: true }).catch(() => {});
  }

  async createUpload(fields: Omit<UploadRecord, 'uploadId' | 'initiated'>): Promise<UploadRecord> {
    const record: UploadRecord = { ...fields, uploadId: randomUUID().replaceAll('-', ''), initiated: Date.now() };
    const dir = join(this.dir, 'uploads', record.uploadId);
    await mkdir(dir);
    await writeFileAtomic(join(dir, 'upload.json'), JSON.stringify(record));
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

  async completeUpload(uploadId: string, record: ObjectRecord): Promise<void> {
    const upload = this.openUploads.get(uploadId);
    if (!upload) throw new UploadGoneError();
    this.openUploads.delete(uploadId);
    try {
      await this.commit(upload.record.key, { ...record, uploadId });
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
    await this.journal.close();
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

function openedObject(record: ObjectRecord, handles: FileHandle[]): OpenedObject {
  return {
    record,
    read(start: number, end: number): Readable {
      // Most objects are one file: stream it directly, without a pass-through hop.
      if (record.files.length === 1) {
        return createReadStream('', { fd: handles[0]!, start, end, autoClose: false, highWaterMark: READ_CHUNK });
      }
      const out = new PassThrough({ highWaterMark: READ_CHUNK });
      void pipeSlices(record, handles, start, end, out);
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
          const { bytesRead } = await handles[i]!.read(out, filled, fileEnd - pos + 1, pos);
          // The files are immutable and their sizes recorded: a short file means damage, not a race.
          if (bytesRead === 0) throw new Error(`data file ${record.files[i]!.name} is shorter than recorded`);
          filled += bytesRead;
          pos += bytesRead;
        }
      }
      return out;
    },
    async close(): Promise<void> {
      await Promise.all(handles.map((h) => h.close().catch(() => {})));
    },
  };
}

/** Streams bytes [start, end] across the object's files into `out`, honouring backpressure. */
async function pipeSlices(record: ObjectRecord, handles: FileHandle[], start: number, end: number, out: PassThrough): Promise<void> {
  let offset = 0;
  try {
    for (let i = 0; i < record.files.length && offset <= end; i++) {
      const size = record.files[i]!.size;
      const fileStart = Math.max(start - offset, 0);
      const fileEnd = Math.min(end - offset, size - 1);
      offset += size;
      if (fileEnd < fileStart) continue;
      const stream = createReadStream('', { fd: handles[i]!, start: fileStart, end: fileEnd, autoClose: false, highWaterMark: READ_CHUNK });
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
