import { useState, type ReactElement } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { bucketNameProblem } from './bucket-names';
import { createBucket } from './connection-actions';

/** Asks for a bucket name and creates it. */
export function NewBucketDialog({ connectionId, onClose }: { connectionId: string; onClose(): void }): ReactElement {
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(): Promise<void> {
    const invalid = bucketNameProblem(name);
    setProblem(invalid);
    if (invalid) return;
    setBusy(true);
    setFailure(null);
    const result = await createBucket(connectionId, name);
    setBusy(false);
    if (result.ok) onClose();
    else setFailure(result.error.message);
  }

  return (
    <Dialog
      title="New bucket"
      onCancel={onClose}
      onSubmit={() => void submit()}
      busy={busy}
      footer={
        <>
          <button type="button" onClick={onClose} disabled={busy}>Cancel</button>
          <button type="submit" className="primary" disabled={busy}>Create</button>
        </>
      }
    >
      <Field label="Bucket name" error={problem} hint="3–63 characters: lowercase letters, digits, dots and hyphens.">
        {(control) => <input {...control} type="text" data-autofocus value={name} onChange={(e) => setName(e.target.value)} spellCheck={false} />}
      </Field>
      {failure && <p role="alert" className="dialog-error">{failure}</p>}
    </Dialog>
  );
}
