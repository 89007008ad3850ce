import type { BulkAssignment } from '@allot/sdk/openapi';
import type { ShownProblem } from '../api/client';
import { Field } from '../components/Field';
import { fieldError } from '../lib/form';

export type PickOrder = BulkAssignment['auto'];

interface AutoPickFieldsProps {
  order: PickOrder;
  onOrder: (order: PickOrder) => void;
  count: string;
  onCount: (count: string) => void;
  /** What the count counts: "Number of licenses", "Licenses per device". */
  countLabel: string;
  maxCount: number;
  category: string;
  onCategory: (category: string) => void;
  /** The categories in the pool; none while it loads says nothing yet. */
  categories: readonly string[];
  poolLoading: boolean;
  problem: ShownProblem | null;
}

/** LANCOM's default assignment: shortest or longest term first, how many, of which category. */
export function AutoPickFields({ order, onOrder, count, onCount, countLabel, maxCount, category, onCategory, categories, poolLoading, problem }: AutoPickFieldsProps) {
  return (
    <div className="form-grid">
      <Field label="Preferably assign">
        <select name="auto" value={order} onChange={(e) => onOrder(e.target.value === 'longest' ? 'longest' : 'shortest')}>
          <option value="shortest">Shortest term first</option>
          <option value="longest">Longest term first</option>
        </select>
      </Field>
      <Field label={countLabel} error={fieldError(problem, 'count')}>
        <input name="count" type="number" min={1} max={maxCount} step={1} required value={count} onChange={(e) => onCount(e.target.value)} />
      </Field>
      <Field label="Category" hint={categories.length === 0 && !poolLoading ? 'The pool is empty' : undefined}>
        <select name="category" value={category} onChange={(e) => onCategory(e.target.value)}>
          <option value="">Any (the first in the pool)</option>
          {categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
