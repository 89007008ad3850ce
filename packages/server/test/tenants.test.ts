import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../../../test-support/databases.js';
import { auditCount, createTestApp, expectProblem, tenantWithKey, type TestApp } from '../../../test-support/http.js';

describe.each(dialects)('tenants and test clocks on %s', (dialect) => {
  let t: TestApp;
  const clockMoves: string[] = [];
  beforeAll(async () => {
    t = await createTestApp(dialect, async (tenantId) => void clockMoves.push(tenantId));
  });
  afterAll(() => t.close());

  describe('happy path', () => {
    it('creates a live tenant with defaults and reads it back', async () => {
      const created = await t.call('POST', '/v1/tenants', { body: { name: 'Acme', customerCode: 'ACME-1' } });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ name: 'Acme', customerCode: 'ACME-1', timeZone: 'UTC', mode: 'live', status: 'licensed', clock: null });
      expect(created.body.id).toMatch(/^ten_[0-9a-z]{26}$/);
      const read = await t.call('GET', `/v1/tenants/${created.body.id}`);
      expect(read.status).toBe(200);
      expect(read.body).toEqual(created.body);
    });

    it('lists tenants page by page', async () => {
      for (let i = 0; i < 3; i++) await t.call('POST', '/v1/tenants', { body: { name: `Page ${i}`, customerCode: `PAGE-${i}` } });
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await t.call('GET', `/v1/tenants?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        expect(page.status).toBe(200);
        expect(page.body.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.body.items.map((x: { id: string }) => x.id));
        cursor = page.body.nextCursor;
      } while (cursor !== null);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBeGreaterThanOrEqual(4);
    });

    it('renames a tenant and changes its time zone, with before and after in the audit log', async () => {
      const { tenantId } = await tenantWithKey(t);
      const patched = await t.call('PATCH', `/v1/tenants/${tenantId}`, { body: { name: 'Renamed', timeZone: 'America/New_York' } });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ name: 'Renamed', timeZone: 'America/New_York' });
      const audit = await t.call('GET', `/v1/tenants/${tenantId}/audit?action=tenant.updated`);
      expect(audit.body.items[0]).toMatchObject({ action: 'tenant.updated', actor: 'admin-token', before: { timeZone: 'UTC' }, after: { name: 'Renamed' } });
    });

    it('deletes a tenant with everything in it', async () => {
      const { tenantId, key } = await tenantWithKey(t);
      await t.call('POST', `/v1/tenants/${tenantId}/users`, { body: { email: 'x@y.io', name: 'X' } });
      expect((await t.call('DELETE', `/v1/tenants/${tenantId}`)).status).toBe(204);
      expectProblem(await t.call('GET', `/v1/tenants/${tenantId}`), 404, 'not_found');
      // Its keys went with it.
      expectProblem(await t.call('GET', `/v1/tenants/${tenantId}`, { key }), 401, 'unauthenticated');
      const vendorTrail = await t.call('GET', `/v1/audit?action=tenant.deleted&targetId=${tenantId}`);
      expect(vendorTrail.body.items).toHaveLength(1);
    });
  });

  describe('test clocks', () => {
    it('starts a sandbox clock where asked and moves it by calendar days in the tenant zone', async () => {
      const { tenantId } = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2024-01-31T10:00:00Z', timeZone: 'Europe/Berlin' });
      const moved = await t.call('POST', `/v1/tenants/${tenantId}/clock`, { body: { advanceBy: 'P36D' } });
      expect(moved.status).toBe(200);
      expect(moved.body.clock).toBe('2024-03-07T10:00:00.000Z');
      expect(clockMoves).toContain(tenantId);
      // Across the spring change in Berlin a calendar day is 23 hours: 10:00 local stays 10:00 local.
      const spring = await t.call('POST', `/v1/tenants/${tenantId}/clock`, { body: { to: '2024-03-30T09:00:00Z' } });
      expect(spring.body.clock).toBe('2024-03-30T09:00:00.000Z');
      const day = await t.call('POST', `/v1/tenants/${tenantId}/clock`, { body: { advanceBy: 'P1D' } });
      expect(day.body.clock).toBe('2024-03-31T08:00:00.000Z');
    });

    it('starts a sandbox clock at the real time when none is given', async () => {
      const created = await t.call('POST', '/v1/tenants', { body: { name: 'S', customerCode: 'SANDBOX-NOW', mode: 'sandbox' } });
      expect(created.body.clock).toBe(t.clock.now());
    });

    it('never moves a clock backwards', async () => {
      const { tenantId } = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2024-03-06T10:00:00Z' });
      const before = await auditCount(t, tenantId);
      expectProblem(await t.call('POST', `/v1/tenants/${tenantId}/clock`, { body: { to: '2024-03-05T10:00:00Z' } }), 409, 'clock_backwards');
      expect((await t.call('GET', `/v1/tenants/${tenantId}`)).body.clock).toBe('2024-03-06T10:00:00.000Z');
      expect(await auditCount(t, tenantId)).toBe(before);
    });

    it('answers 409 for the clock of a live tenant', async () => {
      const { tenantId } = await tenantWithKey(t);
      expectProblem(await t.call('POST', `/v1/tenants/${tenantId}/clock`, { body: { advanceBy: 'P1D' } }), 409, 'live_clock');
    });

    it.each([
      [{}, 'advanceBy'],
      [{ advanceBy: 'P1D', to: '2030-01-01T00:00:00Z' }, 'to'],
      [{ advanceBy: 'one day' }, 'advanceBy'],
      [{ advanceBy: '-P1D' }, 'advanceBy'],
      [{ to: 'tomorrow' }, 'to'],
      [{ advanceBy: 'P300000Y' }, 'advanceBy'],
      [{ advanceBy: 'P8000Y' }, 'advanceBy'],
      [{ to: '+275760-09-13T00:00:00Z' }, 'to'],
      [{ to: '+010000-01-01T00:00:00Z' }, 'to'],
    ])('refuses the clock move %j with 400 naming %s', async (body, field) => {
      const { tenantId } = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2024-03-06T10:00:00Z' });
      const answer = await t.call('POST', `/v1/tenants/${tenantId}/clock`, { body });
      expectProblem(answer, 400, 'invalid_request');
      expect(answer.body.field).toBe(field);
    });
  });

  describe('bad input', () => {
    it('refuses a second tenant with the same customer code and stores nothing', async () => {
      await t.call('POST', '/v1/tenants', { body: { name: 'A', customerCode: 'DUP' } });
      const before = await t.call('GET', '/v1/tenants?limit=500');
      const answer = await t.call('POST', '/v1/tenants', { body: { name: 'B', customerCode: 'DUP' } });
      expectProblem(answer, 409, 'already_exists');
      expect(answer.body.field).toBe('customerCode');
      expect((await t.call('GET', '/v1/tenants?limit=500')).body.items).toHaveLength(before.body.items.length);
    });

    it.each([
      ['a missing field', { name: 'A' }, 'customerCode'],
      ['a wrong type', { name: 42, customerCode: 'X1' }, 'name'],
      ['an empty name', { name: '', customerCode: 'X2' }, 'name'],
      ['an unknown field', { name: 'A', customerCode: 'X3', colour: 'red' }, 'colour'],
      ['an unknown mode', { name: 'A', customerCode: 'X4', mode: 'test' }, 'mode'],
      ['an unknown time zone', { name: 'A', customerCode: 'X5', timeZone: 'Mars/Olympus' }, 'timeZone'],
      ['a clock on a live tenant', { name: 'A', customerCode: 'X6', clock: '2024-01-01T00:00:00Z' }, 'clock'],
      ['a clock that is no instant', { name: 'A', customerCode: 'X7', mode: 'sandbox', clock: 'yesterday' }, 'clock'],
      ['a clock past year 9999', { name: 'A', customerCode: 'X8', mode: 'sandbox', clock: '+275760-09-13T00:00:00Z' }, 'clock'],
    ])('answers 400 naming the field for %s', async (_case, body, field) => {
      const answer = await t.call('POST', '/v1/tenants', { body });
      expectProblem(answer, 400, 'invalid_request');
      expect(answer.body.field).toBe(field);
      expect(answer.body.detail).toContain(field);
    });

    it('answers 400 invalid_json for malformed JSON', async () => {
      expectProblem(await t.call('POST', '/v1/tenants', { body: '{"name": "A",' }), 400, 'invalid_json');
    });

    it('answers 400 for a JSON body that tries prototype pollution', async () => {
      const answer = await t.call('POST', '/v1/tenants', { body: '{"name":"A","customerCode":"PP","__proto__":{"admin":true}}' });
      expect(answer.status).toBe(400);
      expect(({} as Record<string, unknown>).admin).toBeUndefined();
    });

    it('answers 413 for a body over 1 MiB', async () => {
      const answer = await t.call('POST', '/v1/tenants', { body: JSON.stringify({ name: 'x'.repeat(1_100_000), customerCode: 'BIG' }) });
      expectProblem(answer, 413, 'payload_too_large');
    });

    it('answers 415 for a body that is not JSON', async () => {
      const answer = await t.call('POST', '/v1/tenants', { body: 'name=A', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
      expectProblem(answer, 415, 'unsupported_media_type');
    });

    it('answers 404 for an unknown tenant id and an unknown route', async () => {
      expectProblem(await t.call('GET', '/v1/tenants/ten_nothere'), 404, 'not_found');
      expectProblem(await t.call('PATCH', '/v1/tenants/ten_nothere', { body: { name: 'x' } }), 404, 'not_found');
      expectProblem(await t.call('GET', '/v1/teapots'), 404, 'route_not_found');
    });

    it('answers 400 for a cursor Allot did not make and for a limit out of range', async () => {
      expectProblem(await t.call('GET', '/v1/tenants?cursor=%25%25'), 400, 'invalid_request');
      expectProblem(await t.call('GET', '/v1/tenants?limit=0'), 400, 'invalid_request');
      expectProblem(await t.call('GET', '/v1/tenants?limit=abc'), 400, 'invalid_request');
    });
  });

  describe('security', () => {
    it('answers 401 without a key and with an unknown key', async () => {
      expectProblem(await t.call('GET', '/v1/tenants', { key: null }), 401, 'unauthenticated');
      expectProblem(await t.call('GET', '/v1/tenants', { key: 'allot_va_notakey' }), 401, 'unauthenticated');
      expectProblem(await t.call('POST', '/v1/tenants', { key: null, body: { name: 'A', customerCode: 'NOKEY' } }), 401, 'unauthenticated');
    });

    it("shows a tenant's key only its own tenant and hides others as 404", async () => {
      const a = await tenantWithKey(t);
      const b = await tenantWithKey(t);
      const list = await t.call('GET', '/v1/tenants', { key: a.key });
      expect(list.body.items.map((x: { id: string }) => x.id)).toEqual([a.tenantId]);
      expectProblem(await t.call('GET', `/v1/tenants/${b.tenantId}`, { key: a.key }), 404, 'not_found');
      expectProblem(await t.call('PATCH', `/v1/tenants/${b.tenantId}`, { key: a.key, body: { name: 'stolen' } }), 404, 'not_found');
      expectProblem(await t.call('POST', `/v1/tenants/${b.tenantId}/clock`, { key: a.key, body: { advanceBy: 'P1D' } }), 404, 'not_found');
      expect((await t.call('GET', `/v1/tenants/${b.tenantId}`)).body.name).not.toBe('stolen');
    });

    it('keeps tenant creation and deletion to the vendor', async () => {
      const a = await tenantWithKey(t);
      expectProblem(await t.call('POST', '/v1/tenants', { key: a.key, body: { name: 'X', customerCode: 'OWNER-MADE' } }), 403, 'forbidden');
      expectProblem(await t.call('DELETE', `/v1/tenants/${a.tenantId}`, { key: a.key }), 403, 'forbidden');
      expectProblem(await t.call('PATCH', `/v1/tenants/${a.tenantId}`, { key: a.key, body: { customerCode: 'NEW' } }), 403, 'forbidden');
    });

    it('lets a member read the tenant but not change it, and an app key neither', async () => {
      const owner = await tenantWithKey(t);
      const member = await t.call('POST', `/v1/tenants/${owner.tenantId}/api-keys`, { body: { kind: 'admin', roles: ['member'] } });
      const app = await t.call('POST', `/v1/tenants/${owner.tenantId}/api-keys`, { body: { kind: 'app' } });
      expect((await t.call('GET', `/v1/tenants/${owner.tenantId}`, { key: member.body.key })).status).toBe(200);
      expectProblem(await t.call('PATCH', `/v1/tenants/${owner.tenantId}`, { key: member.body.key, body: { name: 'x' } }), 403, 'forbidden');
      expectProblem(await t.call('GET', `/v1/tenants/${owner.tenantId}`, { key: app.body.key }), 403, 'forbidden');
    });
  });
});
