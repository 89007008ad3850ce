import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { auditCount, createTestApp, expectProblem, logIn, tenantWithKey, type Answer, type TestApp } from '../../../test-support/http.js';
import { resolveRef, type JsonSchema, type OpenApiDocument } from '../../../test-support/openapi.js';

// SPEC 5: every list answers {items, nextCursor}, takes its filters and ?cursor=, and gives CSV with
// ?format=csv; a query parameter a route does not know is refused, naming it. Walked over the
// OpenAPI document, so that a list added later is held to the same contract.

interface Operation {
  parameters?: { in: string; name: string }[];
  responses?: Record<string, { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }>;
}

describe.each(dialects)('lists on %s', (dialect) => {
  let t: TestApp;
  let tenantId: string;
  let ownerKey: string;
  let appKey: string;
  let other: { tenantId: string; key: string };
  const path = (rest = '') => `/v1/tenants/${tenantId}${rest}`;
  const created = async (method: string, url: string, body: unknown, key?: string) => {
    const answer = await t.call(method, url, { body, ...(key === undefined ? {} : { key }) });
    if (answer.status !== 201 && answer.status !== 200) throw new Error(`${method} ${url}: ${answer.text}`);
    return answer.body;
  };
  const license = (body: Record<string, unknown>, on = tenantId) => created('POST', `/v1/tenants/${on}/licenses`, { name: String(body.code), ...body });
  const text = { 'content-type': 'text/plain' };

  // The fixtures every list walks over: one of each kind of thing.
  const ids = { named: '', concurrent: '', volume: '', activeUser: '', group: '', user: '', session: '', device: '', dayCode: '', deviceLicense: '', licenseKey: '', licenseRequest: '', usageReport: '', apiKey: '', webhook: '', vendorWebhook: '' };
  let licenseKeyText = '';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ tenantId, key: ownerKey } = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2024-03-06T10:00:00Z', timeZone: 'Europe/Berlin' }));
    other = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2024-03-06T10:00:00Z' });
    const app = await created('POST', path('/api-keys'), { kind: 'app' }, ownerKey);
    appKey = app.key;
    ids.apiKey = app.id;
    await created('POST', '/v1/products', { code: 'crm', name: 'CRM', modules: ['core', 'reports', 'desk'].map((code) => ({ code, name: code })) });
    await created('POST', '/v1/products', { code: 'fm', name: 'Facilities', modules: [{ code: 'space', name: 'Space' }] });
    await created('POST', '/v1/solutions', { code: 'crm-all', name: 'CRM all', modules: ['crm:core', 'crm:reports'] });

    ids.user = (await created('POST', path('/users'), { email: 'ann@lists.io', name: 'Ann' }, ownerKey)).id;
    const ben = (await created('POST', path('/users'), { email: 'ben@lists.io', name: 'Ben' }, ownerKey)).id;
    ids.group = (await created('POST', path('/groups'), { name: 'Sales' }, ownerKey)).id;
    await created('POST', path(`/groups/${ids.group}/members`), { userIds: [ids.user] }, ownerKey);

    ids.named = (await license({ code: 'crm-n', model: 'named', product: 'crm', modules: ['core'], quantity: 5 })).id;
    await created('POST', path(`/licenses/${ids.named}/assignments`), { userIds: [ben] }, ownerKey);
    await created('POST', path(`/licenses/${ids.named}/groups`), { groupId: ids.group }, ownerKey);
    ids.concurrent = (await license({ code: 'fm-c', model: 'concurrent', product: 'fm', quantity: 2 })).id;
    await created('POST', path(`/licenses/${ids.concurrent}/grace`), { startsAt: '2024-03-01', endsAt: '2024-03-31', orderNumber: 'PO-1' });
    await created('POST', path(`/licenses/${ids.concurrent}/grace`), { startsAt: '2024-04-01', endsAt: '2024-04-30', orderNumber: 'PO-2' });
    ids.session = (await created('POST', path('/sessions'), { userId: ids.user, modules: ['fm:space'] }, appKey)).id;
    await created('POST', path('/sessions'), { userId: ben, modules: ['fm:space'] }, appKey);
    ids.volume = (await license({ code: 'vol', model: 'volume', product: 'crm', modules: ['reports'], quantity: 10, objectKind: 'reporting_entity' })).id;
    await created('POST', path(`/licenses/${ids.volume}/objects`), { ref: 'OBJ-1', status: 'active' }, appKey);
    ids.activeUser = (await license({ code: 'au', model: 'active_user', product: 'crm', modules: ['desk'], quantity: 3 })).id;
    await created('POST', path('/access'), { userId: ids.user, module: 'crm:desk' }, appKey);
    await created('POST', path('/access'), { userId: 'usr_ghost', module: 'crm:core' }, appKey).catch(() => undefined);
    ids.dayCode = (await created('POST', path('/day-codes'), { module: 'fm:space' })).id;

    const key = await created('POST', '/v1/license-keys', { category: 'switch', termDays: 365, count: 2 });
    licenseKeyText = key.key;
    ids.licenseKey = key.id;
    const registered = await created('POST', path('/license-keys'), { key: key.key, termsAccepted: true }, ownerKey);
    ids.deviceLicense = registered.licenses[0].id;
    ids.device = (await created('POST', path('/devices'), { name: 'GW', serial: 'SN-1', model: '1900EF' }, ownerKey)).id;

    const request = await created('POST', path('/license-request'), { companyId: 'COMP-1', targetVersion: '8.2' }, ownerKey);
    ids.licenseRequest = (await t.call('POST', '/v1/license-requests', { body: request.request, headers: text })).body.id;
    const report = await created('POST', path('/usage-report'), { from: '2024-01-01T00:00:00Z', to: '2024-04-01T00:00:00Z' }, ownerKey);
    ids.usageReport = (await t.call('POST', '/v1/usage-reports', { body: report.report, headers: text })).body.id;
    ids.webhook = (await created('POST', path('/webhooks'), { url: 'https://93.184.216.34/hooks', events: ['license.expired'] }, ownerKey)).id;
    expect((await t.call('POST', path(`/webhooks/${ids.webhook}/ping`), { key: ownerKey })).status).toBe(202);
    ids.vendorWebhook = (await created('POST', '/v1/webhooks', { url: 'https://93.184.216.34/vendor', events: ['license.expired'] })).id;
  });
  afterAll(() => t.close());

  /** A list path of the document with the fixture its parameters name. */
  function concrete(template: string): string {
    const licenseFor = template.endsWith('/sessions') || template.endsWith('/grace')
      ? ids.concurrent
      : template.endsWith('/objects') || template.includes('/objects/')
        ? ids.volume
        : template.endsWith('/linked-users')
          ? ids.activeUser
          : ids.named;
    return template
      .replace('{t}', tenantId)
      .replace('{l}', licenseFor)
      .replace('{d}', ids.device)
      .replace('{s}', ids.session)
      .replace('{ref}', 'OBJ-1')
      .replace('{groupId}', ids.group)
      .replace('{userId}', ids.user)
      .replace('{id}', template.includes('/groups/') ? ids.group : template.startsWith('/v1/webhooks/') ? ids.vendorWebhook : template.includes('/webhooks/') ? ids.webhook : 'unknown');
  }

  async function document(): Promise<OpenApiDocument & { paths: Record<string, Record<string, Operation>> }> {
    return (await t.call('GET', '/openapi.json', { key: null })).body;
  }

  /** The GET routes whose answer is a page, with the fields of one item (a named component, mostly). */
  async function listRoutes(): Promise<{ template: string; columns: string[] }[]> {
    const lists: { template: string; columns: string[] }[] = [];
    const served = await document();
    for (const [template, operations] of Object.entries(served.paths)) {
      const properties = operations.get?.responses?.['200']?.content?.['application/json']?.schema?.properties;
      if (properties?.items === undefined || properties.nextCursor === undefined) continue;
      const items = properties.items as { items?: JsonSchema };
      const item = items.items === undefined ? undefined : resolveRef(served, items.items);
      lists.push({ template, columns: Object.keys(item?.properties ?? {}) });
    }
    return lists;
  }

  describe('every list of the document', () => {
    it('covers the lists of the API, none left answering a bare array', async () => {
      const templates = (await listRoutes()).map((l) => l.template);
      for (const expected of [
        '/v1/tenants',
        '/v1/tenants/{t}/licenses',
        '/v1/tenants/{t}/licenses/{l}/grace',
        '/v1/tenants/{t}/licenses/{l}/groups',
        '/v1/tenants/{t}/licenses/{l}/sessions',
        '/v1/tenants/{t}/day-codes',
        '/v1/tenants/{t}/devices',
        '/v1/tenants/{t}/device-licenses',
        '/v1/license-keys',
        '/v1/tenants/{t}/license-keys',
        '/v1/license-requests',
        '/v1/usage-reports',
      ]) {
        expect(templates).toContain(expected);
      }
      expect(templates.length).toBeGreaterThanOrEqual(28);
    });

    it('answers every list as a page, and with format=csv as CSV whose columns are the fields of an item', async () => {
      for (const { template, columns } of await listRoutes()) {
        // A key reads the notifications of the user it names.
        const url = template.endsWith('/notifications') ? `${concrete(template)}?userId=${ids.user}&` : `${concrete(template)}?`;
        const page = await t.call('GET', `${url}limit=500`);
        expect(page.status, `${url}: ${page.text}`).toBe(200);
        expect(Object.keys(page.body)).toEqual(expect.arrayContaining(['items', 'nextCursor']));
        const csv = await t.call('GET', `${url}format=csv`);
        expect(csv.status, `${url}?format=csv: ${csv.text}`).toBe(200);
        expect(csv.headers['content-type'], url).toContain('text/csv');
        expect(csv.headers['content-disposition'], url).toMatch(/attachment; filename=".+\.csv"/);
        const [header, ...rows] = csv.text.split('\r\n').filter((line) => line !== '');
        expect(header, url).toBe(columns.join(','));
        expect(rows.length, url).toBe(page.body.items.length);
      }
    });

    it('refuses an unknown query parameter on every list, naming it', async () => {
      for (const { template } of await listRoutes()) {
        const url = concrete(template);
        const answer = await t.call('GET', `${url}?colour=blue`);
        expectProblem(answer, 400, 'invalid_request');
        expect(answer.body.field, url).toBe('colour');
        expect(answer.body.detail, url).toContain('colour');
      }
    });

    it('refuses an unknown query parameter on every other route too, lists or not, whatever the method', async () => {
      const { paths } = await document();
      // A tenant of its own: were a route to skip the check, its DELETE would run.
      const { tenantId: walkedTenant, tenant } = await tenantWithKey(t);
      // Some routes are a person's alone (a password change, a purchase): those are walked as the tenant's owner in the console.
      const owner = { email: 'walker@example.com', password: 'walker password 1' };
      expect((await t.call('POST', `/v1/tenants/${walkedTenant}/users`, { body: { ...owner, name: 'Walker', roles: ['owner'] } })).status).toBe(201);
      const ownerSession = await logIn(t, { tenant: tenant.customerCode, ...owner });
      const personsOnly = (answer: Answer): boolean => answer.status === 403 && ['forbidden', 'person_required'].includes(answer.body?.code);
      let walked = 0;
      for (const [template, operations] of Object.entries(paths)) {
        if (!template.startsWith('/v1/')) continue;
        for (const method of Object.keys(operations)) {
          const url = template.replace('{t}', walkedTenant).replace(/\{\w+\}/g, 'nothing_here');
          const body = method === 'get' || method === 'delete' ? undefined : {};
          let answer = await t.call(method.toUpperCase(), `${url}?colour=blue`, { body });
          if (personsOnly(answer) && !template.startsWith('/v1/auth/logout')) answer = await t.call(method.toUpperCase(), `${url}?colour=blue`, { ...ownerSession, body });
          // A body is validated before the query string: a route that refuses the empty body names that field instead.
          expect(answer.status, `${method} ${url}: ${answer.text}`).toBe(400);
          if (answer.body.in === 'querystring') expect(answer.body.field).toBe('colour');
          walked++;
        }
      }
      expect(walked).toBeGreaterThan(80);
      for (const url of [path('?colour=blue'), path(`/licenses/${ids.named}?colour=blue`), path(`/sessions/${ids.session}?colour=blue`)]) {
        const answer = await t.call('GET', url);
        expectProblem(answer, 400, 'invalid_request');
        expect(answer.body).toMatchObject({ field: 'colour', in: 'querystring' });
      }
      const dry = await t.call('POST', path(`/licenses/${ids.named}/assignments?dryRun=true&dryrun=false`), { key: ownerKey, body: { userIds: [ids.user] } });
      expectProblem(dry, 400, 'invalid_request');
      expect(dry.body.field).toBe('dryrun');
    });

    it('exports every matching row, not one page', async () => {
      for (let i = 0; i < 3; i++) await created('POST', path('/users'), { email: `csv${i}@lists.io`, name: `Csv ${i}` }, ownerKey);
      const first = await t.call('GET', path('/users?limit=2'));
      expect(first.body.items).toHaveLength(2);
      expect(first.body.nextCursor).not.toBeNull();
      const csv = await t.call('GET', path('/users?limit=2&format=csv&email=csv1@lists.io'));
      expect(csv.text.trim().split('\r\n')).toHaveLength(2);
      const all = await t.call('GET', path('/users?format=csv&limit=1'));
      expect(all.text.trim().split('\r\n').length).toBeGreaterThanOrEqual(6);
    });

    it('writes arrays and objects as JSON text, by one rule for every list', async () => {
      const csv = await t.call('GET', path('/users?format=csv&email=ann@lists.io'));
      const [header, row] = csv.text.trim().split('\r\n');
      expect(header?.split(',')).toContain('roles');
      expect(row).toContain('"[""member""]"');
      const sessions = await t.call('GET', path(`/sessions?format=csv&userId=${ids.user}`));
      expect(sessions.text).toContain(`""module"":""fm:space""`);
    });
  });

  describe('lists that answered something else before', () => {
    it("pages a license's grace periods", async () => {
      const first = await t.call('GET', path(`/licenses/${ids.concurrent}/grace?limit=1`), { key: ownerKey });
      expect(first.body.items).toHaveLength(1);
      expect(first.body.items[0]).toMatchObject({ licenseId: ids.concurrent, orderNumber: 'PO-1' });
      const second = await t.call('GET', path(`/licenses/${ids.concurrent}/grace?limit=1&cursor=${first.body.nextCursor}`), { key: ownerKey });
      expect(second.body).toMatchObject({ items: [{ orderNumber: 'PO-2' }], nextCursor: null });
      expectProblem(await t.call('GET', path(`/licenses/${ids.concurrent}/grace?cursor=not-a-cursor`), { key: ownerKey }), 400, 'invalid_request');
    });

    it('lists the groups linked to a license with their names and member counts', async () => {
      const linked = await t.call('GET', path(`/licenses/${ids.named}/groups`), { key: ownerKey });
      expect(linked.body).toEqual({ items: [expect.objectContaining({ id: ids.group, name: 'Sales', memberCount: 1 })], nextCursor: null });
    });

    it('lists the live holders of a concurrent license page by page, with the count and grace state', async () => {
      const first = await t.call('GET', path(`/licenses/${ids.concurrent}/sessions?limit=1`), { key: ownerKey });
      expect(first.body).toMatchObject({ licenseId: ids.concurrent, quantity: 2, live: 2, inGrace: true });
      expect(first.body.items).toEqual([expect.objectContaining({ id: ids.session, sessionId: ids.session, userId: ids.user, excess: false })]);
      const second = await t.call('GET', path(`/licenses/${ids.concurrent}/sessions?limit=1&cursor=${first.body.nextCursor}`), { key: ownerKey });
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      expect(second.body.live).toBe(2);
      expectProblem(await t.call('GET', path(`/licenses/${ids.named}/sessions`), { key: ownerKey }), 422, 'unprocessable');
    });
  });

  describe('license status filter', () => {
    it('filters licenses by their status at the tenant clock: active, suspended or expired', async () => {
      const ending = await license({ code: 'ends', model: 'named', product: 'crm', quantity: 1, validUntil: '2024-03-10' });
      const paused = await license({ code: 'paused', model: 'named', product: 'crm', quantity: 1 });
      await t.call('PATCH', path(`/licenses/${paused.id}`), { body: { status: 'suspended' } });
      const codes = async (query: string) => (await t.call('GET', path(`/licenses${query}`), { key: ownerKey })).body.items.map((l: { code: string }) => l.code).sort();
      expect(await codes('?status=expired')).toEqual([]);
      expect(await codes('?status=suspended')).toEqual(['paused']);
      expect(await codes('?status=active')).toContain('ends');
      await t.call('POST', path('/clock'), { key: ownerKey, body: { to: '2024-03-11T00:00:00Z' } });
      expect(await codes('?status=expired')).toEqual(['ends']);
      expect(await codes('?status=active')).not.toContain('ends');
      expect(await codes('?status=active&model=concurrent')).toEqual(['fm-c']);
      const csv = await t.call('GET', path('/licenses?status=expired&format=csv'), { key: ownerKey });
      expect(csv.text.trim().split('\r\n')).toHaveLength(2);
      expect(csv.text).toContain('ends');
      const bad = await t.call('GET', path('/licenses?status=gone'), { key: ownerKey });
      expectProblem(bad, 400, 'invalid_request');
      expect(bad.body.field).toBe('status');
    });
  });

  describe('one of each', () => {
    it('answers one session, live or ended', async () => {
      const one = await t.call('GET', path(`/sessions/${ids.session}`), { key: ownerKey });
      expect(one.body).toMatchObject({ id: ids.session, userId: ids.user, modules: [{ module: 'fm:space', licenseId: ids.concurrent }] });
      expect(['live', 'ended']).toContain(one.body.state);
      expectProblem(await t.call('GET', path('/sessions/ses_01hzzzzzzzzzzzzzzzzzzzzzzz'), { key: ownerKey }), 404, 'not_found');
    });

    it('answers one API key, never the key itself', async () => {
      const tenantKey = await t.call('GET', path(`/api-keys/${ids.apiKey}`), { key: ownerKey });
      expect(tenantKey.body).toMatchObject({ id: ids.apiKey, tenantId, kind: 'app' });
      expect(tenantKey.text).not.toContain(appKey);
      expect(Object.keys(tenantKey.body)).not.toContain('key');
      const vendor = await created('POST', '/v1/api-keys', { name: 'ops' });
      const vendorKey = await t.call('GET', `/v1/api-keys/${vendor.id}`);
      expect(vendorKey.body).toMatchObject({ id: vendor.id, tenantId: null, kind: 'vendor_admin', name: 'ops' });
      expect(vendorKey.text).not.toContain(vendor.key);
      // A tenant key is not a vendor key, and the other way round.
      expectProblem(await t.call('GET', `/v1/api-keys/${ids.apiKey}`), 404, 'not_found');
      expectProblem(await t.call('GET', path(`/api-keys/${vendor.id}`)), 404, 'not_found');
    });

    it('answers one device license, one issued day code (never its code) and one volume object', async () => {
      expect((await t.call('GET', path(`/device-licenses/${ids.deviceLicense}`), { key: ownerKey })).body).toMatchObject({ id: ids.deviceLicense, key: licenseKeyText, category: 'switch', state: 'available' });
      const dayCode = await t.call('GET', path(`/day-codes/${ids.dayCode}`), { key: ownerKey });
      expect(dayCode.body).toEqual({ id: ids.dayCode, module: 'fm:space', validOn: '2024-03-06', createdAt: expect.any(String), uses: 0 });
      expect(dayCode.text).not.toContain('DC-');
      expect((await t.call('GET', path(`/licenses/${ids.volume}/objects/OBJ-1`), { key: ownerKey })).body).toMatchObject({ id: 'OBJ-1', ref: 'OBJ-1', status: 'active', counted: true });
      expectProblem(await t.call('GET', path(`/licenses/${ids.volume}/objects/OBJ-9`), { key: ownerKey }), 404, 'not_found');
      expectProblem(await t.call('GET', path(`/licenses/${ids.named}/objects/OBJ-1`), { key: ownerKey }), 422, 'unprocessable');
      expectProblem(await t.call('GET', path('/device-licenses/dlc_01hzzzzzzzzzzzzzzzzzzzzzzz'), { key: ownerKey }), 404, 'not_found');
      expectProblem(await t.call('GET', path('/day-codes/dcd_01hzzzzzzzzzzzzzzzzzzzzzzz'), { key: ownerKey }), 404, 'not_found');
    });
  });

  describe('devices', () => {
    it('changes a device by PATCH: name, serial and model, audited, a serial unique in the tenant', async () => {
      const second = await created('POST', path('/devices'), { name: 'AP', serial: 'SN-2', model: 'LX-6500' }, ownerKey);
      const changed = await t.call('PATCH', path(`/devices/${second.id}`), { key: ownerKey, body: { name: 'AP Hall', model: 'LX-6502' } });
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ id: second.id, name: 'AP Hall', serial: 'SN-2', model: 'LX-6502', license: 'none' });
      expect((await t.call('GET', path(`/devices/${second.id}`), { key: ownerKey })).body.name).toBe('AP Hall');
      const trail = await t.call('GET', path(`/audit?targetId=${second.id}&action=device.updated`), { key: ownerKey });
      expect(trail.body.items[0]).toMatchObject({ before: { name: 'AP', model: 'LX-6500' }, after: { name: 'AP Hall', model: 'LX-6502' } });

      const before = await auditCount(t, tenantId);
      const taken = await t.call('PATCH', path(`/devices/${second.id}`), { key: ownerKey, body: { serial: 'SN-1' } });
      expectProblem(taken, 409, 'already_exists');
      expect(taken.body.field).toBe('serial');
      expect(await auditCount(t, tenantId)).toBe(before);
      // The same serial in another tenant is another device.
      await created('POST', `/v1/tenants/${other.tenantId}/devices`, { name: 'Other', serial: 'SN-9', model: 'x' }, other.key);
      expect((await t.call('PATCH', path(`/devices/${second.id}`), { key: ownerKey, body: { serial: 'SN-9' } })).body.serial).toBe('SN-9');
      expectProblem(await t.call('PATCH', path(`/devices/${second.id}`), { key: ownerKey, body: {} }), 400, 'invalid_request');
      expectProblem(await t.call('PATCH', path(`/devices/${second.id}`), { key: ownerKey, body: { license: 'valid' } }), 400, 'invalid_request');
      expectProblem(await t.call('PATCH', path('/devices/dev_01hzzzzzzzzzzzzzzzzzzzzzzz'), { key: ownerKey, body: { name: 'x' } }), 404, 'not_found');
      const auditor = await created('POST', path('/api-keys'), { kind: 'admin', roles: ['auditor'] }, ownerKey);
      expectProblem(await t.call('PATCH', path(`/devices/${second.id}`), { key: auditor.key, body: { name: 'x' } }), 403, 'forbidden');
    });
  });

  describe('license keys', () => {
    it('lists every issued key for the vendor, registered or not, by category and tenant', async () => {
      const spare = await created('POST', '/v1/license-keys', { category: 'router', termDays: 1095, count: 1 });
      const all = await t.call('GET', '/v1/license-keys?limit=500');
      const registered = all.body.items.find((k: { id: string }) => k.id === ids.licenseKey);
      expect(registered).toMatchObject({ key: licenseKeyText, category: 'switch', termDays: 365, count: 2, tenantId, registeredBy: expect.stringMatching(/^key:/), registeredAt: '2024-03-06T10:00:00.000Z' });
      expect(all.body.items.find((k: { id: string }) => k.id === spare.id)).toMatchObject({ tenantId: null, registeredAt: null, registeredBy: null });
      const free = (await t.call('GET', '/v1/license-keys?registered=false&limit=500')).body.items.map((k: { id: string }) => k.id);
      expect(free).toContain(spare.id);
      expect(free).not.toContain(ids.licenseKey);
      expect((await t.call('GET', '/v1/license-keys?registered=true')).body.items.map((k: { id: string }) => k.id)).toContain(ids.licenseKey);
      expect((await t.call('GET', '/v1/license-keys?category=router')).body.items.every((k: { category: string }) => k.category === 'router')).toBe(true);
      expect((await t.call('GET', `/v1/license-keys?tenantId=${tenantId}`)).body.items.map((k: { id: string }) => k.id)).toEqual([ids.licenseKey]);
      expect((await t.call('GET', `/v1/license-keys/${spare.id}`)).body).toMatchObject({ id: spare.id, key: spare.key });
    });

    it("lists the tenant's registered keys: category, term, count, who registered them and when", async () => {
      const mine = await t.call('GET', path('/license-keys'), { key: ownerKey });
      expect(mine.body).toEqual({ items: [expect.objectContaining({ id: ids.licenseKey, key: licenseKeyText, category: 'switch', termDays: 365, count: 2, registeredAt: '2024-03-06T10:00:00.000Z' })], nextCursor: null });
      expect(mine.body.items[0].registeredBy).toMatch(/^key:key_/);
      expect((await t.call('GET', path(`/license-keys/${ids.licenseKey}`), { key: ownerKey })).body.id).toBe(ids.licenseKey);
      expect((await t.call('GET', path('/license-keys?category=router'), { key: ownerKey })).body.items).toEqual([]);
      expect((await t.call('GET', `/v1/tenants/${other.tenantId}/license-keys`, { key: other.key })).body.items).toEqual([]);
      // The tenant list takes no filter by tenant: it is the tenant's own.
      expectProblem(await t.call('GET', path(`/license-keys?tenantId=${other.tenantId}`), { key: ownerKey }), 400, 'invalid_request');
    });
  });

  describe('what offline installations sent the vendor', () => {
    it('lists imported license requests and answers one with its content', async () => {
      const list = await t.call('GET', '/v1/license-requests');
      expect(list.body.items[0]).toMatchObject({ id: ids.licenseRequest, companyId: 'COMP-1', targetVersion: '8.2', tenantId, installationId: expect.any(String) });
      expect(list.body.items[0].request).toBeUndefined();
      const customerCode = list.body.items[0].customerCode;
      expect((await t.call('GET', `/v1/license-requests?customerCode=${customerCode}`)).body.items).toHaveLength(1);
      expect((await t.call('GET', '/v1/license-requests?customerCode=NOBODY')).body.items).toEqual([]);
      const one = await t.call('GET', `/v1/license-requests/${ids.licenseRequest}`);
      expect(one.body).toMatchObject({ id: ids.licenseRequest, request: { companyId: 'COMP-1', licenses: expect.any(Array) } });
      expectProblem(await t.call('GET', '/v1/license-requests/lrq_01hzzzzzzzzzzzzzzzzzzzzzzz'), 404, 'not_found');
    });

    it('lists stored usage reports and answers one with its content', async () => {
      const list = await t.call('GET', '/v1/usage-reports');
      expect(list.body.items[0]).toMatchObject({ id: ids.usageReport, tenantId, from: '2024-01-01T00:00:00.000Z', to: '2024-04-01T00:00:00.000Z' });
      expect(list.body.items[0].report).toBeUndefined();
      const one = await t.call('GET', `/v1/usage-reports/${ids.usageReport}`);
      expect(one.body).toMatchObject({ id: ids.usageReport, report: { format: 'allot-usage-report/2', hits: expect.any(Array) } });
      expectProblem(await t.call('GET', '/v1/usage-reports/urp_01hzzzzzzzzzzzzzzzzzzzzzzz'), 404, 'not_found');
    });
  });

  describe('security', () => {
    it("answers 404 for another tenant's resources, by their ids in one's own tenant or in theirs", async () => {
      const theirs = (rest: string) => `/v1/tenants/${tenantId}${rest}`;
      for (const url of [
        theirs(`/sessions/${ids.session}`),
        theirs(`/api-keys/${ids.apiKey}`),
        theirs(`/device-licenses/${ids.deviceLicense}`),
        theirs(`/day-codes/${ids.dayCode}`),
        theirs(`/licenses/${ids.volume}/objects/OBJ-1`),
        theirs(`/devices/${ids.device}`),
        theirs(`/license-keys/${ids.licenseKey}`),
        theirs('/license-keys'),
        theirs(`/licenses/${ids.named}/groups`),
        theirs(`/licenses/${ids.concurrent}/grace`),
        theirs(`/licenses/${ids.concurrent}/sessions`),
      ]) {
        expectProblem(await t.call('GET', url, { key: other.key }), 404, 'not_found');
        const mine = url.replace(tenantId, other.tenantId);
        if (mine !== `/v1/tenants/${other.tenantId}/license-keys`) expectProblem(await t.call('GET', mine, { key: other.key }), 404, 'not_found');
      }
      expectProblem(await t.call('PATCH', `/v1/tenants/${tenantId}/devices/${ids.device}`, { key: other.key, body: { name: 'mine' } }), 404, 'not_found');
      expectProblem(await t.call('PATCH', `/v1/tenants/${other.tenantId}/devices/${ids.device}`, { key: other.key, body: { name: 'mine' } }), 404, 'not_found');
    });

    it('keeps the vendor lists to vendor admins', async () => {
      for (const url of ['/v1/license-keys', `/v1/license-keys/${ids.licenseKey}`, '/v1/license-requests', `/v1/license-requests/${ids.licenseRequest}`, '/v1/usage-reports', `/v1/usage-reports/${ids.usageReport}`, '/v1/api-keys']) {
        expectProblem(await t.call('GET', url, { key: ownerKey }), 403, 'forbidden');
        expectProblem(await t.call('GET', `${url}?format=csv`, { key: ownerKey }), 403, 'forbidden');
        expectProblem(await t.call('GET', url, { key: null }), 401, 'unauthenticated');
      }
    });

    it('exports CSV only with the permission of the list', async () => {
      expectProblem(await t.call('GET', path('/users?format=csv'), { key: appKey }), 403, 'forbidden');
      expectProblem(await t.call('GET', `/v1/tenants/${tenantId}/audit?format=csv`, { key: other.key }), 404, 'not_found');
    });
  });
});
