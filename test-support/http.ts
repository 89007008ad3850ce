import { allJobs, buildApp, prepareInstallation, Scheduler, SecretKey, type App, type Clock } from '@allot/server';
import type { Store } from '@allot/storage';
import { createTestDatabase, type TestDatabase } from './databases.js';
import type { Dialect } from '@allot/storage';

export const adminToken = 'test-admin-token-0123456789';

/** A real clock that a test can set, for the parts of Allot that read real time (console sessions). */
export class TestClock implements Clock {
  constructor(public current = '2026-01-15T09:00:00.000Z') {}
  now(): string {
    return this.current;
  }
}

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
  cookie?: string;
}

export interface Answer {
  status: number;
  body: any;
  text: string;
  headers: Record<string, string | string[] | number | undefined>;
}

export interface TestApp {
  database: TestDatabase;
  store: Store;
  app: App;
  clock: TestClock;
  /** Seals this app's private signing keys (a new one per app). */
  secretKey: SecretKey;
  call(method: string, url: string, options?: CallOptions): Promise<Answer>;
  close(): Promise<void>;
}

/** A real app over a fresh database of the dialect, called in-process through Fastify's inject. */
export async function createTestApp(
  dialect: Dialect,
  onClockMoved?: (tenantId: string) => Promise<void>,
  extra: { vendorPublicKeys?: string; licenseFileKey?: string } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(dialect);
  const store = database.open();
  const clock = new TestClock();
  const secretKey = SecretKey.generate();
  // As at server start: signing keys and the installation id exist before any request.
  await prepareInstallation(store, clock, { secretKey });
  // As in the server: moving a sandbox clock runs that tenant's jobs before the answer.
  const scheduler = new Scheduler(store, clock, allJobs, { error: () => undefined, info: () => undefined });
  const app = await buildApp({ store, clock, secretKey, adminToken, secureCookies: false, ...extra, onClockMoved: onClockMoved ?? ((tenantId) => scheduler.runForTenant(tenantId)) });
  const call = async (method: string, url: string, options: CallOptions = {}): Promise<Answer> => {
    const key = options.key === undefined ? adminToken : options.key;
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (key !== null) headers.authorization = `Bearer ${key}`;
    if (options.cookie !== undefined) headers.cookie = options.cookie;
    const payload = options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
    if (payload !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
    const response = await app.inject({ method: method as 'GET', url, headers, ...(payload === undefined ? {} : { payload }) });
    let body: unknown = null;
    try {
      body = response.body === '' ? null : JSON.parse(response.body);
    } catch {
      body = null;
    }
    return { status: response.statusCode, body, text: response.body, headers: response.headers };
  };
  return {
    database,
    store,
    app,
    clock,
    secretKey,
    call,
    close: async () => {
      await app.close();
      await store.close();
      await database.drop();
    },
  };
}

/** The `Cookie` header of the console session a login answer set. */
export function sessionCookie(setCookie: unknown): string {
  const header = Array.isArray(setCookie) ? setCookie.join(';') : String(setCookie);
  const match = /allot_session=([^;]+)/.exec(header);
  if (match === null) throw new Error(`no session cookie in ${header}`);
  return `allot_session=${match[1]}`;
}

/** Logs a person in to the console: the call options of their session, CSRF token included. */
export async function logIn(t: TestApp, person: { tenant: string; email: string; password: string }): Promise<CallOptions> {
  const login = await t.call('POST', '/v1/auth/login', { key: null, body: person });
  if (login.status !== 200) throw new Error(`login as ${person.email}: ${login.status} ${login.text}`);
  return { key: null, cookie: sessionCookie(login.headers['set-cookie']), headers: { 'x-csrf-token': String(login.body.csrfToken) } };
}

/** A tenant and an admin key of it with the given roles. */
export async function tenantWithKey(
  t: TestApp,
  roles: string[] = ['owner'],
  tenant: Record<string, unknown> = {},
): Promise<{ tenantId: string; key: string; tenant: any }> {
  const code = `C${Math.random().toString(36).slice(2, 10)}`;
  const created = await t.call('POST', '/v1/tenants', { body: { name: `Tenant ${code}`, customerCode: code, ...tenant } });
  if (created.status !== 201) throw new Error(`tenant: ${created.text}`);
  const key = await t.call('POST', `/v1/tenants/${created.body.id}/api-keys`, { body: { kind: 'admin', roles } });
  if (key.status !== 201) throw new Error(`key: ${key.text}`);
  return { tenantId: created.body.id, key: key.body.key, tenant: created.body };
}

/** Every audit event of a tenant, to show that a refused request changed nothing. */
export async function auditCount(t: TestApp, tenantId: string | null): Promise<number> {
  let query = t.store.db.selectFrom('audit_events').select((eb) => eb.fn.countAll<number>().as('n'));
  query = tenantId === null ? query.where('tenant_id', 'is', null) : query.where('tenant_id', '=', tenantId);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

export function expectProblem(answer: Answer, status: number, code: string, field?: string): void {
  if (answer.status !== status || answer.body?.code !== code) {
    throw new Error(`expected ${status} ${code}, got ${answer.status} ${answer.text}`);
  }
  if (field !== undefined && answer.body?.field !== field) throw new Error(`expected the problem to name field ${field}, got ${answer.text}`);
  if (!String(answer.headers['content-type']).startsWith('application/problem+json')) {
    throw new Error(`expected problem+json, got ${answer.headers['content-type']}`);
  }
  for (const field of ['type', 'title', 'status', 'detail', 'code', 'requestId']) {
    if (answer.body[field] === undefined) throw new Error(`problem lacks ${field}: ${answer.text}`);
  }
}
