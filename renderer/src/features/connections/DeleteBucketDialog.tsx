import { useId, useState, type ReactElement } from 'react';
import { Dialog } from '../../components/Dialog';
import { deleteBucket } from './connection-actions';
import { DialogActions } from '../../components/DialogActions';

/** Confirms deleting a bucket; S3 refuses unless it is empty, and that refusal is shown in words. */
export function DeleteBucketDialog({
  connectionId,
  bucket,
  onClose,
}: {
  connectionId: string;
  bucket: string;
  onClose(): void;
}): ReactElement {
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const questionId = useId();

  async function confirm(): Promise<void> {
    setBusy(true);
    setFailure(null);
    const result = await deleteBucket(connectionId, bucket);
    setBusy(false);
    if (result.ok) onClose();
    else setFailure(result.error.message);
  }

  return (
    <Dialog
      title="Delete bucket"
      onCancel={onClose}
      busy={busy}
      describedBy={questionId}
      footer={<DialogActions action="Delete" onCancel={onClose} onAction={() => void confirm()} busy={busy} tone="danger" />}
    >
      <p id={questionId}>Delete the bucket “{bucket}”? Only an empty bucket can be deleted. This cannot be undone.</p>
      {failure && (
        <p role="alert" className="dialog-error">
          {failure}
        </p>
      )}
    </Dialog>
  );
}
