// Where focus goes when part of the page appears: one rule for forms, dialogs and errors.

const fieldSelector = 'input:not([type="hidden"]):not(:disabled), select:not(:disabled), textarea:not(:disabled)';

/** Focuses the first field inside `root`, or `root`'s first focusable element when it has no field; true when something took focus. */
export function focusFirstField(root: HTMLElement): boolean {
  const field = root.querySelector<HTMLElement>(fieldSelector) ?? root.querySelector<HTMLElement>('button:not(:disabled), a[href], [tabindex]:not([tabindex="-1"])');
  field?.focus();
  return field !== null;
}
