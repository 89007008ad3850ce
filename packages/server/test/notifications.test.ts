import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fanOut, fanOutSettings, inAppChannel, inAppNotifications, recordEvent, Scheduler } from '@allot/server';
import { insertEvent, newId, outboxPosition } from '@allot/storage';
import { dialects } from '../../../test-support/databases.js';
import { createTestApp, expectProblem, tenantWithKey, TestClock, type TestApp, sessionCookie } from '../../../test-support/http.js';

const quiet = { error: () => undefined, info: () => undefined };


describe.each(dialects)('in-app notifications on %s', (dialect) => {
  let t: TestApp;
  let tenantId: string;
  let ownerKey: string;
  let appKey: string;
  const ids: Record<string, string> = {};
  const path = (rest = '') => `/v1/tenants/${tenantId}${rest}`;
  const people = [
    { name: 'olga', roles: ['owner'] },
    { name: 'lars', roles: ['license_manager'] },
    { name: 'sam', roles: ['system_admin', 'member'] },
    { name: 'audrey', roles: ['auditor'] },
    { name: 'mia', roles: ['member'] },
  ];
  /** Fans the outbox out as the job does, at the real time (so that the cursor moves past settled events). */
  const fanOutNow = () => fanOut(t.store, inAppChannel, new Date().toISOString());
  const login = async (name: string) => {
    const answer = await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: tenantId, email: `${name}@example.com`, password: `${name}-password-1` } });
    expect(answer.status, answer.text).toBe(200);
    return { cookie: sessionCookie(answer.headers['set-cookie']), csrf: answer.body.csrfToken as string };
  };
  const notificationsOf = async (name: string) => {
    const answer = await t.call('GET', path(`/notifications?userId=${ids[name]}`), { key: ownerKey });
    expect(answer.status, answer.text).toBe(200);
    return answer.body as { items: Record<string, unknown>[]; nextCursor: string | null; unread: number };
  };
  let licenseId = '';

  beforeAll(async () => {
    t = await createTestApp(dialect);
    ({ tenantId, key: ownerKey } = await tenantWithKey(t, ['owner'], { mode: 'sandbox', clock: '2025-01-01T10:00:00Z', timeZone: 'Europe/Berlin' }));
    appKey = (await t.call('POST', path('/api-keys'), { key: ownerKey, body: { kind: 'app' } })).body.key;
    for (const person of people) {
      const answer = await t.call('POST', path('/users'), { key: ownerKey, body: { email: `${person.name}@example.com`, name: person.name, roles: person.roles, password: `${person.name}-password-1` } });
      expect(answer.status, answer.text).toBe(201);
      ids[person.name] = answer.body.id;
    }
    await t.call('POST', '/v1/products', { body: { code: 'crm', name: 'CRM', modules: [{ code: 'leads', name: 'Leads' }] } });
    const lic = await t.call('POST', path('/licenses'), { body: { code: 'CRM-N', name: 'CRM named users', model: 'named', product: 'crm', quantity: 2, thresholdPercent: 50 } });
    licenseId = lic.body.id;
    // One seat of two: the threshold of 50 % is reached.
    expect((await t.call('POST', path(`/licenses/${licenseId}/assignments`), { body: { userIds: [ids.mia] } })).status).toBe(200);
    // A refusal: an event for the webhooks only.
    await t.call('POST', path('/access'), { key: appKey, body: { userId: ids.olga, module: 'crm:leads' } });
    await fanOutNow();
  });
  afterAll(() => t.close());

  it("goes to every owner, license manager and system admin for license events, to no auditor or member, and never for access.denied", async () => {
    for (const name of ['olga', 'lars', 'sam']) {
      const page = await notificationsOf(name);
      expect(page.unread, name).toBe(1);
      expect(page.items, name).toEqual([
        {
          id: expect.stringMatching(/^ntf_/),
          eventId: expect.stringMatching(/^evt_/),
          type: 'license.threshold_reached',
          title: 'License CRM-N is 50% used',
          body: 'CRM-N has reached its threshold of 50%: 1 of 2 in use. Add more before it runs out, or free what is not needed.',
          licenseId,
          createdAt: '2025-01-01T10:00:00.000Z',
          readAt: null,
        },
      ]);
    }
    for (const name of ['audrey', 'mia']) expect(await notificationsOf(name), name).toEqual({ items: [], nextCursor: null, unread: 0 });
  });

  it('goes to the requester alone for upgrade and purchase events', async () => {
    await t.store.db.transaction().execute((trx) =>
      recordEvent(t.clock, trx, { tenantId, type: 'upgrade.approved', data: { requestId: 'upr_1', product: 'crm', requestedBy: ids.mia }, at: '2025-01-01T11:00:00.000Z' }),
    );
    await fanOutNow();
    const mia = await notificationsOf('mia');
    expect(mia.items.map((n) => [n.type, n.title])).toEqual([['upgrade.approved', 'Upgrade of crm approved']]);
    expect((await notificationsOf('olga')).items).toHaveLength(1);
  });

  it('a person reads their own with the console session, marks one read and then all', async () => {
    const { cookie, csrf } = await login('lars');
    const mine = await t.call('GET', path('/notifications'), { key: null, cookie });
    expect(mine.body.unread).toBe(1);
    const [first] = mine.body.items;
    // A change through the cookie needs the CSRF token.
    expectProblem(await t.call('POST', path(`/notifications/${first.id}/read`), { key: null, cookie }), 403, 'csrf_failed');
    const read = await t.call('POST', path(`/notifications/${first.id}/read`), { key: null, cookie, headers: { 'x-csrf-token': csrf } });
    expect(read.status, read.text).toBe(200);
    expect(read.body).toMatchObject({ id: first.id, readAt: '2025-01-01T10:00:00.000Z' });
    expect((await t.call('GET', path('/notifications'), { key: null, cookie })).body.unread).toBe(0);

    // Read again later: the first reading's time stays.
    await t.call('POST', path('/clock'), { key: ownerKey, body: { advanceBy: 'PT1H' } });
    const again = await t.call('POST', path(`/notifications/${first.id}/read`), { key: null, cookie, headers: { 'x-csrf-token': csrf } });
    expect(again.body.readAt).toBe('2025-01-01T10:00:00.000Z');

    const all = await t.call('POST', path('/notifications/read-all'), { key: null, cookie, headers: { 'x-csrf-token': csrf } });
    expect(all.body).toEqual({ marked: 0, unread: 0 });
    const sam = await t.call('POST', path(`/notifications/read-all?userId=${ids.sam}`), { key: ownerKey });
    expect(sam.body).toEqual({ marked: 1, unread: 0 });
    expect((await notificationsOf('sam')).items[0]?.readAt).toBe('2025-01-01T11:00:00.000Z');
  });

  it("hides another person's notifications: naming them or their notification is a 404", async () => {
    const { cookie, csrf } = await login('olga');
    const larsNotification = (await notificationsOf('lars')).items[0]?.id as string;
    expectProblem(await t.call('GET', path(`/notifications?userId=${ids.lars}`), { key: null, cookie }), 404, 'not_found');
    expectProblem(await t.call('POST', path(`/notifications/${larsNotification}/read`), { key: null, cookie, headers: { 'x-csrf-token': csrf } }), 404, 'not_found');
    expectProblem(await t.call('POST', path(`/notifications/read-all?userId=${ids.lars}`), { key: null, cookie, headers: { 'x-csrf-token': csrf } }), 404, 'not_found');
    expectProblem(await t.call('POST', path('/notifications/ntf_nothinghere0000000000000/read'), { key: null, cookie, headers: { 'x-csrf-token': csrf } }), 404, 'not_found');
    // Naming themselves is fine.
    expect((await t.call('GET', path(`/notifications?userId=${ids.olga}`), { key: null, cookie })).body.unread).toBe(1);
    // Olga's reading changed nothing of Lars's.
    expect((await notificationsOf('lars')).items[0]?.readAt).toBe('2025-01-01T10:00:00.000Z');
  });

  it('an admin key names the user, and without one is told to (400 naming userId); an app key, no key or another tenant get nothing', async () => {
    // A key belongs to no one: an empty list would read as "nothing happened".
    expectProblem(await t.call('GET', path('/notifications'), { key: ownerKey }), 400, 'invalid_request', 'userId');
    expectProblem(await t.call('GET', path('/notifications')), 400, 'invalid_request', 'userId');
    expectProblem(await t.call('POST', path('/notifications/read-all'), { key: ownerKey }), 400, 'invalid_request', 'userId');
    const unread = (await t.call('GET', path(`/notifications?userId=${ids.olga}`))).body.unread;
    const first = (await notificationsOf('olga')).items[0]?.id as string;
    expectProblem(await t.call('POST', path(`/notifications/${first}/read`), { key: ownerKey }), 400, 'invalid_request', 'userId');
    // Refused, so nothing changed.
    expect((await t.call('GET', path(`/notifications?userId=${ids.olga}`))).body.unread).toBe(unread);
    expect((await t.call('GET', path(`/notifications?userId=${ids.olga}`))).body.unread).toBe(1);
    expectProblem(await t.call('GET', path('/notifications?userId=usr_nobody'), { key: ownerKey }), 404, 'not_found');
    expectProblem(await t.call('GET', path('/notifications'), { key: appKey }), 403, 'forbidden');
    expectProblem(await t.call('GET', path('/notifications'), { key: null }), 401, 'unauthenticated');
    const other = await tenantWithKey(t);
    expectProblem(await t.call('GET', path(`/notifications?userId=${ids.olga}`), { key: other.key }), 404, 'not_found');
    const stranger = await t.call('POST', `/v1/tenants/${other.tenantId}/users`, { key: other.key, body: { email: 'x@example.com', name: 'X' } });
    // A user of another tenant is no user here.
    expectProblem(await t.call('GET', path(`/notifications?userId=${stranger.body.id}`), { key: ownerKey }), 404, 'not_found');
    const olgaNotification = (await notificationsOf('olga')).items[0]?.id as string;
    expectProblem(await t.call('POST', `/v1/tenants/${other.tenantId}/notifications/${olgaNotification}/read?userId=${stranger.body.id}`, { key: other.key }), 404, 'not_found');
  });

  it('pages newest first and exports CSV', async () => {
    const first = await t.call('GET', path(`/notifications?userId=${ids.mia}&limit=1`), { key: ownerKey });
    expect(first.body.items).toHaveLength(1);
    expect(first.body.nextCursor).toBeNull();
    const csv = await t.call('GET', path(`/notifications?userId=${ids.olga}&format=csv`), { key: ownerKey });
    expect(csv.text.split('\r\n')[0]).toBe('id,eventId,type,title,body,licenseId,createdAt,readAt');
  });

  it('fans each event out once however often it is read again, moves the cursor only past settled events, and takes a late one', async () => {
    const before = await notificationsOf('olga');
    await fanOutNow();
    await fanOutNow();
    expect((await notificationsOf('olga')).items).toHaveLength(before.items.length);

    // An event whose id was made 5 s ago (a slow transaction, a node's clock behind) commits after the run: still fanned out.
    const late = newId('evt', Date.now() - 5000);
    await insertEvent(t.store.db, { id: late, tenantId, type: 'license.expired', payload: { licenseId, licenseCode: 'CRM-N', lastDay: '2025-01-01' }, at: '2025-01-01T12:00:00.000Z' }, new Date().toISOString());
    await fanOutNow();
    expect((await notificationsOf('olga')).items.map((n) => n.eventId)).toContain(late);

    // The cursor stops short of events younger than the settle time…
    const newest = await t.store.db.selectFrom('events').select('id').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    expect((await outboxPosition(t.store.db, 'in_app')) < newest.id).toBe(true);
    // …and passes them once they are settled (here: at once), after which a run reads nothing.
    const settledAtOnce = { ...fanOutSettings, settleSeconds: 0 };
    await fanOut(t.store, inAppChannel, new Date().toISOString(), settledAtOnce);
    expect(await outboxPosition(t.store.db, 'in_app')).toBe(newest.id);
    expect(await fanOut(t.store, inAppChannel, new Date().toISOString(), settledAtOnce)).toBe(0);
  });

  it('moves an idle cursor past the events of other types, so that runs do not walk them again and again', async () => {
    for (let i = 0; i < 3; i++) await t.call('POST', path('/access'), { key: appKey, body: { userId: ids.mia, module: 'crm:nothing' } });
    const denied = await t.store.db.selectFrom('events').select('id').where('type', '=', 'access.denied').orderBy('id', 'desc').limit(1).executeTakeFirstOrThrow();
    await fanOutNow();
    expect((await outboxPosition(t.store.db, 'in_app')) < denied.id).toBe(true);
    // Once the cursor is old enough (here: at once), a run that found nothing of its types catches up.
    // Ids made in the very millisecond of `now` sort after its floor: the run comes a few milliseconds after them.
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(await fanOut(t.store, inAppChannel, new Date().toISOString(), { ...fanOutSettings, settleSeconds: 0, catchUpSeconds: 0 })).toBe(0);
    expect((await outboxPosition(t.store.db, 'in_app')) > denied.id).toBe(true);
  });

  it('three nodes running the job at once write each notification once', async () => {
    await t.store.db.transaction().execute((trx) =>
      recordEvent(t.clock, trx, { tenantId, type: 'license_file.loaded', data: { version: 7, licenses: 3 }, at: '2025-01-01T13:00:00.000Z' }),
    );
    const clock = new TestClock(new Date().toISOString());
    const nodes = [t.store, t.database.open(), t.database.open()];
    await Promise.all(nodes.flatMap((node) => [0, 1].map(() => new Scheduler(node, clock, [inAppNotifications], quiet).tick())));
    for (const node of new Set(nodes)) if (node !== t.store) await node.close();
    for (const name of ['olga', 'lars', 'sam']) {
      const loaded = (await notificationsOf(name)).items.filter((n) => n.type === 'license_file.loaded');
      expect(loaded.map((n) => n.title), name).toEqual(['License file version 7 loaded']);
    }
  });
});
