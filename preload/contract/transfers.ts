import type { ApiError } from './errors.js';

/**
 * The transfer queue's part of the contract: uploads, downloads and copies, their queue, and
 * browser mode's streaming byte paths. Types and path builders only.
 */

/** What to do when the destination already exists. `ask` parks the transfer in `conflict` until the person chooses. */
export type ConflictPolicy = 'ask' | 'overwrite' | 'skip' | 'keep-both';

/** A choice for a parked conflict. */
export type ConflictChoice = Exclude<ConflictPolicy, 'ask'>;

export type TransferDirection = 'upload' | 'download' | 'copy';

/**
 * A transfer's state. `waiting-for-data`: a browser-mode upload whose page has not (yet, or any
 * more) streamed the file's bytes — it resumes when the same file is dropped again.
 */
export type TransferState = 'queued' | 'running' | 'paused' | 'waiting-for-data' | 'conflict' | 'done' | 'failed' | 'cancelled' | 'skipped';

/** Where an object lives. */
export interface ObjectLocation {
  connectionId: string;
  bucket: string;
  key: string;
}

/** A file the page will stream itself (browser mode), one per dropped or chosen file. */
export interface StreamedFile {
  /** Path below the drop target, `/`-separated: `photos/2026/a.jpg` becomes key `<prefix>photos/2026/a.jpg`. */
  relativePath: string;
  size: number;
  /** ms since the epoch (File.lastModified): with name and size, how a re-dropped file is recognised to resume. */
  lastModified: number;
  /** The browser's MIME type, if any; otherwise the engine derives it from the name. */
  type?: string;
}

/** Upload local files and folders under a prefix. Exactly one of `paths` and `files`. */
export interface UploadRequest {
  connectionId: string;
  bucket: string;
  /** Destination folder: '' (bucket root) or a prefix ending in '/'. */
  prefix: string;
  /** Local files or folders that main reads itself (Electron, CLI); folders recurse. */
  paths?: string[];
  /** Files whose bytes the page streams to each transfer's `streamPath` (browser mode). */
  files?: StreamedFile[];
  conflict?: ConflictPolicy;
}

/** Download objects and whole folders (recursive) under a local folder. */
export interface DownloadRequest {
  connectionId: string;
  bucket: string;
  keys: string[];
  /** Folders: everything under each prefix, keeping the structure below the prefix's parent. */
  prefixes: string[];
  /** Absolute local folder to write under. */
  destination: string;
  conflict?: ConflictPolicy;
}

/** Copy (or move) objects and folders to a prefix of the same or another connection. */
export interface CopyRequest {
  from: { connectionId: string; bucket: string; keys: string[]; prefixes: string[] };
  to: { connectionId: string; bucket: string; prefix: string };
  conflict?: ConflictPolicy;
  /** Delete each source object once its copy is complete (a move). */
  deleteSource?: boolean;
}

/** One row of the queue. */
export interface TransferSummary {
  id: string;
  /** The batch it belongs to: a dropped folder or a multi-file request is one group. */
  groupId: string;
  direction: TransferDirection;
  /** What the row shows: the file name. */
  name: string;
  /** The object side (for a copy: the destination). */
  target: ObjectLocation;
  /** A copy's source object. */
  source?: ObjectLocation;
  /** The local file (uploads from disk, downloads). */
  localPath?: string;
  /** Total bytes (-1 while unknown). */
  size: number;
  transferred: number;
  state: TransferState;
  /** Smoothed over the last seconds; absent when not running. */
  bytesPerSecond?: number;
  etaSeconds?: number;
  /** Why it failed, in words a person can act on. */
  error?: ApiError;
  /** In `conflict`: what is already there. */
  existing?: { size: number; lastModified?: string };
  /** Browser-mode uploads: PUT the file's bytes here (see `uploadStreamPath`). */
  streamPath?: string;
  /** ISO dates. */
  createdAt: string;
  finishedAt?: string;
}

/** A batch (a folder of 10,000 files is one group, not 10,000 loose rows). */
export interface TransferGroup {
  id: string;
  direction: TransferDirection;
  /** The dropped folder's or first file's name, e.g. `photos` or `a.jpg and 3 more`. */
  name: string;
  /** Where it goes, for the row: `s3://bucket/prefix` or a local folder. */
  destination: string;
  files: number;
  done: number;
  failed: number;
  /** Bytes known so far (-1 while a folder is still being listed). */
  bytes: number;
  transferred: number;
  /** The group's overall state: running while any file runs, then done/failed/cancelled. */
  state: TransferState;
  bytesPerSecond?: number;
  etaSeconds?: number;
  createdAt: string;
  finishedAt?: string;
}

/** Everything the queue panel shows, on open. */
export interface TransferSnapshot {
  groups: TransferGroup[];
  transfers: TransferSummary[];
}

/**
 * What changed since the last event (coalesced in the engine: a few events per second in all,
 * never one per chunk). Rows in `transfers` and `groups` replace rows with the same id.
 */
export interface TransfersChangedEvent {
  groups: TransferGroup[];
  transfers: TransferSummary[];
  /** Ids of transfers and groups cleared from the queue. */
  removed: string[];
}

/** Which transfers an action applies to: ids of transfers and/or groups, or every transfer. */
export type TransferTarget = { ids: string[] } | { all: true };

/** A multipart upload on the server that was never completed or aborted (it still costs storage). */
export interface UnfinishedUpload {
  key: string;
  uploadId: string;
  /** ISO date. */
  initiated: string;
  parts: number;
  bytes: number;
  /** True when Pail's queue is still working on it. */
  tracked: boolean;
}

/** How the page shows or saves one object (browser mode streams it from `path`). */
export interface ObjectStreamTicket {
  /** A short-lived path on Pail's own server (see `downloadStreamPath`): once for a download; for a preview, any byte ranges while in use (seeking). */
  path: string;
  contentType: string;
  size: number;
  /** What the app can preview in place; `null`: download it and let the system open it. */
  preview: 'image' | 'text' | 'pdf' | 'audio' | 'video' | null;
}

/** Transfer settings' defaults, for forms. */
export interface TransferDefaults {
  /** Where downloads go unless the person chooses: the OS's Downloads folder. */
  downloadDir: string;
}

// ---- browser mode's byte paths (beside the method channels; both ends build them here) ----

/** The header the page sends with each streamed upload: the byte offset its body starts at (resume). */
export const UPLOAD_OFFSET_HEADER = 'x-pail-offset';

const UPLOAD_PREFIX = '/api/stream/upload/';
const DOWNLOAD_PREFIX = '/api/stream/download/';

/**
 * Where the page PUTs a browser-mode upload's bytes: one streaming request per file, the File itself
 * as the body (never read whole into memory), bounded by the size the request declared.
 */
export function uploadStreamPath(transferId: string): string {
  return `${UPLOAD_PREFIX}${encodeURIComponent(transferId)}`;
}

/** Where the page GETs an object's bytes, from a one-time ticket. */
export function downloadStreamPath(ticket: string): string {
  return `${DOWNLOAD_PREFIX}${encodeURIComponent(ticket)}`;
}

/** The transfer id of an upload stream path, or undefined when `pathname` is not one. */
export function parseUploadStreamPath(pathname: string): string | undefined {
  return pathname.startsWith(UPLOAD_PREFIX) ? safeDecode(pathname.slice(UPLOAD_PREFIX.length)) : undefined;
}

/** The ticket of a download stream path, or undefined when `pathname` is not one. */
export function parseDownloadStreamPath(pathname: string): string | undefined {
  return pathname.startsWith(DOWNLOAD_PREFIX) ? safeDecode(pathname.slice(DOWNLOAD_PREFIX.length)) : undefined;
}

function safeDecode(text: string): string | undefined {
  try {
    const value = decodeURIComponent(text);
    return value && !value.includes('/') ? value : undefined;
  } catch {
    return undefined;
  }
}

/** The range and default of the queue limits (settings `transferFilesAtOnce`, `transferPartsPerFile`). */
export const TRANSFER_LIMIT = { min: 1, max: 16, default: 4 } as const;
