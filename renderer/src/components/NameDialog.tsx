import { useState, type ReactElement } from 'react';
import { Dialog } from './Dialog';
import { Field } from './Field';
import { DialogActions } from './DialogActions';

/** What a "name something, then create it" dialog needs. */
export interface NameDialogProps {
  title: string;
  label: string;
  hint?: string;
  /** A sentence saying what is wrong with the name, or null when it is fine. */
  validate(name: string): string | null;
  create(name: string): Promise<{ ok: true } | { ok: false; error: { message: string } }>;
  onClose(): void;
}

/**
 * One text field, Cancel and Create: checks the name as typed rules say, creates it, and shows
 * a failure in words without closing, so the person can fix the name and retry.
 */
export function NameDialog({ title, label, hint, validate, create, onClose }: NameDialogProps): ReactElement {
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(): Promise<void> {
    const invalid = validate(name);
    setProblem(invalid);
    if (invalid) return;
    setBusy(true);
    setFailure(null);
    const result = await create(name);
    setBusy(false);
    if (result.ok) onClose();
    else setFailure(result.error.message);
  }

  return (
    <Dialog
      title={title}
      onCancel={onClose}
      onSubmit={() => void submit()}
      busy={busy}
      footer={<DialogActions action="Create" onCancel={onClose} busy={busy} />}
    >
      <Field label={label} error={problem} {...(hint ? { hint } : {})}>
        {(control) => (
          <input
            {...control}
            type="text"
            data-autofocus
            value={name}
            onChange={(event) => setName(event.target.value)}
            spellCheck={false}
          />
        )}
      </Field>
      {failure && (
        <p role="alert" className="dialog-error">
          {failure}
        </p>
      )}
    </Dialog>
  );
}
