import { useState, type FormEvent } from 'react';
import type { AccessCode, User } from '@allot/sdk/openapi';
import { Field } from '../components/Field';
import { accessCodeLabel, denialCodes } from '../lib/access';
import { instantFromZonedInput } from '../lib/dates';

export interface DeniedFilter {
  userId: string;
  module: string;
  code: AccessCode | '';
  from: string | undefined;
  to: string | undefined;
}

export const noDeniedFilter: DeniedFilter = { userId: '', module: '', code: '', from: undefined, to: undefined };

/** Filters of the denied-access log, applied on submit. */
/** Dates are typed in the tenant's zone, like the log's times. */
export function DeniedFilters({ users, timeZone, onApply }: { users: readonly User[]; timeZone: string; onApply: (filter: DeniedFilter) => void }) {
  const [userId, setUserId] = useState('');
  const [module, setModule] = useState('');
  const [code, setCode] = useState<AccessCode | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    onApply({ userId, module: module.trim(), code, from: instantFromZonedInput(from, timeZone), to: instantFromZonedInput(to, timeZone) });
  };
  const reset = () => {
    setUserId('');
    setModule('');
    setCode('');
    setFrom('');
    setTo('');
    onApply(noDeniedFilter);
  };

  return (
    <form className="filters" onSubmit={onSubmit} aria-label="Denied access filters">
      <Field label="User">
        <select name="userId" value={userId} onChange={(e) => setUserId(e.target.value)}>
          <option value="">Any user</option>
          {users.map((user) => (
            <option key={user.id} value={user.id}>
              {user.email}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Module" hint="product:module">
        <input name="module" className="mono" value={module} onChange={(e) => setModule(e.target.value)} />
      </Field>
      <Field label="Reason">
        <select name="code" value={code} onChange={(e) => setCode(denialCodes.find((c) => c === e.target.value) ?? '')}>
          <option value="">Any reason</option>
          {denialCodes.map((c) => (
            <option key={c} value={c}>
              {accessCodeLabel(c)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={`From (${timeZone})`}>
        <input name="from" type="datetime-local" step={1} value={from} onChange={(e) => setFrom(e.target.value)} />
      </Field>
      <Field label={`To (${timeZone})`}>
        <input name="to" type="datetime-local" step={1} value={to} onChange={(e) => setTo(e.target.value)} />
      </Field>
      <div className="filters-actions">
        <button type="submit" className="button button-primary">
          Apply filters
        </button>
        <button type="button" className="button button-ghost" onClick={reset}>
          Reset
        </button>
      </div>
    </form>
  );
}
