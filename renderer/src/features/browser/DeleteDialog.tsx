import { useEffect, useId, useState, type ReactElement } from 'react';
import type { ObjectSelection } from '../../../../preload/contract';
import { Dialog } from '../../components/Dialog';
import { ProgressBar } from '../../components/ProgressBar';
import { formatCount, formatSize, plural } from '../../lib/format';
import { baseName } from '../../store/location';
import { useStore } from '../../store/store';
import { newId } from './browser-actions';
import { countObjects, deleteObjects } from './object-actions';

type Phase =
  | { step: 'counting' }
  | { step: 'confirm'; count: number; bytes: number }
  | { step: 'deleting'; count: number; operationId: string }
  | { step: 'failed'; message: string };

/** "a.txt, photos/ and 3 more" */
function describe(selection: ObjectSelection): string {
  const names = [...selection.prefixes.map((p) => `${baseName(p)}/`), ...selection.keys.map(baseName)];
  if (names.length <= 3) return names.join(', ');
  return `${names.slice(0, 2).join(', ')} and ${formatCount(names.length - 2)} more`;
}

/**
 * Confirms a delete by stating exactly how much goes (folders are counted first, since one
 * selected folder can hold a million objects), then deletes with progress.
 */
export function DeleteDialog({ selection, onClose }: { selection: ObjectSelection; onClose(): void }): ReactElement {
  const [phase, setPhase] = useState<Phase>({ step: 'counting' });
  const progress = useStore((state) => (phase.step === 'deleting' ? state.operations[phase.operationId] : undefined));
  const questionId = useId();
  const showNotice = useStore((state) => state.showNotice);

  useEffect(() => {
    let live = true;
    void countObjects(selection).then((result) => {
      if (!live) return;
      setPhase(
        result.ok
          ? { step: 'confirm', ...result.value }
          : { step: 'failed', message: `The objects to delete could not be counted: ${result.error.message}` },
      );
    });
    return () => {
      live = false;
    };
  }, [selection]);

  async function confirm(): Promise<void> {
    if (phase.step !== 'confirm') return;
    const operationId = newId('delete');
    setPhase({ step: 'deleting', count: phase.count, operationId });
    const result = await deleteObjects(selection, operationId);
    if (result.ok) {
      showNotice(`Deleted ${plural(result.value.deleted, 'object')}`);
      onClose();
      return;
    }
    const done = useStore.getState().operations[operationId]?.done ?? 0;
    setPhase({
      step: 'failed',
      message: `${done > 0 ? `Deleted ${formatCount(done)} of ${plural(phase.count, 'object')}, then stopped: ` : 'Nothing was deleted: '}${result.error.message}`,
    });
  }

  const deleting = phase.step === 'deleting';
  return (
    <Dialog
      title="Delete"
      onCancel={onClose}
      busy={deleting}
      describedBy={questionId}
      footer={
        phase.step === 'failed' ? (
          <button type="button" className="primary" onClick={onClose}>
            Close
          </button>
        ) : (
          <>
            <button type="button" onClick={onClose} disabled={deleting} data-autofocus>
              Cancel
            </button>
            <button type="button" className="danger" onClick={() => void confirm()} disabled={phase.step !== 'confirm'}>
              Delete
            </button>
          </>
        )
      }
    >
      <p className="dialog-subject">{describe(selection)}</p>
      {phase.step === 'counting' && (
        <p role="status" id={questionId}>
          Counting objects…
        </p>
      )}
      {phase.step === 'confirm' && (
        <p id={questionId} className="dialog-question">
          Delete {plural(phase.count, 'object')} ({formatSize(phase.bytes)})? This cannot be undone.
        </p>
      )}
      {deleting && (
        <div className="dialog-progress" id={questionId}>
          <ProgressBar label="Deleting" done={progress?.done ?? 0} total={progress?.total || phase.count} />
          <p>
            Deleted {formatCount(progress?.done ?? 0)} of {plural(progress?.total || phase.count, 'object')}…
          </p>
        </div>
      )}
      {phase.step === 'failed' && (
        <p role="alert" id={questionId} className="dialog-error">
          {phase.message}
        </p>
      )}
    </Dialog>
  );
}
