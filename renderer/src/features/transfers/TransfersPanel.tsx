import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, type ReactElement } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { CloseIcon } from '../../components/icons';
import { formatSize, plural } from '../../lib/format';
import { useStore } from '../../store/store';
import { ConflictPrompt } from './ConflictPrompt';
import { queueRows, queueTotals, speedText, transfersByGroup } from './queue-rows';
import { uploadStreamer } from './streams';
import {
  cancelTransfers,
  clearFinishedTransfers,
  pauseTransfers,
  resolveConflicts,
  resumeTransfers,
  retryTransfers,
} from './transfer-actions';
import { TransferRow, type RowActions } from './TransferRow';
import './TransfersPanel.css';

const ROW_HEIGHT = 28;

/**
 * The transfer queue: non-modal, under the object list. Totals and commands for everything, a
 * prompt for conflicts, and one line per batch (opening to its files), virtualized so 10,000
 * lines cost what the visible ones do.
 */
export function TransfersPanel(): ReactElement | null {
  const { open, groups, transfers, expanded } = useStore(
    useShallow((state) => ({
      open: state.transfersOpen,
      groups: state.transferGroups,
      transfers: state.transfers,
      expanded: state.expandedGroups,
    })),
  );
  const byGroup = useMemo(() => transfersByGroup(transfers), [transfers]);
  const rows = useMemo(() => queueRows(groups, byGroup, expanded), [groups, byGroup, expanded]);
  const totals = useMemo(() => queueTotals(transfers), [transfers]);
  const conflicts = useMemo(() => [...transfers.values()].filter((t) => t.state === 'conflict'), [transfers]);
  const scrollRef = useRef<HTMLDivElement>(null);

  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => rows[index]?.id ?? index,
    useFlushSync: false,
  });

  const actions = useMemo<RowActions>(
    () => ({
      toggle: (groupId) => useStore.getState().toggleGroup(groupId),
      pause: pauseTransfers,
      resume: resumeTransfers,
      cancel: cancelTransfers,
      retry: retryTransfers,
    }),
    [],
  );

  if (!open) return null;
  const streamer = uploadStreamer();
  const summary =
    totals.files === 0
      ? 'Nothing queued. Drop files on a folder to upload them.'
      : [
          `${totals.done} of ${plural(totals.files, 'file')} done`,
          totals.bytes > 0 ? `${formatSize(totals.transferred)} of ${formatSize(totals.bytes)}` : '',
          speedText(totals.bytesPerSecond),
          totals.failed ? `${totals.failed} failed` : '',
        ]
          .filter(Boolean)
          .join(' · ');

  return (
    <section className="transfers-panel" aria-label="Transfers">
      <header className="transfers-head">
        <h2 className="transfers-title">Transfers</h2>
        <span className="transfers-summary" role="status">
          {summary}
        </span>
        <span className="transfers-spacer" />
        <button type="button" className="tool" disabled={totals.active === 0} onClick={() => pauseTransfers({ all: true })}>
          Pause all
        </button>
        <button type="button" className="tool" disabled={totals.files === 0} onClick={() => resumeTransfers({ all: true })}>
          Resume all
        </button>
        <button
          type="button"
          className="tool"
          disabled={totals.failed === 0}
          onClick={() => retryTransfers({ ids: [...transfers.values()].filter((t) => t.state === 'failed').map((t) => t.id) })}
        >
          Retry failed
        </button>
        <button type="button" className="tool" disabled={totals.finished === 0} onClick={clearFinishedTransfers}>
          Clear finished
        </button>
        <button
          type="button"
          className="tool icon-only"
          aria-label="Hide transfers"
          title="Hide transfers"
          onClick={() => useStore.getState().setTransfersOpen(false)}
        >
          <CloseIcon />
        </button>
      </header>
      <ConflictPrompt conflicts={conflicts} onResolve={(ids, choice) => resolveConflicts({ ids }, choice)} />
      <div ref={scrollRef} className="transfers-body" role="list" aria-label="Transfer queue">
        <div className="transfers-sizer" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            return (
              <TransferRow
                key={item.key}
                row={row}
                start={item.start}
                actions={actions}
                holdsFile={row.kind === 'transfer' && streamer.holds(row.id)}
              />
            );
          })}
        </div>
      </div>
    </section>
  );
}
