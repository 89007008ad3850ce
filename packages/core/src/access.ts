import { admitToModule, unlicensedExcess, type ConcurrentSeat, type ExcessCount, type ProductGrace } from './concurrency.js';
import { inForce, licenseStatus, type License } from './license.js';
import { modelSpec } from './license-model.js';

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
  /**
   * What to write to the excess-usage log, computed here once for every caller: use admitted
   * beyond a concurrency limit by a grace period (`grace_excess`), or an attempt on a module the
   * tenant holds no license for while a grace period of the product is in force (`not_licensed`).
   */
  excess?: ExcessCount;
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
  /** The concurrent licenses among them, with the sessions holding this module through each now. */
  concurrent: readonly ConcurrentSeat[];
  /**
   * Grace periods of the tenant's concurrent licenses of the module's product, read only when no
   * license covers the module: an attempt on it during one is logged as excess.
   */
  productGraces?: readonly ProductGrace[];
  /** The user has a live session that holds the module through today's day code. */
  dayCodeSession: boolean;
  /** Active-user licenses covering the module: whether the user is (or was just) linked; null when none covers it. */
  activeUser: { linked: boolean; licenseId: string | null } | null;
  /** Hit licenses covering the module: whether one has hits left this year; null when none covers it. */
  hitQuota: { left: boolean; licenseId: string | null } | null;
}

const allow = (code: AccessCode, licenseId: string): AccessDecision => ({ allowed: true, code, licenseId });
const deny = (code: AccessCode, licenseId: string | null = null): AccessDecision => ({ allowed: false, code, licenseId });

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
  const server = live.find((c) => modelSpec(c.license.model).coversEveryone);
  if (server) return allow('server_license', server.license.id);

  if (facts.certifiedProfessional) {
    const covering = live.find((c) => modelSpec(c.license.model).certifiedProfessionals);
    if (covering) return allow('certified_professional', covering.license.id);
  }

  const seat = live.find((c) => modelSpec(c.license.model).seats && c.seated);
  if (seat) return allow('licensed', seat.license.id);

  if (facts.dayCodeSession) return { allowed: true, code: 'day_code', licenseId: null };

  let remembered: AccessDecision | null = null;
  if (facts.activeUser !== null) {
    if (facts.activeUser.linked && facts.activeUser.licenseId !== null) return allow('active_user', facts.activeUser.licenseId);
    if (facts.activeUser.licenseId !== null) remembered = deny('seat_limit', facts.activeUser.licenseId);
  }
  if (facts.concurrent.length > 0) {
    const admission = admitToModule(facts.concurrent, facts.now);
    if (admission.code === 'grace_excess') return { allowed: true, code: 'grace_excess', licenseId: admission.licenseId, excess: admission.excess };
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
  if (facts.licenses.length === 0 && facts.productGraces !== undefined) {
    const excess = unlicensedExcess(facts.productGraces, facts.now);
    if (excess !== null) return { allowed: false, code: 'not_licensed', licenseId: null, excess };
  }
  return deny('not_licensed');
}

/**
 * How a session may hold one module (SPEC 3.3): the access rule without hits (counted per action,
 * never held) and without a day-code session (a session's own day code is checked before). When
 * nothing grants the module and its concurrent licenses are all suspended or expired, that status
 * is the reason: such licenses refuse new sessions even where a seat license of someone else also
 * covers the module.
 *
 * @example
 * decideSessionModule({ userKnown: true, moduleKnown: true, demoMode: false, certifiedProfessional: false,
 *   now: '2025-01-01T00:00:00.000Z', licenses: [], concurrent: [], dayCodeSession: false, activeUser: null, hitQuota: null })
 * // { allowed: false, code: 'not_licensed', licenseId: null }
 */
export function decideSessionModule(facts: AccessFacts): AccessDecision {
  const decision = decideAccess({ ...facts, dayCodeSession: false, hitQuota: null });
  if (decision.code !== 'not_licensed' || facts.concurrent.length === 0) return decision;
  const admission = admitToModule(facts.concurrent, facts.now);
  return admission.code === 'suspended' || admission.code === 'expired' ? deny(admission.code, admission.licenseId) : decision;
}
