import { useState } from 'react';

/** A secret shown once, selectable and with a copy button. */
export function CopyBox({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
    } catch {
      // The clipboard needs a secure context (HTTPS or localhost); the text stays selectable.
      setCopied(false);
    }
  };
  return (
    <div className="copy-box">
      <input className="copy-value mono" readOnly value={value} aria-label={label} onFocus={(event) => event.target.select()} />
      <button type="button" className="button" onClick={() => void copy()}>
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
