import { admitToModule, type ConcurrentSeat } from './concurrency.js';
import { inForce, licenseStatus, type License } from './license.js';

export const accessCodes = [
  'licensed',
  'server_license',
  'active_user',
  'certified_professional',
  'grace_excess',
  'day_code',
  'not_licensed',
  'seat_limit',
  'concurrency_limit',
  'expired',
  'suspended',
  'quota_exhausted',
  'unknown_user',
  'unknown_module',
  'demo_mode',
] as const;
export type AccessCode = (typeof accessCodes)[number];

export interface AccessDecision {
  allowed: boolean;
  code: AccessCode;
  licenseId: string | null;
}

/** A license that covers the module asked about, and whether the user holds one of its seats. */
export interface CoveringLicense {
  license: Pick<License, 'id' | 'model' | 'suspended' | 'validFrom' | 'validUntil'>;
  seated: boolean;
}

/** Everything the access rule needs, loaded by the caller at one moment `now`. */
export interface AccessFacts {
  userKnown: boolean;
  moduleKnown: boolean;
  demoMode: boolean;
  certifiedProfessional: boolean;
  now: string;
  licenses: readonly CoveringLicense[];
  /** The concurrent licenses among them, with the sessions holding each now. */
  concurrent: readonly ConcurrentSeat[];
  /** The user has a live session that holds the module through today's day code. */
  dayCodeSession: boolean;
  /** Active-user licenses covering the module: whether the user is (or was just) linked; null when none covers it. */
  activeUser: { linked: boolean; licenseId: string | null } | null;
  /** Hit licenses covering the module: whether one has hits left this year; null when none covers it. */
  hitQuota: { left: boolean; licenseId: string | null } | null;
}

const allow = (code: AccessCode, licenseId: string): AccessDecision => ({ allowed: true, code, licenseId });
const deny = (code: AccessCode, licenseId: string | null = null): AccessDecision => ({ allowed: false, code, licenseId });

const certifiedModels = new Set(['named', 'solution', 'active_user']);
const seatModels = new Set(['named', 'solution']);

/**
 * The answer to "may this user use this module now?", decided in the order of SPEC 3.8: the first
 * rule that applies wins; denials name the most specific reason.
 *
 * @example
 * decideAccess({ userKnown: true, moduleKnown: true, demoMode: false, certifiedProfessional: false,
 *   now: '2025-01-01T00:00:00.000Z', licenses: [] }) // { allowed: false, code: 'not_licensed', licenseId: null }
 */
export function decideAccess(facts: AccessFacts): AccessDecision {
  if (!facts.userKnown) return deny('unknown_user');
  if (!facts.moduleKnown) return deny('unknown_module');
  if (facts.demoMode) return deny('demo_mode');

  const live = facts.licenses.filter((c) => inForce(c.license, facts.now));
  const server = live.find((c) => c.license.model === 'server');
  if (server) return allow('server_license', server.license.id);

  if (facts.certifiedProfessional) {
    const covering = live.find((c) => certifiedModels.has(c.license.model));
    if (covering) return allow('certified_professional', covering.license.id);
  }

  const seat = live.find((c) => seatModels.has(c.license.model) && c.seated);
  if (seat) return allow('licensed', seat.license.id);

  if (facts.dayCodeSession) return { allowed: true, code: 'day_code', licenseId: null };

  let remembered: AccessDecision | null = null;
  if (facts.activeUser !== null) {
    if (facts.activeUser.linked && facts.activeUser.licenseId !== null) return allow('active_user', facts.activeUser.licenseId);
    if (facts.activeUser.licenseId !== null) remembered = deny('seat_limit', facts.activeUser.licenseId);
  }
  if (facts.concurrent.length > 0) {
    const admission = admitToModule(facts.concurrent, facts.now);
    if (admission.admitted) return allow(admission.code, admission.licenseId);
    if (admission.code === 'concurrency_limit') remembered ??= deny('concurrency_limit', admission.licenseId);
  }
  if (facts.hitQuota !== null && facts.hitQuota.licenseId !== null) {
    if (facts.hitQuota.left) return allow('licensed', facts.hitQuota.licenseId);
    remembered ??= deny('quota_exhausted', facts.hitQuota.licenseId);
  }
  if (remembered) return remembered;

  // Nothing grants use: say why, most specific first.
  const suspended = facts.licenses.find((c) => licenseStatus(c.license, facts.now) === 'suspended');
  if (suspended && live.length === 0) return deny('suspended', suspended.license.id);
  const expired = facts.licenses.find((c) => licenseStatus(c.license, facts.now) === 'expired');
  if (expired && live.length === 0) return deny('expired', expired.license.id);
  return deny('not_licensed');
}
