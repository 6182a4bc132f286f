import { useId, useState, type ReactElement } from 'react';
import { Dialog } from '../../components/Dialog';
import { useStore } from '../../store/store';
import { removeConnection } from './connection-actions';
import { DialogActions } from '../../components/DialogActions';

/** Confirms removing a saved connection (its buckets are untouched; its saved secret goes). */
export function RemoveConnectionDialog({ connectionId, onClose }: { connectionId: string; onClose(): void }): ReactElement {
  const name = useStore((state) => state.connections.find((c) => c.id === connectionId)?.name ?? 'this connection');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const questionId = useId();

  async function confirm(): Promise<void> {
    setBusy(true);
    const result = await removeConnection(connectionId);
    setBusy(false);
    if (result.ok) onClose();
    else setFailure(result.error.message);
  }

  return (
    <Dialog
      title="Remove connection"
      onCancel={onClose}
      busy={busy}
      describedBy={questionId}
      footer={<DialogActions action="Remove" onCancel={onClose} onAction={() => void confirm()} busy={busy} tone="danger" />}
    >
      <p id={questionId}>
        Remove “{name}” from Pail? Its buckets and objects are not touched; its saved secret access key is deleted from this computer.
      </p>
      {failure && (
        <p role="alert" className="dialog-error">
          {failure}
        </p>
      )}
    </Dialog>
  );
}
