import { useId, useState, type ReactElement } from 'react';
import type { ConflictChoice, TransferSummary } from '../../../../preload/contract';
import { formatDate, formatSize } from '../../lib/format';
import { s3Uri } from '../../store/location';

interface ConflictPromptProps {
  /** Transfers parked in `conflict`, oldest first; the prompt asks about the first. */
  conflicts: readonly TransferSummary[];
  onResolve(ids: string[], choice: ConflictChoice): void;
}

/**
 * Non-modal: "a.jpg already exists — Overwrite / Skip / Keep both", with "Apply to all" for every
 * parked conflict at once. The rest of the queue keeps moving meanwhile.
 */
export function ConflictPrompt({ conflicts, onResolve }: ConflictPromptProps): ReactElement | null {
  const [all, setAll] = useState(false);
  const textId = useId();
  const first = conflicts[0];
  if (!first) return null;
  const where = first.direction === 'download' ? (first.localPath ?? first.name) : s3Uri(first.target.bucket, first.target.key);
  const existing = first.existing
    ? ` (${formatSize(first.existing.size)}${first.existing.lastModified ? `, ${formatDate(first.existing.lastModified)}` : ''})`
    : '';
  const ids = all ? conflicts.map((c) => c.id) : [first.id];
  return (
    <div className="conflict-prompt" role="group" aria-label="Already exists" aria-describedby={textId}>
      <span id={textId} className="conflict-text">
        <strong>{first.name}</strong> already exists at {where}
        {existing}.
      </span>
      <button type="button" className="tool" onClick={() => onResolve(ids, 'overwrite')}>
        Overwrite
      </button>
      <button type="button" className="tool" onClick={() => onResolve(ids, 'skip')}>
        Skip
      </button>
      <button type="button" className="tool" onClick={() => onResolve(ids, 'keep-both')}>
        Keep both
      </button>
      {conflicts.length > 1 && (
        <label className="conflict-all">
          <input type="checkbox" checked={all} onChange={(event) => setAll(event.target.checked)} /> Apply to all {conflicts.length}
        </label>
      )}
    </div>
  );
}
