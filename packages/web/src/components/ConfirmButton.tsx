import { useState } from 'react';

interface ConfirmButtonProps {
  label: string;
  confirmLabel?: string;
  onConfirm: () => unknown;
  busy?: boolean;
}

/** A destructive action that asks once in place, instead of a browser dialog. */
export function ConfirmButton({ label, confirmLabel, onConfirm, busy }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="button button-small button-danger-ghost" onClick={() => setAsking(true)} disabled={busy}>
        {label}
      </button>
    );
  }
  return (
    <span className="confirm">
      <button
        type="button"
        className="button button-small button-danger"
        disabled={busy}
        onClick={() => {
          setAsking(false);
          void onConfirm();
        }}
      >
        {confirmLabel ?? `Yes, ${label.toLowerCase()}`}
      </button>
      <button type="button" className="button button-small button-ghost" onClick={() => setAsking(false)}>
        Cancel
      </button>
    </span>
  );
}
