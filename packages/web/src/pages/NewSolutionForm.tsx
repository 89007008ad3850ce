import { useState, type FormEvent } from 'react';
import type { Solution } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useLoad } from '../hooks/useLoad';
import { useSubmit } from '../hooks/useSubmit';
import { codeHint, fieldError, isFormProblem } from '../lib/form';

interface NewSolutionFormProps {
  /** Bumped when products change, so new modules can be picked. */
  catalogVersion: number;
  onCreated: (solution: Solution) => void;
  onCancel: () => void;
}

export function NewSolutionForm({ catalogVersion, onCreated, onCancel }: NewSolutionFormProps) {
  const products = useLoad(`products:${catalogVersion}`, () => ok(api.GET('/v1/products', { params: { query: { limit: 500 } } })));
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [modules, setModules] = useState<string[]>([]);
  const submit = useSubmit();

  const toggle = (ref: string, on: boolean) => setModules((refs) => (on ? [...refs, ref] : refs.filter((r) => r !== ref)));
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void submit.run(async () => onCreated(await ok(api.POST('/v1/solutions', { body: { code: code.trim(), name: name.trim(), modules } }))));
  };

  return (
    <form className="form" onSubmit={onSubmit} aria-label="New solution">
      {isFormProblem(submit.problem, ['code', 'name', 'modules']) && <ProblemBanner problem={submit.problem} context="Could not create the solution" />}
      <ProblemBanner problem={products.problem} context="Could not load products" />
      <div className="form-grid">
        <Field label="Solution code" hint={codeHint} error={fieldError(submit.problem, 'code')}>
          <input name="code" className="mono" required maxLength={64} value={code} onChange={(e) => setCode(e.target.value)} />
        </Field>
        <Field label="Solution name" error={fieldError(submit.problem, 'name')}>
          <input name="name" required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
      </div>
      <fieldset className={`module-picker${fieldError(submit.problem, 'modules') !== undefined ? ' field-invalid' : ''}`}>
        <legend className="field-label">Modules ({modules.length} chosen)</legend>
        {products.data !== null && products.data.items.every((product) => product.modules.length === 0) && <p className="muted">Create a product with modules first.</p>}
        {products.data?.items
          .filter((product) => product.modules.length > 0)
          .map((product) => (
            <div key={product.id} className="module-group">
              <div className="module-group-title">
                {product.name} <span className="mono muted">{product.code}</span>
              </div>
              <div className="role-options">
                {product.modules.map((module) => {
                  const ref = `${product.code}:${module.code}`;
                  return (
                    <label key={ref} className="check">
                      <input type="checkbox" checked={modules.includes(ref)} onChange={(e) => toggle(ref, e.target.checked)} />
                      <span>
                        {module.name} <span className="mono muted">{ref}</span>
                      </span>
                    </label>
                  );
                })}
              </div>
            </div>
          ))}
        {fieldError(submit.problem, 'modules') !== undefined && <span className="field-error">{fieldError(submit.problem, 'modules')}</span>}
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy || modules.length === 0}>
          Create solution
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
