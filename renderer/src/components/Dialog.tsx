import { useEffect, useId, useRef, type ReactElement, type ReactNode } from 'react';
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
export function Dialog({
  title,
  children,
  footer,
  onCancel,
  onSubmit,
  busy = false,
  describedBy,
  width = 'narrow',
}: DialogProps): ReactElement {
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);

  // Read by the document listeners below, which are attached once.
  const latest = useRef({ busy, onCancel });
  latest.current = { busy, onCancel };

  useEffect(() => {
    const previous = document.activeElement;
    const dialog = ref.current;
    if (dialog && !dialog.contains(document.activeElement)) {
      const target = dialog.querySelector<HTMLElement>('[data-autofocus]') ?? focusableIn(dialog)[0] ?? dialog;
      target.focus();
    }
    // Listening on the document, not the dialog: a button that disables itself while it works
    // drops focus to <body>, and Escape and Tab must still work then.
    function onKeyDown(event: globalThis.KeyboardEvent): void {
      if (!dialog) return;
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        if (!latest.current.busy) latest.current.onCancel();
      } else if (event.key === 'Tab') {
        trapTab(dialog, event);
      }
    }
    function onFocusIn(event: FocusEvent): void {
      if (dialog && event.target instanceof Node && !dialog.contains(event.target)) (focusableIn(dialog)[0] ?? dialog).focus();
    }
    document.addEventListener('keydown', onKeyDown, true);
    document.addEventListener('focusin', onFocusIn);
    return () => {
      document.removeEventListener('keydown', onKeyDown, true);
      document.removeEventListener('focusin', onFocusIn);
      restoreFocus(previous);
    };
  }, []);

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
      >
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
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

/** Keeps Tab and Shift+Tab cycling through the dialog's own controls. */
function trapTab(dialog: HTMLElement, event: globalThis.KeyboardEvent): void {
  const focusable = focusableIn(dialog);
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  const inside = dialog.contains(document.activeElement) && document.activeElement !== dialog;
  if (!first || !last) {
    event.preventDefault();
    return;
  }
  if (event.shiftKey && (!inside || document.activeElement === first)) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && (!inside || document.activeElement === last)) {
    event.preventDefault();
    first.focus();
  }
}
