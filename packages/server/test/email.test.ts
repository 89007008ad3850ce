import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryPolicy } from '@allot/core';
import { createMailer, DeliveryDispatcher, emailChannel, fanOut, recordEvent, type Mailer } from '@allot/server';
import { dueDeliveryIds, findDelivery, leaseDeliveries, listDeliveries, recordDeliveryOutcome, type Delivery } from '@allot/storage';
import { dialects } from '../../../test-support/databases.js';
import { createTestApp, tenantWithKey, TestClock, type TestApp } from '../../../test-support/http.js';
import { freePort } from '../../../test-support/processes.js';
import { readable, startSmtpPeer, type SmtpPeer } from './smtp-peer.js';

const publicUrl = 'https://allot.example.com';
const from = 'Allot <allot@example.com>';
const addSeconds = (iso: string, seconds: number) => new Date(Date.parse(iso) + seconds * 1000).toISOString();

describe.each(dialects)('e-mail notifications on %s', (dialect) => {
  let t: TestApp;
  let smtp: SmtpPeer;
  let mailer: Mailer;
  let tenantId: string;
  const ids: Record<string, string> = {};
  const path = (rest = '') => `/v1/tenants/${tenantId}${rest}`;
  // The delivery's real time, set by each test; the tenant's own clock is another matter.
  const clock = new TestClock(new Date().toISOString());
  const channel = (using: Mailer = mailer) => emailChannel(t.store, { mailer: using, publicUrl, from });
  /** One round of the delivery dispatcher, as each node runs it, with the jitter in the middle of its band. */
  const deliver = (using?: Mailer) => new DeliveryDispatcher(t.store, clock, [channel(using)], { random: () => 0.5 }).runOnce();
  const deliveries = async (eventId: string): Promise<Delivery[]> => (await listDeliveries(t.store.db, { channel: 'email', eventId }, { limit: 100 })).items;
  /** Writes an event for the tenant and fans it out to e-mail deliveries; answers the event id. */
  const event = async (type: 'license.expired' | 'license_file.loaded' | 'upgrade.rejected', data: Record<string, unknown>): Promise<string> => {
    const id = await t.store.db.transaction().execute((trx) => recordEvent(t.clock, trx, { tenantId, type, data, at: '2025-01-01T10:00:00.000Z' }));
    // The fan-out runs at the real time: it compares it with the ids of events, made from the real
    // clock. Its deliveries are due from then; the delivery clock never runs behind it.
    const now = new Date().toISOString();
    await fanOut(t.store, channel(), now);
    if (clock.current < now) clock.current = now;
    return id;
  };
  const messagesTo = (address: string) => smtp.received.filter((m) => m.to.includes(address));

  beforeAll(async () => {
    t = await createTestApp(dialect);
    smtp = await startSmtpPeer({ user: 'allot', password: 's3cret pass' });
    mailer = createMailer({ smtpUrl: `smtp://allot:${encodeURIComponent('s3cret pass')}@127.0.0.1:${smtp.port}`, dataDir: '/nonexistent' });
    ({ tenantId } = await tenantWithKey(t, ['owner'], { name: 'Acme Facilities', mode: 'sandbox', clock: '2025-01-01T10:00:00Z' }));
    for (const [name, roles] of [['olga', ['owner']], ['lars', ['license_manager']], ['mia', ['member']]] as const) {
      const answer = await t.call('POST', path('/users'), { body: { email: `${name}@example.com`, name: name[0]?.toUpperCase() + name.slice(1), roles } });
      ids[name] = answer.body.id;
    }
  });
  afterAll(async () => {
    mailer.close();
    await smtp.close();
    await t.close();
  });

  it('sends each recipient a message through a real SMTP server, with what happened, what to do and a link to the console', async () => {
    const eventId = await event('license.expired', { licenseId: 'lic_1', licenseCode: 'CRM-N', licenseName: 'CRM <named> & co', lastDay: '2024-12-31' });
    const pending = await deliveries(eventId);
    expect(pending.map((d) => [d.address, d.status, d.attempt]).sort()).toEqual([
      ['lars@example.com', 'pending', 0],
      ['olga@example.com', 'pending', 0],
    ]);
    expect(await deliver()).toEqual({ delivered: 2, retrying: 0, failed: 0 });

    const [olga] = messagesTo('olga@example.com');
    expect(olga).toMatchObject({ from: 'allot@example.com', to: ['olga@example.com'], user: 'allot' });
    const raw = olga?.raw ?? '';
    expect(raw).toContain('Subject: [Allot] License CRM-N has expired');
    expect(raw).toMatch(/^To: olga@example\.com/m);
    expect(raw).toContain('Content-Type: text/plain');
    expect(raw).toContain('Content-Type: text/html');
    expect(raw).toContain('Hello Olga,');
    expect(raw).toContain('Renew it or load a new license file.');
    expect(raw).toContain(`${publicUrl}/tenants/${tenantId}/licenses/lic_1`);
    expect(raw).toContain('as owner, license manager or system administrator of Acme Facilities');
    // The HTML part escapes what the license's name brings along.
    const html = raw.slice(raw.indexOf('Content-Type: text/html'));
    expect(html).toContain('CRM &lt;named&gt; &amp; co');
    expect(html).not.toContain('<named>');
    expect(messagesTo('lars@example.com')).toHaveLength(1);
    expect(messagesTo('mia@example.com')).toHaveLength(0);

    const done = await deliveries(eventId);
    expect(done.every((d) => d.status === 'delivered' && d.attempt === 1 && d.deliveredAt !== null && d.lastError === null)).toBe(true);
    // Nothing is sent twice: fanning out again and running again find nothing to do.
    await fanOut(t.store, channel(), new Date().toISOString());
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    expect(smtp.received).toHaveLength(2);
  });

  it('retries a message the server refuses with 451, and sends it once it accepts', async () => {
    const eventId = await event('upgrade.rejected', { product: 'crm', requestedBy: ids.mia, reason: 'no budget' });
    smtp.refuseNext(1, 451);
    clock.current = '2030-01-01T00:00:00.000Z';
    expect(await deliver()).toEqual({ delivered: 0, retrying: 1, failed: 0 });
    const [refused] = await deliveries(eventId);
    expect(refused).toMatchObject({ status: 'pending', attempt: 1, responseStatus: 451, nextAttemptAt: '2030-01-01T00:00:05.000Z', deliveredAt: null });
    expect(refused?.lastError).toContain('451');

    // Not due yet: nothing is sent.
    clock.current = '2030-01-01T00:00:04.999Z';
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    clock.current = '2030-01-01T00:00:05.000Z';
    expect(await deliver()).toEqual({ delivered: 1, retrying: 0, failed: 0 });
    expect(await findDelivery(t.store.db, refused?.id ?? '')).toMatchObject({ status: 'delivered', attempt: 2, lastError: null, deliveredAt: '2030-01-01T00:00:05.000Z' });
    const [mia] = messagesTo('mia@example.com');
    expect(mia?.raw).toContain('Subject: [Allot] Upgrade of crm rejected');
    expect(mia?.raw).toContain('rejected: no budget.');
    expect(mia?.raw).toContain('because you made the request in Acme Facilities');
    expect(messagesTo('mia@example.com')).toHaveLength(1);
  });

  it(`keeps retrying an unreachable server by the schedule, then marks the delivery failed after ${retryPolicy.maxAttempts} attempts`, async () => {
    const nowhere = createMailer({ smtpUrl: `smtp://127.0.0.1:${await freePort()}`, dataDir: '/nonexistent' });
    const eventId = await event('license_file.loaded', { version: 2, licenses: 1 });
    clock.current = '2031-01-01T00:00:00.000Z';
    const started = clock.current;
    for (let attempt = 1; attempt <= retryPolicy.maxAttempts; attempt++) {
      const run = await deliver(nowhere);
      expect(run, `attempt ${attempt}`).toEqual(attempt < retryPolicy.maxAttempts ? { delivered: 0, retrying: 2, failed: 0 } : { delivered: 0, retrying: 0, failed: 2 });
      const [first] = await deliveries(eventId);
      expect(first?.attempt).toBe(attempt);
      clock.current = first?.status === 'pending' ? (first.nextAttemptAt ?? clock.current) : clock.current;
    }
    const failed = await deliveries(eventId);
    expect(failed.map((d) => d.status)).toEqual(['failed', 'failed']);
    expect(failed[0]?.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect((Date.parse(clock.current) - Date.parse(started)) / 3_600_000).toBeGreaterThanOrEqual(24);
    // A failed delivery is not tried again.
    clock.current = '2032-01-01T00:00:00.000Z';
    expect(await deliver(nowhere)).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    nowhere.close();
  });

  it("sends again what a node claimed and never finished, once its lease has run out; the dead node's late outcome changes nothing", async () => {
    const eventId = await event('license.expired', { licenseId: 'lic_2', licenseCode: 'HR', lastDay: '2024-12-31' });
    clock.current = '2033-01-01T00:00:00.000Z';
    // A node claims both deliveries, then dies before sending.
    const claimed = await t.store.db.transaction().execute(async (trx) => {
      const due = await dueDeliveryIds(trx, { channel: 'email', now: clock.current, limit: 10, skipLocked: dialect === 'postgres' });
      return leaseDeliveries(trx, due, addSeconds(clock.current, 120), clock.current);
    });
    expect(claimed.map((d) => d.eventId)).toEqual([eventId, eventId]);
    clock.current = '2033-01-01T00:01:59.999Z';
    expect(await deliver()).toEqual({ delivered: 0, retrying: 0, failed: 0 });
    clock.current = '2033-01-01T00:02:00.000Z';
    expect(await deliver()).toEqual({ delivered: 2, retrying: 0, failed: 0 });
    const after = await deliveries(eventId);
    expect(after.map((d) => [d.status, d.attempt])).toEqual([
      ['delivered', 2],
      ['delivered', 2],
    ]);
    const stale = claimed[0] as Delivery;
    expect(await recordDeliveryOutcome(t.store.db, stale.id, stale.attempt, { status: 'failed', at: clock.current, error: 'too late', responseStatus: null })).toBe(false);
    expect((await findDelivery(t.store.db, stale.id))?.status).toBe('delivered');
  });

  it('three nodes sending at once send each message once', async () => {
    const before = smtp.received.length;
    const events = [];
    for (let i = 0; i < 4; i++) events.push(await event('license_file.loaded', { version: 10 + i, licenses: 1 }));
    clock.current = '2034-01-01T00:00:00.000Z';
    const nodes = [t.store, t.database.open(), t.database.open()];
    // Two sends at a time per node, round after round until a node finds nothing due.
    const sent = await Promise.all(
      nodes.map(async (node) => {
        const dispatcher = new DeliveryDispatcher(node, clock, [emailChannel(node, { mailer, publicUrl, from })], { concurrency: 2 });
        let delivered = 0;
        for (let run = await dispatcher.runOnce(); run.delivered > 0; run = await dispatcher.runOnce()) delivered += run.delivered;
        return delivered;
      }),
    );
    for (const node of new Set(nodes)) if (node !== t.store) await node.close();
    expect(sent.reduce((sum, n) => sum + n, 0)).toBe(8);
    expect(smtp.received.length - before).toBe(8);
    for (const eventId of events) expect((await deliveries(eventId)).map((d) => [d.status, d.attempt])).toEqual([['delivered', 1], ['delivered', 1]]);
  });

  if (dialect === 'postgres') {
    it('claims past rows another node holds locked, without waiting for them (FOR UPDATE SKIP LOCKED)', async () => {
      await event('license_file.loaded', { version: 20, licenses: 1 });
      clock.current = '2035-01-01T00:00:00.000Z';
      const other = t.database.open();
      try {
        let releaseFirst: () => void = () => undefined;
        const firstHolds = new Promise<void>((resolve) => (releaseFirst = resolve));
        let firstIds: string[] = [];
        const first = t.store.db.transaction().execute(async (trx) => {
          firstIds = await dueDeliveryIds(trx, { channel: 'email', now: clock.current, limit: 1, skipLocked: true });
          await firstHolds;
        });
        while (firstIds.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
        const secondIds = await other.db.transaction().execute((trx) => dueDeliveryIds(trx, { channel: 'email', now: clock.current, limit: 10, skipLocked: true }));
        releaseFirst();
        await first;
        expect(secondIds).toHaveLength(1);
        expect(secondIds).not.toContain(firstIds[0]);
      } finally {
        await other.close();
      }
      await deliver();
    });
  }

  it('without SMTP_URL writes each message as an .eml file in <data dir>/outbox, once per delivery', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'allot-outbox-'));
    const files = createMailer({ smtpUrl: undefined, dataDir });
    try {
      const eventId = await event('license.expired', { licenseId: 'lic_3', licenseCode: 'FM', lastDay: '2024-12-31' });
      clock.current = '2036-01-01T00:00:00.000Z';
      expect(await deliver(files)).toEqual({ delivered: 2, retrying: 0, failed: 0 });
      const written = readdirSync(join(dataDir, 'outbox')).sort();
      const expected = (await deliveries(eventId)).map((d) => `${d.id}.eml`).sort();
      expect(written).toEqual(expected);
      const eml = readable(readFileSync(join(dataDir, 'outbox', written[0] ?? ''), 'utf8'));
      expect(eml).toContain('Subject: [Allot] License FM has expired');
      expect(eml).toMatch(/^To: (olga|lars)@example\.com$/m);
      expect(eml).toMatch(/^Message-ID: <dlv_[0-9a-z]+@example\.com>$/m);
      expect(eml).toContain(`${publicUrl}/tenants/${tenantId}/licenses/lic_3`);
    } finally {
      files.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
