export const licenseModels = ['named', 'solution', 'server', 'concurrent', 'hits', 'data', 'volume', 'active_user'] as const;
export type LicenseModel = (typeof licenseModels)[number];

/** Where the `used` figure of a license comes from. */
export const usageSources = ['none', 'seats', 'live_sessions', 'hits_this_year', 'data_ticks', 'counted_objects', 'live_links'] as const;
export type UsageSource = (typeof usageSources)[number];

/** The fields that belong to one model only. */
export const modelFieldNames = ['role', 'heartbeatSeconds', 'maxBorrowDays', 'bundle', 'retentionDays', 'objectKind', 'countedStatuses'] as const;
export type ModelFieldName = (typeof modelFieldNames)[number];

/** One field of a model: whether a license must name it, its value when it does not, and whether PATCH may change it. */
export interface ModelField {
  name: ModelFieldName;
  required: boolean;
  /** The value a new license gets when the field is not given (null: none). */
  default: number | null;
  changeable: boolean;
}

/**
 * Everything Allot knows about one license model, in one place: the services, the license-file
 * loader and the console (through `GET /v1/license-models`) read this instead of branching on the
 * model's name.
 */
export interface LicenseModelSpec {
  model: LicenseModel;
  /** "Named users", "Hits per year", … */
  label: string;
  /** One sentence on what the model is, for the person granting a license. */
  description: string;
  /** What a license of this model grants: a product (and modules) or a solution. */
  subject: 'product' | 'solution';
  /** False for a server license: it has no quantity and counts nothing. */
  counted: boolean;
  /** Every user of the tenant may use its modules (a server license, SPEC 3.2). */
  coversEveryone: boolean;
  /** The quantity is a number of seats held by named users (assignments, linked groups). */
  seats: boolean;
  /** Where `used` comes from. */
  usedFrom: UsageSource;
  /** What the quantity counts, for forms and column heads. */
  quantityLabel: string;
  /** A hint on the quantity, for forms. */
  quantityHint: string | null;
  /** The unit of the quantity: "seats", "GB", … */
  quantityUnit: string;
  /** The unit of `used`: "seats", "MB", "hits this year", … */
  usedUnit: string;
  /** What a usage meter of it shows: "Seats used", "Hits this year", "Data used", … */
  usageLabel: string;
  /** Units of `used` per unit of quantity: 1000 MB ticks per GB of a data quota, else 1. */
  usedPerQuantity: number;
  /** From this quantity on the license is unlimited (∞); null when every quantity is enforced. */
  unlimitedFrom: number | null;
  /** A change that sets the quantity below what is in use is refused (`quantity_below_usage`). */
  quantityNotBelowUsage: boolean;
  /** Certified professionals use its modules without being counted (SPEC 3.1). */
  certifiedProfessionals: boolean;
  /** A grace key may lift its limit for a period (SPEC 3.3). */
  grace: boolean;
  /** Its own fields, with their defaults. */
  fields: readonly ModelField[];
}

/** Seconds a session lives without a heartbeat, when its license names none. */
export const defaultHeartbeatSeconds = 300;

/** Days ahead a session of a concurrent license may be borrowed for offline work (SPEC 11): 0 (none) to 365. */
export const borrowDaysRange = { min: 0, max: 365 };

/** Retention of active-user links in days: 30 to 365, 90 unless the license says otherwise. */
export const retentionRange = { min: 30, max: 365, default: 90 };

/** From this quantity on, slots of people (seats, sessions, active users) count as unlimited (∞). */
export const unlimitedFrom = 100_000;

const field = (name: ModelFieldName, options: Partial<Omit<ModelField, 'name'>> = {}): ModelField => ({ name, required: false, default: null, changeable: true, ...options });

const people = { counted: true, coversEveryone: false, unlimitedFrom, usedPerQuantity: 1, grace: false, fields: [] } as const;
const quota = { counted: true, coversEveryone: false, unlimitedFrom: null, usedPerQuantity: 1, seats: false, certifiedProfessionals: false, grace: false, fields: [] } as const;

/** The eight license models of SPEC 3, each described once. */
export const licenseModelSpecs: Readonly<Record<LicenseModel, LicenseModelSpec>> = {
  named: {
    ...people,
    model: 'named',
    description: 'Seats for specific users, by assignment or group',
    usageLabel: 'Seats used',
    label: 'Named users',
    subject: 'product',
    seats: true,
    usedFrom: 'seats',
    quantityLabel: 'Seats',
    quantityHint: null,
    quantityUnit: 'seats',
    usedUnit: 'seats',
    quantityNotBelowUsage: true,
    certifiedProfessionals: true,
    fields: [field('role')],
  },
  solution: {
    ...people,
    model: 'solution',
    description: 'Seats for every module of a solution',
    usageLabel: 'Seats used',
    label: 'Solution',
    subject: 'solution',
    seats: true,
    usedFrom: 'seats',
    quantityLabel: 'Seats',
    quantityHint: null,
    quantityUnit: 'seats',
    usedUnit: 'seats',
    quantityNotBelowUsage: true,
    certifiedProfessionals: true,
  },
  server: {
    ...people,
    model: 'server',
    description: 'Every user of the tenant; nothing is counted',
    usageLabel: 'Not counted',
    label: 'Server',
    subject: 'product',
    counted: false,
    coversEveryone: true,
    seats: false,
    usedFrom: 'none',
    quantityLabel: 'Everyone in the tenant',
    quantityHint: null,
    quantityUnit: 'users',
    usedUnit: 'users',
    unlimitedFrom: null,
    quantityNotBelowUsage: false,
    certifiedProfessionals: false,
  },
  concurrent: {
    ...people,
    model: 'concurrent',
    description: 'Simultaneous sessions per module; a session ends on logout or a missed heartbeat',
    usageLabel: 'Concurrent users in use',
    label: 'Concurrent users',
    subject: 'product',
    seats: false,
    usedFrom: 'live_sessions',
    quantityLabel: 'Concurrent users',
    quantityHint: 'Per module of the license',
    quantityUnit: 'concurrent users per module',
    usedUnit: 'sessions',
    quantityNotBelowUsage: false,
    certifiedProfessionals: false,
    grace: true,
    fields: [field('heartbeatSeconds', { default: defaultHeartbeatSeconds }), field('maxBorrowDays', { default: 0 })],
  },
  hits: {
    ...quota,
    model: 'hits',
    description: 'A yearly quota of hits (actions) on its modules; whole again on 1 January',
    usageLabel: 'Hits this year',
    label: 'Hits per year',
    subject: 'product',
    usedFrom: 'hits_this_year',
    quantityLabel: 'Hits per year',
    quantityHint: 'Per calendar year of the tenant',
    quantityUnit: 'hits per year',
    usedUnit: 'hits this year',
    quantityNotBelowUsage: true,
    fields: [field('bundle', { changeable: false })],
  },
  data: {
    ...quota,
    model: 'data',
    description: 'A data quota in GB; usage is counted in MB ticks that never reset',
    usageLabel: 'Data used',
    label: 'Data volume (GB)',
    subject: 'product',
    usedFrom: 'data_ticks',
    quantityLabel: 'Quota (GB)',
    quantityHint: '1 GB = 1000 MB; usage never resets',
    quantityUnit: 'GB',
    usedUnit: 'MB',
    usedPerQuantity: 1000,
    quantityNotBelowUsage: false,
  },
  volume: {
    ...quota,
    model: 'volume',
    description: 'How many business objects of one kind may exist, counted by status',
    usageLabel: 'Objects counted',
    label: 'Business objects',
    subject: 'product',
    usedFrom: 'counted_objects',
    quantityLabel: 'Maximum objects',
    quantityHint: 'Counted objects that may exist',
    quantityUnit: 'objects',
    usedUnit: 'objects counted',
    quantityNotBelowUsage: false,
    fields: [field('objectKind', { required: true, changeable: false }), field('countedStatuses')],
  },
  active_user: {
    ...people,
    model: 'active_user',
    description: 'A pool linked to users on first use; a link runs out after the retention days without access',
    usageLabel: 'Users linked',
    label: 'Active users',
    subject: 'product',
    seats: false,
    usedFrom: 'live_links',
    quantityLabel: 'Pool size (users)',
    quantityHint: 'Users linked at a time',
    quantityUnit: 'users',
    usedUnit: 'users linked',
    quantityNotBelowUsage: true,
    certifiedProfessionals: true,
    fields: [field('retentionDays', { default: retentionRange.default })],
  },
};

/**
 * The description of one model.
 *
 * @example
 * modelSpec('hits').unlimitedFrom // null: a quota of 500000 hits is enforced, not ∞
 */
export function modelSpec(model: LicenseModel): LicenseModelSpec {
  return licenseModelSpecs[model];
}

/** Every model's description, in the order of SPEC 3. */
export const allModelSpecs: readonly LicenseModelSpec[] = licenseModels.map((m) => licenseModelSpecs[m]);

/** The model that owns a model-only field, for "this field belongs to …" answers. */
export function modelOfField(name: ModelFieldName): LicenseModel | null {
  return allModelSpecs.find((s) => s.fields.some((f) => f.name === name))?.model ?? null;
}

/**
 * Whether the license's use is counted from `source`: the way services pick the licenses a kind of
 * use applies to (sessions count `live_sessions` licenses, hits `hits_this_year` ones, …).
 *
 * @example
 * countsBy({ model: 'concurrent' }, 'live_sessions') // true
 */
export function countsBy(license: { model: LicenseModel }, source: UsageSource): boolean {
  return licenseModelSpecs[license.model].usedFrom === source;
}
