import type { ReactElement } from 'react';
import { formatCount } from '../lib/format';
import './ProgressBar.css';

export interface ProgressBarProps {
  /** Accessible name, e.g. "Deleting". */
  label: string;
  done: number;
  /** 0 when not known yet: the bar is indeterminate. */
  total: number;
}

/** A determinate progress bar, announced as "200 of 1,234". */
export function ProgressBar({ label, done, total }: ProgressBarProps): ReactElement {
  const known = total > 0;
  const percent = known ? Math.min(100, (done / total) * 100) : 0;
  return (
    <div
      className={known ? 'progress' : 'progress progress-indeterminate'}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={known ? total : undefined}
      aria-valuenow={known ? done : undefined}
      aria-valuetext={known ? `${formatCount(done)} of ${formatCount(total)}` : undefined}
    >
      <div className="progress-fill" style={{ width: known ? `${percent}%` : undefined }} />
    </div>
  );
}
