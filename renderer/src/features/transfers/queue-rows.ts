import type { TransferGroup, TransferState, TransferSummary } from '../../../../preload/contract';
import { formatSize } from '../../lib/format';

/** One line of the queue panel: a batch (folded or open), a file of an open batch, or a lone file. */
export type QueueRow =
  | { kind: 'group'; id: string; group: TransferGroup; expanded: boolean }
  | { kind: 'transfer'; id: string; transfer: TransferSummary; child: boolean };

/** Transfers by the group they belong to, in the order they were queued. */
export function transfersByGroup(transfers: ReadonlyMap<string, TransferSummary>): Map<string, TransferSummary[]> {
  const byGroup = new Map<string, TransferSummary[]>();
  for (const transfer of transfers.values()) {
    let list = byGroup.get(transfer.groupId);
    if (!list) byGroup.set(transfer.groupId, (list = []));
    list.push(transfer);
  }
  return byGroup;
}

/**
 * The panel's lines, oldest batch first. A batch of one file is that file's line; a bigger batch is
 * one line (a folder of 10,000 files is not 10,000 loose lines) that opens to show its files.
 */
export function queueRows(
  groups: ReadonlyMap<string, TransferGroup>,
  byGroup: ReadonlyMap<string, readonly TransferSummary[]>,
  expanded: ReadonlySet<string>,
): QueueRow[] {
  const rows: QueueRow[] = [];
  const ordered = [...groups.values()].sort((a, b) => (a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : 0));
  for (const group of ordered) {
    const files = byGroup.get(group.id) ?? [];
    if (group.files <= 1 && files.length === 1) {
      rows.push({ kind: 'transfer', id: files[0]!.id, transfer: files[0]!, child: false });
      continue;
    }
    const open = expanded.has(group.id);
    rows.push({ kind: 'group', id: group.id, group, expanded: open });
    if (open) for (const transfer of files) rows.push({ kind: 'transfer', id: transfer.id, transfer, child: true });
  }
  // Rows whose batch has not arrived yet still show.
  for (const [groupId, files] of byGroup) {
    if (groups.has(groupId)) continue;
    for (const transfer of files) rows.push({ kind: 'transfer', id: transfer.id, transfer, child: false });
  }
  return rows;
}

/** What the panel's header sums up. */
export interface QueueTotals {
  files: number;
  done: number;
  failed: number;
  active: number;
  conflicts: number;
  finished: number;
  bytes: number;
  transferred: number;
  bytesPerSecond: number;
}

export function queueTotals(transfers: ReadonlyMap<string, TransferSummary>): QueueTotals {
  const totals: QueueTotals = {
    files: 0,
    done: 0,
    failed: 0,
    active: 0,
    conflicts: 0,
    finished: 0,
    bytes: 0,
    transferred: 0,
    bytesPerSecond: 0,
  };
  for (const transfer of transfers.values()) {
    totals.files += 1;
    if (transfer.state === 'done') totals.done += 1;
    if (transfer.state === 'failed') totals.failed += 1;
    if (transfer.state === 'conflict') totals.conflicts += 1;
    if (transfer.state === 'done' || transfer.state === 'skipped' || transfer.state === 'cancelled') totals.finished += 1;
    if (transfer.state === 'running' || transfer.state === 'queued' || transfer.state === 'waiting-for-data') totals.active += 1;
    if (transfer.size > 0) totals.bytes += transfer.size;
    totals.transferred += transfer.transferred;
    totals.bytesPerSecond += transfer.bytesPerSecond ?? 0;
  }
  return totals;
}

/** A state in words, as the row shows it. */
export function stateText(state: TransferState, direction: TransferSummary['direction'], holdsFile = true): string {
  switch (state) {
    case 'queued':
      return 'Queued';
    case 'running':
      return direction === 'upload' ? 'Uploading' : direction === 'download' ? 'Downloading' : 'Copying';
    case 'paused':
      return 'Paused';
    case 'waiting-for-data':
      return holdsFile ? 'Waiting to send' : 'Drop the file again to resume';
    case 'conflict':
      return 'Already exists';
    case 'done':
      return 'Done';
    case 'failed':
      return 'Failed';
    case 'cancelled':
      return 'Cancelled';
    case 'skipped':
      return 'Skipped';
  }
}

/** 2.5 MB/s. */
export function speedText(bytesPerSecond: number | undefined): string {
  return bytesPerSecond && bytesPerSecond > 0 ? `${formatSize(bytesPerSecond)}/s` : '';
}

/** "5 s left", "3 min left", "2 h 5 min left". */
export function etaText(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return '';
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min left`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min left`;
}

/** "1.2 MB of 5 MB", or just the size when nothing moved yet or it is complete. */
export function amountText(transferred: number, size: number): string {
  if (size < 0) return transferred > 0 ? formatSize(transferred) : '';
  if (transferred <= 0 || transferred >= size) return formatSize(size);
  return `${formatSize(transferred)} of ${formatSize(size)}`;
}
