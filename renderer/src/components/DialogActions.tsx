import type { ReactElement } from 'react';

/** The foot of most dialogs: Cancel, then the dialog's one action. */
export interface DialogActionsProps {
  /** The action's label, a verb: "Create", "Delete". */
  action: string;
  onCancel(): void;
  /** Given: the action is a plain button calling this. Absent: it submits the dialog's form (Enter does too). */
  onAction?(): void;
  /** While true both buttons are disabled: the dialog closes when the work ends. */
  busy: boolean;
  /** Disables the action only (the input is not valid yet). */
  disabled?: boolean;
  /** Destructive actions are red, and Cancel takes the focus so Enter does not destroy. */
  tone?: 'primary' | 'danger';
}

export function DialogActions({ action, onCancel, onAction, busy, disabled = false, tone = 'primary' }: DialogActionsProps): ReactElement {
  const danger = tone === 'danger';
  return (
    <>
      <button type="button" onClick={onCancel} disabled={busy} {...(danger ? { 'data-autofocus': true } : {})}>
        Cancel
      </button>
      <button
        type={onAction ? 'button' : 'submit'}
        className={tone}
        {...(onAction ? { onClick: onAction } : {})}
        disabled={busy || disabled}
      >
        {action}
      </button>
    </>
  );
}
