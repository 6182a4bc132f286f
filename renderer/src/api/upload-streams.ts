import {
  UPLOAD_OFFSET_HEADER,
  uploadStreamPath,
  type ApiResult,
  type TransferSummary,
  type TransferTarget,
} from '../../../preload/contract';

/** The queue's default file limit: the page streams at most this many files at once. */
export const STREAMS_AT_ONCE = 4;

/** What the streamer needs from the page; tests hand in their own. */
export interface UploadStreamerOptions {
  fetch?: typeof fetch;
  /** The queue's current rows by id (the store's), to restart a resumed transfer already waiting for data. */
  rows?: () => ReadonlyMap<string, TransferSummary>;
  limit?: number;
  /** A PUT the server refused, other than a cancel: the error's message. */
  onError?: (message: string) => void;
}

/** Browser mode's uploads: the page PUTs each dropped File to its transfer's stream path. */
export interface UploadStreamer {
  /**
   * Takes the Files of an `enqueueUploads` answer (same order as its transfers) and streams those
   * waiting for data, at most `limit` at once, in answer order, each from the offset the answer gave.
   */
  add(transfers: readonly TransferSummary[], files: readonly File[]): void;
  /** The person resumed or retried these: their PUTs restart once their rows wait for data again. */
  want(target: TransferTarget): void;
  /** The person cancelled these: stop sending and let go of their Files. */
  forget(target: TransferTarget): void;
  /** Changed rows (from didChangeTransfers): restarts wanted transfers waiting for data, drops finished ones. */
  observe(rows: readonly TransferSummary[]): void;
  /** How many Files the page still holds. */
  held(): number;
  /** Whether the page still holds this transfer's File (else a waiting upload needs the file dropped again). */
  holds(transferId: string): boolean;
}

interface Held {
  file: File;
  groupId: string;
  offset: number;
  /** The page should (re)send this file when the row waits for data. */
  wanted: boolean;
  queued: boolean;
  controller: AbortController | null;
}

/**
 * Creates a streamer (see the transfers protocol): `fetch(streamPath, { method: 'PUT', body:
 * file.slice(offset) })` — the File itself, never read into memory — with the offset in
 * `x-pail-offset`. The server answers when the object is complete, or with an error on cancel or
 * failure; a broken request leaves the transfer waiting for data, to resume from its new offset.
 */
export function createUploadStreamer(options: UploadStreamerOptions = {}): UploadStreamer {
  const doFetch = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const limit = options.limit ?? STREAMS_AT_ONCE;
  const files = new Map<string, Held>();
  const queue: string[] = [];
  let active = 0;

  function matches(target: TransferTarget, id: string, entry: Held): boolean {
    return 'all' in target || target.ids.includes(id) || target.ids.includes(entry.groupId);
  }

  function enqueue(id: string, entry: Held, offset: number): void {
    if (entry.queued || entry.controller) return;
    entry.offset = offset;
    entry.queued = true;
    queue.push(id);
  }

  function pump(): void {
    while (active < limit && queue.length > 0) {
      const id = queue.shift()!;
      const entry = files.get(id);
      if (!entry || !entry.queued) continue;
      entry.queued = false;
      void send(id, entry);
    }
  }

  async function send(id: string, entry: Held): Promise<void> {
    const controller = new AbortController();
    entry.controller = controller;
    // This request answers the current wish; a resume or retry while it runs wishes again.
    entry.wanted = false;
    active += 1;
    try {
      const response = await doFetch(uploadStreamPath(id), {
        method: 'PUT',
        body: entry.file.slice(entry.offset),
        headers: { [UPLOAD_OFFSET_HEADER]: String(entry.offset), 'content-type': 'application/octet-stream' },
        credentials: 'same-origin',
        signal: controller.signal,
      });
      const result = (await response.json().catch(() => null)) as ApiResult<TransferSummary> | null;
      if (result?.ok) files.delete(id);
      else if (result && result.error.code !== 'cancelled') options.onError?.(result.error.message);
    } catch {
      // Aborted by a cancel, or the connection broke: the server keeps what arrived (part-aligned)
      // and the row waits for data; resuming it sends the rest.
    } finally {
      entry.controller = null;
      active -= 1;
      // The person retried while the failed request was still being answered (the queue's event
      // can arrive before the answer): the row already waits for data, so send again now.
      const row = options.rows?.().get(id);
      if (files.has(id) && entry.wanted && row?.state === 'waiting-for-data') enqueue(id, entry, row.transferred);
      pump();
    }
  }

  return {
    add(transfers, picked) {
      transfers.forEach((transfer, index) => {
        const file = picked[index];
        if (!file) return;
        const entry: Held = {
          file,
          groupId: transfer.groupId,
          offset: transfer.transferred,
          wanted: true,
          queued: false,
          controller: null,
        };
        files.set(transfer.id, entry);
        if (transfer.state === 'waiting-for-data') enqueue(transfer.id, entry, transfer.transferred);
      });
      pump();
    },
    want(target) {
      const rows = options.rows?.();
      for (const [id, entry] of files) {
        if (!matches(target, id, entry)) continue;
        entry.wanted = true;
        const row = rows?.get(id);
        if (row?.state === 'waiting-for-data') enqueue(id, entry, row.transferred);
      }
      pump();
    },
    forget(target) {
      for (const [id, entry] of files) {
        if (!matches(target, id, entry)) continue;
        entry.controller?.abort();
        entry.queued = false;
        files.delete(id);
      }
    },
    observe(rows) {
      for (const row of rows) {
        const entry = files.get(row.id);
        if (!entry) continue;
        if (row.state === 'done' || row.state === 'cancelled' || row.state === 'skipped') {
          if (!entry.controller) files.delete(row.id);
        } else if (row.state === 'waiting-for-data' && entry.wanted) {
          enqueue(row.id, entry, row.transferred);
        }
      }
      pump();
    },
    held() {
      return files.size;
    },
    holds(transferId) {
      return files.has(transferId);
    },
  };
}
