import { fixtureContract, type TenantFixture, type VendorFixture } from './fixtures.js';

/** A body the route accepts as valid (its effect may still be refused: 404, 409 …), or a text body. */
export type ExampleBody = { json: unknown } | { text: string };

export interface ExampleContext {
  tenant: TenantFixture;
  vendor: VendorFixture;
  /** A tenant that may receive what a request moves out of `tenant` (a device-license transfer). */
  sinkTenantId: string;
  /** A number unique to this request, for codes and e-mail addresses that must not clash. */
  n: number;
}

const json = (value: unknown): ExampleBody => ({ json: value });

/**
 * A valid body for each operation that takes one, naming the fixture's own ids: what an allowed
 * caller sends in the authorization matrix. An operation with a body and no entry here fails the
 * matrix, so a new route gets one.
 */
export const exampleBodies: Record<string, (c: ExampleContext) => ExampleBody> = {
  'POST /v1/auth/login': (c) => json({ apiKey: c.tenant.keys.member }),
  // A wrong current password: an allowed caller reaches the check (401 password_incorrect) and changes nothing.
  'POST /v1/auth/password': () => json({ currentPassword: 'not-the-current-password', newPassword: 'a-new-password-123' }),
  'POST /v1/tenants': (c) => json({ name: `Made ${c.n}`, customerCode: `MADE-${c.n}` }),
  'PATCH /v1/tenants/{t}': (c) => json({ name: `Renamed ${c.n}` }),
  'POST /v1/tenants/{t}/clock': () => json({ advanceBy: 'PT1M' }),
  'POST /v1/tenants/{t}/users': (c) => json({ email: `made${c.n}@example.com`, name: 'Made' }),
  'POST /v1/tenants/{t}/users/import': (c) => json({ users: [{ email: `imported${c.n}@example.com`, name: 'Imported', roles: ['member'] }] }),
  'PATCH /v1/tenants/{t}/users/{id}': (c) => json({ name: `Renamed ${c.n}` }),
  'POST /v1/tenants/{t}/groups': (c) => json({ name: `Group ${c.n}` }),
  'PATCH /v1/tenants/{t}/groups/{id}': (c) => json({ name: `Renamed ${c.n}` }),
  'POST /v1/tenants/{t}/groups/{id}/members': (c) => json({ userIds: [c.tenant.user] }),
  'POST /v1/products': (c) => json({ code: `made-${c.n}`, name: 'Made', modules: [{ code: 'm', name: 'M' }] }),
  'PATCH /v1/products/{id}': (c) => json({ name: `Renamed ${c.n}` }),
  'POST /v1/solutions': (c) => json({ code: `made-suite-${c.n}`, name: 'Made', modules: [`${c.vendor.productCode}:a`] }),
  'PATCH /v1/solutions/{id}': (c) => json({ name: `Renamed ${c.n}` }),
  'POST /v1/api-keys': (c) => json({ name: `made ${c.n}` }),
  'POST /v1/tenants/{t}/api-keys': (c) => json({ kind: 'app', name: `made ${c.n}` }),
  'POST /v1/tenants/{t}/licenses': (c) => json({ code: `made-${c.n}`, name: 'Made', model: 'server', product: c.vendor.productCode }),
  'PATCH /v1/tenants/{t}/licenses/{l}': (c) => json({ name: `Renamed ${c.n}` }),
  'POST /v1/tenants/{t}/licenses/{l}/assignments': (c) => json({ userIds: [c.tenant.user] }),
  'DELETE /v1/tenants/{t}/licenses/{l}/assignments': (c) => json({ userIds: [c.tenant.user] }),
  'POST /v1/tenants/{t}/licenses/{l}/groups': (c) => json({ groupId: c.tenant.group }),
  'POST /v1/tenants/{t}/access': (c) => json({ userId: c.tenant.user, module: `${c.vendor.productCode}:a` }),
  'POST /v1/tenants/{t}/sessions': (c) => json({ userId: c.tenant.user, modules: [`${c.vendor.productCode}:b`] }),
  'POST /v1/tenants/{t}/sessions/{s}/borrow': () => json({ until: '2026-01-17' }),
  'POST /v1/tenants/{t}/borrows/{id}/return': (c) => json({ userId: c.tenant.member }),
  'POST /v1/tenants/{t}/licenses/{l}/grace': (c) => json({ startsAt: '2026-02-01', endsAt: '2026-02-02', orderNumber: `PO-${c.n}` }),
  'POST /v1/tenants/{t}/day-codes': (c) => json({ module: `${c.vendor.productCode}:d` }),
  'POST /v1/tenants/{t}/usage/hits': (c) => json({ events: [{ module: `${c.vendor.productCode}:e`, kind: 'query', count: 1 }] }),
  'POST /v1/tenants/{t}/usage/data': (c) => json({ licenseId: c.tenant.licenses.data, kilobytes: 10 }),
  'POST /v1/tenants/{t}/licenses/{l}/objects': (c) => json({ ref: `made-${c.n}`, status: 'active' }),
  'PATCH /v1/tenants/{t}/licenses/{l}/objects/{ref}': () => json({ status: 'archived' }),
  'POST /v1/license-keys': () => json({ category: 'switch', termDays: 365, count: 1 }),
  'POST /v1/tenants/{t}/license-keys': () => json({ key: 'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE', termsAccepted: true }),
  'POST /v1/tenants/{t}/devices': (c) => json({ name: `Made ${c.n}`, serial: `MADE-${c.n}`, model: 'GS' }),
  'PATCH /v1/tenants/{t}/devices/{d}': (c) => json({ name: `Renamed ${c.n}` }),
  'POST /v1/tenants/{t}/webhooks': () => json({ url: 'https://93.184.216.34/hooks/tenant', events: ['license.expired'] }),
  'PATCH /v1/tenants/{t}/webhooks/{id}': () => json({ events: ['license.expiring', 'license.expired'] }),
  'POST /v1/webhooks': () => json({ url: 'https://93.184.216.34/hooks/vendor', events: ['license.expired'] }),
  'PATCH /v1/webhooks/{id}': () => json({ events: ['license.expiring', 'license.expired'] }),
  'POST /v1/tenants/{t}/devices/{d}/license': (c) => json({ deviceLicenseIds: [c.tenant.deviceLicense] }),
  'POST /v1/tenants/{t}/device-assignments': (c) => json({ deviceIds: [c.tenant.device], auto: 'shortest', count: 1 }),
  'POST /v1/tenants/{t}/device-licenses/{id}/transfer': (c) => json({ toTenant: c.sinkTenantId }),
  'POST /v1/tenants/{t}/license-file': (c) => json({ version: c.n + 1, expiresAt: '2027-01-01T00:00:00Z' }),
  'PUT /v1/tenants/{t}/license-file': () => ({ text: 'not a license file' }),
  'POST /v1/tenants/{t}/license-request': (c) => json({ companyId: `COMP-${c.n}` }),
  'POST /v1/license-requests': () => ({ text: 'not a license request' }),
  'POST /v1/tenants/{t}/usage-report': () => json({ from: '2026-01-01T00:00:00Z', to: '2026-02-01T00:00:00Z' }),
  'POST /v1/usage-reports': () => ({ text: 'not a usage report' }),
  'PUT /v1/tenants/{t}/contract': () => json(fixtureContract),
  'POST /v1/tenants/{t}/upgrade-requests': (c) => json({ product: c.vendor.productCode, items: [{ component: 'seats', quantity: 1 }], purchaseOrder: `PO-${c.n}`, bindingConfirmed: true }),
  'POST /v1/tenants/{t}/upgrade-requests/{id}/reject': () => json({ reason: 'Not this quarter' }),
  'POST /v1/tenants/{t}/purchases': (c) => json({ licenseId: c.tenant.licenses.named, newQuantity: 20 + c.n, password: 'not a key holder password' }),
};

/**
 * A query string an operation needs from the matrix's callers, who are keys: a key reads the
 * notifications of the user it names (without one, a 400 naming `userId`).
 */
export const exampleQueries: Record<string, (c: ExampleContext) => Record<string, string>> = {
  'GET /v1/tenants/{t}/notifications': (c) => ({ userId: c.tenant.user }),
  'POST /v1/tenants/{t}/notifications/read-all': (c) => ({ userId: c.tenant.user }),
  'POST /v1/tenants/{t}/notifications/{id}/read': (c) => ({ userId: c.tenant.user }),
};

/** A query string an operation needs from every caller, key or console session: a plan needs its period. */
export const exampleQueriesForEveryone: Record<string, () => Record<string, string>> = {
  'GET /v1/tenants/{t}/licenses/{l}/planning': () => ({ from: '2026-01-01', to: '2026-01-31' }),
};
