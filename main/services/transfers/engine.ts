import { randomUUID } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { basename, posix } from 'node:path';
import type { Readable } from 'node:stream';
import type { S3Sender } from '../s3/deferred-client.js';
import type { ApiError } from '../../../preload/contract/errors.js';
import {
  uploadStreamPath,
  type ConflictChoice,
  type ConflictPolicy,
  type CopyRequest,
  type DownloadRequest,
  type TransferSnapshot,
  type TransfersChangedEvent,
  type TransferSummary,
  type TransferTarget,
  type UploadRequest,
} from '../../../preload/contract/transfers.js';
import { PailError } from '../errors/pail-error.js';
import { contentTypeFor } from './content-type.js';
import { describeError } from './describe-error.js';
import { withDiskFullHandling } from './disk-full.js';
import { keepBothName, localFiles, localPathFor, remoteObjects } from './expand.js';
import { DEFAULT_PART_SIZE } from './part-size.js';
import { FINISHED, SETTLED, summarize, summarizeGroup, type GroupRecord, type TransferRecord } from './records.js';
import { DEFAULT_RETRY, type RetryPolicy } from './retry.js';
import { copyTransfer } from './run-copy.js';
import type { RunContext } from './run-context.js';
import { downloadObject, PART_SUFFIX } from './run-download.js';
import { streamResumeOffset, uploadStream } from './run-stream-upload.js';
import { abortUpload, uploadFile } from './run-upload.js';
import { applyPatch, TransferJournal, type OrphanUpload } from './transfer-journal.js';
import { sweepOrphans } from './unfinished.js';
import { httpStatusOf } from '../s3/explain-error.js';
import { loadS3Sdk } from '../s3/sdk.js';

/** Where the engine gets an S3 client for a connection. */
export interface ClientSource {
  client(connectionId: string): Promise<S3Sender>;
}

export interface TransferEngineOptions {
  pailHome: string;
  clients: ClientSource;
  /** Receives coalesced changes (`didChangeTransfers`). */
  emit?: (event: TransfersChangedEvent) => void;
  /** Lets `cancelOperation` reach running transfers too. */
  registerOperation?: (id: string, cancel: () => void) => () => void;
  /** Files moving at once (default 4). */
  filesAtOnce?: number;
  /** Parts of one file moving at once (default 4). */
  partsPerFile?: number;
  /** Preferred part size (default 16 MiB; tests use less). */
  partSize?: number;
  retry?: RetryPolicy;
  /** The journal's file name in pailHome (the CLI keeps its own). */
  journalName?: string;
  /** At most one change event per this many ms (default 250). */
  eventIntervalMs?: number;
  /** Continue the journal's queued transfers at open (default true; the CLI runs only what it asks for). */
  resumeAtOpen?: boolean;
  /**
   * Journal file transfers that fit in one request (default true: the app's queue must show them
   * after a restart). The CLI turns it off: such a transfer has nothing to resume (no UploadId, no
   * watermark), running the same command again queues it again, and a record nobody reads is an
   * entry, a JSON line and a share of an fsync per file — with thousands of small files, a large
   * part of the work. A transfer that turns out to need more than one request is journaled then.
   */
  journalSingleRequest?: boolean;
  /**
   * Write each small downloaded file (one request, held in memory) with blocking calls instead of
   * the thread pool (default false). A command-line run turns it on: nothing else shares its
   * thread, and four thread-pool round trips per file cost more system time than the writes
   * (measured for 1,000 × 16 KiB: 0.69 s instead of 1.09 s). The app leaves it off: a slow disk
   * must never stall its main process.
   */
  blockingSmallWrites?: boolean;
}

type StopReason = 'pause' | 'cancel' | 'shutdown';

interface Running {
  controller: AbortController;
  reason?: StopReason;
  done: Promise<void>;
}

interface StreamWaiter {
  paused: boolean;
  wake: (() => void) | undefined;
}

/**
 * The transfer queue: uploads, downloads and copies with limits (files at once, parts per file),
 * conflicts, retries, pause that stops bytes, cancel that leaves no orphaned parts, and a journal
 * in `$PAIL_HOME` so the queue continues after a restart or a crash.
 */
export class TransferEngine {
  private readonly transfers = new Map<string, TransferRecord>();
  private readonly groups = new Map<string, GroupRecord>();
  private readonly members = new Map<string, Set<TransferRecord>>();
  private readonly queue: string[] = [];
  private readonly running = new Map<string, Running>();
  private readonly streams = new Map<string, StreamWaiter>();
  private readonly speeds = new Map<string, { last: number; at: number; rate: number }>();
  private readonly dirty = new Set<string>();
  private readonly dirtyGroups = new Set<string>();
  private readonly removed = new Set<string>();
  /** Transfers kept out of the journal (see `journalSingleRequest`). */
  private readonly unjournaled = new Set<string>();
  private readonly waiters = new Set<() => void>();
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private lastFlush = 0;
  private closed = false;
  private slotsInUse = 0;
  private filesAtOnce: number;
  private partsPerFile: number;
  private readonly partSize: number;
  private readonly retryPolicy: RetryPolicy;
  private readonly interval: number;
  /** Settles when the start-up sweep of orphaned uploads is over (tests wait for it). */
  readonly swept: Promise<void>;

  private constructor(
    private readonly options: TransferEngineOptions,
    private readonly journal: TransferJournal,
    orphans: OrphanUpload[],
  ) {
    this.filesAtOnce = options.filesAtOnce ?? 4;
    this.partsPerFile = options.partsPerFile ?? 4;
    this.partSize = options.partSize ?? DEFAULT_PART_SIZE;
    this.retryPolicy = options.retry ?? DEFAULT_RETRY;
    this.interval = options.eventIntervalMs ?? 250;
    this.swept = Promise.resolve().then(() =>
      sweepOrphans({
        clients: options.clients,
        orphans,
        creating: [...this.transfers.values()].filter((t) => t.creatingAt && !t.uploadId),
        onAborted: (uploadId) => this.journal.orphanGone(uploadId),
        onCleared: (rec) => this.persist(rec, { creatingAt: undefined }),
      }).catch(() => {}),
    );
  }

  static async open(options: TransferEngineOptions): Promise<TransferEngine> {
    const { journal, state } = await TransferJournal.open(options.pailHome, options.journalName);
    const engine = new TransferEngine(options, journal, [...state.orphans.values()]);
    for (const g of state.groups.values()) engine.addGroup(g);
    for (const rec of state.transfers.values()) {
      // Whatever was moving when the process ended continues (or waits for its page again).
      if (rec.state === 'running') rec.state = rec.streamed ? 'waiting-for-data' : 'queued';
      if (rec.state === 'queued' && rec.streamed) rec.state = 'waiting-for-data';
      engine.addTransfer(rec);
      if (rec.state === 'queued' && options.resumeAtOpen !== false) engine.queue.push(rec.id);
    }
    engine.pump();
    return engine;
  }

  // ---- requests ----

  async enqueueUploads(req: UploadRequest): Promise<{ groupId: string; transfers: TransferSummary[] }> {
    const conflict = req.conflict ?? 'ask';
    const target = (key: string) => ({ connectionId: req.connectionId, bucket: req.bucket, key });
    if (req.files) {
      const group = this.newGroup('upload', groupName(req.files.map((f) => f.relativePath)), `s3://${req.bucket}/${req.prefix}`);
      const rows: TransferSummary[] = [];
      const client = await this.options.clients.client(req.connectionId);
      for (const f of req.files) {
        const key = req.prefix + f.relativePath.replace(/^\/+/, '');
        let rec = this.findResumable(
          (t) =>
            !!t.streamed &&
            t.target.connectionId === req.connectionId &&
            t.target.bucket === req.bucket &&
            t.target.key === key &&
            t.size === f.size &&
            t.lastModified === f.lastModified,
        );
        if (rec) {
          const offset = await streamResumeOffset({ rec, client, signal: new AbortController().signal }).catch(() => 0);
          await this.persist(rec, { state: 'waiting-for-data', transferred: offset, error: undefined, conflict });
        } else {
          rec = this.newRecord(group, 'upload', posix.basename(key), target(key), {
            size: f.size,
            conflict,
            streamed: true,
            lastModified: f.lastModified,
            contentType: f.type || contentTypeFor(key),
            state: 'waiting-for-data',
          });
          await this.streamedConflict(rec, client);
          await this.journal.add(rec);
        }
        rows.push(summarize(rec, undefined, uploadStreamPath(rec.id)));
      }
      this.scheduleFlush();
      return { groupId: group.id, transfers: rows };
    }
    const files = await localFiles(req.paths ?? [], req.prefix);
    return this.enqueueUploadFiles({
      connectionId: req.connectionId,
      bucket: req.bucket,
      files,
      conflict,
      name: groupName((req.paths ?? []).map((p) => basename(p))),
      destination: `s3://${req.bucket}/${req.prefix}`,
    });
  }

  /**
   * Queues local files to exact keys (the CLI names keys itself). A file already in the queue for
   * the same key joins this batch and continues where it stopped: nothing is uploaded twice.
   */
  async enqueueUploadFiles(job: {
    connectionId: string;
    bucket: string;
    files: { path: string; key: string; size: number; mtimeMs: number }[];
    conflict: ConflictPolicy;
    name: string;
    destination: string;
  }): Promise<{ groupId: string; transfers: TransferSummary[] }> {
    const group = this.newGroup('upload', job.name, job.destination);
    const writes: Promise<void>[] = [];
    const resumable = this.resumableIndex((t) =>
      t.direction === 'upload' && !t.streamed && t.localPath ? resumeKey(t.localPath, t.target) : undefined,
    );
    for (const f of job.files) {
      const target = { connectionId: job.connectionId, bucket: job.bucket, key: f.key };
      const existing = resumable.get(resumeKey(f.path, target));
      if (existing) {
        writes.push(this.adopt(existing, group, job.conflict));
        continue;
      }
      const rec = this.newRecord(group, 'upload', posix.basename(f.key), target, {
        localPath: f.path,
        size: f.size,
        lastModified: f.mtimeMs,
        conflict: job.conflict,
        contentType: contentTypeFor(f.key),
      });
      if (!resumable.has(resumeKey(f.path, target))) resumable.set(resumeKey(f.path, target), rec);
      this.journalNew(rec, writes, f.size >= 0 && f.size < this.partSize);
      this.queue.push(rec.id);
    }
    this.pump();
    await Promise.all(writes);
    return { groupId: group.id, transfers: [] };
  }

  async enqueueDownloads(req: DownloadRequest): Promise<{ groupId: string }> {
    const client = await this.options.clients.client(req.connectionId);
    const objects = await remoteObjects(client, req.bucket, req.keys, req.prefixes);
    return this.enqueueDownloadItems({
      connectionId: req.connectionId,
      bucket: req.bucket,
      items: objects.map((o) => ({ key: o.key, size: o.size, localPath: localPathFor(req.destination, o.relative) })),
      conflict: req.conflict ?? 'ask',
      name: groupName([...req.prefixes, ...req.keys].map((k) => posix.basename(k))),
      destination: req.destination,
    });
  }

  /** Queues objects to exact local paths; one already in the queue continues from its `.pail-part`. */
  async enqueueDownloadItems(job: {
    connectionId: string;
    bucket: string;
    items: { key: string; size: number; localPath: string }[];
    conflict: ConflictPolicy;
    name: string;
    destination: string;
  }): Promise<{ groupId: string }> {
    const group = this.newGroup('download', job.name, job.destination);
    const writes: Promise<void>[] = [];
    const resumable = this.resumableIndex((t) =>
      t.direction === 'download' && t.localPath ? resumeKey(t.localPath, t.target) : undefined,
    );
    for (const o of job.items) {
      const target = { connectionId: job.connectionId, bucket: job.bucket, key: o.key };
      const existing = resumable.get(resumeKey(o.localPath, target));
      if (existing) {
        writes.push(this.adopt(existing, group, job.conflict));
        continue;
      }
      const rec = this.newRecord(group, 'download', posix.basename(o.key), target, {
        localPath: o.localPath,
        size: o.size,
        conflict: job.conflict,
      });
      if (!resumable.has(resumeKey(o.localPath, target))) resumable.set(resumeKey(o.localPath, target), rec);
      this.journalNew(rec, writes, o.size >= 0 && o.size <= this.partSize);
      this.queue.push(rec.id);
    }
    this.pump();
    await Promise.all(writes);
    return { groupId: group.id };
  }

  async enqueueCopy(req: CopyRequest): Promise<{ groupId: string }> {
    const client = await this.options.clients.client(req.from.connectionId);
    const objects = await remoteObjects(client, req.from.bucket, req.from.keys, req.from.prefixes);
    return this.enqueueCopyItems({
      from: { connectionId: req.from.connectionId, bucket: req.from.bucket },
      to: { connectionId: req.to.connectionId, bucket: req.to.bucket },
      items: objects.map((o) => ({ key: o.key, size: o.size, targetKey: req.to.prefix + o.relative })),
      conflict: req.conflict ?? 'ask',
      deleteSource: req.deleteSource ?? false,
      name: groupName([...req.from.prefixes, ...req.from.keys].map((k) => posix.basename(k))),
      destination: `s3://${req.to.bucket}/${req.to.prefix}`,
    });
  }

  /** Queues copies of objects to exact keys. */
  async enqueueCopyItems(job: {
    from: { connectionId: string; bucket: string };
    to: { connectionId: string; bucket: string };
    items: { key: string; size: number; targetKey: string }[];
    conflict: ConflictPolicy;
    deleteSource: boolean;
    name: string;
    destination: string;
  }): Promise<{ groupId: string }> {
    const group = this.newGroup('copy', job.name, job.destination);
    const writes: Promise<void>[] = [];
    const resumable = this.resumableIndex((t) =>
      t.direction === 'copy' && t.source ? resumeKey(locationKey(t.source), t.target) : undefined,
    );
    for (const o of job.items) {
      const source = { ...job.from, key: o.key };
      const target = { ...job.to, key: o.targetKey };
      if (sameLocation(source, target)) continue;
      const existing = resumable.get(resumeKey(locationKey(source), target));
      if (existing) {
        writes.push(this.adopt(existing, group, job.conflict));
        continue;
      }
      const rec = this.newRecord(group, 'copy', posix.basename(o.key), target, {
        source,
        size: o.size,
        conflict: job.conflict,
        ...(job.deleteSource ? { deleteSource: true } : {}),
      });
      if (!resumable.has(resumeKey(locationKey(source), target))) resumable.set(resumeKey(locationKey(source), target), rec);
      writes.push(this.journal.add(rec));
      this.queue.push(rec.id);
    }
    this.pump();
    await Promise.all(writes);
    return { groupId: group.id };
  }

  /** Moves a transfer already in the queue into a new batch and queues it again (resume, not restart). */
  private async adopt(rec: TransferRecord, group: GroupRecord, conflict: ConflictPolicy): Promise<void> {
    if (rec.groupId !== group.id) {
      this.members.get(rec.groupId)?.delete(rec);
      this.dirtyGroups.add(rec.groupId);
      this.members.get(group.id)!.add(rec);
    }
    await this.persist(rec, { groupId: group.id });
    if (rec.state === 'queued' && !this.running.has(rec.id)) {
      // Loaded from the journal but not started (the CLI starts only what it is asked for).
      await this.persist(rec, { conflict });
      if (!this.queue.includes(rec.id)) this.queue.push(rec.id);
      this.pump();
    } else if (rec.state === 'failed' || rec.state === 'cancelled' || rec.state === 'paused' || rec.state === 'conflict') {
      await this.requeue(rec, { conflict });
    }
  }

  /**
   * Changes the queue's limits (each 1..16) while it runs: more files start at once when they
   * rise; when they fall, running transfers finish as they are and new ones wait for room. Parts
   * per file applies to transfers that start after the change.
   */
  setLimits(limits: { filesAtOnce?: number; partsPerFile?: number }): void {
    const valid = (n: number | undefined) => n !== undefined && Number.isInteger(n) && n >= 1 && n <= 16;
    if (valid(limits.filesAtOnce)) this.filesAtOnce = limits.filesAtOnce!;
    if (valid(limits.partsPerFile)) this.partsPerFile = limits.partsPerFile!;
    this.pump();
  }

  snapshot(): TransferSnapshot {
    return {
      groups: [...this.groups.values()].map((g) => this.groupRow(g)),
      transfers: [...this.transfers.values()].map((t) => this.row(t)),
    };
  }

  /** One transfer's row, or undefined. */
  get(id: string): TransferSummary | undefined {
    const rec = this.transfers.get(id);
    return rec && this.row(rec);
  }

  async pause(target: TransferTarget): Promise<void> {
    for (const rec of this.select(target)) {
      if (rec.streamed && (rec.state === 'running' || rec.state === 'waiting-for-data')) {
        const waiter = this.streams.get(rec.id);
        if (waiter) waiter.paused = true;
        await this.persist(rec, { state: 'paused' });
      } else if (rec.state === 'running') {
        this.stop(rec.id, 'pause');
      } else if (rec.state === 'queued') {
        await this.persist(rec, { state: 'paused' });
      }
    }
  }

  async resume(target: TransferTarget): Promise<void> {
    for (const rec of this.select(target)) {
      if (rec.state !== 'paused') continue;
      if (rec.streamed) {
        const waiter = this.streams.get(rec.id);
        if (waiter) {
          waiter.paused = false;
          waiter.wake?.();
          await this.persist(rec, { state: 'running' });
        } else await this.persist(rec, { state: 'waiting-for-data' });
      } else await this.requeue(rec, {});
    }
  }

  async cancel(target: TransferTarget): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const rec of this.select(target)) {
      if (FINISHED.has(rec.state)) continue;
      const run = this.running.get(rec.id);
      if (run) {
        this.stop(rec.id, 'cancel');
        waits.push(run.done);
      } else {
        waits.push(this.cleanUpCancelled(rec));
      }
    }
    await Promise.all(waits);
  }

  async retry(target: TransferTarget): Promise<void> {
    for (const rec of this.select(target)) if (rec.state === 'failed' || rec.state === 'cancelled') await this.requeue(rec, {});
  }

  async clearFinished(): Promise<void> {
    const ids = [...this.transfers.values()].filter((t) => FINISHED.has(t.state)).map((t) => t.id);
    const groups: string[] = [];
    for (const id of ids) {
      const rec = this.transfers.get(id)!;
      this.transfers.delete(id);
      const set = this.members.get(rec.groupId);
      set?.delete(rec);
      if (set && set.size === 0) {
        this.members.delete(rec.groupId);
        this.groups.delete(rec.groupId);
        groups.push(rec.groupId);
      }
      this.removed.add(id);
      this.dirty.delete(id);
    }
    for (const g of groups) {
      this.removed.add(g);
      this.dirtyGroups.delete(g);
    }
    const journaled = ids.filter((id) => !this.unjournaled.delete(id));
    if (journaled.length || groups.length) await this.journal.remove([...journaled, ...groups]);
    this.scheduleFlush();
  }

  async resolveConflicts(target: TransferTarget, choice: ConflictChoice): Promise<void> {
    for (const rec of this.select(target)) if (rec.state === 'conflict') await this.requeue(rec, { conflict: choice, existing: undefined });
  }

  /**
   * Resolves when every transfer of `groupId` has settled (done, skipped, cancelled, failed) or waits
   * for a person (conflict, paused).
   */
  async whenGroupSettles(groupId: string): Promise<TransferSummary[]> {
    // Settled once its run has ended too: a transfer parked in conflict is still 'running' until
    // the journal holds that, and an answer given before then would find it busy.
    const isSettled = (t: TransferRecord) =>
      (SETTLED.has(t.state) || t.state === 'conflict' || t.state === 'paused') && !this.running.has(t.id);
    const members = () => [...(this.members.get(groupId) ?? [])];
    // Members settle roughly in order: a cursor past the settled ones keeps each wake-up short
    // (checking all of them on every change would cost a folder of n files n² steps).
    let list = members();
    let next = 0;
    for (;;) {
      while (next < list.length && isSettled(list[next]!)) next++;
      if (next === list.length) {
        // At the end, check all of them again: one may have been retried, or joined, meanwhile.
        list = members();
        next = list.findIndex((t) => !isSettled(t));
        if (next < 0) break;
      }
      await new Promise<void>((resolve) => this.waiters.add(resolve));
    }
    return list.map((t) => this.row(t));
  }

  /** Rows of the transfers whose multipart upload is `uploadId`. */
  tracksUpload(uploadId: string): TransferRecord | undefined {
    for (const t of this.transfers.values()) if (t.uploadId === uploadId) return t;
    return undefined;
  }

  /** Forgets an upload id aborted from the unfinished-uploads view (the transfer, if any, is cancelled). */
  async forgetUpload(uploadId: string): Promise<void> {
    const rec = this.tracksUpload(uploadId);
    if (!rec) return;
    await this.persist(rec, { uploadId: undefined });
    if (!FINISHED.has(rec.state)) await this.cancel({ ids: [rec.id] });
  }

  /**
   * Browser mode: the page's PUT of a streamed upload's bytes. Refuses an offset other than the
   * resumable one (the answer carries it). Resolves with the finished row; rejects with why not.
   */
  async receiveUpload(id: string, offset: number, length: number, body: Readable): Promise<TransferSummary> {
    const rec = this.transfers.get(id);
    if (!rec || !rec.streamed) throw new PailError('not-found', 'That upload is not in the queue (any more).');
    if (this.streams.has(id)) throw new PailError('already-exists', 'The bytes of this upload are already being received.');
    if (rec.state !== 'waiting-for-data' && rec.state !== 'paused' && rec.state !== 'failed')
      throw new PailError('invalid-input', `This upload is ${rec.state}; it takes no bytes now.`);
    const client = await this.options.clients.client(rec.target.connectionId);
    const expected =
      rec.state === 'waiting-for-data' || rec.state === 'failed'
        ? await streamResumeOffset({ rec, client, signal: new AbortController().signal })
        : rec.transferred;
    if (offset !== expected) throw new PailError('already-exists', `Send the file from byte ${expected}.`, { cause: { offset: expected } });
    if (length !== rec.size - offset)
      throw new PailError('invalid-input', `The body must be exactly ${rec.size - offset} bytes (the rest of the file).`);
    const waiter: StreamWaiter = { paused: rec.state === 'paused', wake: undefined };
    this.streams.set(id, waiter);
    await this.persist(rec, { transferred: offset, error: undefined, ...(waiter.paused ? {} : { state: 'running' }) });
    const waitWhilePaused = async () => {
      while (waiter.paused && !this.closed) await new Promise<void>((resolve) => (waiter.wake = resolve));
    };
    try {
      await this.execute(rec, (ctx) => uploadStream(ctx, body, offset, waitWhilePaused));
    } finally {
      this.streams.delete(id);
    }
    const state = rec.state as TransferRecord['state'];
    const pageGone = body.readableAborted || (body.destroyed && !body.readableEnded);
    if (state === 'running' || state === 'queued' || (state === 'failed' && pageGone)) {
      // The page went away mid-file: it can continue from the parts stored so far.
      const resumable = await streamResumeOffset({ rec, client, signal: new AbortController().signal }).catch(() => 0);
      await this.persist(rec, { state: 'waiting-for-data', transferred: resumable });
    }
    if (rec.state === ('done' as string)) return this.row(rec);
    throw rec.error ? new PailError(rec.error.code, rec.error.message) : new PailError('cancelled', `The upload is ${rec.state}.`);
  }

  /** Pauses nothing on disk: running transfers stop, stay queued in the journal, and continue at the next start. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const id of this.running.keys()) this.stop(id, 'shutdown');
    for (const w of this.streams.values()) w.wake?.();
    await Promise.all([...this.running.values()].map((r) => r.done));
    await this.swept;
    this.flush();
    if (this.flushTimer) clearTimeout(this.flushTimer);
    await this.journal.close();
  }

  // ---- running ----

  /**
   * Starts queued transfers while there is room. The limit is in requests: `filesAtOnce` files of
   * `partsPerFile` parts each. A file that fits in one request (below the part size) takes one
   * slot, a larger one takes `partsPerFile` — so at most 4 large files move at once, while small
   * files (a folder of thousands) move 16 at a time without more requests in flight.
   */
  private pump(): void {
    while (!this.closed && this.queue.length) {
      const id = this.queue[0]!;
      const rec = this.transfers.get(id);
      if (!rec || rec.state !== 'queued' || this.running.has(id)) {
        this.queue.shift();
        continue;
      }
      const weight = this.weight(rec);
      if (this.slotsInUse + weight > this.filesAtOnce * this.partsPerFile && this.slotsInUse > 0) break;
      this.queue.shift();
      this.slotsInUse += weight;
      this.running.set(id, { controller: new AbortController(), done: Promise.resolve() });
      // The 'running' entry need not be durable first: after a crash the transfer is queued again anyway.
      void this.persist(rec, { state: 'running' }).catch(() => {});
      void this.execute(rec, (ctx) => this.withConflict(ctx, () => this.runOne(ctx))).finally(() => {
        this.slotsInUse -= weight;
        this.pump();
      });
    }
    this.notify();
  }

  private weight(rec: TransferRecord): number {
    return rec.size >= 0 && rec.size < this.partSize ? 1 : this.partsPerFile;
  }

  private async runOne(ctx: RunContext): Promise<void> {
    const { rec } = ctx;
    if (rec.direction === 'upload') return uploadFile(ctx);
    if (rec.direction === 'download') return withDiskFullHandling(ctx, rec.localPath! + PART_SUFFIX, () => downloadObject(ctx));
    return copyTransfer(ctx, await this.options.clients.client(rec.source!.connectionId));
  }

  /** Runs one transfer to its end state. Never rejects. */
  private async execute(rec: TransferRecord, work: (ctx: RunContext) => Promise<'parked' | void>): Promise<void> {
    const run: Running = this.running.get(rec.id) ?? { controller: new AbortController(), done: Promise.resolve() };
    let finish!: () => void;
    run.done = new Promise((resolve) => (finish = resolve));
    this.running.set(rec.id, run);
    const unregister = this.options.registerOperation?.(rec.id, () => this.stop(rec.id, 'cancel'));
    this.speeds.set(rec.id, { last: rec.transferred, at: Date.now(), rate: 0 });
    try {
      const client = await this.options.clients.client(rec.target.connectionId);
      const ctx: RunContext = {
        rec,
        client,
        signal: run.controller.signal,
        partsPerFile: this.partsPerFile,
        partSize: this.partSize,
        retry: this.retryPolicy,
        blockingSmallWrites: this.options.blockingSmallWrites === true,
        progress: (delta) => {
          rec.transferred = Math.max(0, rec.transferred + delta);
          this.markDirty(rec);
        },
        persist: (patch) => this.persist(rec, patch),
      };
      const outcome = await work(ctx);
      if (outcome !== 'parked' && rec.state !== 'skipped') {
        // Finished is finished: a cancel or pause that arrives after the file was renamed or the
        // upload completed is too late, and calling it cancelled would misstate what is on disk.
        // Not awaited: the slot goes to the next file at once (with thousands of small files the
        // fsync per entry would set the pace). Lost in a crash, the transfer runs again — harmless.
        void this.persist(rec, {
          state: 'done',
          transferred: rec.size >= 0 ? rec.size : rec.transferred,
          finishedAt: new Date().toISOString(),
          error: undefined,
        }).catch(() => {});
      }
    } catch (err) {
      if (run.reason === 'shutdown') {
        // Leave it as the journal has it: it continues at the next start.
      } else if (run.reason === 'pause') {
        await this.persist(rec, { state: 'paused' }).catch(() => {});
      } else if (run.reason === 'cancel') {
        await this.cleanUpCancelled(rec).catch(() => {});
      } else {
        await this.persist(rec, { state: 'failed', error: describeError(err), finishedAt: new Date().toISOString() }).catch(() => {});
      }
    } finally {
      unregister?.();
      this.running.delete(rec.id);
      this.speeds.delete(rec.id);
      finish();
      this.notify();
    }
  }

  /** Checks the destination first unless the policy is overwrite: parks, skips or renames. */
  private async withConflict(ctx: RunContext, work: () => Promise<void>): Promise<'parked' | void> {
    const { rec } = ctx;
    if (rec.conflict !== 'overwrite' && !rec.uploadId && rec.transferred === 0 && !rec.watermark) {
      const existing = await this.existing(ctx, rec.direction === 'download' ? rec.localPath! : rec.target.key);
      if (existing) {
        if (rec.conflict === 'ask') {
          await this.persist(rec, { state: 'conflict', existing });
          return 'parked';
        }
        if (rec.conflict === 'skip') {
          await this.persist(rec, { state: 'skipped', finishedAt: new Date().toISOString() });
          return;
        }
        await this.keepBoth(ctx);
      }
    }
    await work();
  }

  /** Streamed uploads meet their conflict before the page sends a byte. */
  private async streamedConflict(rec: TransferRecord, client: S3Sender): Promise<void> {
    if (rec.conflict === 'overwrite') return;
    const ctx = { rec, client, signal: new AbortController().signal } as RunContext;
    const existing = await this.existing(ctx, rec.target.key);
    if (!existing) return;
    if (rec.conflict === 'ask') applyPatch(rec, { state: 'conflict', existing });
    else if (rec.conflict === 'skip') applyPatch(rec, { state: 'skipped', finishedAt: new Date().toISOString() });
    else await this.keepBoth(ctx);
    // An event may have gone out while the HEAD was on its way: announce what it decided.
    this.markDirty(rec);
  }

  private async existing(ctx: RunContext, where: string): Promise<{ size: number; lastModified?: string } | undefined> {
    if (ctx.rec.direction === 'download') {
      const info = await stat(where).catch(() => undefined);
      return info && { size: info.size, lastModified: info.mtime.toISOString() };
    }
    const { HeadObjectCommand } = await loadS3Sdk();
    try {
      const head = await ctx.client.send(new HeadObjectCommand({ Bucket: ctx.rec.target.bucket, Key: where }), { abortSignal: ctx.signal });
      return { size: head.ContentLength ?? 0, ...(head.LastModified ? { lastModified: head.LastModified.toISOString() } : {}) };
    } catch (err) {
      if (httpStatusOf(err) === 404) return undefined;
      throw err;
    }
  }

  private async keepBoth(ctx: RunContext): Promise<void> {
    const { rec } = ctx;
    const original = rec.direction === 'download' ? rec.localPath! : rec.target.key;
    for (let n = 1; n < 10_000; n++) {
      const candidate = keepBothName(original, n);
      if (!(await this.existing(ctx, candidate))) {
        if (rec.direction === 'download') await this.persist(rec, { localPath: candidate, name: basename(candidate) });
        else await this.persist(rec, { target: { ...rec.target, key: candidate }, name: posix.basename(candidate) });
        return;
      }
    }
    throw new PailError('already-exists', `No free name was found next to ${original}.`);
  }

  private stop(id: string, reason: StopReason): void {
    const run = this.running.get(id);
    if (!run) return;
    run.reason = reason;
    run.controller.abort(new PailError('cancelled', reason === 'pause' ? 'Paused.' : 'Cancelled.'));
    const waiter = this.streams.get(id);
    if (waiter) {
      waiter.paused = false;
      waiter.wake?.();
    }
  }

  /** A cancelled transfer leaves nothing behind: its multipart upload is aborted, its `.pail-part` removed. */
  private async cleanUpCancelled(rec: TransferRecord): Promise<void> {
    if (rec.uploadId) {
      const upload = { connectionId: rec.target.connectionId, bucket: rec.target.bucket, key: rec.target.key, uploadId: rec.uploadId };
      try {
        await abortUpload(await this.options.clients.client(upload.connectionId), upload.bucket, upload.key, upload.uploadId);
      } catch {
        // Tried again at the next start.
        await this.journal.orphan(upload);
      }
    }
    if (rec.direction === 'download' && rec.localPath) await rm(rec.localPath + PART_SUFFIX, { force: true }).catch(() => {});
    await this.persist(rec, {
      state: 'cancelled',
      uploadId: undefined,
      watermark: undefined,
      transferred: 0,
      finishedAt: new Date().toISOString(),
    });
  }

  private async requeue(rec: TransferRecord, patch: Partial<TransferRecord>): Promise<void> {
    // Its end state is announced before its run has wound down: a retry right then waits for it.
    const ending = this.running.get(rec.id);
    if (ending && SETTLED.has(rec.state)) await ending.done;
    if (this.running.has(rec.id) || rec.state === 'queued') return;
    // A streamed upload's row tells the page where to send from: the part-aligned offset stored on
    // the server, not the bytes read before it failed (the stream path refuses any other offset).
    const resume = rec.streamed && !('transferred' in patch) ? { transferred: await this.streamedOffset(rec) } : {};
    await this.persist(rec, {
      ...resume,
      ...patch,
      state: rec.streamed ? 'waiting-for-data' : 'queued',
      error: undefined,
      finishedAt: undefined,
    });
    if (!rec.streamed) this.queue.push(rec.id);
    this.pump();
  }

  /** Where a streamed upload resumes: the parts already stored (0 when none, or when the server cannot say). */
  private async streamedOffset(rec: TransferRecord): Promise<number> {
    try {
      const client = await this.options.clients.client(rec.target.connectionId);
      return await streamResumeOffset({ rec, client, signal: new AbortController().signal });
    } catch {
      return 0;
    }
  }

  // ---- records, events ----

  private newGroup(direction: GroupRecord['direction'], name: string, destination: string): GroupRecord {
    const group: GroupRecord = { id: randomUUID(), direction, name, destination, createdAt: new Date().toISOString() };
    this.addGroup(group);
    void this.journal.group(group);
    return group;
  }

  private newRecord(
    group: GroupRecord,
    direction: TransferRecord['direction'],
    name: string,
    target: TransferRecord['target'],
    extra: Partial<TransferRecord>,
  ): TransferRecord {
    const rec: TransferRecord = {
      id: randomUUID(),
      groupId: group.id,
      direction,
      name,
      target,
      size: -1,
      transferred: 0,
      state: 'queued',
      createdAt: new Date().toISOString(),
      conflict: 'ask',
      ...extra,
    };
    this.addTransfer(rec);
    return rec;
  }

  private addGroup(group: GroupRecord): void {
    this.groups.set(group.id, group);
    this.members.set(group.id, this.members.get(group.id) ?? new Set());
    this.dirtyGroups.add(group.id);
  }

  private addTransfer(rec: TransferRecord): void {
    this.transfers.set(rec.id, rec);
    let set = this.members.get(rec.groupId);
    if (!set) this.members.set(rec.groupId, (set = new Set()));
    set.add(rec);
    this.markDirty(rec);
  }

  private findResumable(match: (t: TransferRecord) => boolean): TransferRecord | undefined {
    for (const t of this.transfers.values()) if (t.state !== 'done' && t.state !== 'skipped' && match(t)) return t;
    return undefined;
  }

  /**
   * The unfinished transfers by `keyOf` (the first one per key), built once per request: looking
   * each file up by scanning the queue would cost a folder of n files n² steps.
   */
  private resumableIndex(keyOf: (t: TransferRecord) => string | undefined): Map<string, TransferRecord> {
    const index = new Map<string, TransferRecord>();
    for (const t of this.transfers.values()) {
      if (t.state === 'done' || t.state === 'skipped') continue;
      const key = keyOf(t);
      if (key !== undefined && !index.has(key)) index.set(key, t);
    }
    return index;
  }

  /** Journals a new transfer, unless it fits in one request and the engine keeps those out. */
  private journalNew(rec: TransferRecord, writes: Promise<void>[], singleRequest: boolean): void {
    if (singleRequest && this.options.journalSingleRequest === false) this.unjournaled.add(rec.id);
    else writes.push(this.journal.add(rec));
  }

  private select(target: TransferTarget): TransferRecord[] {
    if ('all' in target) return [...this.transfers.values()];
    const out = new Set<TransferRecord>();
    for (const id of target.ids) {
      const rec = this.transfers.get(id);
      if (rec) out.add(rec);
      for (const m of this.members.get(id) ?? []) out.add(m);
    }
    return [...out];
  }

  private async persist(rec: TransferRecord, patch: Partial<TransferRecord>): Promise<void> {
    applyPatch(rec, patch);
    this.markDirty(rec);
    if ('state' in patch) this.notify();
    if (this.unjournaled.has(rec.id)) {
      // Still nothing to resume: stays out. An UploadId or a watermark is: from now on it is journaled.
      if (!('uploadId' in patch || 'creatingAt' in patch || 'watermark' in patch)) return;
      this.unjournaled.delete(rec.id);
      await this.journal.add(rec);
      return;
    }
    await this.journal.set(rec.id, patch);
  }

  private markDirty(rec: TransferRecord): void {
    this.dirty.add(rec.id);
    this.dirtyGroups.add(rec.groupId);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.flushTimer || !this.options.emit) return;
    const wait = Math.max(0, this.lastFlush + this.interval - Date.now());
    this.flushTimer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.flushTimer = undefined;
    this.lastFlush = Date.now();
    this.updateSpeeds();
    const event: TransfersChangedEvent = {
      transfers: [...this.dirty].flatMap((id) => {
        const rec = this.transfers.get(id);
        return rec ? [this.row(rec)] : [];
      }),
      groups: [...this.dirtyGroups].flatMap((id) => {
        const g = this.groups.get(id);
        return g ? [this.groupRow(g)] : [];
      }),
      removed: [...this.removed],
    };
    this.dirty.clear();
    this.dirtyGroups.clear();
    this.removed.clear();
    // Running transfers keep changing speed: their rows go out on every tick.
    for (const id of this.running.keys()) {
      const rec = this.transfers.get(id);
      if (rec) {
        this.dirty.add(id);
        this.dirtyGroups.add(rec.groupId);
      }
    }
    if (event.transfers.length || event.groups.length || event.removed.length) this.options.emit?.(event);
    if (this.running.size && !this.closed) this.scheduleFlush();
  }

  private updateSpeeds(): void {
    const now = Date.now();
    for (const [id, s] of this.speeds) {
      const rec = this.transfers.get(id);
      if (!rec) continue;
      const dt = (now - s.at) / 1000;
      if (dt < 0.1) continue;
      const instant = Math.max(0, (rec.transferred - s.last) / dt);
      s.rate = s.rate === 0 ? instant : s.rate * 0.7 + instant * 0.3;
      s.last = rec.transferred;
      s.at = now;
    }
  }

  private row(rec: TransferRecord): TransferSummary {
    const speed = this.speeds.get(rec.id);
    return summarize(rec, speed && { bytesPerSecond: speed.rate }, rec.streamed ? uploadStreamPath(rec.id) : undefined);
  }

  private groupRow(g: GroupRecord): ReturnType<typeof summarizeGroup> {
    const members = this.members.get(g.id) ?? new Set();
    let rate = 0;
    for (const m of members) rate += this.speeds.get(m.id)?.rate ?? 0;
    return summarizeGroup(g, members, rate);
  }

  private notify(): void {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const w of waiting) w();
  }
}

function groupName(names: string[]): string {
  if (names.length === 0) return 'Nothing';
  return names.length === 1 ? names[0]! : `${names[0]} and ${names.length - 1} more`;
}

function locationKey(l: { connectionId: string; bucket: string; key: string }): string {
  return `${l.connectionId}\0${l.bucket}\0${l.key}`;
}

function resumeKey(from: string, target: { connectionId: string; bucket: string; key: string }): string {
  return `${from}\0\0${locationKey(target)}`;
}

function sameLocation(
  a: { connectionId: string; bucket: string; key: string },
  b: { connectionId: string; bucket: string; key: string },
): boolean {
  return a.connectionId === b.connectionId && a.bucket === b.bucket && a.key === b.key;
}

export type { ApiError };
