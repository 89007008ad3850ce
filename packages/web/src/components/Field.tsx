import type { ReactNode } from 'react';

interface FieldProps {
  label: string;
  hint?: string;
  error?: string | undefined;
  children: ReactNode;
  wide?: boolean;
}

/** A labelled control; wrapping the control in the label ties them together without ids. */
export function Field({ label, hint, error, children, wide }: FieldProps) {
  return (
    <label className={`field${error !== undefined ? ' field-invalid' : ''}${wide === true ? ' field-wide' : ''}`}>
      <span className="field-label">{label}</span>
      {children}
      {error !== undefined ? <span className="field-error">{error}</span> : hint !== undefined && <span className="field-hint">{hint}</span>}
    </label>
  );
}
