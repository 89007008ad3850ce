import { Field } from '../components/Field';
import { fieldDefault } from '../lib/license-models';
import { heartbeatText } from '../lib/sessions';

interface HeartbeatFieldProps {
  /** The license model, whose default heartbeat the hint names. */
  model: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  /** The grant form may leave it empty for the server's default; the edit form always has a value. */
  required?: boolean;
}

/** Seconds a concurrent session lives without a heartbeat (10 to 86400). */
export function HeartbeatField({ model, value, onChange, error, required = false }: HeartbeatFieldProps) {
  const defaultSeconds = fieldDefault(model, 'heartbeatSeconds') ?? 0;
  const seconds = Number(value);
  const valid = value !== '' && Number.isInteger(seconds) && seconds >= 10 && seconds <= 86_400;
  const hint = valid
    ? `${heartbeatText(seconds)} without a heartbeat ends a session`
    : required
      ? '10 to 86400 seconds'
      : `Empty: ${defaultSeconds} (${heartbeatText(defaultSeconds)})`;
  return (
    <Field label="Heartbeat (seconds)" hint={hint} error={error}>
      <input
        name="heartbeatSeconds"
        type="number"
        min={10}
        max={86_400}
        step={1}
        required={required}
        placeholder={String(defaultSeconds)}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}
