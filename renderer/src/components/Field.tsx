import { useId, type ReactElement, type ReactNode } from 'react';

/** The ids a control needs to be labelled and described by its Field. */
export interface FieldControlProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

export interface FieldProps {
  label: string;
  /** Help shown under the control. */
  hint?: ReactNode;
  /** What is wrong with the value, shown under the control and announced with it. */
  error?: string | null;
  /** Renders the control with the ids that tie it to its label, hint and error. */
  children(control: FieldControlProps): ReactNode;
}

/** A form row: a visible label, the control, and its hint or error. */
export function Field({ label, hint, error, children }: FieldProps): ReactElement {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label className="field-label" htmlFor={id}>
        {label}
      </label>
      <div className="field-control">
        {children({ id, 'aria-describedby': describedBy, 'aria-invalid': error ? true : undefined })}
        {error && (
          <div id={errorId} className="field-error">
            {error}
          </div>
        )}
        {hint && (
          <div id={hintId} className="field-hint">
            {hint}
          </div>
        )}
      </div>
    </div>
  );
}
