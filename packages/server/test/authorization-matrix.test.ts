import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authorize, permissions, roles, type Decision, type Principal, type Role } from '@allot/core';
import { dialects } from '../../../test-support/databases.js';
import { exampleBodies, exampleQueries, exampleQueriesForEveryone, type ExampleBody } from '../../../test-support/example-bodies.js';
import { buildTenantFixture, buildVendorFixture, fillPath, idsFor, type TenantFixture, type VendorFixture } from '../../../test-support/fixtures.js';
import { createTestApp, type Answer, type TestApp, sessionCookie } from '../../../test-support/http.js';
import { committedDocument, operationsOf, type Operation } from '../../../test-support/openapi.js';
import { changesBetween, snapshot } from '../../../test-support/state.js';

/**
 * Every operation of the committed OpenAPI document, called by every kind of caller, with the
 * answer expected from the permission the route declares (`x-allot-permission`) as core's pure
 * `authorize` decides it: no key or a bad one 401, a role without the permission 403, another
 * tenant 404, an allowed caller anything but an authorization refusal (and 2xx for a GET of a
 * fixture that exists). The same for console sessions of each role; a change made with the cookie
 * but without the session's CSRF token 403 `csrf_failed`; an expired or logged-out session 401.
 * Generated, so that a new route is covered the day it is added.
 */

const operations = operationsOf(committedDocument());

/** Who calls with a key. The tenant kinds are admin keys of tenant A with exactly that one role. */
type KeyCaller = 'no key' | 'bad key' | 'revoked key' | 'app key' | Role | 'vendor admin' | 'owner of tenant B';
/**
 * Who calls with the console cookie: a user of tenant A with exactly that one role, logged in
 * through the real login route, sending the session's CSRF token or (on a change) not; and
 * sessions that ended, by expiry or by logging out.
 */
type SessionCaller = `session of ${Role}` | `session of ${Role} without CSRF` | 'expired session' | 'logged-out session';
type Caller = KeyCaller | SessionCaller;
const keyCallers: KeyCaller[] = ['no key', 'bad key', 'revoked key', 'app key', ...roles, 'vendor admin', 'owner of tenant B'];
const sessionsOf = roles.map((role): SessionCaller => `session of ${role}`);
const sessionsWithoutCsrf = roles.map((role): SessionCaller => `session of ${role} without CSRF`);
const endedSessions: SessionCaller[] = ['expired session', 'logged-out session'];
const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Every caller of an operation: the CSRF refusal is for changes only (a read needs no token). */
const callersOf = (op: Operation): Caller[] => [...keyCallers, ...sessionsOf, ...(safeMethods.has(op.method) ? [] : sessionsWithoutCsrf), ...endedSessions];
/** The callers that may reach tenant A at all: they call A's paths with tenant B's ids. */
const insiders: Caller[] = ['app key', ...roles, 'vendor admin'];

/** The role of a session caller of a live session, or null. */
function sessionRole(caller: Caller): Role | null {
  const match = /^session of (\w+)/.exec(caller);
  return match === null ? null : (match[1] as Role);
}

/** What a cell must answer. */
type Expectation = 'any' | 'unauthenticated' | 'forbidden' | 'hidden' | 'allowed' | 'foreign' | 'csrf';

/** A console session: its cookie and CSRF token. */
interface ConsoleSession {
  cookie: string;
  csrf: string;
}


interface Cell {
  op: Operation;
  caller: Caller;
  method: string;
  url: string;
  body: ExampleBody | undefined;
  expect: Expectation;
  what: string;
}

/**
 * Ids of tenant B sent in the body of a request on tenant A (a path id is covered for every
 * operation). An allowed caller must get a refusal and tenant B must not change.
 */
const foreignBodies: Record<string, (b: TenantFixture, v: VendorFixture) => unknown> = {
  'POST /v1/tenants/{t}/licenses/{l}/assignments': (b) => ({ userIds: [b.user] }),
  'POST /v1/tenants/{t}/groups/{id}/members': (b) => ({ userIds: [b.user] }),
  'POST /v1/tenants/{t}/licenses/{l}/groups': (b) => ({ groupId: b.group }),
  'POST /v1/tenants/{t}/sessions': (b, v) => ({ userId: b.user, modules: [`${v.productCode}:b`] }),
  'POST /v1/tenants/{t}/usage/data': (b) => ({ licenseId: b.licenses.data, kilobytes: 10 }),
  'POST /v1/tenants/{t}/devices/{d}/license': (b) => ({ deviceLicenseIds: [b.deviceLicense] }),
};

const concurrency = 12;

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await run(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

describe('the OpenAPI document declares who may call each operation', () => {
  it('names a known permission for every operation that is not public', () => {
    const undeclared = operations.filter((op) => !op.public && op.permission === null).map((op) => op.name);
    expect(undeclared, 'routes must declare config.permission or config.public').toEqual([]);
    const unknown = operations.filter((op) => op.permission !== null && !permissions.includes(op.permission)).map((op) => `${op.name}: ${op.permission}`);
    expect(unknown).toEqual([]);
  });

  it('has an example body for every operation that takes one', () => {
    expect(operations.filter((op) => op.body !== null && exampleBodies[op.name] === undefined).map((op) => op.name)).toEqual([]);
  });
});

describe.each(dialects)('authorization matrix on %s', (dialect) => {
  let t: TestApp;
  let vendor: VendorFixture;
  let a: TenantFixture;
  let b: TenantFixture;
  let sinkTenantId: string;
  let counter = 0;
  /** A user of tenant A per role, with a password to log in with. */
  const people = new Map<Role, { id: string; email: string; password: string }>();
  const sessions = new Map<Caller, ConsoleSession>();
  /** A session of its own for each live session's logout cell, since logging out ends the session sent. */
  const sessionsToLogOut = new Map<Caller, ConsoleSession>();

  /** Logs in through the real route, as the console does. */
  const logIn = async (role: Role): Promise<ConsoleSession> => {
    const person = people.get(role);
    if (person === undefined) throw new Error(`no user of role ${role}`);
    const login = await t.call('POST', '/v1/auth/login', { key: null, body: { tenant: a.customerCode, email: person.email, password: person.password } });
    if (login.status !== 200) throw new Error(`login as ${role}: ${login.status} ${login.text}`);
    return { cookie: sessionCookie(login.headers['set-cookie']), csrf: login.body.csrfToken };
  };

  beforeAll(async () => {
    t = await createTestApp(dialect);
    vendor = await buildVendorFixture(t);
    a = await buildTenantFixture(t, vendor);
    b = await buildTenantFixture(t, vendor);
    sinkTenantId = (await t.call('POST', '/v1/tenants', { body: { name: 'Sink', customerCode: `SINK-${Date.now()}` } })).body.id;
    // One role after another would hash a password 20 times in a row: the roles go in parallel,
    // five logins at a time (one address runs at most 8 password checks at once).
    await Promise.all(
      roles.map(async (role) => {
        const person = { email: `console-${role}@example.com`, password: `password of the ${role}` };
        const made = await t.call('POST', `/v1/tenants/${a.tenantId}/users`, { body: { ...person, name: role, roles: [role] } });
        if (made.status !== 201) throw new Error(`user ${role}: ${made.text}`);
        people.set(role, { id: made.body.id, ...person });
        const session = await logIn(role);
        sessions.set(`session of ${role}`, session);
        sessions.set(`session of ${role} without CSRF`, session);
      }),
    );
    await Promise.all(
      roles.map(async (role) => {
        // Logging out again is a 204 as well: the cells of one role share the session they end.
        const toLogOut = await logIn(role);
        sessionsToLogOut.set(`session of ${role}`, toLogOut);
        sessionsToLogOut.set(`session of ${role} without CSRF`, toLogOut);
      }),
    );
    // A session opened 13 hours ago has expired (they last 12); another one logged out.
    const now = t.clock.current;
    t.clock.current = new Date(Date.parse(now) - 13 * 3600_000).toISOString();
    sessions.set('expired session', await logIn('owner'));
    t.clock.current = now;
    const loggedOut = await logIn('owner');
    const logout = await t.call('POST', '/v1/auth/logout', { key: null, cookie: loggedOut.cookie });
    if (logout.status !== 204) throw new Error(`logout: ${logout.text}`);
    sessions.set('logged-out session', loggedOut);
  }, 120_000);
  afterAll(() => t?.close());

  const keyOf = (caller: Caller): string | null => {
    switch (caller) {
      case 'no key':
        return null;
      case 'bad key':
        return `allot_ta_${'Q'.repeat(40)}`;
      case 'revoked key':
        return a.keys.revoked;
      case 'app key':
        return a.keys.app;
      case 'vendor admin':
        return vendor.vendorKey;
      case 'owner of tenant B':
        return b.keys.owner;
      default:
        return (roles as readonly string[]).includes(caller) ? a.keys[caller as Role] : null;
    }
  };

  const principalOf = (caller: Caller): Principal | null => {
    switch (caller) {
      case 'no key':
      case 'bad key':
      case 'revoked key':
        return null;
      case 'app key':
        return { kind: 'app', tenantId: a.tenantId, actor: 'app' };
      case 'vendor admin':
        return { kind: 'vendor_admin', actor: 'vendor' };
      case 'owner of tenant B':
        return { kind: 'tenant', tenantId: b.tenantId, roles: ['owner'], actor: 'b', userId: null };
      case 'expired session':
      case 'logged-out session':
        return null;
      default: {
        const role = sessionRole(caller);
        if (role !== null) return { kind: 'tenant', tenantId: a.tenantId, roles: [role], actor: `user:${people.get(role)?.id}`, userId: people.get(role)?.id ?? null };
        return { kind: 'tenant', tenantId: a.tenantId, roles: [caller as Role], actor: caller, userId: null };
      }
    }
  };

  /** What the route's declared permission makes of this caller on tenant A. */
  const decisionFor = (op: Operation, caller: Caller): Decision | 'unauthenticated' | 'public' => {
    if (op.public) return 'public';
    const principal = principalOf(caller);
    if (principal === null) return 'unauthenticated';
    if (op.permission === null) throw new Error(`${op.name} declares no permission`);
    return authorize(principal, op.permission, op.pathParams.includes('t') ? a.tenantId : undefined);
  };

  /**
   * The operation's example query, always of tenant A (a user of A read with B's ids is still a 404).
   * A console session reads as its own user, so it names no one (naming another user is a 404).
   */
  const withQuery = (op: Operation, caller: Caller, url: string): string => {
    const everyone = exampleQueriesForEveryone[op.name]?.() ?? {};
    const query = exampleQueries[op.name];
    const forKeys = query === undefined || sessionRole(caller) !== null ? {} : query({ tenant: a, vendor, sinkTenantId, n: counter });
    const all = { ...everyone, ...forKeys };
    return Object.keys(all).length === 0 ? url : `${url}?${new URLSearchParams(all)}`;
  };

  const cellsOf = (op: Operation): Cell[] => {
    const cells: Cell[] = [];
    for (const caller of callersOf(op)) {
      const own = withQuery(op, caller, fillPath(op.path, idsFor(op.path, a, vendor)));
      const decision = decisionFor(op, caller);
      const example = exampleBodies[op.name];
      const body = example === undefined ? undefined : example({ tenant: a, vendor, sinkTenantId, n: counter++ });
      // A live session without the token is refused before its permission is looked at.
      const withoutCsrf = caller.endsWith('without CSRF') && decision !== 'public';
      const expectation: Expectation = withoutCsrf ? 'csrf' : decision === 'public' ? 'any' : decision === 'allowed' ? 'allowed' : decision;
      cells.push({ op, caller, method: op.method, url: own, body, expect: expectation, what: `${caller} ${op.method} ${own}` });
    }
    return cells;
  };

  /** Tenant A's paths with tenant B's ids, and B's ids in A's bodies, by everyone who may enter A. */
  const foreignCellsOf = (op: Operation): Cell[] => {
    if (!op.pathParams.includes('t')) return [];
    const cells: Cell[] = [];
    const foreignBody = foreignBodies[op.name];
    const example = exampleBodies[op.name];
    const withForeignPath = op.pathParams.length > 1;
    for (const caller of insiders) {
      const decision = decisionFor(op, caller);
      const expectation: Expectation = decision === 'allowed' ? 'foreign' : decision === 'public' ? 'any' : decision;
      if (withForeignPath) {
        const url = withQuery(op, caller, fillPath(op.path, { ...idsFor(op.path, b, vendor), t: a.tenantId }));
        const body = example === undefined ? undefined : example({ tenant: a, vendor, sinkTenantId, n: counter++ });
        cells.push({ op, caller, method: op.method, url, body, expect: expectation, what: `${caller} ${op.method} ${url} (ids of tenant B)` });
      }
      if (foreignBody !== undefined) {
        const url = withQuery(op, caller, fillPath(op.path, idsFor(op.path, a, vendor)));
        const body = { json: foreignBody(b, vendor) };
        cells.push({ op, caller, method: op.method, url, body, expect: expectation, what: `${caller} ${op.method} ${url} ${JSON.stringify(body.json)} (body ids of tenant B)` });
      }
    }
    return cells;
  };

  const isTenantHidden = (answer: Answer): boolean => answer.status === 404 && answer.body?.code === 'not_found' && answer.body?.resource === 'tenant' && answer.body?.id === a.tenantId;
  // A 401 of the route's own (a wrong current password) is an answer of an allowed caller.
  const isAuthRefusal = (answer: Answer): boolean =>
    (answer.status === 401 && answer.body?.code === 'unauthenticated') || (answer.status === 403 && ['forbidden', 'csrf_failed'].includes(answer.body?.code)) || isTenantHidden(answer);

  /** The failure of a cell, or null when it answered as expected. */
  const judge = (cell: Cell, answer: Answer): string | null => {
    const got = `${answer.status} ${answer.text.slice(0, 200)}`;
    if (answer.status >= 500) return `5xx: ${got}`;
    switch (cell.expect) {
      case 'any':
        return null;
      case 'unauthenticated':
        return answer.status === 401 && answer.body?.code === 'unauthenticated' ? null : `expected 401 unauthenticated, got ${got}`;
      case 'forbidden':
        return answer.status === 403 && answer.body?.code === 'forbidden' ? null : `expected 403 forbidden, got ${got}`;
      case 'hidden':
        return isTenantHidden(answer) ? null : `expected 404 for another tenant, got ${got}`;
      case 'allowed':
        if (isAuthRefusal(answer)) return `expected to be allowed, got ${got}`;
        if (cell.method === 'GET' && (answer.status < 200 || answer.status > 299)) return `expected a 2xx for a GET of a fixture that exists, got ${got}`;
        return null;
      case 'foreign':
        return answer.status === 404 ? null : `expected 404 for an id of another tenant, got ${got}`;
      case 'csrf':
        return answer.status === 403 && answer.body?.code === 'csrf_failed' ? null : `expected 403 csrf_failed, got ${got}`;
    }
  };

  /** How a cell's caller authenticates: a bearer key, or the console cookie (with its CSRF token, unless the cell is without). */
  const credentialsOf = (cell: Cell): { key: string | null; cookie?: string; headers?: Record<string, string> } => {
    const session = (cell.op.name === 'POST /v1/auth/logout' ? sessionsToLogOut.get(cell.caller) : undefined) ?? sessions.get(cell.caller);
    if (session === undefined) return { key: keyOf(cell.caller) };
    return { key: null, cookie: session.cookie, ...(cell.caller.endsWith('without CSRF') ? {} : { headers: { 'x-csrf-token': session.csrf } }) };
  };

  const run = async (cells: Cell[], failures: string[]): Promise<void> => {
    await inBatches(cells, concurrency, async (cell) => {
      const credentials = credentialsOf(cell);
      const options =
        cell.body === undefined
          ? credentials
          : 'text' in cell.body
            ? { ...credentials, body: cell.body.text, headers: { ...credentials.headers, 'content-type': 'text/plain' } }
            : { ...credentials, body: cell.body.json };
      const answer = await t.call(cell.method, cell.url, options);
      const failure = judge(cell, answer);
      if (failure !== null) failures.push(`${cell.what}${cell.body === undefined ? '' : ` body ${JSON.stringify(cell.body).slice(0, 120)}`}: ${failure}`);
    });
  };

  it('answers every operation for every caller, by key or console session, as its declared permission says, and never touches another tenant', async () => {
    const started = performance.now();
    const bBefore = await snapshot(t.store, { tenantId: b.tenantId, vendorWide: false });
    // Reads first, on fixtures as built; with them the calls that carry B's ids (which must change nothing).
    const reads = operations.filter((op) => op.method === 'GET').flatMap(cellsOf);
    const foreign = operations.flatMap(foreignCellsOf);
    // Then every change, in steps that keep the fixtures for as long as a later call needs them:
    // creations and edits; deletions; every license at once; the tenant itself, the vendor's call
    // (which succeeds) after everyone else's.
    const step = (op: Operation): number =>
      op.method === 'GET' ? -1 : op.name === 'DELETE /v1/tenants/{t}' ? 3 : op.name === 'DELETE /v1/tenants/{t}/licenses' ? 2 : op.method === 'DELETE' ? 1 : 0;
    const changes = [0, 1, 2].map((n) => operations.filter((op) => step(op) === n).flatMap(cellsOf));
    const deletions = operations.filter((op) => step(op) === 3).flatMap(cellsOf).sort((x, y) => Number(x.caller === 'vendor admin') - Number(y.caller === 'vendor admin'));

    const failures: string[] = [];
    await run([...reads, ...foreign], failures);
    for (const cells of changes) await run(cells, failures);
    for (const cell of deletions) await run([cell], failures);
    const cells = reads.length + foreign.length + changes.flat().length + deletions.length;
    const seconds = (performance.now() - started) / 1000;
    console.log(`authorization matrix on ${dialect}: ${operations.length} operations, ${cells} cells in ${seconds.toFixed(1)} s`);

    expect(failures, failures.join('\n')).toEqual([]);
    const untouched = changesBetween(bBefore, await snapshot(t.store, { tenantId: b.tenantId, vendorWide: false }));
    expect(untouched, `tenant B changed:\n${untouched}`).toBeNull();
  }, 120_000);
});
