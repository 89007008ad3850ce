import { Field } from '../components/Field';

interface BorrowDaysFieldProps {
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}

/** How many days ahead a live session of a concurrent license may be borrowed for offline work; 0 allows none. */
export function BorrowDaysField({ value, onChange, error }: BorrowDaysFieldProps) {
  const days = Number(value);
  const hint = value === '' || days === 0 ? 'Empty or 0: sessions cannot be borrowed' : `A session may be borrowed for up to ${days} ${days === 1 ? 'day' : 'days'}, offline`;
  // The server checks the range (0 to 365) and names the field when it refuses.
  return (
    <Field label="Borrowing (days)" hint={hint} error={error}>
      <input name="maxBorrowDays" type="number" min={0} max={365} step={1} placeholder="0" value={value} onChange={(e) => onChange(e.target.value)} />
    </Field>
  );
}
