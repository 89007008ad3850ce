import type { LicenseModel, Product, Solution } from '@allot/sdk/openapi';
import { api, ok, type ShownProblem } from '../api/client';
import { Field } from '../components/Field';
import { ProblemBanner } from '../components/ProblemBanner';
import { useLoad } from '../hooks/useLoad';
import { fieldError } from '../lib/form';
import { modelLabel } from '../lib/license';
import { licenseModelNames, modelSpec } from '../lib/license-models';

export interface LicenseSubject {
  model: LicenseModel;
  product: string;
  /** Module codes of the product; none picked means every module. */
  modules: string[];
  solution: string;
}

interface LicenseSubjectFieldsProps {
  value: LicenseSubject;
  onChange: (value: LicenseSubject) => void;
  problem: ShownProblem | null;
}


/** Model, then what it grants: a product with some or all modules, or a solution, from the catalog. */
export function LicenseSubjectFields({ value, onChange, problem }: LicenseSubjectFieldsProps) {
  const catalog = useLoad('grant-catalog', async () => {
    const [products, solutions] = await Promise.all([ok(api.GET('/v1/products', { params: { query: { limit: 500 } } })), ok(api.GET('/v1/solutions', { params: { query: { limit: 500 } } }))]);
    return { products, solutions };
  });
  const products = catalog.data?.products.items ?? [];
  const solutions = catalog.data?.solutions.items ?? [];
  const product = products.find((p) => p.code === value.product);
  const set = (change: Partial<LicenseSubject>) => onChange({ ...value, ...change });
  const toggle = (code: string, on: boolean) => set({ modules: on ? [...value.modules, code] : value.modules.filter((m) => m !== code) });

  return (
    <>
      <ProblemBanner problem={catalog.problem} context="Could not load the catalog" />
      <div className="form-grid">
        <Field label="Model" hint={modelSpec(value.model).description} error={fieldError(problem, 'model')}>
          <select name="model" value={value.model} onChange={(e) => set({ model: licenseModelNames().find((m) => m === e.target.value) ?? 'named' })}>
            {licenseModelNames().map((m) => (
              <option key={m} value={m}>
                {modelLabel(m)}
              </option>
            ))}
          </select>
        </Field>
        {modelSpec(value.model).subject === 'solution' ? (
          <Field label="Solution" hint={solutions.length === 0 ? 'The catalog has no solutions yet' : undefined} error={fieldError(problem, 'solution')}>
            <select name="solution" required value={value.solution} onChange={(e) => set({ solution: e.target.value })}>
              <option value="">Choose a solution</option>
              {solutions.map((s) => (
                <option key={s.code} value={s.code}>
                  {s.name} ({s.code})
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <Field label="Product" hint={products.length === 0 ? 'The catalog has no products yet' : undefined} error={fieldError(problem, 'product')}>
            <select name="product" required value={value.product} onChange={(e) => set({ product: e.target.value, modules: [] })}>
              <option value="">Choose a product</option>
              {products.map((p) => (
                <option key={p.code} value={p.code}>
                  {p.name} ({p.code})
                </option>
              ))}
            </select>
          </Field>
        )}
      </div>
      {modelSpec(value.model).subject === 'product' && product !== undefined && product.modules.length > 0 && (
        <fieldset className={fieldError(problem, 'modules') !== undefined || problem?.code === 'unknown_module' ? 'field-invalid' : undefined}>
          <legend className="field-label">Modules ({value.modules.length === 0 ? 'none picked: every module' : `${value.modules.length} picked`})</legend>
          <div className="role-options">
            {product.modules.map((module) => (
              <label key={module.code} className="check">
                <input type="checkbox" checked={value.modules.includes(module.code)} onChange={(e) => toggle(module.code, e.target.checked)} />
                <span>
                  {module.name} <span className="mono muted">{module.code}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>
      )}
    </>
  );
}
