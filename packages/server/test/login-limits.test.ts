import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashingAtOnce, hashingSlots, HashingSlots, withHashingSlot } from '@allot/server';
import { dialects } from '../../../test-support/databases.js';
import { createTestApp, tenantWithKey, type TestApp } from '../../../test-support/http.js';

interface Answer {
  status: number;
  code: string | undefined;
  ms: number;
}

/**
 * The login limits under concurrency (issue #12, defect 2): an attempt is reserved in the database
 * before the password is hashed, so parallel guesses cannot pass the limit together; a flood from
 * one address is answered 429 at once and does not starve the password hashing of others.
 */
describe.each(dialects)('login limits under concurrency on %s', (dialect) => {
  let t: TestApp;
  let tenantId: string;
  let tenantCode: string;
  let ownerKey: string;
  let n = 0;

  const login = async (body: Record<string, string>, address: string): Promise<Answer> => {
    const started = performance.now();
    const response = await t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: body, remoteAddress: address });
    const parsed = response.body === '' ? {} : (JSON.parse(response.body) as { code?: string });
    return { status: response.statusCode, code: parsed.code, ms: performance.now() - started };
  };

  const person = async () => {
    n += 1;
    const email = `limited${n}@example.com`;
    const password = `the-right-password-${n}`;
    const made = await t.call('POST', `/v1/tenants/${tenantId}/users`, { key: ownerKey, body: { email, name: `Limited ${n}`, password } });
    expect(made.status).toBe(201);
    return { email, password };
  };

  const statuses = (answers: Answer[]) => answers.reduce<Record<number, number>>((count, a) => ({ ...count, [a.status]: (count[a.status] ?? 0) + 1 }), {});

  beforeAll(async () => {
    t = await createTestApp(dialect);
    const made = await tenantWithKey(t);
    ({ tenantId, key: ownerKey } = made);
    tenantCode = made.tenant.customerCode;
  });
  afterAll(() => t.close());

  it('checks at most five of 60 parallel wrong passwords for one account, then refuses the right one with 429', async () => {
    const user = await person();
    // From 60 addresses, so that only the account's limit stands in the way.
    const answers = await Promise.all(
      Array.from({ length: 60 }, (_, i) => login({ tenant: i % 2 === 0 ? tenantId : tenantCode, email: user.email, password: `guess-${i}` }, `10.1.0.${i + 1}`)),
    );
    const count = statuses(answers);
    // Every 401 is a password that was checked; every other answer was refused before hashing.
    expect(count[401] ?? 0).toBeLessThanOrEqual(5);
    expect((count[401] ?? 0) + (count[429] ?? 0)).toBe(60);
    expect(answers.filter((a) => a.status === 429).every((a) => a.code === 'too_many_attempts')).toBe(true);
    const right = await login({ tenant: tenantId, email: user.email, password: user.password }, '10.1.1.1');
    expect(right.status).toBe(429);
  });

  it('counts the tenant id and the customer code as one account', async () => {
    const user = await person();
    for (let i = 0; i < 5; i++) {
      const answer = await login({ tenant: i % 2 === 0 ? tenantId : tenantCode, email: i % 2 === 0 ? user.email : user.email.toUpperCase(), password: `guess-${i}` }, `10.2.0.${i + 1}`);
      expect(answer.status).toBe(401);
    }
    expect((await login({ tenant: tenantId, email: user.email, password: user.password }, '10.2.1.1')).status).toBe(429);
    expect((await login({ tenant: tenantCode, email: user.email, password: user.password }, '10.2.1.2')).status).toBe(429);
  });

  it('answers an unknown tenant as a known one: 401 five times, then 429', async () => {
    const body = { tenant: 'NO-SUCH-TENANT', email: 'nobody@example.com', password: 'whatever-it-is' };
    for (let i = 0; i < 5; i++) expect((await login(body, `10.3.0.${i + 1}`)).status).toBe(401);
    expect((await login(body, '10.3.1.1')).code).toBe('too_many_attempts');
  });

  it('refuses a burst from one address at once, and still logs in someone from another address quickly', async () => {
    const user = await person();
    const burst = Promise.all(Array.from({ length: 300 }, (_, i) => login({ tenant: tenantId, email: `burst${i}@example.com`, password: `guess-${i}` }, '10.4.4.4')));
    // The legitimate login starts while the burst is being answered.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const legitimate = await login({ tenant: tenantCode, email: user.email, password: user.password }, '10.5.5.5');
    const answers = await burst;
    const count = statuses(answers);
    expect(legitimate.status).toBe(200);
    // The address's limit (30) bounds what is checked; most of the burst is refused at once.
    expect(count[401] ?? 0).toBeLessThanOrEqual(30);
    expect(count[429] ?? 0).toBeGreaterThanOrEqual(270);
    expect(legitimate.ms).toBeLessThan(2500);
    console.info(`${dialect}: burst ${JSON.stringify(count)}, legitimate login ${Math.round(legitimate.ms)} ms`);
  });
  it('caps the password hashing of the whole process: a flood from 300 addresses is partly refused at once, with Retry-After', async () => {
    let peak = 0;
    const sampler = setInterval(() => {
      peak = Math.max(peak, hashingSlots.running);
    }, 1);
    const flood = await Promise.all(
      Array.from({ length: 300 }, (_, i) => t.app.inject({ method: 'POST', url: '/v1/auth/login', payload: { tenant: tenantId, email: `flood${i}@example.com`, password: `guess-${i}` }, remoteAddress: `10.7.${Math.floor(i / 250)}.${(i % 250) + 1}` })),
    );
    clearInterval(sampler);
    const count = flood.reduce<Record<number, number>>((c, a) => ({ ...c, [a.statusCode]: (c[a.statusCode] ?? 0) + 1 }), {});
    // Each address and each account guessed once: only the process's cap refuses any of them.
    const refused = flood.filter((a) => a.statusCode === 429);
    expect(refused.length, JSON.stringify(count)).toBeGreaterThan(0);
    expect((count[401] ?? 0) + refused.length).toBe(300);
    expect(count[401] ?? 0).toBeGreaterThanOrEqual(hashingAtOnce);
    for (const answer of refused) {
      expect(answer.json()).toMatchObject({ code: 'too_many_attempts' });
      expect(answer.headers['retry-after']).toBe('1');
    }
    expect(peak).toBeLessThanOrEqual(hashingAtOnce);
    expect(hashingSlots.running).toBe(0);
    // Once the flood is answered, everyone logs in again.
    const user = await person();
    expect((await login({ tenant: tenantId, email: user.email, password: user.password }, '10.8.0.1')).status).toBe(200);
    console.info(`${dialect}: flood from 300 addresses ${JSON.stringify(count)}, at most ${peak} hashing at once`);
  });
});

describe('the places for password hashing in one process', () => {
  it('gives out at most its capacity at once, refuses the next at once, and takes a place back when the work fails', async () => {
    const slots = new HashingSlots(2);
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = withHashingSlot(() => held, slots);
    const second = withHashingSlot(() => held, slots);
    expect(slots.running).toBe(2);
    await expect(withHashingSlot(async () => 'third', slots)).rejects.toMatchObject({ code: 'too_many_attempts', context: { retryAfterSeconds: 1 } });
    release();
    await Promise.all([first, second]);
    expect(slots.running).toBe(0);
    await expect(withHashingSlot(() => Promise.reject(new Error('scrypt failed')), slots)).rejects.toThrow('scrypt failed');
    expect(slots.running).toBe(0);
    expect(await withHashingSlot(async () => 'next', slots)).toBe('next');
  });
});
