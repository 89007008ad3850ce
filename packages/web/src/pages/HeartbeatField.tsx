import { defaultHeartbeatSeconds } from '../api/license-types';
import { Field } from '../components/Field';
import { heartbeatText } from '../lib/sessions';

interface HeartbeatFieldProps {
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  /** The grant form may leave it empty for the server's default; the edit form always has a value. */
  required?: boolean;
}

/** Seconds a concurrent session lives without a heartbeat (10 to 86400). */
export function HeartbeatField({ value, onChange, error, required = false }: HeartbeatFieldProps) {
  const seconds = Number(value);
  const valid = value !== '' && Number.isInteger(seconds) && seconds >= 10 && seconds <= 86_400;
  const hint = valid
    ? `${heartbeatText(seconds)} without a heartbeat ends a session`
    : required
      ? '10 to 86400 seconds'
      : `Empty: ${defaultHeartbeatSeconds} (${heartbeatText(defaultHeartbeatSeconds)})`;
  return (
    <Field label="Heartbeat (seconds)" hint={hint} error={error}>
      <input
        name="heartbeatSeconds"
        type="number"
        min={10}
        max={86_400}
        step={1}
        required={required}
        placeholder={String(defaultHeartbeatSeconds)}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </Field>
  );
}
