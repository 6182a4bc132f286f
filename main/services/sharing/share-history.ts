import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ShareHistoryEntry } from '../../../preload/contract/types.js';
import { writeFileAtomic } from '../fs/atomic-file.js';

/** What is kept per link: never a URL, signature or password, so the file holds nothing to steal. */
export type HistoryRecord = Omit<ShareHistoryEntry, 'state' | 'downloads'>;

const KEEP = 1000;

/** Every link made, in `<pailHome>/share-history.json`, newest first, the last 1,000. */
export class ShareHistory {
  private constructor(
    private readonly file: string,
    private records: HistoryRecord[],
  ) {}

  static async open(pailHome: string): Promise<ShareHistory> {
    const file = join(pailHome, 'share-history.json');
    const records = await readFile(file, 'utf8').then(
      (text) => {
        const parsed = JSON.parse(text) as unknown;
        return Array.isArray(parsed) ? (parsed as HistoryRecord[]) : [];
      },
      () => [],
    );
    return new ShareHistory(file, records);
  }

  /** Adds a link; the id is made here. */
  async record(entry: Omit<HistoryRecord, 'id'>): Promise<HistoryRecord> {
    const record: HistoryRecord = { id: randomUUID(), ...entry };
    this.records = [record, ...this.records].slice(0, KEEP);
    await writeFileAtomic(this.file, JSON.stringify(this.records, null, 2), 0o600);
    return record;
  }

  /** The entries with their state now; protected links report theirs through `protectedState`. */
  list(
    now: Date,
    protectedState: (id: string) => { state: ShareHistoryEntry['state']; downloads: number } | undefined,
  ): ShareHistoryEntry[] {
    return this.records.map((record) => {
      if (record.protectedId) {
        const live = protectedState(record.protectedId);
        return { ...record, state: live?.state ?? 'revoked', downloads: live?.downloads ?? 0 };
      }
      const expired = record.expiresAt !== undefined && Date.parse(record.expiresAt) <= now.getTime();
      return { ...record, state: expired ? 'expired' : 'live' };
    });
  }
}
