import { roles, type Role } from '@allot/core';
import type { Answer, CallOptions, TestApp } from './http.js';

/** Catalog and vendor records every tenant fixture shares: one id of each vendor-wide resource. */
export interface VendorFixture {
  product: string;
  productCode: string;
  solution: string;
  /** A vendor-admin key that the suites call with (not the spare one). */
  vendorKey: string;
  /** A vendor-admin key of its own, for the paths that name one (`/v1/api-keys/{id}`). */
  spareVendorKeyId: string;
  licenseRequest: string | null;
  usageReport: string | null;
  /** A vendor webhook (every tenant's events) and a delivery of its ping. */
  webhook: string;
  webhookDelivery: string;
}

/** A tenant holding one id of each resource, so that every path of the API resolves. */
export interface TenantFixture {
  tenantId: string;
  customerCode: string;
  /** Admin keys with exactly one role each, an app key, and a revoked key. */
  keys: Record<Role, string> & { app: string; revoked: string };
  user: string;
  /** A member of `group`, reached by `/groups/{id}/members/{userId}`. */
  member: string;
  group: string;
  licenses: { named: string; concurrent: string; volume: string; activeUser: string; hits: string; data: string };
  session: string;
  /** A waiter for a full module. */
  queueEntry: string;
  /** A borrowed session of the member. */
  borrow: string;
  dayCode: string;
  objectRef: string;
  device: string;
  licenseKey: string;
  deviceLicense: string;
  /** A tenant key of its own, for `/tenants/{t}/api-keys/{id}`. */
  spareKeyId: string;
  /** A tenant webhook and a delivery of its ping. */
  webhook: string;
  webhookDelivery: string;
  /** An open upgrade request of the fixture's product. */
  upgradeRequest: string;
  /** An invoice of a purchase an owner made in the console. */
  invoice: string;
}

type Call = TestApp['call'];

async function created(call: Call, method: string, url: string, options: CallOptions): Promise<Answer> {
  const answer = await call(method, url, options);
  if (answer.status >= 300) throw new Error(`fixture ${method} ${url}: ${answer.status} ${answer.text}`);
  return answer;
}

let sequence = 0;
const unique = (prefix: string): string => `${prefix}${Date.now().toString(36)}${(sequence++).toString(36)}`;

/** The vendor-wide part: a product with four modules and a solution over one of them. */
export async function buildVendorFixture(t: TestApp): Promise<VendorFixture> {
  const productCode = unique('mx');
  const product = await created(t.call, 'POST', '/v1/products', {
    body: { code: productCode, name: 'Matrix', modules: ['a', 'b', 'c', 'd', 'e', 'f'].map((code) => ({ code, name: code })) },
  });
  const solution = await created(t.call, 'POST', '/v1/solutions', { body: { code: `${productCode}-suite`, name: 'Suite', modules: [`${productCode}:a`] } });
  const vendorKey = await created(t.call, 'POST', '/v1/api-keys', { body: { name: 'matrix vendor' } });
  const spare = await created(t.call, 'POST', '/v1/api-keys', { body: { name: 'spare vendor' } });
  return {
    product: product.body.id,
    productCode,
    solution: solution.body.id,
    vendorKey: vendorKey.body.key,
    spareVendorKeyId: spare.body.id,
    licenseRequest: null,
    usageReport: null,
    ...(await webhookWithDelivery(t.call, '/v1/webhooks')),
  };
}

/** A webhook at a public address (nothing is sent: no dispatcher runs in a test app) and the delivery of its ping. */
async function webhookWithDelivery(call: Call, base: string): Promise<{ webhook: string; webhookDelivery: string }> {
  const webhook: string = (await created(call, 'POST', base, { body: { url: 'https://93.184.216.34/hooks/allot', events: ['license.expired'] } })).body.id;
  const ping = await created(call, 'POST', `${base}/${webhook}/ping`, {});
  return { webhook, webhookDelivery: ping.body.id };
}

/**
 * A sandbox tenant with a user, a group with a member linked to a named license, one license of
 * each counted model, a live session, a grace period, a day code, a volume object, a device, a
 * registered license key with its device licenses, and keys of each role.
 */
export async function buildTenantFixture(t: TestApp, vendor: VendorFixture): Promise<TenantFixture> {
  const call = t.call;
  const customerCode = unique('C');
  const tenant = await created(call, 'POST', '/v1/tenants', { body: { name: `Tenant ${customerCode}`, customerCode, mode: 'sandbox', clock: '2026-01-15T09:00:00Z' } });
  const tenantId: string = tenant.body.id;
  const path = (rest: string): string => `/v1/tenants/${tenantId}${rest}`;
  const post = async (rest: string, body: unknown): Promise<Answer['body']> => (await created(call, 'POST', path(rest), { body })).body;

  const keys: Partial<TenantFixture['keys']> = {};
  for (const role of roles) keys[role] = (await post('/api-keys', { kind: 'admin', roles: [role], name: role })).key;
  keys.app = (await post('/api-keys', { kind: 'app', name: 'app' })).key;
  const revoked = await post('/api-keys', { kind: 'admin', roles: ['owner'], name: 'revoked' });
  await created(call, 'DELETE', path(`/api-keys/${revoked.id}`), {});
  keys.revoked = revoked.key;
  const spareKeyId: string = (await post('/api-keys', { kind: 'admin', roles: ['member'], name: 'spare' })).id;

  const user: string = (await post('/users', { email: `${unique('u')}@example.com`, name: 'User' })).id;
  const member: string = (await post('/users', { email: `${unique('m')}@example.com`, name: 'Member' })).id;
  const group: string = (await post('/groups', { name: 'Group' })).id;
  await post(`/groups/${group}/members`, { userIds: [member] });

  const p = vendor.productCode;
  const license = async (body: Record<string, unknown>): Promise<string> => (await post('/licenses', { name: String(body.code), product: p, ...body })).id;
  const licenses = {
    named: await license({ code: 'named', model: 'named', modules: ['a'], quantity: 10 }),
    concurrent: await license({ code: 'concurrent', model: 'concurrent', modules: ['b'], quantity: 5, maxBorrowDays: 7 }),
    volume: await license({ code: 'volume', model: 'volume', quantity: 10, objectKind: 'property_set' }),
    activeUser: await license({ code: 'active-user', model: 'active_user', modules: ['c'], quantity: 5 }),
    hits: await license({ code: 'hits', model: 'hits', modules: ['e'], quantity: 1000 }),
    data: await license({ code: 'data', model: 'data', quantity: 1 }),
  };
  await post(`/licenses/${licenses.named}/groups`, { groupId: group });
  await post(`/licenses/${licenses.named}/assignments`, { userIds: [user] });
  await post(`/licenses/${licenses.concurrent}/grace`, { startsAt: '2026-01-01', endsAt: '2026-12-31', orderNumber: 'PO-1' });
  const session: string = (await post('/sessions', { userId: user, modules: [`${p}:b`] })).id;
  const dayCode: string = (await post('/day-codes', { module: `${p}:d` })).id;
  // A full module and a waiter for it.
  await license({ code: 'queued', model: 'concurrent', modules: ['f'], quantity: 1 });
  await post('/sessions', { userId: member, modules: [`${p}:f`] });
  const queued = await created(call, 'POST', path('/sessions'), { body: { userId: user, modules: [`${p}:f`], wait: true } });
  const queueEntry: string = queued.body.queueId;
  const borrowed: string = (await post('/sessions', { userId: member, modules: [`${p}:b`] })).id;
  const borrow: string = (await post(`/sessions/${borrowed}/borrow`, { until: '2026-01-18' })).id;
  const objectRef: string = (await post(`/licenses/${licenses.volume}/objects`, { ref: 'obj-1', status: 'active' })).ref;
  await created(call, 'POST', path('/access'), { body: { userId: user, module: `${p}:c` } });
  await post('/usage/hits', { events: [{ module: `${p}:e`, kind: 'query', count: 1 }] });
  const device: string = (await post('/devices', { name: 'Switch', serial: unique('SN'), model: 'GS' })).id;
  const issued = await created(call, 'POST', '/v1/license-keys', { body: { category: 'switch', termDays: 365, count: 2 } });
  await post('/license-keys', { key: issued.body.key, termsAccepted: true });
  const pool = await created(call, 'GET', path('/device-licenses'), {});
  const deviceLicense: string = pool.body.items[0].id;

  const hook = await webhookWithDelivery(call, path('/webhooks'));
  await created(call, 'PUT', path('/contract'), { body: fixtureContract });
  const upgradeRequest: string = (await post('/upgrade-requests', { product: p, items: [{ component: 'seats', quantity: 1 }], bindingConfirmed: true })).id;
  const invoice = await invoiceOfPurchase(call, customerCode, path, licenses.named);

  if (vendor.licenseRequest === null) {
    // The vendor-wide offline records, made once from the first tenant: this server is both sides.
    const request = await post('/license-request', { companyId: 'COMP-1', targetVersion: '1.0' });
    const text = { 'content-type': 'text/plain' };
    vendor.licenseRequest = (await created(call, 'POST', '/v1/license-requests', { body: request.request, headers: text })).body.id;
    const report = await post('/usage-report', { from: '2025-01-01T00:00:00Z', to: '2026-12-31T00:00:00Z' });
    vendor.usageReport = (await created(call, 'POST', '/v1/usage-reports', { body: report.report, headers: text })).body.id;
  }

  return {
    tenantId,
    customerCode,
    keys: keys as TenantFixture['keys'],
    user,
    member,
    group,
    licenses,
    session,
    queueEntry,
    borrow,
    dayCode,
    objectRef,
    device,
    licenseKey: issued.body.id,
    ...hook,
    deviceLicense,
    spareKeyId,
    upgradeRequest,
    invoice,
  };
}

/** A purchase of one more seat by an owner logged in to the console (only a person confirms one): its invoice. */
async function invoiceOfPurchase(call: Call, customerCode: string, path: (rest: string) => string, licenseId: string): Promise<string> {
  const email = `${unique('owner')}@example.com`;
  const password = 'fixture-owner-password';
  await created(call, 'POST', path('/users'), { body: { email, name: 'Owner', roles: ['owner'], password } });
  const login = await created(call, 'POST', '/v1/auth/login', { key: null, body: { tenant: customerCode, email, password } });
  const cookie = /allot_session=[^;]+/.exec(String(login.headers['set-cookie']))?.[0] ?? '';
  const license = await created(call, 'GET', path(`/licenses/${licenseId}`), {});
  const bought = await created(call, 'POST', path('/purchases'), {
    key: null,
    cookie,
    headers: { 'x-csrf-token': login.body.csrfToken },
    body: { licenseId, newQuantity: license.body.quantity + 1, password },
  });
  return bought.body.invoice.id;
}

/** The fixture tenant's contract: its named license is sold per seat. */
export const fixtureContract = {
  currency: 'EUR',
  billingPeriod: 'month',
  termStart: '2026-01-01',
  termEnd: '2026-12-31',
  components: [{ code: 'seats', name: 'User slots', licenseCode: 'named', unitPrice: 1000 }],
};

/** The license a `{l}` path needs: the model its sub-resource belongs to. */
function licenseFor(path: string, licenses: TenantFixture['licenses']): string {
  if (/\/licenses\/\{l\}\/(grace|sessions|planning)/.test(path)) return licenses.concurrent;
  if (/\/licenses\/\{l\}\/objects/.test(path)) return licenses.volume;
  if (/\/licenses\/\{l\}\/linked-users/.test(path)) return licenses.activeUser;
  return licenses.named;
}

/** The real id of each path parameter of `path` in the fixture (the vendor-wide ones from `vendor`). */
export function idsFor(path: string, tenant: TenantFixture, vendor: VendorFixture): Record<string, string> {
  const segment = /\/([a-z-]+)\/\{id\}/.exec(path)?.[1];
  const inTenant = path.startsWith('/v1/tenants/{t}');
  const byResource: Record<string, string | null> = {
    users: tenant.user,
    groups: tenant.group,
    products: vendor.product,
    solutions: vendor.solution,
    'api-keys': inTenant ? tenant.spareKeyId : vendor.spareVendorKeyId,
    'day-codes': tenant.dayCode,
    'session-queue': tenant.queueEntry,
    borrows: tenant.borrow,
    'license-keys': tenant.licenseKey,
    'device-licenses': tenant.deviceLicense,
    'license-requests': vendor.licenseRequest,
    'usage-reports': vendor.usageReport,
    webhooks: inTenant ? tenant.webhook : vendor.webhook,
    'upgrade-requests': tenant.upgradeRequest,
    invoices: tenant.invoice,
    // No notification is made for the fixture's callers: an id of none answers 404 without a change.
    notifications: 'ntf_01jd0000000000000000000000',
  };
  const ids: Record<string, string> = {
    t: tenant.tenantId,
    l: licenseFor(path, tenant.licenses),
    userId: tenant.member,
    groupId: tenant.group,
    s: tenant.session,
    ref: tenant.objectRef,
    d: tenant.device,
    deliveryId: inTenant ? tenant.webhookDelivery : vendor.webhookDelivery,
  };
  if (segment !== undefined) {
    const id = byResource[segment];
    if (id === undefined || id === null) throw new Error(`no fixture id for ${path}`);
    ids.id = id;
  }
  return ids;
}

/** `path` with its parameters replaced by `ids` (percent-encoded). */
export function fillPath(path: string, ids: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const id = ids[name];
    if (id === undefined) throw new Error(`no id for {${name}} in ${path}`);
    return encodeURIComponent(id);
  });
}
