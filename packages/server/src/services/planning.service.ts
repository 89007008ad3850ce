import { AllotError, idleSeats, modelSpec, notFound, planningPeriod, planSeats, sessionStatus, tenantNow, type Idleness, type License, type SeatUse, type SeatPlan, type SessionEndReason, type Tenant } from '@allot/core';
import { concurrencyRefusals, findLicense, heldModulesOverlapping, seatUses, type Db } from '@allot/storage';
import type { ServiceContext } from './context.js';
import { modulesOf } from './session.service.js';
import { requireCounting } from './usage.service.js';

export interface PlanningRequest {
  from?: string | undefined;
  to?: string | undefined;
  targetDenialRate?: number | undefined;
}

export type ConcurrentPlan = SeatPlan & { kind: 'concurrent'; licenseId: string; quantity: number | null; targetDenialRate: number };

export interface SeatsPlan {
  kind: 'seats';
  licenseId: string;
  quantity: number | null;
  seatsHeld: number;
  idle: { days30: number; days60: number; days90: number };
  idleSeats: (SeatUse & Idleness & { email: string; name: string })[];
}

/**
 * Seat planning (SPEC 11): a concurrent license's recorded sessions and refusals over the tenant
 * days asked for, replayed by `planSeats` for every candidate quantity; for a license of named seats
 * (or a solution's), the seats nobody has used for 30, 60 or 90 days.
 */
export async function planLicense(ctx: ServiceContext, tenant: Tenant, licenseId: string, request: PlanningRequest): Promise<ConcurrentPlan | SeatsPlan> {
  const now = tenantNow(tenant, ctx.clock.now());
  const db = ctx.store.db;
  const license = await findLicense(db, tenant.id, licenseId);
  if (license === null) throw notFound('license', licenseId);
  if (modelSpec(license.model).seats) return planSeatLicense(db, tenant, license, now);
  requireCounting(license, 'live_sessions');
  if (request.from === undefined) throw new AllotError('invalid_request', 'from is required: the first tenant day of the period, YYYY-MM-DD.', { field: 'from' });
  if (request.to === undefined) throw new AllotError('invalid_request', 'to is required: the last tenant day of the period, YYYY-MM-DD.', { field: 'to' });
  const period = planningPeriod(request.from, request.to, tenant.timeZone);
  const scope = { tenantId: tenant.id, licenseId, modules: await modulesOf(db, license), from: period.startsAt, to: period.endsAt };
  const [held, refusals] = await Promise.all([heldModulesOverlapping(db, scope), concurrencyRefusals(db, scope)]);
  const targetDenialRate = request.targetDenialRate ?? 0.01;
  const attempts = [
    ...held.map((h) => ({ module: h.module, at: h.startedAt, admitted: true, endedAt: sessionStatus({ ...h, endReason: h.endReason as SessionEndReason | null }, now).endedAt })),
    ...refusals.map((r) => ({ module: r.module, at: r.at, admitted: false, endedAt: null })),
  ];
  const plan = planSeats({ attempts, from: period.from, to: period.to, timeZone: tenant.timeZone, now, targetDenialRate });
  return { kind: 'concurrent', licenseId, quantity: license.quantity, targetDenialRate, ...plan };
}

async function planSeatLicense(db: Db, tenant: Tenant, license: License, now: string): Promise<SeatsPlan> {
  const uses = await seatUses(db, license.id);
  const idle = idleSeats(uses, now, tenant.timeZone);
  const atLeast = (days: number) => idle.filter((s) => s.idleForDays >= days).length;
  return {
    kind: 'seats',
    licenseId: license.id,
    quantity: license.quantity,
    seatsHeld: uses.length,
    idle: { days30: atLeast(30), days60: atLeast(60), days90: atLeast(90) },
    idleSeats: idle,
  };
}
