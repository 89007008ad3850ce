import type { NewLicense } from '@allot/sdk/openapi';
import type { ShownProblem } from '../api/client';
import { Field } from '../components/Field';
import { fieldError } from '../lib/form';
import { fieldDefault, hasField, modelSpec } from '../lib/license-models';

/** The fields a consumption model adds, as the inputs hold them. */
export interface ConsumptionValues {
  /** Hits: '' for every hit on the modules, or one bundle. */
  bundle: '' | NonNullable<NewLicense['bundle']>;
  /** Active users: '' for the server's default. */
  retentionDays: string;
  /** Volume: the business object counted. */
  objectKind: string;
  /** Volume: statuses that count, separated by commas; '' for every status. */
  countedStatuses: string;
}

export const noConsumptionValues: ConsumptionValues = { bundle: '', retentionDays: '', objectKind: '', countedStatuses: '' };

/** The names the server gives these fields in its problems, for the form's banner logic. */
export const consumptionFieldNames = ['bundle', 'retentionDays', 'objectKind', 'countedStatuses'];

/** "active, in use" → ["active", "in use"]; empty → undefined (every status counts). */
export function statusList(text: string): string[] | undefined {
  const statuses = [...new Set(text.split(',').map((s) => s.trim()).filter((s) => s !== ''))];
  return statuses.length === 0 ? undefined : statuses;
}

/** The request fields of a new license of `model`, leaving out what the server defaults. */
export function consumptionBody(model: string, values: ConsumptionValues): Record<string, unknown> {
  const statuses = statusList(values.countedStatuses);
  return {
    ...(hasField(model, 'bundle') && values.bundle !== '' && { bundle: values.bundle }),
    ...(hasField(model, 'retentionDays') && values.retentionDays !== '' && { retentionDays: Number(values.retentionDays) }),
    ...(hasField(model, 'objectKind') && { objectKind: values.objectKind.trim() }),
    ...(hasField(model, 'countedStatuses') && statuses !== undefined && { countedStatuses: statuses }),
  };
}

interface ConsumptionFieldsProps {
  model: string;
  value: ConsumptionValues;
  onChange: (value: ConsumptionValues) => void;
  problem: ShownProblem | null;
  /** Editing an existing license: the bundle and the object kind are fixed once granted. */
  editing?: boolean;
}

/** Bundle (hits), retention (active users), object kind and counted statuses (volume), in cells of a form grid. */
export function ConsumptionFields({ model, value, onChange, problem, editing = false }: ConsumptionFieldsProps) {
  const set = (change: Partial<ConsumptionValues>) => onChange({ ...value, ...change });
  // A field shows when the model has it; editing, only when a PATCH may change it.
  const shown = (name: 'bundle' | 'retentionDays' | 'objectKind' | 'countedStatuses') => modelSpec(model).fields.some((f) => f.name === name && (!editing || f.changeable));
  const retentionDefault = fieldDefault(model, 'retentionDays');
  return (
    <>
      {shown('bundle') && (
      <Field label="Bundle" hint="Queries are lists and reports; transactions are changes" error={fieldError(problem, 'bundle')}>
        <select name="bundle" value={value.bundle} onChange={(e) => set({ bundle: e.target.value === 'query' || e.target.value === 'transaction' ? e.target.value : '' })}>
          <option value="">None: every hit counts</option>
          <option value="query">Query bundle</option>
          <option value="transaction">Transaction bundle</option>
        </select>
      </Field>
      )}
      {shown('retentionDays') && (
      <Field label="Retention (days)" hint={`30 to 365; a link lasts this long after the last access${editing ? '' : `. Empty: ${retentionDefault}`}`} error={fieldError(problem, 'retentionDays')}>
        <input
          name="retentionDays"
          type="number"
          min={30}
          max={365}
          step={1}
          required={editing}
          placeholder={String(retentionDefault)}
          value={value.retentionDays}
          onChange={(e) => set({ retentionDays: e.target.value })}
        />
      </Field>
      )}
        {shown('objectKind') && (
          <Field label="Object kind" hint="The business object counted, e.g. property_set" error={fieldError(problem, 'objectKind')}>
            <input name="objectKind" className="mono" required value={value.objectKind} onChange={(e) => set({ objectKind: e.target.value })} />
          </Field>
        )}
        {shown('countedStatuses') && (
        <Field label="Counted statuses" hint="Separated by commas; empty: every status counts" error={fieldError(problem, 'countedStatuses')}>
          <input name="countedStatuses" value={value.countedStatuses} placeholder="active, in use" onChange={(e) => set({ countedStatuses: e.target.value })} />
        </Field>
        )}
    </>
  );
}
