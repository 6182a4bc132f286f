import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Journal, parseJournal } from '../fs/journal.js';
import type { GroupRecord, TransferRecord } from './records.js';

/** A multipart upload Pail created and must abort: its transfer is gone but the abort has not succeeded yet. */
export interface OrphanUpload {
  connectionId: string;
  bucket: string;
  key: string;
  uploadId: string;
}

type Entry =
  | { t: 'group'; group: GroupRecord }
  | { t: 'add'; rec: TransferRecord }
  | { t: 'set'; id: string; patch: Partial<TransferRecord> }
  | { t: 'remove'; ids: string[] }
  | { t: 'orphan'; upload: OrphanUpload }
  | { t: 'orphan-gone'; uploadId: string };

/** The queue's state as the journal last recorded it. */
export interface JournalState {
  groups: Map<string, GroupRecord>;
  transfers: Map<string, TransferRecord>;
  orphans: Map<string, OrphanUpload>;
}

/**
 * The transfer queue's journal in `$PAIL_HOME/transfers.jsonl`: append-only JSON lines with group
 * commit (one fsync for everything appended meanwhile), compacted to the live state at open.
 */
export class TransferJournal {
  private constructor(private readonly journal: Journal) {}

  static async open(pailHome: string, fileName = 'transfers.jsonl'): Promise<{ journal: TransferJournal; state: JournalState }> {
    await mkdir(pailHome, { recursive: true });
    const path = join(pailHome, fileName);
    const text = await readFile(path, 'utf8').catch(() => '');
    const state = replay(parseJournal(text) as Entry[]);
    const journal = await Journal.open(path);
    await journal.rewrite([
      ...[...state.groups.values()].map((group) => ({ t: 'group', group })),
      ...[...state.transfers.values()].map((rec) => ({ t: 'add', rec })),
      ...[...state.orphans.values()].map((upload) => ({ t: 'orphan', upload })),
    ]);
    return { journal: new TransferJournal(journal), state };
  }

  group(group: GroupRecord): Promise<void> {
    return this.journal.append({ t: 'group', group });
  }
  add(rec: TransferRecord): Promise<void> {
    return this.journal.append({ t: 'add', rec });
  }
  /** Records changed fields; a field set to undefined is cleared (stored as null). */
  set(id: string, patch: Partial<TransferRecord>): Promise<void> {
    const stored: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(patch)) stored[k] = v === undefined ? null : v;
    return this.journal.append({ t: 'set', id, patch: stored });
  }
  remove(ids: string[]): Promise<void> {
    return this.journal.append({ t: 'remove', ids });
  }
  orphan(upload: OrphanUpload): Promise<void> {
    return this.journal.append({ t: 'orphan', upload });
  }
  orphanGone(uploadId: string): Promise<void> {
    return this.journal.append({ t: 'orphan-gone', uploadId });
  }
  close(): Promise<void> {
    return this.journal.close();
  }
}

function replay(entries: Entry[]): JournalState {
  const state: JournalState = { groups: new Map(), transfers: new Map(), orphans: new Map() };
  for (const e of entries) {
    if (!e || typeof e !== 'object') continue;
    if (e.t === 'group') state.groups.set(e.group.id, e.group);
    else if (e.t === 'add') state.transfers.set(e.rec.id, e.rec);
    else if (e.t === 'set') {
      const rec = state.transfers.get(e.id);
      if (rec) applyPatch(rec, e.patch);
    } else if (e.t === 'remove') {
      for (const id of e.ids) {
        state.transfers.delete(id);
        state.groups.delete(id);
      }
    } else if (e.t === 'orphan') state.orphans.set(e.upload.uploadId, e.upload);
    else if (e.t === 'orphan-gone') state.orphans.delete(e.uploadId);
  }
  // A group with no transfers left is gone too.
  const used = new Set([...state.transfers.values()].map((t) => t.groupId));
  for (const id of state.groups.keys()) if (!used.has(id)) state.groups.delete(id);
  return state;
}

/** Applies a journaled patch: null clears a field. */
export function applyPatch(rec: TransferRecord, patch: Partial<TransferRecord>): void {
  const target = rec as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || v === undefined) delete target[k];
    else target[k] = v;
  }
}
