import { useState, type FormEvent } from 'react';
import type { IssuedDayCode, Product } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { fieldError, isFormProblem } from '../lib/form';

interface IssueDayCodeFormProps {
  tenantId: string;
  timeZone: string;
  products: readonly Product[];
  onIssued: (issued: IssuedDayCode) => void;
  onCancel: () => void;
}

const shownFields = ['module', 'validOn'];

/** A vendor issues a day code: one module of the catalog, for one day of the tenant (today unless a later day is picked). */
export function IssueDayCodeForm({ tenantId, timeZone, products, onIssued, onCancel }: IssueDayCodeFormProps) {
  const [module, setModule] = useState('');
  const [validOn, setValidOn] = useState('');
  const submit = useSubmit();

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => onIssued(await ok(api.POST('/v1/tenants/{t}/day-codes', { params: { path: { t: tenantId } }, body: { module, ...(validOn !== '' && { validOn }) } }))));
  };

  const problem = submit.problem;
  const moduleError = fieldError(problem, 'module') ?? (problem?.code === 'unknown_module' ? problem.detail : undefined);
  return (
    <form className="form" onSubmit={onSubmit} aria-label="Issue day code">
      {isFormProblem(problem, shownFields) && problem?.code !== 'unknown_module' && <ProblemBanner problem={problem} context="Could not issue the day code" />}
      <div className="form-grid">
        <Field label="Module" hint={products.length === 0 ? 'The catalog has no products yet' : 'One module of the catalog'} error={moduleError}>
          <select name="module" required value={module} onChange={(e) => setModule(e.target.value)}>
            <option value="">Choose a module</option>
            {products.map((product) => (
              <optgroup key={product.code} label={`${product.name} (${product.code})`}>
                {product.modules.map((m) => (
                  <option key={m.code} value={`${product.code}:${m.code}`}>
                    {m.name} — {product.code}:{m.code}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </Field>
        <Field label="Valid on" hint={`Empty: today in ${timeZone}`} error={fieldError(problem, 'validOn')}>
          <input name="validOn" type="date" value={validOn} onChange={(e) => setValidOn(e.target.value)} />
        </Field>
      </div>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Issue day code
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
