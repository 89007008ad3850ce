import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteLoginAttemptsBefore, loginWindowStart, releaseLoginAttempt, reserveLoginAttempt, type Store } from '@allot/storage';
import { createTestDatabase, dialects, type TestDatabase } from '../../../test-support/databases.js';

const at = '2026-03-02T10:00:00.000Z';
const windowStart = (now: string) => new Date(Date.parse(now) - 15 * 60_000).toISOString();
const minutesAfter = (minutes: number) => new Date(Date.parse(at) + minutes * 60_000).toISOString();

/**
 * The login-attempt guard: one upsert that takes a password check from a subject's allowance or
 * refuses it, decided by the database whatever the callers read before, on every node.
 */
describe.each(dialects)('login attempt guard on %s', (dialect) => {
  let database: TestDatabase;
  let nodes: Store[];
  let subjectCount = 0;
  const subject = () => `account:ten_guard:user${(subjectCount += 1)}@example.com`;

  beforeAll(async () => {
    database = await createTestDatabase(dialect);
    // Three stores on one database: three nodes on PostgreSQL, the one store on SQLite.
    nodes = [database.open(), database.open(), database.open()];
  });
  afterAll(async () => {
    for (const node of new Set(nodes)) await node.close();
    await database.drop();
  });

  const first = () => nodes[0] as Store;
  const second = () => nodes[1] as Store;
  const db = () => first().db;
  const reserve = (node: Store, key: string, now = at) => reserveLoginAttempt(node.db, key, 5, now, windowStart(now));

  it('takes exactly the limit of 45 checks racing on three nodes', async () => {
    const key = subject();
    const taken = await Promise.all(Array.from({ length: 45 }, (_, i) => reserve(nodes[i % 3] as Store, key)));
    expect(taken.filter((t) => t !== null)).toHaveLength(5);
    expect(taken.filter((t) => t !== null).every((t) => t === at)).toBe(true);
    expect(await reserve(first(), key)).toBeNull();
  });

  it('counts subjects apart', async () => {
    const [a, b] = [subject(), subject()];
    for (let i = 0; i < 5; i++) expect(await reserve(first(), a)).toBe(at);
    expect(await reserve(first(), a)).toBeNull();
    expect(await reserve(first(), b)).toBe(at);
  });

  it('starts a new window once the first check of the old one is a window old', async () => {
    const key = subject();
    for (let i = 0; i < 5; i++) await reserve(first(), key);
    expect(await reserve(first(), key, minutesAfter(14))).toBeNull();
    expect(await reserve(second(), key, minutesAfter(15))).toBe(minutesAfter(15));
    expect(await loginWindowStart((nodes[2] as Store).db, key)).toBe(minutesAfter(15));
  });

  it('gives a check back within its window only', async () => {
    const key = subject();
    for (let i = 0; i < 5; i++) await reserve(first(), key);
    await releaseLoginAttempt(db(), key, at);
    expect(await reserve(first(), key)).toBe(at);
    expect(await reserve(first(), key)).toBeNull();
    // A release of an older window leaves the current one alone.
    const later = minutesAfter(20);
    expect(await reserve(first(), key, later)).toBe(later);
    await releaseLoginAttempt(db(), key, at);
    for (let i = 0; i < 4; i++) expect(await reserve(first(), key, later)).toBe(later);
    expect(await reserve(first(), key, later)).toBeNull();
  });

  it('forgets windows that ended', async () => {
    const key = subject();
    await reserve(first(), key);
    expect(await deleteLoginAttemptsBefore(db(), windowStart(minutesAfter(14)))).toBeGreaterThanOrEqual(0);
    expect(await loginWindowStart(db(), key)).toBe(at);
    await deleteLoginAttemptsBefore(db(), windowStart(minutesAfter(15)));
    expect(await loginWindowStart(db(), key)).toBeNull();
  });
});
