import type { AccessFacts, CoveringLicense } from '../src/access.js';

/** The moment the access tables decide at. */
export const now = '2024-06-01T12:00:00.000Z';

/** A license of `model` covering the module, in force since 2024, and whether the user holds its seat. */
export const covering = (model: string, extra: Partial<CoveringLicense['license']> = {}, seated = false): CoveringLicense => ({
  license: { id: `lic_${model}`, model: model as CoveringLicense['license']['model'], suspended: false, validFrom: '2024-01-01T00:00:00.000Z', validUntil: null, ...extra },
  seated,
});

/** The facts of a known user and module at `now`, with nothing covering it unless overridden. */
export const facts = (overrides: Partial<AccessFacts>): AccessFacts => ({
  userKnown: true,
  moduleKnown: true,
  demoMode: false,
  certifiedProfessional: false,
  now,
  licenses: [],
  concurrent: [],
  dayCodeSession: false,
  activeUser: null,
  hitQuota: null,
  ...overrides,
});
