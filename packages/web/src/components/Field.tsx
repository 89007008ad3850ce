import { cloneElement, useEffect, useId, type ReactElement } from 'react';

interface ControlProps {
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

interface FieldProps {
  label: string;
  hint?: string;
  error?: string | undefined;
  /** One input, select or textarea. */
  children: ReactElement<ControlProps>;
  wide?: boolean;
}

/**
 * A labelled control with a hint or an inline error. The label points at the control by id rather
 * than wrapping it, so the control's accessible name is the label alone (a wrapped select would
 * add its chosen option to it); the hint or error describes the control. When an error appears, the
 * form's first invalid control takes focus, so that the person lands where to correct it.
 */
export function Field({ label, hint, error, children, wide }: FieldProps) {
  const controlId = useId();
  const noteId = useId();
  const note = error ?? hint;
  useEffect(() => {
    if (error === undefined) return;
    const control = document.getElementById(controlId);
    const scope = control?.closest('form') ?? control?.parentElement?.parentElement;
    if (control !== null && scope?.querySelector('[aria-invalid="true"]') === control) control.focus();
  }, [error, controlId]);
  const control = cloneElement(children, {
    id: controlId,
    'aria-describedby': note === undefined ? undefined : noteId,
    'aria-invalid': error === undefined ? undefined : true,
  });
  return (
    <div className={`field${error !== undefined ? ' field-invalid' : ''}${wide === true ? ' field-wide' : ''}`}>
      <label className="field-label" htmlFor={controlId}>
        {label}
      </label>
      {control}
      {note !== undefined && (
        <span id={noteId} className={error !== undefined ? 'field-error' : 'field-hint'}>
          {note}
        </span>
      )}
    </div>
  );
}
