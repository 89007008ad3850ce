import { borrowDaysRange, licenseModels, modelFieldNames, modelOfField, modelSpec, retentionRange, type LicenseModel, type ModelFieldName } from './license-model.js';
import { fileLicenseProblem, type LicenseProblem } from './file-license.js';
import { compareCodes } from './module-ref.js';
import { quantityIsUnlimited, validityBound, type HitBundle, type License, type LicenseSource } from './license.js';

/**
 * A license as asked for, by the API's create body or a license file's entry. A field that is
 * null or absent is not given.
 */
export interface LicenseInput {
  code: string;
  name: string;
  /** Text, since a license file may carry a model this installation does not know. */
  model: string;
  product?: string | null | undefined;
  modules?: readonly string[] | null | undefined;
  solution?: string | null | undefined;
  quantity?: number | null | undefined;
  unlimited?: boolean | null | undefined;
  validFrom?: string | null | undefined;
  validUntil?: string | null | undefined;
  package?: string | null | undefined;
  thresholdPercent?: number | null | undefined;
  role?: string | null | undefined;
  heartbeatSeconds?: number | null | undefined;
  maxBorrowDays?: number | null | undefined;
  bundle?: string | null | undefined;
  retentionDays?: number | null | undefined;
  objectKind?: string | null | undefined;
  countedStatuses?: readonly string[] | null | undefined;
}

export type LicenseOutcome = { ok: true; license: License } | { ok: false; problem: LicenseProblem };

/** A change of a license (PATCH): absent fields stay as they are; null clears where that makes sense. */
export interface LicenseChange {
  name?: string | undefined;
  quantity?: number | undefined;
  unlimited?: boolean | undefined;
  validFrom?: string | undefined;
  validUntil?: string | null | undefined;
  status?: 'active' | 'suspended' | undefined;
  package?: string | null | undefined;
  thresholdPercent?: number | null | undefined;
  role?: string | null | undefined;
  heartbeatSeconds?: number | undefined;
  maxBorrowDays?: number | undefined;
  retentionDays?: number | undefined;
  countedStatuses?: readonly string[] | null | undefined;
}

const given = <T>(value: T | null | undefined): value is T => value !== null && value !== undefined;
const problem = (field: string, detail: string): LicenseOutcome => ({ ok: false, problem: { field, detail } });

function isModel(model: string): model is LicenseModel {
  return (licenseModels as readonly string[]).includes(model);
}

/** The quantity rule of create and change: a number or `unlimited`; a server license counts nothing; ∞ from the model's threshold. */
function quantityOf(model: LicenseModel, quantity: number | null | undefined, unlimited: boolean | null | undefined): { quantity: number | null; unlimited: boolean } | null {
  if (!modelSpec(model).counted || unlimited === true) return { quantity: null, unlimited: true };
  if (!given(quantity)) return null;
  return { quantity, unlimited: quantityIsUnlimited(model, quantity) };
}

/** The model-only fields of the input that belong to another model, as a problem. */
function foreignField(model: LicenseModel, input: Partial<Record<ModelFieldName, unknown>>): LicenseOutcome | null {
  const own = new Set(modelSpec(model).fields.map((f) => f.name));
  for (const name of modelFieldNames) {
    if (given(input[name]) && !own.has(name)) return problem(name, `${name} belongs to ${modelOfField(name) ?? 'other'} licenses, not ${model}.`);
  }
  return null;
}

/** The model's own fields: given, else the model's default; a required one missing is a problem. */
function modelFields(model: LicenseModel, input: LicenseInput): Pick<License, ModelFieldName> | LicenseOutcome {
  const values: Pick<License, ModelFieldName> = { role: null, heartbeatSeconds: null, maxBorrowDays: null, bundle: null, retentionDays: null, objectKind: null, countedStatuses: null };
  for (const f of modelSpec(model).fields) {
    const value = input[f.name];
    if (f.required && !given(value)) return problem(f.name, `A ${model} license names its ${f.name}.`);
    const chosen = given(value) ? value : f.default;
    Object.assign(values, { [f.name]: Array.isArray(chosen) ? [...new Set(chosen)] : chosen });
  }
  if (values.bundle !== null && values.bundle !== 'query' && values.bundle !== 'transaction') return problem('bundle', 'A bundle is query or transaction.');
  if (values.maxBorrowDays !== null && (!Number.isInteger(values.maxBorrowDays) || values.maxBorrowDays < borrowDaysRange.min || values.maxBorrowDays > borrowDaysRange.max)) {
    return problem('maxBorrowDays', `maxBorrowDays is a whole number of days, ${borrowDaysRange.min} to ${borrowDaysRange.max}.`);
  }
  if (values.retentionDays !== null && (values.retentionDays < retentionRange.min || values.retentionDays > retentionRange.max)) {
    return problem('retentionDays', `retentionDays is ${retentionRange.min} to ${retentionRange.max}.`);
  }
  return values;
}

function bound(text: string | null | undefined, which: 'from' | 'until', timeZone: string): string | null | LicenseProblem {
  if (!given(text)) return null;
  const instant = validityBound(text, which, timeZone);
  const field = which === 'from' ? 'validFrom' : 'validUntil';
  return instant ?? { field, detail: `${field} must be a date (2025-01-31) or an ISO 8601 instant.` };
}

/**
 * The one way a license comes to be, for the API's create and a license file alike: the model's
 * own fields with their defaults, no field of another model, the quantity rule, validity bounds
 * in the tenant's zone (a date alone is that whole day). Answers the license to store, or what is
 * wrong with the input. The caller checks the subject against the catalog.
 *
 * @example
 * buildLicense({ code: 'CRM-N', name: 'CRM users', model: 'named', product: 'CRM', quantity: 10 },
 *   { id: 'lic_1', tenantId: 'ten_1', now: '2026-01-01T00:00:00.000Z', timeZone: 'UTC', source: 'manual' })
 * // { ok: true, license: { code: 'CRM-N', quantity: 10, unlimited: false, validFrom: '2026-01-01T00:00:00.000Z', … } }
 */
export function buildLicense(
  input: LicenseInput,
  context: { id: string; tenantId: string; now: string; timeZone: string; source: LicenseSource },
): LicenseOutcome {
  if (!isModel(input.model)) return problem('model', `${input.model} is not a license model (${licenseModels.join(', ')}).`);
  const model = input.model;
  const spec = modelSpec(model);
  const foreign = foreignField(model, input);
  if (foreign !== null) return foreign;
  if (spec.subject === 'solution' && !given(input.solution)) return problem('solution', 'A solution license names its solution.');
  if (spec.subject === 'product' && given(input.solution)) return problem('solution', 'Only a solution license names a solution.');
  if (spec.subject === 'product' && !given(input.product)) return problem('product', 'The license names its product.');
  const fields = modelFields(model, input);
  if ('ok' in fields) return fields;
  const quantity = quantityOf(model, input.quantity, input.unlimited);
  if (quantity === null) return problem('quantity', 'Give a quantity, or unlimited: true.');
  const validFrom = bound(input.validFrom, 'from', context.timeZone);
  const validUntil = bound(input.validUntil, 'until', context.timeZone);
  if (validFrom !== null && typeof validFrom === 'object') return { ok: false, problem: validFrom };
  if (validUntil !== null && typeof validUntil === 'object') return { ok: false, problem: validUntil };
  const license: License = {
    id: context.id,
    tenantId: context.tenantId,
    code: input.code,
    name: input.name,
    model,
    product: spec.subject === 'solution' ? null : (input.product ?? null),
    modules: spec.subject === 'solution' || !given(input.modules) ? null : [...new Set(input.modules)].sort(compareCodes),
    solution: spec.subject === 'solution' ? (input.solution ?? null) : null,
    ...quantity,
    validFrom: validFrom ?? context.now,
    validUntil,
    suspended: false,
    package: input.package ?? null,
    thresholdPercent: input.thresholdPercent ?? null,
    thresholdReached: false,
    source: context.source,
    ...fields,
    bundle: fields.bundle as HitBundle | null,
    used: 0,
    createdAt: context.now,
    updatedAt: context.now,
  };
  return validityProblem(license) ?? { ok: true, license };
}

function validityProblem(license: License): LicenseOutcome | null {
  if (license.validUntil !== null && license.validUntil <= license.validFrom) return problem('validUntil', 'validUntil must lie after validFrom.');
  return null;
}

/**
 * A license after a change (PATCH): the quantity rule and validity bounds as on create; the
 * model's fields only where the model has them and lets them change; nothing of a license from
 * the license file (`fileLicenseProblem`).
 *
 * @example
 * changeLicense(named10, { quantity: 12 }, { now, timeZone: 'UTC' }) // { ok: true, license: { …, quantity: 12 } }
 */
export function changeLicense(before: License, change: LicenseChange, context: { now: string; timeZone: string }): LicenseOutcome {
  const changed = (Object.keys(change) as (keyof LicenseChange)[]).find((name) => change[name] !== undefined);
  const fromFile = changed === undefined ? null : fileLicenseProblem(before, changed);
  if (fromFile !== null) return { ok: false, problem: fromFile };
  const spec = modelSpec(before.model);
  for (const name of modelFieldNames) {
    if (change[name as keyof LicenseChange] === undefined) continue;
    const own = spec.fields.find((f) => f.name === name);
    if (own === undefined) return problem(name, `${name} belongs to ${modelOfField(name) ?? 'other'} licenses, not ${before.model}.`);
    if (!own.changeable) return problem(name, `The ${name} of a license cannot change; grant a new license.`);
  }
  const quantityChanged = change.quantity !== undefined || change.unlimited !== undefined;
  const quantity = quantityChanged ? quantityOf(before.model, change.quantity ?? (change.unlimited === false ? before.quantity : undefined), change.unlimited) : before;
  if (quantity === null) return problem('quantity', 'Give a quantity, or unlimited: true.');
  const validFrom = change.validFrom === undefined ? before.validFrom : bound(change.validFrom, 'from', context.timeZone);
  const validUntil = change.validUntil === undefined ? before.validUntil : bound(change.validUntil, 'until', context.timeZone);
  if (validFrom !== null && typeof validFrom === 'object') return { ok: false, problem: validFrom };
  if (validUntil !== null && typeof validUntil === 'object') return { ok: false, problem: validUntil };
  const after: License = {
    ...before,
    ...(change.name !== undefined && { name: change.name }),
    quantity: quantity.quantity,
    unlimited: quantity.unlimited,
    validFrom: validFrom ?? before.validFrom,
    validUntil,
    ...(change.status !== undefined && { suspended: change.status === 'suspended' }),
    ...(change.package !== undefined && { package: change.package }),
    ...(change.thresholdPercent !== undefined && { thresholdPercent: change.thresholdPercent }),
    ...(change.role !== undefined && { role: change.role }),
    ...(change.heartbeatSeconds !== undefined && { heartbeatSeconds: change.heartbeatSeconds }),
    ...(change.maxBorrowDays !== undefined && { maxBorrowDays: change.maxBorrowDays }),
    ...(change.retentionDays !== undefined && { retentionDays: change.retentionDays }),
    ...(change.countedStatuses !== undefined && { countedStatuses: change.countedStatuses === null ? null : [...new Set(change.countedStatuses)] }),
    updatedAt: context.now,
  };
  return validityProblem(after) ?? { ok: true, license: after };
}

/** Why a quantity may not go below what is in use, when the model says so. */
export interface QuantityBelowUsage {
  used: number;
  quantity: number;
}

/**
 * Whether the license's quantity lies below what is in use where its model forbids that: seats
 * held (named, solution), users linked now (active user) and hits counted this year. A volume,
 * data or concurrent quantity may go below: what exists goes on working, only new use is refused.
 *
 * @example
 * quantityBelowUsage({ model: 'hits', quantity: 100, unlimited: false }, 250) // { used: 250, quantity: 100 }
 * quantityBelowUsage({ model: 'volume', quantity: 1, unlimited: false }, 5) // null
 */
export function quantityBelowUsage(license: Pick<License, 'model' | 'quantity' | 'unlimited'>, used: number): QuantityBelowUsage | null {
  if (!modelSpec(license.model).quantityNotBelowUsage || license.unlimited || license.quantity === null) return null;
  return license.quantity * modelSpec(license.model).usedPerQuantity < used ? { used, quantity: license.quantity } : null;
}
