import type { TransferGroup, TransferSnapshot, TransferSummary, TransfersChangedEvent } from '../../../preload/contract';
import type { Location } from './location';
import type { SetState } from './state';

/** The transfer queue as the panel shows it: groups (batches) and their transfers, by id. */
export interface TransfersSlice {
  transferGroups: ReadonlyMap<string, TransferGroup>;
  transfers: ReadonlyMap<string, TransferSummary>;
  /** Whether the queue panel is shown (it opens by itself when something is queued). */
  transfersOpen: boolean;
  /** Groups the person expanded in the panel. */
  expandedGroups: ReadonlySet<string>;
  /** Where files being dragged over the window would be uploaded (highlighted, and said in the drop hint). */
  dropTarget: Location | null;
  setTransfersOpen(open: boolean): void;
  toggleGroup(groupId: string): void;
}

export function createTransfersSlice(set: SetState): TransfersSlice {
  return {
    transferGroups: new Map(),
    transfers: new Map(),
    transfersOpen: false,
    expandedGroups: new Set(),
    dropTarget: null,
    setTransfersOpen(transfersOpen) {
      set({ transfersOpen });
    },
    toggleGroup(groupId) {
      set((state) => {
        const expandedGroups = new Set(state.expandedGroups);
        if (!expandedGroups.delete(groupId)) expandedGroups.add(groupId);
        return { expandedGroups };
      });
    },
  };
}

/**
 * The whole queue, as `listTransfers` answers it. Rows that events brought while the answer was
 * on its way are newer than the answer's, so they win.
 */
export function applyTransferSnapshot(
  state: Pick<TransfersSlice, 'transferGroups' | 'transfers'>,
  snapshot: TransferSnapshot,
): Pick<TransfersSlice, 'transferGroups' | 'transfers'> {
  return {
    transferGroups: new Map([...snapshot.groups.map((group) => [group.id, group] as const), ...state.transferGroups]),
    transfers: new Map([...snapshot.transfers.map((transfer) => [transfer.id, transfer] as const), ...state.transfers]),
  };
}

/**
 * Folds one `didChangeTransfers` event (changed rows only) into the queue: rows replace rows with
 * the same id, `removed` ids leave. Maps are copied only when something of theirs changed.
 */
export function applyTransfersChanged(
  state: Pick<TransfersSlice, 'transferGroups' | 'transfers'>,
  event: TransfersChangedEvent,
): Pick<TransfersSlice, 'transferGroups' | 'transfers'> {
  const removed = event.removed;
  const touchesGroups = event.groups.length > 0 || removed.some((id) => state.transferGroups.has(id));
  const touchesTransfers = event.transfers.length > 0 || removed.some((id) => state.transfers.has(id));
  let transferGroups = state.transferGroups;
  let transfers = state.transfers;
  if (touchesGroups) {
    const next = new Map(transferGroups);
    for (const group of event.groups) next.set(group.id, group);
    for (const id of removed) next.delete(id);
    transferGroups = next;
  }
  if (touchesTransfers) {
    const next = new Map(transfers);
    for (const transfer of event.transfers) next.set(transfer.id, transfer);
    for (const id of removed) next.delete(id);
    transfers = next;
  }
  return { transferGroups, transfers };
}

/** Transfers that are over: nothing more will happen to them unless retried. */
export function isFinished(state: TransferSummary['state']): boolean {
  return state === 'done' || state === 'cancelled' || state === 'skipped' || state === 'failed';
}
