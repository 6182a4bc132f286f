import type {
  ConflictPolicy,
  TransferDirection,
  TransferGroup,
  TransferState,
  TransferSummary,
} from '../../../preload/contract/transfers.js';

/**
 * Everything the engine keeps about one transfer; what the journal stores and the queue shows. The
 * row's own fields come from the contract's TransferSummary (less what is computed per update).
 */
export interface TransferRecord extends Omit<TransferSummary, 'bytesPerSecond' | 'etaSeconds' | 'streamPath'> {
  conflict: ConflictPolicy;
  /** Uploads. */
  contentType?: string;
  /** Uploads: the file's mtime (ms); a changed file is not resumed onto the old upload. */
  lastModified?: number;
  /** Browser-mode uploads: the page streams the bytes. */
  streamed?: boolean;
  /** Multipart uploads: the upload Pail created, continued after a retry or restart. */
  uploadId?: string;
  partSize?: number;
  /** Set (and journaled) just before CreateMultipartUpload, so a crash before its answer is found at start. */
  creatingAt?: string;
  /** Downloads: the object's ETag when the download began (a changed object is not resumed). */
  etag?: string;
  /** Downloads: bytes at the start of `.pail-part` known complete. */
  watermark?: number;
  /**
   * Downloads: the CRC-32 of the bytes below the watermark. They are journaled without being synced
   * (a kill -9 loses nothing the kernel has; a power cut may), so a resumed download checks them
   * against it first.
   */
  watermarkCrc?: number;
  /** Copies: delete the source once the copy is complete (a move). */
  deleteSource?: boolean;
}

/** A batch's fixed facts; its counts are summed from its transfers. */
export interface GroupRecord {
  id: string;
  direction: TransferDirection;
  name: string;
  destination: string;
  createdAt: string;
}

export const FINISHED: ReadonlySet<TransferState> = new Set(['done', 'skipped', 'cancelled']);
export const SETTLED: ReadonlySet<TransferState> = new Set(['done', 'skipped', 'cancelled', 'failed']);

/** The row the contract shows for a record. */
export function summarize(rec: TransferRecord, speed?: { bytesPerSecond: number }, streamPath?: string): TransferSummary {
  const row: TransferSummary = {
    id: rec.id,
    groupId: rec.groupId,
    direction: rec.direction,
    name: rec.name,
    target: rec.target,
    size: rec.size,
    transferred: rec.transferred,
    state: rec.state,
    createdAt: rec.createdAt,
  };
  if (rec.source) row.source = rec.source;
  if (rec.localPath) row.localPath = rec.localPath;
  if (rec.error) row.error = rec.error;
  if (rec.existing) row.existing = rec.existing;
  if (rec.finishedAt) row.finishedAt = rec.finishedAt;
  if (streamPath) row.streamPath = streamPath;
  if (speed && rec.state === 'running') {
    row.bytesPerSecond = Math.round(speed.bytesPerSecond);
    if (speed.bytesPerSecond > 0 && rec.size >= 0) row.etaSeconds = Math.ceil((rec.size - rec.transferred) / speed.bytesPerSecond);
  }
  return row;
}

/** A group's row: its transfers summed. */
export function summarizeGroup(group: GroupRecord, members: Iterable<TransferRecord>, bytesPerSecond: number): TransferGroup {
  let files = 0;
  let done = 0;
  let failed = 0;
  let bytes = 0;
  let transferred = 0;
  let unknown = false;
  const states = new Set<TransferState>();
  let finishedAt: string | undefined;
  for (const t of members) {
    files++;
    if (t.state === 'done' || t.state === 'skipped') done++;
    if (t.state === 'failed') failed++;
    if (t.size < 0) unknown = true;
    else bytes += t.size;
    transferred += t.transferred;
    states.add(t.state);
    if (t.finishedAt && (!finishedAt || t.finishedAt > finishedAt)) finishedAt = t.finishedAt;
  }
  const state = groupState(states);
  const row: TransferGroup = {
    id: group.id,
    direction: group.direction,
    name: group.name,
    destination: group.destination,
    files,
    done,
    failed,
    bytes: unknown ? -1 : bytes,
    transferred,
    state,
    createdAt: group.createdAt,
  };
  if (state === 'running' && bytesPerSecond > 0) {
    row.bytesPerSecond = Math.round(bytesPerSecond);
    if (!unknown) row.etaSeconds = Math.ceil((bytes - transferred) / bytesPerSecond);
  }
  if (finishedAt && SETTLED.has(state)) row.finishedAt = finishedAt;
  return row;
}

function groupState(states: Set<TransferState>): TransferState {
  for (const s of ['running', 'conflict', 'queued', 'waiting-for-data', 'paused', 'failed'] as const) if (states.has(s)) return s;
  if (states.has('done')) return 'done';
  if (states.has('skipped')) return 'skipped';
  if (states.has('cancelled')) return 'cancelled';
  return 'done';
}
