import { useState, type FormEvent, type ReactNode } from 'react';
import type { User } from '@allot/sdk/openapi';
import { Field } from './Field';

/** What a filter field's change handler reads of its event: an input's or a select's new value. */
interface FieldEvent {
  target: { value: string };
}
type FieldChange = (event: FieldEvent) => void;

interface FilterFormProps {
  /** Names the form for assistive technology: "Audit filters", "Planning period". */
  label: string;
  onSubmit: () => void;
  /** Offers a reset to no filter when given. */
  onReset?: () => void;
  submitLabel?: string;
  children: ReactNode;
}

/**
 * A list's filters, applied on submit rather than per keystroke, so that typing a name does not
 * fire a query per letter; and a reset to none.
 */
export function FilterForm({ label, onSubmit, onReset, submitLabel = 'Apply filters', children }: FilterFormProps) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="filters" onSubmit={submit} aria-label={label}>
      {children}
      <div className="filters-actions">
        <button type="submit" className="button button-primary">
          {submitLabel}
        </button>
        {onReset !== undefined && (
          <button type="button" className="button button-ghost" onClick={onReset}>
            Reset
          </button>
        )}
      </div>
    </form>
  );
}

/** The fields of a filter as typed, and a setter per field for its control's `onChange`. */
export function useFilterDraft<T extends { [K in keyof T]: string }>(empty: T) {
  const [draft, setDraft] = useState(empty);
  const change = (name: keyof T) => (event: FieldEvent) => setDraft((before) => ({ ...before, [name]: event.target.value }));
  return { draft, change, clear: () => setDraft(empty) };
}

/** Any user, or one of `users` by e-mail. */
export function UserFilterField({ users, value, onChange }: { users: readonly User[]; value: string; onChange: FieldChange }) {
  return (
    <Field label="User">
      <select name="userId" value={value} onChange={onChange}>
        <option value="">Any user</option>
        {users.map((user) => (
          <option key={user.id} value={user.id}>
            {user.email}
          </option>
        ))}
      </select>
    </Field>
  );
}

interface PeriodFilterFieldsProps {
  /** The zone the times are typed in, named in the labels. */
  timeZone: string;
  from: string;
  to: string;
  onFrom: FieldChange;
  onTo: FieldChange;
}

/** From and to, wall times in `timeZone` to the second. */
export function PeriodFilterFields({ timeZone, from, to, onFrom, onTo }: PeriodFilterFieldsProps) {
  return (
    <>
      <Field label={`From (${timeZone})`}>
        <input name="from" type="datetime-local" step={1} value={from} onChange={onFrom} />
      </Field>
      <Field label={`To (${timeZone})`}>
        <input name="to" type="datetime-local" step={1} value={to} onChange={onTo} />
      </Field>
    </>
  );
}
