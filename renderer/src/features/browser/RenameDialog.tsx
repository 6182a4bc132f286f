import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { ObjectEntry } from '../../../../preload/contract';
import { Dialog } from '../../components/Dialog';
import { Field } from '../../components/Field';
import { ProgressBar } from '../../components/ProgressBar';
import { formatCount } from '../../lib/format';
import { baseName, type Location } from '../../store/location';
import { useStore } from '../../store/store';
import { newId } from './browser-actions';
import { renameEntry } from './object-actions';
import { nameProblem, stemLength } from './names';
import { DialogActions } from '../../components/DialogActions';

/** Renames an object, or a folder with everything in it (a move, with progress). */
export function RenameDialog({ location, entry, onClose }: { location: Location; entry: ObjectEntry; onClose(): void }): ReactElement {
  const current = baseName(entry.name);
  const [name, setName] = useState(current);
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [operationId, setOperationId] = useState<string | null>(null);
  const progress = useStore((state) => (operationId ? state.operations[operationId] : undefined));
  const input = useRef<HTMLInputElement>(null);

  useEffect(() => {
    // Like Finder and Explorer: the name is selected, the extension is not.
    const field = input.current;
    if (!field) return;
    field.focus();
    field.setSelectionRange(0, entry.kind === 'folder' ? current.length : stemLength(current));
  }, [current, entry.kind]);

  async function submit(): Promise<void> {
    if (name === current) {
      onClose();
      return;
    }
    const invalid = nameProblem(name, location.prefix);
    setProblem(invalid);
    if (invalid) return;
    const id = newId('move');
    setOperationId(id);
    setFailure(null);
    const result = await renameEntry(location, entry, name, id);
    setOperationId(null);
    if (result.ok) onClose();
    else setFailure(result.error.message);
  }

  const busy = operationId !== null;
  return (
    <Dialog
      title="Rename"
      onCancel={onClose}
      onSubmit={() => void submit()}
      busy={busy}
      footer={<DialogActions action="Rename" onCancel={onClose} busy={busy} />}
    >
      <Field
        label="New name"
        error={problem}
        hint={entry.kind === 'folder' ? 'Every object in the folder is moved to the new name.' : undefined}
      >
        {(control) => (
          <input
            {...control}
            ref={input}
            type="text"
            value={name}
            onChange={(event) => setName(event.target.value)}
            spellCheck={false}
            disabled={busy}
          />
        )}
      </Field>
      {busy && progress && progress.total > 0 && (
        <div className="dialog-progress">
          <ProgressBar label="Renaming" done={progress.done} total={progress.total} />
          <p>
            Moved {formatCount(progress.done)} of {formatCount(progress.total)} objects…
          </p>
        </div>
      )}
      {failure && (
        <p role="alert" className="dialog-error">
          {failure}
        </p>
      )}
    </Dialog>
  );
}
