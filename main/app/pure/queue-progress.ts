import type { TransferGroup, TransferSnapshot, TransfersChangedEvent, TransferState } from '../../../preload/contract/transfers.js';

/** States in which a batch still has work ahead (or waits for the person: a conflict, a pause). */
const ACTIVE: ReadonlySet<TransferState> = new Set(['running', 'queued', 'waiting-for-data', 'conflict', 'paused']);

/** What the window shows for the queue after a change. */
export interface QueueIndication {
  /**
   * For `BrowserWindow.setProgressBar`: the fraction (0..1) of the bytes of every unfinished batch
   * that have moved; -1 (no bar) when nothing is in progress; 2 (Electron's indeterminate bar) while
   * a batch's size is still unknown (a folder being listed).
   */
  progress: number;
  /** Batches that have just finished (not those the person cancelled): one notification each. */
  finished: TransferGroup[];
}

/**
 * Follows the queue's batches through `didChangeTransfers` events and tells the window what to
 * show: the queue's total fraction, and which batches just finished. Electron-free, so tested
 * in plain Node; main/app/queue-indicators.ts applies it to the window.
 */
export class QueueProgress {
  private readonly groups = new Map<string, TransferGroup>();

  /** The queue as it was when the app started (batches from the journal count from the start). */
  constructor(snapshot?: TransferSnapshot) {
    for (const g of snapshot?.groups ?? []) this.groups.set(g.id, g);
  }

  update(event: TransfersChangedEvent): QueueIndication {
    const finished: TransferGroup[] = [];
    for (const g of event.groups) {
      const before = this.groups.get(g.id);
      if (before && ACTIVE.has(before.state) && (g.state === 'done' || g.state === 'failed')) finished.push(g);
      this.groups.set(g.id, g);
    }
    for (const id of event.removed) this.groups.delete(id);
    return { progress: this.progress(), finished };
  }

  progress(): number {
    let bytes = 0;
    let moved = 0;
    let any = false;
    for (const g of this.groups.values()) {
      if (!ACTIVE.has(g.state)) continue;
      any = true;
      if (g.bytes < 0) return 2;
      bytes += g.bytes;
      moved += Math.min(g.transferred, g.bytes);
    }
    if (!any) return -1;
    return bytes > 0 ? moved / bytes : 0;
  }
}

const VERBS: Record<TransferGroup['direction'], string> = { upload: 'Upload', download: 'Download', copy: 'Copy' };

/** The notification for a finished batch: what, where, and how many failed. */
export function batchNotice(group: TransferGroup): { title: string; body: string } {
  const files = `${group.files} ${group.files === 1 ? 'file' : 'files'}`;
  if (group.failed > 0) {
    return {
      title: `${VERBS[group.direction]} finished with errors`,
      body: `${group.name}: ${group.failed} of ${files} failed (${group.destination}). Open Pail's queue to see why and retry.`,
    };
  }
  return { title: `${VERBS[group.direction]} finished`, body: `${group.name}: ${files} to ${group.destination}.` };
}
