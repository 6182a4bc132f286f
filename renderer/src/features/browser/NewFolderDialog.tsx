import { useState, type ReactElement } from 'react';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import type { Location } from '../../store/location';
import { createFolder } from './object-actions';
import { nameProblem } from './names';

/** Asks for a folder name and creates `<prefix><name>/`. */
export function NewFolderDialog({ location, onClose }: { location: Location; onClose(): void }): ReactElement {
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(): Promise<void> {
    const invalid = nameProblem(name, location.prefix);
    setProblem(invalid);
    if (invalid) return;
    setBusy(true);
    setFailure(null);
    const result = await createFolder(location, name);
    setBusy(false);
    if (result.ok) onClose();
    else setFailure(result.error.message);
  }

  return (
    <Dialog
      title="New folder"
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
      <Field label="Folder name" error={problem}>
        {(control) => <input {...control} type="text" data-autofocus value={name} onChange={(event) => setName(event.target.value)} spellCheck={false} />}
      </Field>
      {failure && <p role="alert" className="dialog-error">{failure}</p>}
    </Dialog>
  );
}
