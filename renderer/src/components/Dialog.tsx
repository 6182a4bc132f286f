import { useEffect, useId, useRef, type KeyboardEvent, type ReactElement, type ReactNode } from 'react';
import { focusableIn, restoreFocus } from './focus';
import './Dialog.css';

/** What every dialog has: a title that names it, content, and the buttons at its foot. */
export interface DialogProps {
  title: string;
  children: ReactNode;
  /** Buttons, right-aligned; put the default action last. */
  footer: ReactNode;
  /** Escape and the close affordances call this. */
  onCancel(): void;
  /** When given, the content is a form: Enter submits. */
  onSubmit?(): void;
  /** While true (work in progress) Escape does nothing: the dialog closes when the work ends. */
  busy?: boolean;
  /** Id of the element that describes the dialog (its question, for confirmations). */
  describedBy?: string;
  width?: 'narrow' | 'wide';
}

/**
 * A modal dialog: named by its title, focus moves in on open (to `[data-autofocus]` or the first
 * control), stays trapped inside, Escape cancels, and focus returns where it was on close.
 */
export function Dialog({ title, children, footer, onCancel, onSubmit, busy = false, describedBy, width = 'narrow' }: DialogProps): ReactElement {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const previous = document.activeElement;
    const dialog = ref.current;
    if (dialog && !dialog.contains(document.activeElement)) {
      const target = dialog.querySelector<HTMLElement>('[data-autofocus]') ?? focusableIn(dialog)[0] ?? dialog;
      target.focus();
    }
    return () => restoreFocus(previous);
  }, []);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    if (event.key === 'Escape') {
      event.stopPropagation();
      event.preventDefault();
      if (!busy) onCancel();
      return;
    }
    if (event.key !== 'Tab' || !ref.current) return;
    const focusable = focusableIn(ref.current);
    if (focusable.length === 0) {
      event.preventDefault();
      return;
    }
    const first = focusable[0]!;
    const last = focusable[focusable.length - 1]!;
    if (event.shiftKey && (document.activeElement === first || !ref.current.contains(document.activeElement))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  }

  const body = (
    <>
      <div className="dialog-body">{children}</div>
      <div className="dialog-footer">{footer}</div>
    </>
  );

  return (
    // A click on the backdrop must not move focus out of the dialog.
    <div className="dialog-backdrop" onMouseDown={(event) => event.target === event.currentTarget && event.preventDefault()}>
      <div
        ref={ref}
        className={`dialog dialog-${width}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={describedBy}
        aria-busy={busy || undefined}
        tabIndex={-1}
        onKeyDown={onKeyDown}
      >
        <h2 id={titleId} className="dialog-title">{title}</h2>
        {onSubmit ? (
          <form
            className="dialog-form"
            noValidate
            onSubmit={(event) => {
              event.preventDefault();
              if (!busy) onSubmit();
            }}
          >
            {body}
          </form>
        ) : (
          body
        )}
      </div>
    </div>
  );
}
