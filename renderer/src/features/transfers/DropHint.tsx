import type { ReactElement } from 'react';
import { useStore } from '../../store/store';
import { uploadDestination } from './transfer-actions';

/** While files are dragged over a bucket or folder: where they will go, shown and announced. */
export function DropHint(): ReactElement {
  const target = useStore((state) => state.dropTarget);
  return (
    <div className={`drop-hint${target ? ' visible' : ''}`} role="status">
      {target ? `Upload to ${uploadDestination(target)}` : ''}
    </div>
  );
}
