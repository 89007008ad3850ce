import { useState, type FormEvent } from 'react';
import type { Product } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useSubmit } from '../hooks/useSubmit';
import { codeHint, fieldError, isFormProblem } from '../lib/form';

interface ModuleDraft {
  /** Stable React key while rows are added and removed. */
  key: number;
  code: string;
  name: string;
}

export function NewProductForm({ onCreated, onCancel }: { onCreated: (product: Product) => void; onCancel: () => void }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [modules, setModules] = useState<ModuleDraft[]>([{ key: 0, code: '', name: '' }]);
  const [nextKey, setNextKey] = useState(1);
  const submit = useSubmit();

  const edit = (key: number, change: Partial<ModuleDraft>) => setModules((rows) => rows.map((row) => (row.key === key ? { ...row, ...change } : row)));
  const add = () => {
    setModules((rows) => [...rows, { key: nextKey, code: '', name: '' }]);
    setNextKey((n) => n + 1);
  };
  const remove = (key: number) => setModules((rows) => rows.filter((row) => row.key !== key));

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    // Blank rows are ignored so that the one empty row offered at the start does not get in the way.
    const filled = modules.filter((row) => row.code.trim() !== '' || row.name.trim() !== '');
    const body = { code: code.trim(), name: name.trim(), modules: filled.map((row) => ({ code: row.code.trim(), name: row.name.trim() })) };
    void submit.run(async () => onCreated(await ok(api.POST('/v1/products', { body }))));
  };

  return (
    <form className="form" onSubmit={onSubmit} aria-label="New product">
      {isFormProblem(submit.problem, ['code', 'name', 'modules']) && <ProblemBanner problem={submit.problem} context="Could not create the product" />}
      <div className="form-grid">
        <Field label="Product code" hint={codeHint} error={fieldError(submit.problem, 'code')}>
          <input name="code" className="mono" required maxLength={64} value={code} onChange={(e) => setCode(e.target.value)} />
        </Field>
        <Field label="Product name" error={fieldError(submit.problem, 'name')}>
          <input name="name" required value={name} onChange={(e) => setName(e.target.value)} />
        </Field>
      </div>
      <fieldset className="module-rows">
        <legend className="field-label">Modules</legend>
        {modules.map((row, index) => (
          <div key={row.key} className="module-row">
            <Field label={`Module ${index + 1} code`} error={fieldError(submit.problem, `modules.${index}.code`)}>
              <input className="mono" maxLength={64} value={row.code} onChange={(e) => edit(row.key, { code: e.target.value })} />
            </Field>
            <Field label={`Module ${index + 1} name`} error={fieldError(submit.problem, `modules.${index}.name`)}>
              <input value={row.name} onChange={(e) => edit(row.key, { name: e.target.value })} />
            </Field>
            <button type="button" className="button button-small button-ghost" onClick={() => remove(row.key)} aria-label={`Remove module ${index + 1}`}>
              Remove
            </button>
          </div>
        ))}
        <button type="button" className="button button-small" onClick={add}>
          Add module
        </button>
      </fieldset>
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={submit.busy}>
          Create product
        </button>
        <button type="button" className="button button-ghost" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
