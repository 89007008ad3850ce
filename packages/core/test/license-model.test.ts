import { describe, expect, it } from 'vitest';
import { allModelSpecs, licenseModels, modelOfField, modelSpec, unlimitedFrom } from '../src/license-model.js';
import { buildLicense, changeLicense, quantityBelowUsage, type LicenseInput } from '../src/license-build.js';
import type { License } from '../src/license.js';

const context = { id: 'lic_1', tenantId: 'ten_1', now: '2026-03-01T10:00:00.000Z', timeZone: 'Europe/Berlin', source: 'manual' as const };
const build = (input: Partial<LicenseInput>) => buildLicense({ code: 'CRM-N', name: 'CRM users', model: 'named', product: 'CRM', quantity: 10, ...input }, context);
const built = (input: Partial<LicenseInput>): License => {
  const outcome = build(input);
  if (!outcome.ok) throw new Error(outcome.problem.detail);
  return outcome.license;
};

describe('the license model descriptions', () => {
  it('describe each of the eight models once, in the order of SPEC 3', () => {
    expect(allModelSpecs.map((s) => s.model)).toEqual([...licenseModels]);
  });

  it.each<[string, Partial<ReturnType<typeof modelSpec>>]>([
    ['named', { seats: true, counted: true, coversEveryone: false, usedFrom: 'seats', unlimitedFrom, quantityNotBelowUsage: true, certifiedProfessionals: true, grace: false }],
    ['solution', { seats: true, subject: 'solution', usedFrom: 'seats', unlimitedFrom, certifiedProfessionals: true }],
    ['server', { seats: false, counted: false, coversEveryone: true, usedFrom: 'none', unlimitedFrom: null, certifiedProfessionals: false }],
    ['concurrent', { seats: false, usedFrom: 'live_sessions', unlimitedFrom, quantityNotBelowUsage: false, grace: true }],
    ['hits', { usedFrom: 'hits_this_year', unlimitedFrom: null, quantityNotBelowUsage: true, grace: false }],
    ['data', { usedFrom: 'data_ticks', unlimitedFrom: null, usedPerQuantity: 1000, quantityUnit: 'GB', usedUnit: 'MB', grace: false }],
    ['volume', { usedFrom: 'counted_objects', unlimitedFrom: null, quantityNotBelowUsage: false }],
    ['active_user', { usedFrom: 'live_links', unlimitedFrom, certifiedProfessionals: true, quantityNotBelowUsage: true }],
  ])('%s', (model, expected) => {
    expect(modelSpec(model as License['model'])).toMatchObject(expected);
  });

  it('name the model that owns each model-only field', () => {
    expect(modelOfField('role')).toBe('named');
    expect(modelOfField('heartbeatSeconds')).toBe('concurrent');
    expect(modelOfField('bundle')).toBe('hits');
    expect(modelOfField('retentionDays')).toBe('active_user');
    expect(modelOfField('objectKind')).toBe('volume');
    expect(modelOfField('countedStatuses')).toBe('volume');
  });
});

describe('buildLicense', () => {
  it.each<[string, Partial<LicenseInput>, Partial<License>]>([
    ['keeps a vendor code as given', { code: 'PMFS-PRO' }, { code: 'PMFS-PRO', quantity: 10, unlimited: false, source: 'manual', used: 0 }],
    ['starts now when no validFrom is given', {}, { validFrom: context.now, validUntil: null }],
    ['reads a date as the whole day in the tenant zone', { validFrom: '2026-03-02', validUntil: '2026-12-31' }, { validFrom: '2026-03-01T23:00:00.000Z', validUntil: '2026-12-31T23:00:00.000Z' }],
    ['counts 100000 seats as unlimited', { quantity: 100000 }, { quantity: 100000, unlimited: true }],
    ['enforces a quota of 500000 hits', { model: 'hits', quantity: 500000 }, { quantity: 500000, unlimited: false, bundle: null }],
    ['gives a server license no quantity', { model: 'server', quantity: undefined }, { quantity: null, unlimited: true }],
    ['gives a concurrent license the default heartbeat', { model: 'concurrent' }, { heartbeatSeconds: 300, retentionDays: null }],
    ['gives an active-user license the default retention', { model: 'active_user' }, { retentionDays: 90, heartbeatSeconds: null }],
    ['keeps a volume license\'s counted statuses once each', { model: 'volume', objectKind: 'lease_contract', countedStatuses: ['active', 'active', 'draft'] }, { objectKind: 'lease_contract', countedStatuses: ['active', 'draft'] }],
    ['grants a solution, not a product', { model: 'solution', product: undefined, solution: 'SALES-SUITE' }, { product: null, solution: 'SALES-SUITE', modules: null }],
    ['sorts the modules and names each once', { modules: ['Reports', 'Core', 'Reports'] }, { modules: ['Core', 'Reports'] }],
  ])('%s', (_name, input, expected) => {
    expect(built(input)).toMatchObject(expected);
  });

  it.each<[string, Partial<LicenseInput>, string]>([
    ['an unknown model', { model: 'floating' }, 'model'],
    ['a field of another model', { model: 'hits', role: 'Consolidator' }, 'role'],
    ['a heartbeat on a named license', { heartbeatSeconds: 60 }, 'heartbeatSeconds'],
    ['a volume license without its object kind', { model: 'volume' }, 'objectKind'],
    ['no quantity', { quantity: undefined }, 'quantity'],
    ['a solution license without its solution', { model: 'solution' }, 'solution'],
    ['a named license naming a solution', { solution: 'SALES-SUITE' }, 'solution'],
    ['no product', { product: undefined }, 'product'],
    ['a retention outside 30 to 365 days', { model: 'active_user', retentionDays: 10 }, 'retentionDays'],
    ['an unreadable date', { validUntil: 'soon' }, 'validUntil'],
    ['an end before the start', { validFrom: '2026-05-01', validUntil: '2026-04-01' }, 'validUntil'],
  ])('refuses %s', (_name, input, field) => {
    const outcome = build(input);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problem.field).toBe(field);
  });
});

describe('changeLicense', () => {
  const named = built({});
  it.each<[string, License, Parameters<typeof changeLicense>[1], Partial<License>]>([
    ['raises the quantity', named, { quantity: 12 }, { quantity: 12, unlimited: false, updatedAt: context.now }],
    ['makes 100000 seats unlimited', named, { quantity: 100000 }, { unlimited: true }],
    ['ends the unlimited state with the quantity kept', { ...named, unlimited: true }, { unlimited: false }, { unlimited: false, quantity: 10 }],
    ['suspends', named, { status: 'suspended' }, { suspended: true }],
    ['changes the role of slots', named, { role: 'Consolidator' }, { role: 'Consolidator' }],
    ['changes a heartbeat of a concurrent license', built({ model: 'concurrent' }), { heartbeatSeconds: 60 }, { heartbeatSeconds: 60 }],
  ])('%s', (_name, before, change, expected) => {
    const outcome = changeLicense(before, change, context);
    expect(outcome.ok && outcome.license).toMatchObject(expected);
  });

  it.each<[string, License, Parameters<typeof changeLicense>[1], string]>([
    ['a field of another model', named, { heartbeatSeconds: 60 }, 'heartbeatSeconds'],
    ['a role of a hits license', built({ model: 'hits' }), { role: 'x' }, 'role'],
    ['an end before the start', named, { validUntil: '2020-01-01' }, 'validUntil'],
    ['the quantity of a license from the license file', { ...named, source: 'license_file' }, { quantity: 12 }, 'quantity'],
    ['the status of a license from the license file', { ...named, source: 'license_file' }, { status: 'suspended' }, 'status'],
    ['the name of a license from the license file', { ...named, source: 'license_file' }, { name: 'Mine now' }, 'name'],
  ])('refuses %s', (_name, before, change, field) => {
    const outcome = changeLicense(before, change, context);
    expect(outcome.ok ? null : outcome.problem.field).toBe(field);
  });
});

describe('quantityBelowUsage', () => {
  it.each<[License['model'], number | null, boolean, number, boolean]>([
    ['named', 3, false, 4, true],
    ['named', 4, false, 4, false],
    ['solution', 1, false, 2, true],
    ['named', null, true, 400000, false],
    ['hits', 100, false, 250, true],
    ['hits', 250, false, 250, false],
    ['volume', 1, false, 5, false],
    ['concurrent', 1, false, 3, false],
    ['data', 1, false, 1500, false],
    ['active_user', 1, false, 2, true],
    ['active_user', 2, false, 2, false],
  ])('%s with quantity %s (unlimited %s) and %i in use: refused %s', (model, quantity, unlimited, used, refused) => {
    expect(quantityBelowUsage({ model, quantity, unlimited }, used) !== null).toBe(refused);
  });
});
