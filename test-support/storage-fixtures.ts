import { buildLicense, type License, type Tenant } from '@allot/core';
import { insertLicense, insertTenant, insertUser, newId, type Store } from '@allot/storage';

/** A sandbox tenant in UTC at `at`, stored with one member, for the storage suites. */
export async function storedTenantWithUser(store: Store, name: string, at: string): Promise<{ tenant: Tenant; userId: string }> {
  const tenant: Tenant = { id: newId('ten'), name, customerCode: newId('g'), timeZone: 'UTC', mode: 'sandbox', status: 'licensed', clock: at, createdAt: at, updatedAt: at };
  await insertTenant(store.db, tenant);
  const userId = newId('usr');
  await insertUser(store.db, { id: userId, tenantId: tenant.id, email: 'u@x.io', name: 'U', roles: ['member'], certifiedProfessional: false, hasPassword: false, createdAt: at, updatedAt: at }, null);
  return { tenant, userId };
}

/** A license of the tenant built by core from `input` (a named license of 3 on product P unless it says otherwise) and stored. */
export async function storedLicense(store: Store, tenantId: string, at: string, input: Record<string, unknown>): Promise<License> {
  const built = buildLicense({ code: newId('c'), name: 'L', product: 'P', quantity: 3, model: 'named', ...input }, { id: newId('lic'), tenantId, now: at, timeZone: 'UTC', source: 'manual' });
  if (!built.ok) throw new Error(built.problem.detail);
  await insertLicense(store.db, built.license);
  return built.license;
}
