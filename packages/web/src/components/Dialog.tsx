import { useEffect, useId, useRef, type ReactNode } from 'react';
import { focusFirstField } from '../lib/focus';

interface DialogProps {
  title: string;
  /** Under the title. */
  description?: ReactNode;
  onClose: () => void;
  children: ReactNode;
}

/**
 * A modal dialog on the browser's own `<dialog>`: focus stays inside, Escape closes it, the page
 * behind is inert. Rendered only while open; closing is the parent's decision (onClose). The first
 * field takes focus on opening; on closing, focus goes back to what opened it.
 */
export function Dialog({ title, description, onClose, children }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descriptionId = useId();
  useEffect(() => {
    const dialog = ref.current;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (dialog !== null && !dialog.open) {
      dialog.showModal();
      focusFirstField(dialog);
    }
    return () => {
      dialog?.close();
      // The opener may have gone with the dialog's result (a row removed): then focus stays where the page puts it.
      if (opener?.isConnected === true) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      aria-describedby={description === undefined ? undefined : descriptionId}
      onCancel={(event) => {
        // Escape: let the parent close it, so that its state says closed too.
        event.preventDefault();
        onClose();
      }}
    >
      <div className="dialog-header">
        <h2 id={titleId}>{title}</h2>
        {description !== undefined && (
          <p id={descriptionId} className="panel-description">
            {description}
          </p>
        )}
      </div>
      <div className="dialog-body">{children}</div>
    </dialog>
  );
}
