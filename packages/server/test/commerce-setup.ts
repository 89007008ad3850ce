import { expect } from 'vitest';
import { sessionCookie, type Answer, type TestApp } from '../../../test-support/http.js';

let sequence = 0;

/** A sandbox tenant selling a CRM product (a named license and a volume license) and an ERP product. */
export interface Shop {
  tenantId: string;
  customerCode: string;
  crm: string;
  erp: string;
  licenses: { crmUsers: string; crmEntities: string; erpUsers: string };
  contract: Record<string, unknown>;
  path(rest: string): string;
}

export async function openShop(t: TestApp, options: { timeZone?: string; clock?: string; contract?: Record<string, unknown> | null } = {}): Promise<Shop> {
  const n = sequence++;
  const stamp = `${Date.now().toString(36)}${n}`;
  const customerCode = `SHOP${stamp}`.toUpperCase();
  const tenant = await t.call('POST', '/v1/tenants', {
    body: { name: `Shop ${n} GmbH`, customerCode, mode: 'sandbox', timeZone: options.timeZone ?? 'UTC', clock: options.clock ?? '2026-01-30T12:00:00Z' },
  });
  expect(tenant.status).toBe(201);
  const tenantId: string = tenant.body.id;
  const path = (rest: string): string => `/v1/tenants/${tenantId}${rest}`;
  const crm = `crm${stamp}`;
  const erp = `erp${stamp}`;
  for (const code of [crm, erp]) expect((await t.call('POST', '/v1/products', { body: { code, name: code.toUpperCase(), modules: [{ code: 'core', name: 'Core' }] } })).status).toBe(201);
  const license = async (body: Record<string, unknown>): Promise<string> => {
    const made = await t.call('POST', path('/licenses'), { body });
    expect(made.status, made.text).toBe(201);
    return made.body.id;
  };
  const licenses = {
    crmUsers: await license({ code: 'CRM-N', name: 'CRM users', model: 'named', product: crm, quantity: 5 }),
    crmEntities: await license({ code: 'CRM-V', name: 'Reporting entities', model: 'volume', product: crm, quantity: 2, objectKind: 'entity' }),
    erpUsers: await license({ code: 'ERP-N', name: 'ERP users', model: 'named', product: erp, quantity: 10 }),
  };
  const contract = {
    currency: 'EUR',
    billingPeriod: 'month',
    termStart: '2026-01-01',
    termEnd: '2026-12-31',
    components: [
      { code: 'crm-users', name: 'CRM user slots', licenseCode: 'CRM-N', unitPrice: 1000 },
      { code: 'crm-entities', name: 'Reporting entities', licenseCode: 'CRM-V', unitPrice: 12000 },
      { code: 'erp-users', name: 'ERP user slots', licenseCode: 'ERP-N', unitPrice: 5000 },
    ],
    vendorName: 'Allot Software GmbH',
    vendorAddress: 'Hauptstraße 1, 10115 Berlin',
    locale: 'de-DE',
    ...options.contract,
  };
  if (options.contract !== null) {
    const set = await t.call('PUT', path('/contract'), { body: contract });
    expect(set.status, set.text).toBe(200);
  }
  return { tenantId, customerCode, crm, erp, licenses, contract, path };
}

/** A user of the shop with a password, logged in to the console. */
export interface Person {
  id: string;
  email: string;
  password: string;
  cookie: string;
  csrf: string;
}

export async function personOf(t: TestApp, shop: Shop, roles: string[]): Promise<Person> {
  const n = sequence++;
  const email = `person${n}@example.com`;
  const password = `password-of-${n}-xyz`;
  const made = await t.call('POST', shop.path('/users'), { body: { email, name: `Person ${n}`, roles, password } });
  expect(made.status, made.text).toBe(201);
  const login = await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: shop.customerCode, email, password } });
  expect(login.status, login.text).toBe(200);
  return { id: made.body.id, email, password, cookie: sessionCookie(login.headers['set-cookie']), csrf: login.body.csrfToken };
}

/** Calls as a person logged in to the console (cookie and CSRF token). */
export function asPerson(t: TestApp, person: Person) {
  return (method: string, url: string, body?: unknown): Promise<Answer> =>
    t.call(method, url, { key: null, cookie: person.cookie, headers: { 'x-csrf-token': person.csrf }, ...(body === undefined ? {} : { body }) });
}
