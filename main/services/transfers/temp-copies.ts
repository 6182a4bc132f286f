import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TransferEngine } from './engine.js';

interface Copy {
  path?: string;
  pending?: Promise<void>;
}

/**
 * Local copies of objects in a temporary folder, made through the queue (so they show, resume and
 * verify like any download) and reused while the file is still there. Drag-out needs one: the OS
 * drag starts from a file that exists, and a drag cannot wait for a download.
 */
export class TempCopies {
  private readonly copies = new Map<string, Copy>();

  constructor(private readonly transfers: TransferEngine) {}

  /**
   * The path of a finished copy of the object; undefined while there is none yet — the first call
   * starts one (in the queue), and later calls answer its path once it is done.
   */
  async ready(connectionId: string, bucket: string, key: string): Promise<string | undefined> {
    const id = JSON.stringify([connectionId, bucket, key]);
    const copy = this.copies.get(id);
    if (copy?.path && existsSync(copy.path)) return copy.path;
    if (copy?.pending) return undefined;
    const next: Copy = {};
    this.copies.set(id, next);
    const destination = await mkdtemp(join(tmpdir(), 'pail-drag-'));
    const { groupId } = await this.transfers.enqueueDownloads({
      connectionId,
      bucket,
      keys: [key],
      prefixes: [],
      destination,
      conflict: 'overwrite',
    });
    next.pending = this.transfers.whenGroupSettles(groupId).then(([row]) => {
      delete next.pending;
      if (row?.state === 'done' && row.localPath) next.path = row.localPath;
      else this.copies.delete(id);
    });
    return undefined;
  }

  /** Resolves when the copy started for the object (if any) has settled (tests wait for it). */
  async settled(connectionId: string, bucket: string, key: string): Promise<void> {
    await this.copies.get(JSON.stringify([connectionId, bucket, key]))?.pending;
  }
}
