import { memo, type ReactElement } from 'react';
import type { TransferTarget } from '../../../../preload/contract';
import { ChevronIcon } from '../../components/icons';
import { ProgressBar } from '../../components/ProgressBar';
import { formatCount, plural } from '../../lib/format';
import { amountText, etaText, speedText, stateText, type QueueRow } from './queue-rows';

/** What a row's buttons do; one stable object for all rows. */
export interface RowActions {
  toggle(groupId: string): void;
  pause(target: TransferTarget): void;
  resume(target: TransferTarget): void;
  cancel(target: TransferTarget): void;
  retry(target: TransferTarget): void;
}

interface TransferRowProps {
  row: QueueRow;
  start: number;
  actions: RowActions;
  /** Browser mode: whether the page still holds this upload's File (it can resume by itself). */
  holdsFile: boolean;
}

const ARROWS = { upload: '↑', download: '↓', copy: '→' } as const;
const DIRECTIONS = { upload: 'Upload', download: 'Download', copy: 'Copy' } as const;

/** One line of the queue: name, direction, size, progress, speed, ETA, state (or the error in words), and its buttons. */
export const TransferRow = memo(function TransferRow({ row, start, actions, holdsFile }: TransferRowProps): ReactElement {
  const item = row.kind === 'group' ? row.group : row.transfer;
  const name = item.name;
  const state = item.state;
  const size = row.kind === 'group' ? row.group.bytes : row.transfer.size;
  const error = row.kind === 'transfer' ? row.transfer.error?.message : undefined;
  const failedCount = row.kind === 'group' ? row.group.failed : 0;
  const target: TransferTarget = { ids: [row.id] };
  const running = state === 'running' || state === 'queued' || state === 'waiting-for-data';
  const detail =
    error ??
    (row.kind === 'group'
      ? `${formatCount(row.group.done)} of ${plural(row.group.files, 'file')}${failedCount ? `, ${formatCount(failedCount)} failed` : ''}`
      : state === 'running'
        ? [speedText(item.bytesPerSecond), etaText(item.etaSeconds)].filter(Boolean).join(', ')
        : '');
  const groupSpeed = row.kind === 'group' && state === 'running' ? [speedText(item.bytesPerSecond), etaText(item.etaSeconds)] : [];
  return (
    <div
      role="listitem"
      aria-label={name}
      className={`transfer-row state-${state}${row.kind === 'transfer' && row.child ? ' child' : ''}`}
      style={{ transform: `translateY(${start}px)` }}
    >
      <span className="transfer-name">
        {row.kind === 'group' ? (
          <button
            type="button"
            className={`transfer-twisty${row.expanded ? ' open' : ''}`}
            aria-expanded={row.expanded}
            aria-label={`${row.expanded ? 'Hide' : 'Show'} the files of ${name}`}
            onClick={() => actions.toggle(row.id)}
          >
            <ChevronIcon />
          </button>
        ) : (
          <span className="transfer-twisty-space" />
        )}
        <span className="transfer-direction" title={DIRECTIONS[item.direction]}>
          <span aria-hidden="true">{ARROWS[item.direction]}</span>
          <span className="visually-hidden">{DIRECTIONS[item.direction]}</span>
        </span>
        <span className="transfer-label" title={name}>
          {name}
        </span>
      </span>
      <span className="transfer-size">{amountText(item.transferred, size)}</span>
      <span className="transfer-progress">
        <ProgressBar label={`${name} progress`} done={item.transferred} total={size > 0 ? size : state === 'done' ? 1 : 0} />
      </span>
      <span className={`transfer-state${error ? ' transfer-error' : ''}`} title={error ?? detail}>
        <strong>{stateText(state, item.direction, holdsFile)}</strong>
        {detail && ` · ${detail}`}
        {groupSpeed.filter(Boolean).length > 0 && ` · ${groupSpeed.filter(Boolean).join(', ')}`}
      </span>
      <span className="transfer-actions">
        {running && (
          <button type="button" className="tool small" aria-label={`Pause ${name}`} onClick={() => actions.pause(target)}>
            Pause
          </button>
        )}
        {state === 'paused' && (
          <button type="button" className="tool small" aria-label={`Resume ${name}`} onClick={() => actions.resume(target)}>
            Resume
          </button>
        )}
        {(state === 'failed' || failedCount > 0) && (
          <button type="button" className="tool small" aria-label={`Retry ${name}`} onClick={() => actions.retry(target)}>
            Retry
          </button>
        )}
        {state !== 'done' && state !== 'cancelled' && state !== 'skipped' && (
          <button type="button" className="tool small" aria-label={`Cancel ${name}`} onClick={() => actions.cancel(target)}>
            Cancel
          </button>
        )}
      </span>
    </div>
  );
});
