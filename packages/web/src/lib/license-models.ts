import type { LicenseModel, LicenseModelSpec } from '@allot/sdk/openapi';
import { api, ok } from '../api/client';

// The server describes each license model once (core's descriptor); the console reads that
// description instead of knowing the models itself. Loaded once, before the console renders.
let specs: readonly LicenseModelSpec[] = [];

/** Fetches the model descriptions; the console waits for them before its first page. */
export async function loadLicenseModels(): Promise<void> {
  specs = (await ok(api.GET('/v1/license-models'))).models;
}

/** Every model, in the order of the spec. */
export function licenseModelSpecs(): readonly LicenseModelSpec[] {
  return specs;
}

/** The models' names, for pickers and filters. */
export function licenseModelNames(): LicenseModel[] {
  return specs.map((s) => s.model);
}

/** One model's description; an unknown model reads as an uncounted one, so that nothing breaks. */
export function modelSpec(model: string): LicenseModelSpec {
  return (
    specs.find((s) => s.model === model) ?? {
      model: model as LicenseModel,
      label: model,
      description: '',
      subject: 'product',
      counted: false,
      coversEveryone: false,
      seats: false,
      usedFrom: 'none',
      quantityLabel: 'Quantity',
      quantityHint: null,
      quantityUnit: '',
      usedUnit: '',
      usageLabel: 'Used',
      usedPerQuantity: 1,
      unlimitedFrom: null,
      quantityNotBelowUsage: false,
      certifiedProfessionals: false,
      grace: false,
      fields: [],
    }
  );
}

/** The default of a model's own field (retention days, heartbeat seconds), as the server applies it. */
export function fieldDefault(model: string, field: LicenseModelSpec['fields'][number]['name']): number | null {
  return modelSpec(model).fields.find((f) => f.name === field)?.default ?? null;
}

/** Whether licenses of the model have this field of their own (a role, a heartbeat, a retention, …). */
export function hasField(model: string, field: LicenseModelSpec['fields'][number]['name']): boolean {
  return modelSpec(model).fields.some((f) => f.name === field);
}
